import { randomBytes, scrypt } from 'crypto';
import path from 'path';
import { promisify } from 'util';
import { repoRoot, startMongo } from '@ticketing/toolkit';
import { assertHealthy, load } from '../load';
import { Side } from '../measure';
import { findPid, rssMb, RssPeaks } from '../proc';
import { median } from '../stats';
import {
  addNote,
  Benchmark,
  HTTP_METRICS,
  httpSide,
  poorOnes,
  profilePoor,
  runBenchmarks,
  SuiteContext,
  withFrameworkSplit,
  SuiteResult,
} from '../suite';
import { startFloor, startOnFreePort } from '../spawn';
import { formatNumber } from '../report';
import { MetricSpec } from '../types';
import { setTimeout as sleep } from 'timers/promises';

const authDir = path.join(repoRoot, 'auth');
const STORM = 32;
// As many as the floor's hashing threads (libuv's pool, 4): more would only queue and stretch latency.
const SIGNIN_CONNECTIONS = 4;
// A steady probe, slow enough that it measures how long the loop makes a request wait, not its own queueing.
const PROBE = { connections: 2, rate: 50 };
const PROBE_METRICS: MetricSpec[] = [
  { key: 'p50', unit: 'ms', better: 'lower' },
  { key: 'p99', unit: 'ms', better: 'lower' },
];

/** How long one scrypt of the service's parameters takes here, for reading the storm figure. */
const scryptMs = async (): Promise<number> => {
  const scryptAsync = promisify(scrypt);
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = process.hrtime.bigint();
    await scryptAsync('password', randomBytes(16).toString('hex'), 64);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
};

/**
 * auth against bare Express handlers on the same database: currentuser (JWT verify), signin
 * (find + scrypt + sign), and currentuser's latency while 32 signins hash concurrently.
 */
export const authSuite = async (ctx: SuiteContext): Promise<SuiteResult> => {
  const mongo = await startMongo({ dataDir: path.join(ctx.workDir, 'auth-mongo') });
  const stops: (() => Promise<void>)[] = [() => mongo.stop()];
  try {
    const jwtKey = randomBytes(16).toString('hex');
    const mongoUri = `${mongo.uri}/auth`;
    const startAuth = (name: string, cpuProfDir?: string) =>
      startOnFreePort({
        name,
        script: path.join(authDir, 'src', 'index.ts'),
        cwd: authDir,
        // The storm is 32 concurrent signins of one account from one address, which the abuse limits
        // (rightly) refuse past 10: raised here so every signin is hashed and the row measures the
        // hash queue's scheduling, not the limiter.
        env: {
          JWT_KEY: jwtKey,
          MONGO_URI: mongoUri,
          SIGNIN_FAILURES_PER_EMAIL: '1000000',
          SIGNIN_FAILURES_PER_ADDRESS: '1000000',
        },
        readyPath: '/api/users/readyz',
        logDir: ctx.workDir,
        cpuProfDir,
      });
    const auth = await startAuth('auth');
    stops.unshift(() => auth.stop());
    const floor = await startFloor('auth', authDir, { MONGO_URI: mongoUri, JWT_KEY: jwtKey }, ctx.workDir);
    const floorBase = floor.base;
    stops.unshift(() => floor.stop());
    const idle = { service: rssMb(auth.pid), floor: rssMb(floor.pid) };

    const credentials = JSON.stringify({ email: 'bench@example.com', password: 'bench-password' });
    const signup = await fetch(`${auth.base}/api/users/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: credentials,
    });
    if (signup.status !== 201) throw new Error(`Signup failed: ${signup.status} ${await signup.text()}`);
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0];
    const signedIn = (await (await fetch(`${floorBase}/api/users/currentuser`, { headers: { cookie } })).json()) as {
      currentUser: unknown;
    };
    if (!signedIn.currentUser) throw new Error("The floor does not accept the service's session cookie");

    const probe = (base: string, seconds: number) =>
      load({ url: `${base}/api/users/currentuser`, headers: { cookie }, seconds, ...PROBE });
    const probeValues = (result: Awaited<ReturnType<typeof probe>>) => {
      assertHealthy('currentuser probe', result);
      return { p50: result.p50, p99: result.p99, ops: result.ok };
    };
    const stormSubject = (base: string): Side => ({
      label: `currentuser at ${PROBE.rate} req/s while ${STORM} signins run concurrently`,
      run: async (seconds) => {
        const storm = load({
          url: `${base}/api/users/signin`,
          method: 'POST',
          body: credentials,
          connections: STORM,
          seconds: seconds + 1,
        });
        await sleep(500); // let the storm fill the thread pool first
        const values = probeValues(await probe(base, seconds));
        assertHealthy('signin storm', await storm);
        return values;
      },
    });

    const currentUserSubject = (base: string) =>
      httpSide('auth service', { url: `${base}/api/users/currentuser`, headers: { cookie } });
    const currentUserGoals: Benchmark['goals'] = [
      { metric: 'throughput', atLeast: 0.85, text: 'throughput ≥ 0.85 of the floor' },
      { metric: 'p99', atLeast: 0.85, text: 'p99 ≥ 0.85 of the floor' },
    ];
    const bareCurrentUser = httpSide('bare Express handler verifying the same JWT', {
      url: `${floorBase}/api/users/currentuser`,
      headers: { cookie },
    });
    const benchmarks: Benchmark[] = [
      ...withFrameworkSplit(
        {
          name: 'GET /api/users/currentuser (signed in)',
          metrics: HTTP_METRICS,
          subject: currentUserSubject,
          floor: bareCurrentUser,
          goals: currentUserGoals,
        },
        {
          name: 'Express + cookie-session + a log line',
          floor: httpSide('bare Express + cookie-session + one pino line per request, verifying the same JWT', {
            url: `${floorBase}/mandated/currentuser`,
            headers: { cookie },
          }),
        },
      ),
      {
        name: 'POST /api/users/signin',
        metrics: HTTP_METRICS,
        subject: (base) =>
          httpSide('auth service', {
            url: `${base}/api/users/signin`,
            method: 'POST',
            body: credentials,
            connections: SIGNIN_CONNECTIONS,
          }),
        floor: httpSide('bare Express: findOne + scrypt + jwt.sign', {
          url: `${floorBase}/api/users/signin`,
          method: 'POST',
          body: credentials,
          connections: SIGNIN_CONNECTIONS,
        }),
      },
      {
        // The storm row's baseline, here against the floor's, so both unloaded figures are on record.
        name: `currentuser at ${PROBE.rate} req/s, no storm`,
        metrics: PROBE_METRICS,
        subject: (base) => ({
          label: `auth service at ${PROBE.rate} req/s`,
          run: async (seconds) => probeValues(await probe(base, seconds)),
        }),
        floor: {
          label: `bare Express handler at ${PROBE.rate} req/s`,
          run: async (seconds) => probeValues(await probe(floorBase, seconds)),
        },
      },
      {
        name: `event loop: currentuser during a ${STORM}-signin storm`,
        metrics: PROBE_METRICS,
        subject: stormSubject,
        floor: {
          label: `currentuser at ${PROBE.rate} req/s alone (same auth process)`,
          run: async (seconds) => probeValues(await probe(auth.base, seconds)),
        },
        // Ratio = unloaded p99 / storm p99, so "storm p99 ≤ 1.5× unloaded" is a ratio of at least 1/1.5.
        goals: [{ metric: 'p99', atLeast: 1 / 1.5, text: 'p99 during the storm ≤ 1.5× its own unloaded p99' }],
      },
    ];

    const dbPid = findPid(`--listen-addr=${new URL(mongo.uri).host}`);
    const watch = [
      { name: 'auth', pid: auth.pid, settle: true },
      { name: 'auth-floor', pid: floor.pid, settle: true },
      ...(dbPid ? [{ name: 'ferretdb', pid: dbPid }] : []),
      { name: 'bench (load generator)', pid: process.pid },
    ];
    const peaks = new RssPeaks([auth.pid, floor.pid]);
    peaks.start();
    const comparisons = await runBenchmarks('auth', benchmarks, auth.base, watch, ctx);
    peaks.stop();
    const hashMs = await scryptMs();
    addNote(
      comparisons,
      `event loop: currentuser during a ${STORM}-signin storm`,
      `One scrypt (N=16384, 64-byte key) takes ${formatNumber(hashMs)} ms here. Were it run on the event loop, ${STORM} queued signins would hold a request ` +
        `up to ${formatNumber(hashMs * STORM)} ms; a storm p99 well below that shows the hashing runs off the loop (the hash pool's threads).`,
    );

    await auth.stop();
    const profiles = await profilePoor(
      'auth',
      poorOnes(benchmarks, comparisons, ctx),
      async () => {
        const profileDir = path.join(ctx.workDir, 'auth-profile');
        const profiled = await startAuth('auth-profiled', profileDir);
        return { base: profiled.base, profileDir, stop: profiled.stop };
      },
      ctx,
    );

    return {
      comparisons,
      memory: [
        {
          service: 'auth',
          idleMb: idle.service,
          loadMb: peaks.peakMb(auth.pid),
          floor: { name: 'auth floor', idleMb: idle.floor, loadMb: peaks.peakMb(floor.pid) },
        },
      ],
      profiles,
      notes: [],
    };
  } finally {
    for (const stop of stops) await stop().catch(() => {});
  }
};
