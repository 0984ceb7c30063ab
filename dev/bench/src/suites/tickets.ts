import { randomBytes } from 'crypto';
import path from 'path';
import mongoose from 'mongoose';
import nats from 'node-nats-streaming';
import { freePort, repoRoot, startMongo, startNatsStreaming } from '@ticketing/toolkit';
import { assertHealthy, load } from '../load';
import { Side } from '../measure';
import { cpuSeconds, findPid, rssMb, RssPeaks } from '../proc';
import { sessionCookie } from '../session-cookie';
import { median } from '../stats';
import {
  addNote,
  Benchmark,
  HTTP_METRICS,
  httpSide,
  httpValues,
  poorOnes,
  profilePoor,
  runBenchmarks,
  SuiteContext,
  SuiteResult,
  withFrameworkSplit,
} from '../suite';
import { startFloor, startOnFreePort } from '../spawn';
import { explainList, listPlan, profileListQuery } from './tickets-list';
import { setTimeout as sleep } from 'timers/promises';

const ticketsDir = path.join(repoRoot, 'tickets');
// How long a create round waits for its events before counting the rest as late (keeps the run bounded).
const EVENT_WAIT_MS = 30_000;
const seconds = () => Number(process.hrtime.bigint()) / 1e9;
const MANY = 10_000;

/**
 * LIST_REQUESTS GETs of `url`, one after another, reporting their median time. A round is a
 * number of requests rather than a duration: on a database that scans, one answer can take seconds.
 */
const LIST_REQUESTS = 5;
const oneAtATime = (label: string, url: string): Side => ({
  label,
  run: async () => {
    const times: number[] = [];
    for (let i = 0; i < LIST_REQUESTS; i += 1) {
      const started = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${label}: GET answered ${res.status}`);
      times.push(performance.now() - started);
    }
    return { p50: median(times), ops: LIST_REQUESTS };
  },
});

/**
 * Stores `count` published tickets (no pending events) straight into a database, as the service
 * would have left them: creating them through the API would take minutes on FerretDB.
 */
const seedTickets = async (uri: string, count: number) => {
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    const collection = connection.collection('tickets');
    for (let start = 0; start < count; start += 1000) {
      await collection.insertMany(
        Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
          title: `Stored ticket ${start + i}`,
          price: 10 + ((start + i) % 90),
          userId: 'bench-user',
          pendingEvents: [],
          version: 0,
        })),
      );
    }
  } finally {
    await connection.close();
  }
};

/** Cores each process keeps busy over `ms` while nothing is asked of it. */
const restingCpu = async (pids: number[], ms: number): Promise<number[]> => {
  const before = pids.map((pid) => cpuSeconds(pid) ?? 0);
  await sleep(ms);
  return pids.map((pid, i) => ((cpuSeconds(pid) ?? before[i]) - before[i]) / (ms / 1000));
};

/**
 * tickets against an Express + mongoose floor on the same database: show, list (100 tickets)
 * and create — the create's subject side counted until its ticket:created event arrives.
 */
export const ticketsSuite = async (ctx: SuiteContext): Promise<SuiteResult> => {
  const mongo = await startMongo({ dataDir: path.join(ctx.workDir, 'tickets-mongo') });
  const broker = await startNatsStreaming({ storeDir: path.join(ctx.workDir, 'tickets-nats'), clusterId: 'bench' });
  const stops: (() => Promise<void>)[] = [() => mongo.stop(), () => broker.stop()];
  try {
    const jwtKey = randomBytes(16).toString('hex');
    const mongoUri = `${mongo.uri}/tickets`;
    const startTickets = (name: string, cpuProfDir?: string, uri = mongoUri) =>
      startOnFreePort({
        name,
        script: path.join(ticketsDir, 'src', 'index.ts'),
        cwd: ticketsDir,
        env: {
          JWT_KEY: jwtKey,
          MONGO_URI: uri,
          NATS_URL: broker.url,
          NATS_CLUSTER_ID: broker.clusterId,
          NATS_CLIENT_ID: `${name}-${randomBytes(4).toString('hex')}`,
        },
        readyPath: '/api/tickets/readyz',
        logDir: ctx.workDir,
        cpuProfDir,
      });
    const tickets = await startTickets('tickets');
    // A second instance on a database server of its own holding MANY tickets, for the list's
    // "does not grow with the store" row; its server's work stays out of the other rows' database.
    // FerretDB serves its profiler on this one: the row's note says where it spends a page's CPU.
    const manyMongo = await startMongo({
      dataDir: path.join(ctx.workDir, 'tickets-many-mongo'),
      debugPort: await freePort(),
    });
    stops.unshift(() => manyMongo.stop());
    const manyUri = `${manyMongo.uri}/tickets`;
    ctx.log(`tickets: seeding ${MANY.toLocaleString('en-US')} tickets`);
    await seedTickets(manyUri, MANY);
    const ticketsMany = await startTickets('tickets-many', undefined, manyUri);
    stops.unshift(() => ticketsMany.stop());
    const manyPlan = await listPlan(manyUri);
    stops.unshift(() => tickets.stop());
    const floor = await startFloor('tickets', ticketsDir, { MONGO_URI: mongoUri }, ctx.workDir);
    const floorBase = floor.base;
    stops.unshift(() => floor.stop());

    // Counts ticket:created events as a consumer would receive them.
    let received = 0;
    const counter = nats.connect(broker.clusterId, `bench-counter-${randomBytes(4).toString('hex')}`, {
      url: broker.url,
    });
    await new Promise<void>((resolve, reject) => {
      counter.once('connect', () => resolve());
      counter.once('error', reject);
    });
    stops.unshift(
      () =>
        new Promise<void>((resolve) => {
          counter.once('close', () => resolve());
          counter.close();
        }),
    );
    counter.subscribe('ticket:created').on('message', () => {
      received += 1;
    });

    const idle = { service: rssMb(tickets.pid), floor: rssMb(floor.pid) };
    const cookie = sessionCookie(jwtKey, { id: 'bench-user', email: 'bench@example.com' });
    const newTicket = JSON.stringify({ title: 'Bench concert', price: 25 });
    const seeded: string[] = [];
    for (let i = 0; i < 100; i += 1) {
      const res = await fetch(`${tickets.base}/api/tickets`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Seed ticket ${i}`, price: 10 + i }),
      });
      if (res.status !== 201) throw new Error(`Seeding tickets failed: ${res.status} ${await res.text()}`);
      seeded.push(((await res.json()) as { id: string }).id);
    }
    const waitForEvents = async (count: number, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (received < count && Date.now() < deadline) await sleep(10);
      return received >= count;
    };
    if (!(await waitForEvents(100, 30_000))) throw new Error(`Only ${received} of 100 seeded tickets' events arrived`);

    const showPath = `/api/tickets/${seeded[0]}`;
    let lateEvents = 0;
    let stored = seeded.length;
    // Subject: the request rate as autocannon sees it, plus creates per second counted only once
    // the relay has published their events and a listener received them.
    const createSubject = (base: string): Side => ({
      label: 'tickets service (auth, validation, outbox write, relay publish)',
      run: async (roundSeconds) => {
        const before = received;
        const started = seconds();
        const result = assertHealthy(
          'POST /api/tickets',
          await load({
            url: `${base}/api/tickets`,
            method: 'POST',
            headers: { cookie },
            body: newTicket,
            seconds: roundSeconds,
          }),
        );
        stored += result.ok;
        if (!(await waitForEvents(before + result.ok, EVENT_WAIT_MS))) lateEvents += before + result.ok - received;
        return { ...httpValues(result), completed: result.ok / (seconds() - started) };
      },
    });
    const createFloor: Side = {
      label: "Express + mongoose insert (into its own collection, so the relay's scans do not grow with it)",
      run: async (roundSeconds) => {
        const result = assertHealthy(
          'floor POST',
          await load({ url: `${floorBase}/api/floor-tickets`, method: 'POST', body: newTicket, seconds: roundSeconds }),
        );
        stored += result.ok;
        return { ...httpValues(result), completed: result.rps };
      },
    };

    const showSubject = (base: string) => httpSide('tickets service', { url: `${base}${showPath}` });
    const showGoals: Benchmark['goals'] = [
      { metric: 'throughput', atLeast: 0.85, text: 'throughput ≥ 0.85 of the floor' },
    ];
    const benchmarks: Benchmark[] = [
      ...withFrameworkSplit(
        {
          name: 'GET /api/tickets/:id',
          metrics: HTTP_METRICS,
          subject: showSubject,
          floor: httpSide('Express + mongoose lean findById without the outbox', { url: `${floorBase}${showPath}` }),
          goals: showGoals,
        },
        {
          name: 'Express + cookie-session + a log line',
          floor: httpSide('Express + cookie-session + one pino line per request, the same lean findById', {
            url: `${floorBase}/mandated/tickets/${seeded[0]}`,
          }),
        },
      ),
      {
        name: 'GET /api/tickets (first page, 100 stored)',
        metrics: HTTP_METRICS,
        subject: (base) => httpSide('tickets service', { url: `${base}/api/tickets` }),
        floor: httpSide('Express + mongoose find().sort().limit(20), the same page', {
          url: `${floorBase}/api/tickets`,
        }),
      },
      {
        name: `GET /api/tickets (first page, ${MANY.toLocaleString('en-US')} stored against 100)`,
        metrics: [{ key: 'p50', unit: 'ms', better: 'lower' }],
        // The same service and query; only the number of stored tickets differs.
        subject: () => oneAtATime(`tickets service, ${MANY} tickets stored`, `${ticketsMany.base}/api/tickets`),
        floor: oneAtATime('tickets service, 100 tickets stored', `${tickets.base}/api/tickets`),
        goals: [{ metric: 'p50', atLeast: 1 / 1.2, text: `p50 with ${MANY} stored ≤ 1.2× with 100` }],
      },
      {
        name: 'POST /api/tickets',
        metrics: [...HTTP_METRICS, { key: 'completed', unit: 'creates/s', better: 'higher' }],
        subject: createSubject,
        floor: createFloor,
        notes: [
          '"completed" counts a subject create only once its ticket:created event reached a listener (outbox write, relay publish, broker ack); a floor create once inserted.',
        ],
      },
    ];

    const dbPid = findPid(`--listen-addr=${new URL(mongo.uri).host}`);
    const watch = [
      { name: 'tickets', pid: tickets.pid, settle: true },
      { name: 'tickets-floor', pid: floor.pid, settle: true },
      ...(dbPid ? [{ name: 'ferretdb', pid: dbPid }] : []),
      ...(broker.process.child.pid ? [{ name: 'nats-streaming', pid: broker.process.child.pid }] : []),
      { name: 'bench (load generator)', pid: process.pid },
    ];
    const peaks = new RssPeaks([tickets.pid, floor.pid]);
    peaks.start();
    const manyDbPid = findPid(`--listen-addr=${new URL(manyMongo.uri).host}`);
    const isWrite = (b: Benchmark) => b.name === 'POST /api/tickets';
    const comparisons = await runBenchmarks(
      'tickets',
      benchmarks.filter((b) => !isWrite(b)),
      tickets.base,
      [
        ...watch,
        { name: `tickets (${MANY} stored)`, pid: ticketsMany.pid, settle: true },
        ...(manyDbPid ? [{ name: `ferretdb (${MANY} stored)`, pid: manyDbPid }] : []),
      ],
      ctx,
    );
    // Its relay sweeps the whole store every 10 s: stopped before the writes are measured, and
    // before its database is profiled alone.
    await ticketsMany.stop();
    const manyProfile = manyDbPid ? await profileListQuery(manyMongo, manyUri, manyDbPid, ctx) : '';
    await manyMongo.stop();
    comparisons.push(...(await runBenchmarks('tickets', benchmarks.filter(isWrite), tickets.base, watch, ctx)));
    peaks.stop();
    explainList(
      comparisons,
      `GET /api/tickets (first page, ${MANY.toLocaleString('en-US')} stored against 100)`,
      MANY,
      manyPlan,
      manyProfile,
    );
    if (lateEvents) {
      addNote(
        comparisons,
        'POST /api/tickets',
        `${lateEvents} events had not arrived ${EVENT_WAIT_MS / 1000} s after their round ended (the relay kept publishing them during later rounds).`,
      );
    }
    if (dbPid) {
      // With nothing to publish, the relay still sweeps for pending events every 10 s.
      const atRest = await restingCpu([tickets.pid, dbPid], 3000);
      addNote(
        comparisons,
        'POST /api/tickets',
        `At rest afterwards, with ${stored} tickets stored and no requests, tickets used ${atRest[0].toFixed(2)} cores and FerretDB ${atRest[1].toFixed(2)} cores.`,
      );
    }

    // The measured instance goes first, so the profiled one runs the relay alone.
    await tickets.stop();
    const profiles = await profilePoor(
      'tickets',
      // The many-tickets row runs on its own instance; the CPU table beside it says where its time goes.
      poorOnes(
        benchmarks.filter((b) => !b.name.includes(' stored against ')),
        comparisons,
        ctx,
      ),
      async () => {
        const profileDir = path.join(ctx.workDir, 'tickets-profile');
        const profiled = await startTickets('tickets-profiled', profileDir);
        return { base: profiled.base, profileDir, stop: profiled.stop };
      },
      ctx,
    );

    return {
      comparisons,
      memory: [
        {
          service: 'tickets',
          idleMb: idle.service,
          loadMb: peaks.peakMb(tickets.pid),
          floor: { name: 'tickets floor', idleMb: idle.floor, loadMb: peaks.peakMb(floor.pid) },
        },
      ],
      profiles,
      notes: [],
    };
  } finally {
    for (const stop of stops) await stop().catch(() => {});
  }
};
