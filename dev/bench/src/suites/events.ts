import fs from 'fs';
import { Session } from 'inspector';
import path from 'path';
import { setTimeout as sleep } from 'timers/promises';
import { TicketEventData } from '@ticketing/common';
import { Side } from '../measure';
import { monotonicMicros, Window } from '../profile';
import { percentile } from '../stats';
import { Benchmark, poorOnes, runBenchmarks, SuiteContext, SuiteResult, summarizeSaved } from '../suite';
import { ProfileSummary } from '../types';
import { Bus, OpenTransport, Transport } from './events-bus';
import { jetStreamTransport } from './events-jetstream';
import { stanTransport } from './events-stan';

// Unacknowledged publishes in flight during the throughput run.
const WINDOW = 256;

const eventData = (n: number): TicketEventData => ({
  id: `bench-${n}`,
  version: n,
  title: 'Bench concert',
  price: 25,
  userId: 'bench-user',
});
const seconds = () => Number(process.hrtime.bigint()) / 1e9;

/** One message at a time: publish, wait until the listener has it, repeat. */
const latencyRound = async (bus: Bus, durationS: number) => {
  const latencies: number[] = [];
  const end = seconds() + durationS;
  for (let n = 0; seconds() < end; n += 1) {
    const started = seconds();
    const received = new Promise<void>((resolve) => {
      bus.onReceive = () => resolve();
    });
    await Promise.all([bus.publish(eventData(n)), received]);
    latencies.push((seconds() - started) * 1000);
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), ops: latencies.length };
};

/** Publishes with up to WINDOW acks outstanding for `durationS`, then waits for every receipt. */
const throughputRound = async (bus: Bus, durationS: number) => {
  let received = 0;
  bus.onReceive = () => {
    received += 1;
  };
  const started = seconds();
  let sent = 0;
  const worker = async () => {
    while (seconds() - started < durationS) await bus.publish(eventData(sent++));
  };
  await Promise.all(Array.from({ length: WINDOW }, worker));
  while (received < sent) await sleep(2);
  return { throughput: sent / (seconds() - started), ops: sent };
};

const side = (label: string, bus: Bus, round: (bus: Bus, s: number) => Promise<Record<string, number>>): Side => ({
  label,
  run: (seconds) => round(bus, seconds),
});

const benchmarksOf = (open: OpenTransport): Benchmark[] => [
  {
    name: 'publish → receive latency (one at a time)',
    metrics: [
      { key: 'p50', unit: 'ms', better: 'lower' },
      { key: 'p99', unit: 'ms', better: 'lower' },
    ],
    subject: () => side('common Publisher/Listener', open.common, latencyRound),
    floor: side(open.floor, open.raw, latencyRound),
    notes: open.notes,
  },
  {
    name: `sustained throughput (${WINDOW} publishes in flight)`,
    metrics: [{ key: 'throughput', unit: 'msg/s', better: 'higher' }],
    subject: () => side('common Publisher/Listener', open.common, throughputRound),
    floor: side(open.floor, open.raw, throughputRound),
    notes: [...open.notes, 'Counted from the first publish until the listener has received every message sent.'],
  },
];

/** Publisher and listener live in this process: profiles it through the inspector while each poor subject runs. */
const profileInProcess = async (group: string, poor: Benchmark[], ctx: SuiteContext): Promise<ProfileSummary[]> => {
  if (!poor.length) return [];
  ctx.log(`${group}: profiling ${poor.map((b) => b.name).join(', ')}`);
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (err, result) => (err ? reject(err) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  const windows: Window[] = [];
  for (const benchmark of poor) {
    const from = monotonicMicros();
    await benchmark.subject('').run(ctx.seconds);
    windows.push({ from, to: monotonicMicros() });
  }
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  session.disconnect();
  const file = path.join(ctx.workDir, `${group}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  return summarizeSaved(
    group,
    poor.map((b) => b.name),
    windows,
    file,
    ctx,
  );
};

/** Both benchmarks on one transport's own broker, then the profiles of the poor ones. */
const measureTransport = async (transport: Transport, ctx: SuiteContext): Promise<SuiteResult> => {
  const group = `events (${transport.name})`;
  const open = await transport.open(ctx.workDir);
  try {
    const benchmarks = benchmarksOf(open);
    const watch = [
      { name: 'bench (publisher + listener)', pid: process.pid },
      ...(open.broker.pid ? [{ name: open.broker.name, pid: open.broker.pid }] : []),
    ];
    const comparisons = await runBenchmarks(group, benchmarks, '', watch, ctx);
    const profiles = await profileInProcess(group, poorOnes(benchmarks, comparisons, ctx), ctx);
    return { comparisons, memory: [], profiles, notes: [] };
  } finally {
    await open.close();
  }
};

/**
 * common's Publisher and Listener against the raw client of each transport with the same options,
 * one transport (and broker) at a time.
 */
export const eventsSuite = async (ctx: SuiteContext): Promise<SuiteResult> => {
  const result: SuiteResult = { comparisons: [], memory: [], profiles: [], notes: [] };
  for (const transport of [stanTransport, jetStreamTransport]) {
    try {
      const measured = await measureTransport(transport, ctx);
      result.comparisons.push(...measured.comparisons);
      result.profiles.push(...measured.profiles);
    } catch (err) {
      // A transport that cannot be set up must not cost the other's figures; the run still fails.
      ctx.fail(`events (${transport.name}) failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  return result;
};
