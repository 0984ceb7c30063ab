/** Whether a bigger number is better (throughput) or a smaller one (latency). */
export type Better = 'higher' | 'lower';

/** Median of the rounds, with the lowest and highest round beside it. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** One quantity a benchmark reports per round, e.g. requests per second. */
export interface MetricSpec {
  key: string;
  unit: string;
  better: Better;
}

/** What one round of one side produced: a value per metric key. */
export type RoundValues = Record<string, number>;

/** One metric of one benchmark: subject and floor side by side, and their per-round ratio. */
export interface Figure extends MetricSpec {
  subject: Spread;
  floor: Spread;
  /** 1 = as good as the floor, below 1 = worse (see `relative`). */
  ratio: Spread;
}

/** CPU a process used while one side ran, per operation of that side. */
export interface CpuShare {
  process: string;
  /** Cores kept busy on average (CPU seconds / wall seconds). */
  cores: number;
  /** CPU milliseconds per operation (request or message), when the side counts operations. */
  msPerOp?: number;
}

/** A target for one figure's median ratio, e.g. "throughput at least 0.85 of the floor". */
export interface Goal {
  metric: string;
  /** The median ratio must be at least this. */
  atLeast: number;
  /** The goal as its issue words it, e.g. "p99 ≤ 1.5× unloaded". */
  text: string;
}

/**
 * Splits a subject's gap to a bare floor into what the framework costs and what is ours, through
 * a framework floor: the bare floor plus only what the service is bound to use (a pinned middleware,
 * the required log line; Next and React). Both name other comparisons of the same run.
 */
export interface GapSplit {
  /** The framework floor measured against the bare floor: what the framework alone costs. */
  frameworkCost: string;
  /** The subject measured against the framework floor: what is ours. */
  ours: string;
}

/** A subject measured against its floor over alternating rounds. */
export interface Comparison {
  group: string;
  name: string;
  subject: string;
  floor: string;
  rounds: { subject: RoundValues[]; floor: RoundValues[] };
  figures: Figure[];
  cpu?: { subject: CpuShare[]; floor: CpuShare[] };
  /** Anything a reader needs to interpret the figures (e.g. errors seen). */
  notes: string[];
  /** Where the time went, told in words, when no profile of the subject's own process tells it (e.g. its database's). */
  timeNote?: string;
  /**
   * Set by a suite only when this run's own figures show it (e.g. the database's plan and profile): whose
   * the gap of a missed goal is, in a few words. The Goals table shows it beside "not met".
   */
  gapOwner?: string;
  goals?: Goal[];
  /** Where a missed goal's gap goes (see GapSplit). */
  split?: GapSplit;
  /** Both sides are floors: the ratio is a cost to record, not a shortfall to profile. */
  floorsOnly?: boolean;
}

/** Resident memory of a service, idle and at the peak of its load. */
export interface MemoryRow {
  service: string;
  idleMb: number;
  loadMb: number;
  floor?: { name: string; idleMb: number; loadMb: number };
}

/** Where a subject's CPU time went, from its .cpuprofile. */
export interface ProfileSummary {
  comparison: string;
  file: string;
  /** Busy time in the sampled window (idle excluded), ms. */
  busyMs: number;
  idlePct: number;
  /** Samples left out as taken when the thread got a core back (see summarizeProfile), % of all in the window. */
  resumedPct: number;
  top: { fn: string; where: string; selfMs: number; pct: number }[];
  byPackage: { name: string; selfMs: number; pct: number }[];
  /** As byPackage, with Node internals and native frames charged to the package that called them. */
  byCaller: { name: string; selfMs: number; pct: number }[];
}

export interface BenchResults {
  date: string;
  startedAt: string;
  runtimeSeconds: number;
  machine: { cpus: number; cpuModel: string; node: string; load: number[] };
  settings: { rounds: number; seconds: number; warmupSeconds: number; poorBelow: number };
  comparisons: Comparison[];
  memory: MemoryRow[];
  profiles: ProfileSummary[];
  /** Floors and choices explained, shown under the table. */
  notes: string[];
}
