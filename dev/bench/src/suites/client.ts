import { randomBytes } from 'crypto';
import fs from 'fs';
import path from 'path';
import { startStack } from '@ticketing/local/src/stack';
import { buildNextApp, clientDir, nextFloorDir, startNextApp } from '../next-app';
import { findPid, rssMb, RssPeaks } from '../proc';
import {
  addNote,
  Benchmark,
  HTTP_METRICS,
  httpSide,
  poorOnes,
  profilePoor,
  runBenchmarks,
  SuiteContext,
  SuiteResult,
} from '../suite';
import { startFloor } from '../spawn';
import { Comparison } from '../types';

const TICKETS = 20;
const LANDING = `GET / (landing page, ${TICKETS} tickets, signed out)`;
const FRAMEWORK = `${LANDING}: a minimal Next page against the bare floor`;
const AGAINST_NEXT = `${LANDING}, against a minimal Next page`;
const CLIENT = 'client (next start)';
const BARE = 'client-floor';
const MINIMAL = 'client-next-floor (next start)';

const countRows = (html: string) => (html.match(/aria-label="View /g) ?? []).length;

/** CPU per page of each row's two servers, from that row's own alternating rounds. */
const cpuPerPage = (comparisons: Comparison[], name: string, subject: string, floor: string): string | undefined => {
  const cpu = comparisons.find((c) => c.name === name)?.cpu;
  const s = cpu?.subject.find((share) => share.process === subject)?.msPerOp;
  const f = cpu?.floor.find((share) => share.process === floor)?.msPerOp;
  if (s === undefined || f === undefined) return undefined;
  return `CPU per page in these rounds: ${subject} ${s.toFixed(2)} ms, ${floor} ${f.toFixed(2)} ms (${(s / f).toFixed(2)}×).`;
};

/**
 * The client's server-rendered landing page with 20 tickets (next build + next start, the whole
 * stack behind it) against two floors making the same two API calls: a bare HTTP server templating
 * the same markup, and a minimal Next app rendering it. The minimal app is also measured against
 * the bare server, which splits the client's gap into the framework's share and its own.
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
    ctx.log('client: building the minimal Next floor (next build)');
    const buildSeconds = await buildNextApp(nextFloorDir);
    const nextFloor = await startNextApp('client-next-floor', nextFloorDir, api, ctx.workDir);
    stops.unshift(() => nextFloor.stop());

    const servers = { client: stack.urls.client, floor: floorBase, 'minimal Next floor': nextFloor.base };
    const pages = Object.fromEntries(
      await Promise.all(
        Object.entries(servers).map(async ([which, base]) => {
          const html = await (await fetch(`${base}/`)).text();
          if (countRows(html) !== TICKETS)
            throw new Error(`${which} page shows ${countRows(html)} tickets, not ${TICKETS}`);
          return [which, html.length] as const;
        }),
      ),
    );

    const clientPid = stack.pid('client')!;
    const idle = { service: rssMb(clientPid), floor: rssMb(floor.pid), nextFloor: rssMb(nextFloor.pid) };
    const page = (label: string) => (base: string) => httpSide(label, { url: `${base}/` });
    const clientSide = page('Next.js server render (next start)');
    const bareFloor = httpSide('bare Node http server, same two API calls, template-string HTML', {
      url: `${floorBase}/`,
    });
    const minimalLabel =
      'minimal Next 16 pages-router app (next start): the same two API calls with Node http, the same markup';
    const landingGoal = { metric: 'throughput', atLeast: 0.75, text: 'throughput ≥ 0.75 of the floor' } as const;
    const clientRows: Benchmark[] = [
      {
        name: LANDING,
        metrics: HTTP_METRICS,
        subject: clientSide,
        floor: bareFloor,
        goals: [landingGoal],
        split: { frameworkCost: FRAMEWORK, ours: AGAINST_NEXT },
        notes: [
          `Page sizes: client ${pages.client} bytes, floor ${pages.floor} bytes. Both call GET /api/users/currentuser and then GET /api/tickets through the router, forwarding cookie and host, as the client's getInitialProps does.`,
          'Floor choice: a static Next page would leave out the data fetching and a constant-HTML server the two API calls, so either would charge the upstream work to Next; this floor does all the work the page needs except React and Next.',
        ],
      },
      {
        name: AGAINST_NEXT,
        metrics: HTTP_METRICS,
        subject: clientSide,
        floor: page(minimalLabel)(nextFloor.base),
        goals: [landingGoal],
        notes: [
          `Floor: src/floors/client-next (${pages['minimal Next floor']} bytes a page). Its _app's getInitialProps asks for the current user and its page's for the first page of tickets, through the router with cookie and host forwarded, with the bare floor's Node http client, and it renders the same table with plain elements: no next/link, no Bootstrap, no custom _document, nothing of the client's. It has the client's settings where they cost CPU (no ETag, compression on). So this row is what is the client's own; the one before, what Next and React cost. Its next build took ${buildSeconds.toFixed(0)} s.`,
        ],
      },
    ];
    // Measured and profiled like a subject, so the report shows where the framework alone spends a page.
    const frameworkRow: Benchmark = {
      name: FRAMEWORK,
      metrics: HTTP_METRICS,
      subject: page(minimalLabel),
      floor: bareFloor,
      notes: [
        'What Next 16 and React 19 cost for this page: the floor of the row after it against the floor of the row before.',
      ],
    };
    const watch = [
      { name: CLIENT, pid: clientPid, settle: true },
      { name: BARE, pid: floor.pid, settle: true },
      { name: MINIMAL, pid: nextFloor.pid, settle: true },
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
    const peaks = new RssPeaks([clientPid, floor.pid, nextFloor.pid]);
    peaks.start();
    const comparisons = [
      ...(await runBenchmarks('client', clientRows.slice(0, 1), stack.urls.client, watch, ctx)),
      ...(await runBenchmarks('client', [frameworkRow], nextFloor.base, watch, ctx)),
      ...(await runBenchmarks('client', clientRows.slice(1), stack.urls.client, watch, ctx)),
    ];
    peaks.stop();
    for (const [name, subject, floorName] of [
      [LANDING, CLIENT, BARE],
      [FRAMEWORK, MINIMAL, BARE],
      [AGAINST_NEXT, CLIENT, MINIMAL],
    ] as const) {
      const note = cpuPerPage(comparisons, name, subject, floorName);
      if (note) addNote(comparisons, name, note);
    }

    const profiled = (name: string, dir: string) => async () => {
      const profileDir = path.join(ctx.workDir, `${name}-profile`);
      const instance = await startNextApp(name, dir, api, ctx.workDir, profileDir);
      return { base: instance.base, profileDir, stop: instance.stop };
    };
    const profiles = [
      ...(await profilePoor(
        'client',
        poorOnes(clientRows, comparisons, ctx),
        profiled('client-profiled', clientDir),
        ctx,
      )),
      ...(await profilePoor(
        'client',
        poorOnes([frameworkRow], comparisons, ctx),
        profiled('client-next-floor-profiled', nextFloorDir),
        ctx,
        'client-next-floor',
      )),
    ];

    return {
      comparisons,
      memory: (
        [
          ['client floor', floor.pid, idle.floor],
          ['minimal Next floor', nextFloor.pid, idle.nextFloor],
        ] as const
      ).map(([name, pid, idleMb]) => ({
        service: CLIENT,
        idleMb: idle.service,
        loadMb: peaks.peakMb(clientPid),
        floor: { name, idleMb, loadMb: peaks.peakMb(pid) },
      })),
      profiles,
      notes: [],
    };
  } finally {
    for (const stop of stops) await stop().catch(() => {});
    stackLog.end();
  }
};
