import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';
import { freePort, repoRoot } from '@ticketing/toolkit';
import { startNode } from './spawn';

export const clientDir = path.join(repoRoot, 'client');
/** The minimal Next app the client is measured against (src/floors/client-next), built into its git-ignored .next. */
export const nextFloorDir = path.join(__dirname, 'floors', 'client-next');
const nextBin = require.resolve('next/dist/bin/next', { paths: [clientDir] });
const env = { NEXT_TELEMETRY_DISABLED: '1' };

/** `next build` in `dir`; resolves with how long it took, in seconds. */
export const buildNextApp = async (dir: string): Promise<number> => {
  const started = Date.now();
  await promisify(execFile)(process.execPath, [nextBin, 'build'], { cwd: dir, env: { ...process.env, ...env } });
  return (Date.now() - started) / 1000;
};

/** `next start` of the app built in `dir`, on a free port, ready once its landing page answers. */
export const startNextApp = async (name: string, dir: string, api: string, logDir: string, cpuProfDir?: string) => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = await startNode({
    name,
    args: [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    cwd: dir,
    env: { ...env, API_URL: api },
    readyUrl: `${base}/`,
    logDir,
    cpuProfDir,
  });
  return { ...proc, base };
};
