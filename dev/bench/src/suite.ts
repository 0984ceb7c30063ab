import fs from 'fs';
import path from 'path';
import { assertHealthy, load, LoadOptions, LoadResult } from './load';
import { compare, Side, Watched } from './measure';
import { mainThreadProfile } from './spawn';
import { monotonicMicros, profileFileName, summarizeProfile, CpuProfile, Window } from './profile';
import { needsExplaining } from './stats';
import { Comparison, GapSplit, Goal, MemoryRow, MetricSpec, ProfileSummary, RoundValues } from './types';

export interface SuiteContext {
  rounds: number;
  /** Length of one round of one side. */
  seconds: number;
  /** Length of the unrecorded warm-up run of each side. */
  warmupSeconds: number;
  /** A ratio below this is poor: its subject gets profiled. */
  poorBelow: number;
  /** Temporary: logs, databases, raw profiles. */
  workDir: string;
  /** Where kept profiles go (dev/bench/results), named with `date`. */
  resultsDir: string;
  date: string;
  log(message: string): void;
  /** Records a failure: it goes into the report and makes the run exit non-zero. */
  fail(message: string): void;
}

export interface SuiteResult {
  comparisons: Comparison[];
  memory: MemoryRow[];
  profiles: ProfileSummary[];
  notes: string[];
}

export const HTTP_METRICS: MetricSpec[] = [
  { key: 'throughput', unit: 'req/s', better: 'higher' },
  { key: 'p50', unit: 'ms', better: 'lower' },
  { key: 'p99', unit: 'ms', better: 'lower' },
];

export const httpValues = (result: LoadResult): RoundValues => ({
  throughput: result.rps,
  p50: result.p50,
  p99: result.p99,
  ops: result.ok,
});

/** A side that puts `options` under load for one round and reports HTTP_METRICS. */
export const httpSide = (label: string, options: Omit<LoadOptions, 'seconds'>): Side => ({
  label,
  run: async (seconds) => httpValues(assertHealthy(label, await load({ ...options, seconds }))),
});

/** A benchmark whose subject can be pointed at another instance (the profiled one). */
export interface Benchmark {
  name: string;
  metrics: MetricSpec[];
  subject: (base: string) => Side;
  floor: Side;
  notes?: string[];
  /** What the figures must reach; the report says which are met. */
  goals?: Goal[];
  /** The rows that split this row's gap into the framework's and ours. */
  split?: GapSplit;
  /** Both sides are floors (the framework's cost): never profiled through the subject's instance. */
  floorsOnly?: boolean;
}

/** The framework floor of a goal row: the bare floor plus only what the service is bound to use. */
export interface FrameworkFloor {
  /** Short, e.g. "Express + cookie-session + a log line". */
  name: string;
  floor: Side;
}

/**
 * A goal row against its bare floor, followed by the two rows that split its gap (GapSplit): the
 * subject against the framework floor, with the same goals (what is ours), and the framework floor
 * against the bare one (what the framework alone costs; two floors, never profiled).
 */
export const withFrameworkSplit = (row: Benchmark, framework: FrameworkFloor): Benchmark[] => {
  const split = {
    ours: `${row.name}, against ${framework.name}`,
    frameworkCost: `${row.name}: ${framework.name}, against the bare floor (the framework alone)`,
  };
  const { metrics, subject, goals } = row;
  return [
    { ...row, split },
    { name: split.ours, metrics, subject, floor: framework.floor, goals },
    { name: split.frameworkCost, metrics, subject: () => framework.floor, floor: row.floor, floorsOnly: true },
  ];
};

export const runBenchmarks = async (
  group: string,
  benchmarks: Benchmark[],
  subjectBase: string,
  watch: Watched[],
  ctx: SuiteContext,
): Promise<Comparison[]> => {
  const comparisons: Comparison[] = [];
  for (const benchmark of benchmarks) {
    ctx.log(`${group}: ${benchmark.name}`);
    try {
      const comparison = await compare({
        group,
        name: benchmark.name,
        metrics: benchmark.metrics,
        subject: benchmark.subject(subjectBase),
        floor: benchmark.floor,
        rounds: ctx.rounds,
        seconds: ctx.seconds,
        warmupSeconds: ctx.warmupSeconds,
        watch,
        notes: benchmark.notes,
      });
      const { goals, split, floorsOnly } = benchmark;
      comparisons.push({
        ...comparison,
        ...(goals && { goals }),
        ...(split && { split }),
        ...(floorsOnly && { floorsOnly }),
      });
    } catch (err) {
      // One benchmark that cannot be measured (e.g. no answer at all under an overloaded
      // machine) must not cost the suite's other figures; the run still reports it and fails.
      const message = err instanceof Error ? err.message : String(err);
      ctx.fail(`${group}: ${benchmark.name} could not be measured: ${message}`);
    }
  }
  return comparisons;
};

/** The benchmarks with at least one poor ratio or a goal not met. */
export const poorOnes = (benchmarks: Benchmark[], comparisons: Comparison[], ctx: SuiteContext): Benchmark[] =>
  benchmarks.filter((benchmark) => {
    const comparison = comparisons.find((c) => c.name === benchmark.name);
    return comparison !== undefined && needsExplaining(comparison, ctx.poorBelow);
  });

/** A subject instance started with `--cpu-prof`, writing its profile into `profileDir` when it exits. */
export interface ProfiledInstance {
  base: string;
  profileDir: string;
  stop(): Promise<void>;
}

/**
 * Runs each poor benchmark's subject load once more against a profiled instance, then splits
 * the profile by the time window of each load, so every benchmark gets its own summary.
 */
export const profilePoor = async (
  group: string,
  poor: Benchmark[],
  startProfiled: () => Promise<ProfiledInstance>,
  ctx: SuiteContext,
  /** Names the kept file, when a group profiles more than one server. */
  fileName = group,
): Promise<ProfileSummary[]> => {
  if (!poor.length) return [];
  ctx.log(`${group}: profiling ${poor.map((b) => b.name).join(', ')}`);
  const instance = await startProfiled();
  const windows: Window[] = [];
  try {
    for (const benchmark of poor) {
      const side = benchmark.subject(instance.base);
      // Warm, as the measured rounds were. A fresh instance on a busy machine may not finish a
      // single page within the warm-up: its figures are dropped anyway, the measured run is checked.
      await side.run(ctx.warmupSeconds).catch(() => undefined);
      const from = monotonicMicros();
      await side.run(ctx.seconds);
      windows.push({ from, to: monotonicMicros() });
    }
  } finally {
    await instance.stop();
  }
  return summarizeSaved(
    group,
    poor.map((b) => b.name),
    windows,
    mainThreadProfile(instance.profileDir),
    ctx,
    fileName,
  );
};

/** Keeps the raw profile beside the results (git-ignored) and summarizes each window. */
export const summarizeSaved = (
  group: string,
  names: string[],
  windows: Window[],
  profileFile: string,
  ctx: SuiteContext,
  fileName = group,
): ProfileSummary[] => {
  const kept = path.join(ctx.resultsDir, profileFileName(ctx.date, fileName));
  fs.copyFileSync(profileFile, kept);
  const profile = JSON.parse(fs.readFileSync(kept, 'utf8')) as CpuProfile;
  return names.map((name, i) =>
    summarizeProfile(profile, `${group}: ${name}`, path.relative(path.dirname(ctx.resultsDir), kept), windows[i]),
  );
};

/** Adds a note to the named comparison, if it was measured (a failed benchmark has none). */
export const addNote = (comparisons: Comparison[], name: string, note: string): void => {
  comparisons.find((comparison) => comparison.name === name)?.notes.push(note);
};
