import { randomBytes } from 'crypto';
import fs from 'fs';
import path from 'path';
import { freePort, repoRoot } from '@ticketing/toolkit';
import { startStack } from '@ticketing/local/src/stack';
import { findPid, rssMb, RssPeaks } from '../proc';
import {
  Benchmark,
  HTTP_METRICS,
  httpSide,
  poorOnes,
  profilePoor,
  runBenchmarks,
  SuiteContext,
  SuiteResult,
} from '../suite';
import { startFloor, startNode } from '../spawn';

const clientDir = path.join(repoRoot, 'client');
const TICKETS = 20;

const countRows = (html: string) => (html.match(/aria-label="View /g) ?? []).length;

/**
 * The client's server-rendered landing page with 20 tickets (next build + next start, the whole
 * stack behind it) against a bare HTTP server making the same two API calls and templating the
 * same markup.
 */
export const clientSuite = async (ctx: SuiteContext): Promise<SuiteResult> => {
  // A stream, not a write per line: this process also runs the router and the load generator.
  const stackLog = fs.createWriteStream(path.join(ctx.workDir, 'stack.log'), { flags: 'a' });
  const jwtKey = randomBytes(16).toString('hex');
  ctx.log('client: starting the stack (next build + next start)');
  const stack = await startStack({
    ports: 'free',
    dataDir: path.join(ctx.workDir, 'stack-data'),
    client: 'prod',
    jwtKey,
    clusterId: 'bench',
    output: (name, line) => stackLog.write(`[${name}] ${line}\n`),
  });
  const stops: (() => Promise<void>)[] = [() => stack.stop()];
  try {
    const api = stack.urls.app;
    const signup = await fetch(`${api}/api/users/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'seller@example.com', password: 'bench-password' }),
    });
    if (signup.status !== 201) throw new Error(`Signup through the router failed: ${signup.status}`);
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0];
    for (let i = 0; i < TICKETS; i += 1) {
      const res = await fetch(`${api}/api/tickets`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Concert ${i}`, price: 20 + i }),
      });
      if (res.status !== 201) throw new Error(`Creating a ticket through the router failed: ${res.status}`);
    }

    const floor = await startFloor('client', clientDir, { API_URL: api }, ctx.workDir);
    const floorBase = floor.base;
    stops.unshift(() => floor.stop());

    const pages = await Promise.all(
      [stack.urls.client, floorBase].map(async (base) => (await fetch(`${base}/`)).text()),
    );
    pages.forEach((html, i) => {
      if (countRows(html) !== TICKETS)
        throw new Error(`${i ? 'floor' : 'client'} page shows ${countRows(html)} tickets, not ${TICKETS}`);
    });

    const clientPid = stack.pid('client')!;
    const idle = { service: rssMb(clientPid), floor: rssMb(floor.pid) };
    const benchmarks: Benchmark[] = [
      {
        name: `GET / (landing page, ${TICKETS} tickets, signed out)`,
        metrics: HTTP_METRICS,
        subject: (base) => httpSide('Next.js server render (next start)', { url: `${base}/` }),
        floor: httpSide('bare Node http server, same two API calls, template-string HTML', { url: `${floorBase}/` }),
        goals: [{ metric: 'throughput', atLeast: 0.75, text: 'throughput ≥ 0.75 of the floor' }],
        notes: [
          `Page sizes: client ${pages[0].length} bytes, floor ${pages[1].length} bytes. Both call GET /api/users/currentuser and then GET /api/tickets through the router, forwarding cookie and host, as the client's getInitialProps does.`,
          'Floor choice: a static Next page would leave out the data fetching and a constant-HTML server the two API calls, so either would charge the upstream work to Next; this floor does all the work the page needs except React and Next.',
        ],
      },
    ];
    const watch = [
      { name: 'client (next start)', pid: clientPid, settle: true },
      { name: 'client-floor', pid: floor.pid, settle: true },
      ...(['auth', 'tickets'] as const).flatMap((name) => {
        const pid = stack.pid(name);
        return pid ? [{ name, pid }] : [];
      }),
      ...(['authMongo', 'ticketsMongo'] as const).flatMap((name) => {
        const pid = findPid(`--listen-addr=127.0.0.1:${stack.ports[name]}`);
        return pid ? [{ name: `${name === 'authMongo' ? 'auth' : 'tickets'} ferretdb`, pid }] : [];
      }),
      { name: 'bench (load generator + router)', pid: process.pid },
    ];
    const peaks = new RssPeaks([clientPid, floor.pid]);
    peaks.start();
    const comparisons = await runBenchmarks('client', benchmarks, stack.urls.client, watch, ctx);
    peaks.stop();

    const nextBin = require.resolve('next/dist/bin/next', { paths: [clientDir] });
    const profiles = await profilePoor(
      'client',
      poorOnes(benchmarks, comparisons, ctx),
      async () => {
        const port = await freePort();
        const profileDir = path.join(ctx.workDir, 'client-profile');
        const profiled = await startNode({
          name: 'client-profiled',
          args: [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
          cwd: clientDir,
          env: { API_URL: api, NEXT_TELEMETRY_DISABLED: '1' },
          readyUrl: `http://127.0.0.1:${port}/`,
          logDir: ctx.workDir,
          cpuProfDir: profileDir,
        });
        return { base: `http://127.0.0.1:${port}`, profileDir, stop: profiled.stop };
      },
      ctx,
    );

    return {
      comparisons,
      memory: [
        {
          service: 'client (next start)',
          idleMb: idle.service,
          loadMb: peaks.peakMb(clientPid),
          floor: { name: 'client floor', idleMb: idle.floor, loadMb: peaks.peakMb(floor.pid) },
        },
      ],
      profiles,
      notes: [],
    };
  } finally {
    for (const stop of stops) await stop().catch(() => {});
    stackLog.end();
  }
};
