import type { NextConfig } from 'next';

// Bundler: Next 16 uses Turbopack for both `next dev` and `next build`, so the scripts carry no
// --webpack / --turbopack flag. We deliberately define no `webpack()` hook: Next 16 refuses a
// Turbopack build when one exists, and everything we need below is bundler-neutral.
const nextConfig: NextConfig = {
  reactStrictMode: true,

  // The production image runs `.next/standalone` (server.js plus only the files it traces) with
  // `node` as PID 1, instead of the whole node_modules and `npm start`.
  output: 'standalone',

  // The input rules come from @ticketing/common/rules (plain TypeScript with no imports). Bundled
  // into the build, so the production image needs no copy of the package at run time.
  transpilePackages: ['@ticketing/common'],

  // File watching inside containers: bind mounts and image syncs often deliver no inotify events,
  // so edits would go unnoticed. Next's `watchOptions.pollIntervalMs` makes the bundler poll
  // instead (it becomes webpack's `watchOptions.poll`, and Turbopack honours it too).
  // Set WATCHPACK_POLLING=true in the container as well if newly *added* page files must be
  // picked up without a restart: Next's route-list watcher only polls when that variable is set.
  watchOptions: { pollIntervalMs: 300 },

  // The dev server rejects cross-origin requests for its dev assets (HMR, chunks) unless the
  // origin's hostname is listed. localhost (the local router on localhost:8080; ports are not
  // compared) is allowed by default; 127.0.0.1 and the ingress host ticketing.dev are not.
  allowedDevOrigins: ['127.0.0.1', 'ticketing.dev', '*.ticketing.dev'],
};

export default nextConfig;
