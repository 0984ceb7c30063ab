import { Better, Comparison, Figure, Goal, MetricSpec, RoundValues, Spread } from './types';

const sorted = (values: number[]): number[] => {
  if (!values.length) throw new Error('No values to summarize');
  return [...values].sort((a, b) => a - b);
};

export const median = (values: number[]): number => {
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export const spread = (values: number[]): Spread => {
  const s = sorted(values);
  return { median: median(s), min: s[0], max: s[s.length - 1] };
};

/** Nearest-rank percentile (p in 0..100) of raw samples, e.g. latencies. */
export const percentile = (values: number[], p: number): number => {
  const s = sorted(values);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length, Math.max(1, rank)) - 1];
};

/**
 * The subject relative to its floor, oriented so that 1 means "as good as the floor" and
 * below 1 worse: subject/floor for throughput, floor/subject for latency.
 */
export const relative = (subject: number, floor: number, better: Better): number =>
  better === 'higher' ? subject / floor : floor / subject;

/**
 * One figure per metric. The ratio is taken per round (subject and floor of the same round
 * ran back to back, under the same machine noise) and then summarized, rather than dividing
 * the two medians.
 */
export const figures = (metrics: MetricSpec[], subject: RoundValues[], floor: RoundValues[]): Figure[] => {
  if (subject.length !== floor.length) throw new Error('Subject and floor ran a different number of rounds');
  return metrics.map((metric) => {
    const s = subject.map((round) => round[metric.key]);
    const f = floor.map((round) => round[metric.key]);
    return {
      ...metric,
      subject: spread(s),
      floor: spread(f),
      ratio: spread(s.map((value, i) => relative(value, f[i], metric.better))),
    };
  });
};

/** The figures of a comparison whose median ratio is below the threshold. */
export const poorFigures = (all: Figure[], threshold: number): Figure[] =>
  all.filter((figure) => figure.ratio.median < threshold);

/** The goals whose figure's median ratio falls short (or was not measured). */
export const missedGoals = (comparison: Comparison): Goal[] =>
  (comparison.goals ?? []).filter((goal) => {
    const figure = comparison.figures.find((f) => f.key === goal.metric);
    return !figure || figure.ratio.median < goal.atLeast;
  });

/**
 * Worth a profile and a "where the time goes" section: a poor ratio, or a goal not met. Not a row of
 * two floors: its ratio is what the framework costs, and there is no subject of ours to profile.
 */
export const needsExplaining = (comparison: Comparison, threshold: number): boolean =>
  !comparison.floorsOnly &&
  (poorFigures(comparison.figures, threshold).length > 0 || missedGoals(comparison).length > 0);

export type Verdict =
  | { kind: 'met' | 'not met' | 'not measured' }
  /** Missed against the bare floor, met against the framework floor: the rest of the gap is the framework's. */
  | { kind: "framework's"; ours: Figure; frameworkCost?: Figure }
  /** Missed, and this run's figures show whose the gap is (Comparison.gapOwner). */
  | { kind: 'explained'; owner: string };

/** The named comparison's figure for one metric, if that comparison was measured. */
export const findFigure = (all: Comparison[], name: string | undefined, metric: string): Figure | undefined =>
  all.find((c) => c.name === name)?.figures.find((f) => f.key === metric);

/** Whether a goal is met, and if not, whether the subject meets it against its framework floor. */
export const goalVerdict = (comparison: Comparison, goal: Goal, all: Comparison[]): Verdict => {
  const figure = comparison.figures.find((f) => f.key === goal.metric);
  if (!figure) return { kind: 'not measured' };
  if (figure.ratio.median >= goal.atLeast) return { kind: 'met' };
  const { split } = comparison;
  const sameGroup = all.filter((c) => c.group === comparison.group);
  const ours = findFigure(sameGroup, split?.ours, goal.metric);
  if (!ours || ours.ratio.median < goal.atLeast) {
    return comparison.gapOwner ? { kind: 'explained', owner: comparison.gapOwner } : { kind: 'not met' };
  }
  const frameworkCost = findFigure(sameGroup, split?.frameworkCost, goal.metric);
  return { kind: "framework's", ours, frameworkCost };
};
