import { cpuSeconds, waitUntilIdle } from './proc';
import { figures } from './stats';
import { Comparison, CpuShare, MetricSpec, RoundValues } from './types';

export interface Side {
  label: string;
  /** One round of load lasting about `seconds`; the `ops` key, when present, counts operations for CPU per operation. */
  run(seconds: number): Promise<RoundValues>;
}

/** A process whose CPU use is recorded per side, e.g. the service, its database, the load generator. */
export interface Watched {
  name: string;
  pid: number;
  /** Wait for it to go idle after every run, so leftovers of one side do not slow the other. */
  settle?: boolean;
}

export interface CompareOptions {
  group: string;
  name: string;
  metrics: MetricSpec[];
  subject: Side;
  floor: Side;
  rounds: number;
  seconds: number;
  /** Runs each side this long, unrecorded, so both are warm (JIT, connection pools) before round 1. */
  warmupSeconds: number;
  watch?: Watched[];
  notes?: string[];
}

interface CpuTally {
  wall: number;
  ops: number;
  cpu: Map<string, number>;
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

const tallyRound = async (side: Side, seconds: number, watch: Watched[], tally: CpuTally): Promise<RoundValues> => {
  const before = watch.map(({ pid }) => cpuSeconds(pid) ?? 0);
  const started = now();
  const values = await side.run(seconds);
  tally.wall += now() - started;
  for (const { pid } of watch.filter((w) => w.settle)) await waitUntilIdle(pid);
  tally.ops += values.ops ?? 0;
  watch.forEach(({ name, pid }, i) => {
    tally.cpu.set(name, (tally.cpu.get(name) ?? 0) + (cpuSeconds(pid) ?? before[i]) - before[i]);
  });
  return values;
};

const shares = (tally: CpuTally): CpuShare[] =>
  [...tally.cpu].map(([name, seconds]) => ({
    process: name,
    cores: seconds / tally.wall,
    msPerOp: tally.ops ? (seconds * 1000) / tally.ops : undefined,
  }));

/**
 * Runs subject and floor alternately, `rounds` times each. The order flips every round
 * (S F, F S, S F, ...) so that a slow drift of the shared machine favours neither side.
 */
export const compare = async (options: CompareOptions): Promise<Comparison> => {
  const { subject, floor, rounds, seconds, watch = [] } = options;
  const untallied = { wall: 0, ops: 0, cpu: new Map<string, number>() };
  await tallyRound(subject, options.warmupSeconds, watch, untallied);
  await tallyRound(floor, options.warmupSeconds, watch, untallied);
  const recorded = { subject: [] as RoundValues[], floor: [] as RoundValues[] };
  const tallies = {
    subject: { wall: 0, ops: 0, cpu: new Map<string, number>() },
    floor: { wall: 0, ops: 0, cpu: new Map<string, number>() },
  };
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? (['subject', 'floor'] as const) : (['floor', 'subject'] as const);
    for (const which of order) {
      const side = which === 'subject' ? subject : floor;
      recorded[which].push(await tallyRound(side, seconds, watch, tallies[which]));
    }
  }
  return {
    group: options.group,
    name: options.name,
    subject: subject.label,
    floor: floor.label,
    rounds: recorded,
    figures: figures(options.metrics, recorded.subject, recorded.floor),
    cpu: watch.length ? { subject: shares(tallies.subject), floor: shares(tallies.floor) } : undefined,
    notes: options.notes ?? [],
  };
};
