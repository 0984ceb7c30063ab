import http from 'http';
import { ExitInfo } from '@ticketing/local/src/managed-process';
import { ServiceName, Stack } from '@ticketing/local/src/stack';
import { HttpRequest, request } from './http';
import { setTimeout as sleep } from 'timers/promises';

export interface LoadOutcome {
  started: number;
  ended: number;
  status?: number;
  /** The error code when the request failed without a response (ECONNREFUSED, ECONNRESET, ...). */
  code?: string;
  json?: unknown;
}

export interface SigtermRun {
  signalledAt: number;
  /** How the process exited, and when; undefined if it had not exited 15 s after the signal. */
  exit?: ExitInfo & { at: number };
  outcomes: LoadOutcome[];
  /** The request that was half-sent when the signal arrived. */
  inFlight: { status: number; json: unknown; ended: number };
}

export interface SigtermOptions {
  /** The service's own URL (not the router: its 502s would hide how the service behaved). */
  baseUrl: string;
  /** The i-th request of worker n. */
  load: (worker: number, i: number) => HttpRequest;
  /** A POST whose body is sent half before the signal and half after it. */
  inFlight: { path: string; body: string; cookie?: string };
  workers?: number;
  /** Requests answered before the signal is sent (default 20). */
  answeredBeforeSignal?: number;
}

/** Sends a POST's headers and the first part of its body now, and the rest when `release` resolves. */
const halfSentPost = (baseUrl: string, { path, body, cookie }: SigtermOptions['inFlight'], release: Promise<void>) =>
  new Promise<SigtermRun['inFlight']>((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    };
    if (cookie) headers.Cookie = cookie;
    const req = http.request(new URL(path, baseUrl), { method: 'POST', agent: false, headers });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, json, ended: Date.now() });
      });
    });
    req.on('error', reject);
    req.write(body.slice(0, 5));
    void release.then(() => req.end(body.slice(5)));
  });

/**
 * Keeps `workers` clients sending requests to a service, sends its process SIGTERM mid-stream
 * (with one request half-sent), and records every outcome and how the process exited. Load
 * continues for a moment after the exit, so requests meet the closed listener too.
 */
export const sigtermUnderLoad = async (
  stack: Stack,
  name: ServiceName,
  options: SigtermOptions,
): Promise<SigtermRun> => {
  const pid = stack.pid(name);
  if (!pid) throw new Error(`${name} is not running`);
  const outcomes: LoadOutcome[] = [];
  let firing = true;
  const worker = async (n: number) => {
    for (let i = 0; firing; i += 1) {
      const started = Date.now();
      try {
        const res = await request(options.baseUrl, options.load(n, i));
        outcomes.push({ started, ended: Date.now(), status: res.status, json: res.json });
      } catch (err) {
        outcomes.push({ started, ended: Date.now(), code: (err as NodeJS.ErrnoException).code ?? String(err) });
        await sleep(20);
      }
    }
  };

  const exited = new Promise<ExitInfo & { at: number }>((resolve) => {
    const onExit = (info: ExitInfo) => {
      if (info.name !== name) return;
      stack.off('exit', onExit);
      resolve({ ...info, at: Date.now() });
    };
    stack.on('exit', onExit);
  });

  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const inFlight = halfSentPost(options.baseUrl, options.inFlight, released);
  const workers = Array.from({ length: options.workers ?? 6 }, (_, n) => worker(n));
  // Under way first: enough answered requests (however busy the machine) before the signal.
  const warmupUntil = Date.now() + 15_000;
  while (outcomes.length < (options.answeredBeforeSignal ?? 20) && Date.now() < warmupUntil) await sleep(50);

  const signalledAt = Date.now();
  process.kill(pid, 'SIGTERM');
  // The rest of the half-sent body arrives while the service is already shutting down.
  setTimeout(release, 300);
  let giveUp: NodeJS.Timeout | undefined;
  const exit = await Promise.race([
    exited,
    new Promise<undefined>((r) => (giveUp = setTimeout(() => r(undefined), 15_000))),
  ]);
  clearTimeout(giveUp);
  await sleep(500);
  firing = false;
  await Promise.all(workers);
  return { signalledAt, exit, outcomes, inFlight: await inFlight };
};
