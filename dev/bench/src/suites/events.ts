import { randomBytes } from 'crypto';
import fs from 'fs';
import { Session } from 'inspector';
import path from 'path';
import nats, { Message, Stan, StanOptions } from 'node-nats-streaming';
import { Listener, NatsWrapper, Publisher, Subjects, TicketCreatedEvent, TicketEventData } from '@ticketing/common';
import { startNatsStreaming } from '@ticketing/toolkit';
import { Side } from '../measure';
import { monotonicMicros, Window } from '../profile';
import { percentile } from '../stats';
import { Benchmark, poorOnes, runBenchmarks, SuiteContext, SuiteResult, summarizeSaved } from '../suite';

// What the tickets service connects with (the defaults of common/src/nats/nats-supervisor.ts).
const STAN_OPTIONS: StanOptions = { ackTimeout: 5000, reconnectTimeWait: 1000, maxReconnectAttempts: -1 };
const ACK_WAIT = 5000;
// Unacknowledged publishes in flight during the throughput run.
const WINDOW = 256;

/** A publish function and a way to hear of each receipt: what both sides offer the measurements. */
interface Bus {
  publish(data: TicketEventData): Promise<void>;
  onReceive: (data: TicketEventData) => void;
}

class BenchPublisher extends Publisher<TicketCreatedEvent> {
  subject: Subjects.TicketCreated = Subjects.TicketCreated;
}

class BenchListener extends Listener<TicketCreatedEvent> {
  subject: Subjects.TicketCreated = Subjects.TicketCreated;
  queueGroupName = 'bench-common';
  protected override ackWait = ACK_WAIT;

  constructor(
    client: Stan,
    private readonly bus: Bus,
  ) {
    super(client);
  }

  onMessage(data: TicketEventData, msg: Message) {
    this.bus.onReceive(data);
    msg.ack();
  }
}

const connectRaw = (clusterId: string, clientId: string, url: string): Promise<Stan> =>
  new Promise((resolve, reject) => {
    const client = nats.connect(clusterId, clientId, { url, ...STAN_OPTIONS });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });

const closeRaw = (client: Stan) =>
  new Promise<void>((resolve) => {
    client.once('close', () => resolve());
    client.close();
  });

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
  while (received < sent) await new Promise((resolve) => setTimeout(resolve, 2));
  return { throughput: sent / (seconds() - started), ops: sent };
};

/**
 * common's Publisher and Listener against raw node-nats-streaming with the same connection and
 * subscription options (manual ack, ack wait, one in flight, durable queue group, deliver all), JSON both ways.
 */
export const eventsSuite = async (ctx: SuiteContext): Promise<SuiteResult> => {
  const broker = await startNatsStreaming({ storeDir: `${ctx.workDir}/events-nats`, clusterId: 'bench' });
  const id = () => randomBytes(4).toString('hex');
  const wrappers = [new NatsWrapper(), new NatsWrapper()];
  const raws: Stan[] = [];
  try {
    await wrappers[0].connect(broker.clusterId, `common-pub-${id()}`, broker.url, STAN_OPTIONS);
    await wrappers[1].connect(broker.clusterId, `common-sub-${id()}`, broker.url, STAN_OPTIONS);
    const common: Bus = { publish: () => Promise.resolve(), onReceive: () => {} };
    const publisher = new BenchPublisher(wrappers[0].client);
    common.publish = (data) => publisher.publish(data);
    new BenchListener(wrappers[1].client, common).listen();

    raws.push(await connectRaw(broker.clusterId, `raw-pub-${id()}`, broker.url));
    raws.push(await connectRaw(broker.clusterId, `raw-sub-${id()}`, broker.url));
    const raw: Bus = {
      publish: (data) =>
        new Promise((resolve, reject) =>
          raws[0].publish('bench:raw', JSON.stringify(data), (err) => (err ? reject(err) : resolve())),
        ),
      onReceive: () => {},
    };
    const options = raws[1]
      .subscriptionOptions()
      .setDeliverAllAvailable()
      .setManualAckMode(true)
      .setAckWait(ACK_WAIT)
      // As common's Listener subscribes by default: one message in flight, so they are handled in order.
      .setMaxInFlight(1)
      .setDurableName('bench-raw');
    raws[1].subscribe('bench:raw', 'bench-raw', options).on('message', (msg: Message) => {
      const payload = msg.getData();
      raw.onReceive(JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8')) as TicketEventData);
      msg.ack();
    });

    const side = (label: string, bus: Bus, round: (bus: Bus, s: number) => Promise<Record<string, number>>): Side => ({
      label,
      run: (seconds) => round(bus, seconds),
    });
    const benchmarks: Benchmark[] = [
      {
        name: 'publish → receive latency (one at a time)',
        metrics: [
          { key: 'p50', unit: 'ms', better: 'lower' },
          { key: 'p99', unit: 'ms', better: 'lower' },
        ],
        subject: () => side('common Publisher/Listener', common, latencyRound),
        floor: side('raw node-nats-streaming, same options', raw, latencyRound),
      },
      {
        name: `sustained throughput (${WINDOW} publishes in flight)`,
        metrics: [{ key: 'throughput', unit: 'msg/s', better: 'higher' }],
        subject: () => side('common Publisher/Listener', common, throughputRound),
        floor: side('raw node-nats-streaming, same options', raw, throughputRound),
        notes: ['Counted from the first publish until the listener has received every message sent.'],
      },
    ];
    const watch = [
      { name: 'bench (publisher + listener)', pid: process.pid },
      ...(broker.process.child.pid ? [{ name: 'nats-streaming', pid: broker.process.child.pid }] : []),
    ];
    const comparisons = await runBenchmarks('events', benchmarks, '', watch, ctx);

    // Publisher and listener live in this process: profile it through the inspector.
    const poor = poorOnes(benchmarks, comparisons, ctx);
    const profiles = [];
    if (poor.length) {
      ctx.log(`events: profiling ${poor.map((b) => b.name).join(', ')}`);
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
      const file = path.join(ctx.workDir, 'events.cpuprofile');
      fs.writeFileSync(file, JSON.stringify(profile));
      profiles.push(
        ...summarizeSaved(
          'events',
          poor.map((b) => b.name),
          windows,
          file,
          ctx,
        ),
      );
    }
    return { comparisons, memory: [], profiles, notes: [] };
  } finally {
    for (const wrapper of wrappers) await wrapper.close().catch(() => {});
    for (const client of raws) await closeRaw(client).catch(() => {});
    await broker.stop();
  }
};
