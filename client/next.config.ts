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

  // Every page is rendered per request (getInitialProps), so an ETag would only turn an identical
  // render into a 304 after all the work is done; hashing each page for it was the largest single
  // function in the landing page's profile (9–13% of its CPU in most runs). Static files keep their
  // Last-Modified revalidation, and _next/static's names change with their content anyway.
  generateEtags: false,
  // Names the framework to every visitor and costs a header per page.
  poweredByHeader: false,
  // `compress` stays on (the default): ingress-nginx does not gzip unless its ConfigMap sets
  // use-gzip, so Next is the only one that compresses pages and bundles for browsers.

  // File watching inside containers: bind mounts and image syncs often deliver no inotify events,
  // so edits would go unnoticed. Next's `watchOptions.pollIntervalMs` makes the bundler poll
  // instead (Turbopack honours it too). The client image sets WATCHPACK_POLLING=true, which also
  // makes Next's route-list watcher poll. Elsewhere the native watcher is used: Turbopack's poll
  // watcher reports every path it looks for and does not find (client/src, optional packages)
  // as a "watch error", and polling costs CPU for nothing.
  watchOptions: process.env.WATCHPACK_POLLING === 'true' ? { pollIntervalMs: 300 } : undefined,

  // The dev server rejects cross-origin requests for its dev assets (HMR, chunks) unless the
  // origin's hostname is listed. localhost (the local router on localhost:8080; ports are not
  // compared) is allowed by default; 127.0.0.1 and the ingress host ticketing.dev are not.
  allowedDevOrigins: ['127.0.0.1', 'ticketing.dev', '*.ticketing.dev'],

  // The dev indicator's static/dynamic badge breaks in the Pages Router dev client: the HMR socket
  // opens before the router exists, and the server's first message (isrManifest) is handled by
  // reading window.next.router.components, which throws "[HMR] Invalid message ... TypeError" in
  // the console whenever that message wins the race (Next 16.4.6, direct or through the router).
  // Without the indicator that handler does nothing; the error overlay is unaffected.
  devIndicators: false,
};

export default nextConfig;
