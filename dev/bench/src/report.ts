import { goalVerdict, missedGoals, needsExplaining, poorFigures, Verdict } from './stats';
import { BenchResults, Comparison, CpuShare, Figure, MemoryRow, ProfileSummary, Spread } from './types';

/** Few significant digits: enough to compare, not more than the noise allows. */
export const formatNumber = (value: number): string => {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
};

export const formatSpread = (s: Spread): string =>
  `${formatNumber(s.median)} (${formatNumber(s.min)}–${formatNumber(s.max)})`;

export const formatRatio = (ratio: Spread, poorBelow: number): string =>
  `${ratio.median.toFixed(2)} (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})${ratio.median < poorBelow ? ' ⚠' : ''}`;

const cell = (text: string) => text.replace(/\|/g, '\\|');

const figureRow = (comparison: Comparison, figure: Figure, poorBelow: number): string =>
  `| ${cell(comparison.group)} | ${cell(comparison.name)} | ${figure.key} (${figure.unit}) | ${formatSpread(figure.subject)} | ${formatSpread(figure.floor)} | ${formatRatio(figure.ratio, poorBelow)} |`;

/** The table the README shows: every figure, subject and floor as median (min–max), and the ratio. */
export const resultsTable = (comparisons: Comparison[], poorBelow: number): string =>
  [
    '| Group | Benchmark | Metric | Subject | Floor | Ratio |',
    '|---|---|---|---:|---:|---:|',
    ...comparisons.flatMap((comparison) =>
      comparison.figures.map((figure) => figureRow(comparison, figure, poorBelow)),
    ),
  ].join('\n');

const shortRatio = (figure: Figure): string => figure.ratio.median.toFixed(2);

const verdictCell = (verdict: Verdict, comparison: Comparison): string => {
  if (verdict.kind === 'not met') return '**not met**';
  if (verdict.kind === 'explained') return cell(`not met: ${verdict.owner}`);
  if (verdict.kind !== "framework's") return verdict.kind;
  const cost = verdict.frameworkCost ? `; the framework alone, ${shortRatio(verdict.frameworkCost)} of this floor` : '';
  return cell(
    `not met against this floor; the framework's gap: ours ${shortRatio(verdict.ours)} against "${comparison.split?.ours}" (met)${cost}`,
  );
};

/**
 * Each goal beside the ratio it asks about, and whether the median reaches it. A goal missed against
 * the bare floor but met against the framework floor (see GapSplit) says so, with both figures.
 */
export const goalsTable = (comparisons: Comparison[]): string => {
  const rows = comparisons.flatMap((comparison) =>
    (comparison.goals ?? []).map((goal) => {
      const figure = comparison.figures.find((f) => f.key === goal.metric);
      const ratio = figure
        ? `${figure.ratio.median.toFixed(2)} (${figure.ratio.min.toFixed(2)}–${figure.ratio.max.toFixed(2)})`
        : '–';
      const verdict = verdictCell(goalVerdict(comparison, goal, comparisons), comparison);
      return `| ${cell(comparison.group)} | ${cell(comparison.name)} | ${cell(goal.text)} | ≥ ${goal.atLeast.toFixed(2)} | ${ratio} | ${verdict} |`;
    }),
  );
  if (!rows.length) return 'No benchmark in this run has a goal.';
  return ['| Group | Benchmark | Goal | Ratio needed | Ratio | |', '|---|---|---|---:|---:|---|', ...rows].join('\n');
};

export const memoryTable = (rows: MemoryRow[]): string =>
  [
    '| Service | Idle (MB) | Under load, peak (MB) | Floor | Floor idle (MB) | Floor under load (MB) |',
    '|---|---:|---:|---|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.service} | ${formatNumber(row.idleMb)} | ${formatNumber(row.loadMb)} | ${row.floor?.name ?? '–'} | ${row.floor ? formatNumber(row.floor.idleMb) : '–'} | ${row.floor ? formatNumber(row.floor.loadMb) : '–'} |`,
    ),
  ].join('\n');

/** CPU per process while each side ran; processes that stayed idle are left out. */
const cpuTable = (cpu: { subject: CpuShare[]; floor: CpuShare[] }): string => {
  const names = [...new Set([...cpu.subject, ...cpu.floor].filter((s) => s.cores >= 0.02).map((s) => s.process))];
  const show = (shares: CpuShare[], name: string) => {
    const share = shares.find((s) => s.process === name);
    if (!share || share.cores < 0.02) return '–';
    return `${share.cores.toFixed(2)} cores${share.msPerOp !== undefined ? `, ${share.msPerOp.toFixed(3)} ms/op` : ''}`;
  };
  return [
    '| Process | During subject rounds | During floor rounds |',
    '|---|---:|---:|',
    ...names.map((name) => `| ${name} | ${show(cpu.subject, name)} | ${show(cpu.floor, name)} |`),
  ].join('\n');
};

const profileSection = (profile: ProfileSummary): string =>
  [
    `Profile \`${profile.file}\` (${formatNumber(profile.busyMs)} ms busy in the load window, ${profile.idlePct.toFixed(0)}% idle; ` +
      `${profile.resumedPct.toFixed(0)}% of the samples left out as taken when the process got a core back):`,
    '',
    '| Package | Self time | Share of busy | Package, Node internals charged to their caller | Self time | Share of busy |',
    '|---|---:|---:|---|---:|---:|',
    ...profile.byPackage.slice(0, 8).map((p, i) => {
      const c = profile.byCaller[i];
      const callerCells = c ? `${cell(c.name)} | ${formatNumber(c.selfMs)} ms | ${c.pct.toFixed(1)}%` : '| |';
      return `| ${cell(p.name)} | ${formatNumber(p.selfMs)} ms | ${p.pct.toFixed(1)}% | ${callerCells} |`;
    }),
    '',
    '| Function | Where | Self time | Share of busy |',
    '|---|---|---:|---:|',
    ...profile.top.map(
      (t) => `| ${cell(t.fn)} | ${cell(t.where || '–')} | ${formatNumber(t.selfMs)} ms | ${t.pct.toFixed(1)}% |`,
    ),
  ].join('\n');

/** For each comparison with a poor ratio: which figures, CPU per process, and the profile. */
export const poorSection = (results: BenchResults): string => {
  const { poorBelow } = results.settings;
  const poor = results.comparisons.filter((c) => needsExplaining(c, poorBelow));
  if (!poor.length) return `Every ratio is at or above ${poorBelow} and every goal is met.`;
  return poor
    .map((comparison) => {
      const title = `${comparison.group}: ${comparison.name}`;
      const figures = poorFigures(comparison.figures, poorBelow)
        .map((f) => `${f.key} ${f.ratio.median.toFixed(2)}`)
        .join(', ');
      const missed = missedGoals(comparison)
        .map((g) => g.text)
        .join('; ');
      const profile = results.profiles.find((p) => p.comparison === title);
      return [
        `### ${title}`,
        '',
        [figures && `Below ${poorBelow}: ${figures}.`, missed && `Goal not met: ${missed}.`].filter(Boolean).join(' '),
        '',
        ...(comparison.cpu ? [cpuTable(comparison.cpu), ''] : []),
        profile ? profileSection(profile) : (comparison.timeNote ?? 'No profile was taken.'),
      ].join('\n');
    })
    .join('\n\n');
};

const explained = (comparisons: Comparison[]): string =>
  comparisons
    .map((c) =>
      [`- **${c.group}: ${c.name}** — subject: ${c.subject}; floor: ${c.floor}.`, ...c.notes.map((n) => `  ${n}`)].join(
        '\n',
      ),
    )
    .join('\n');

export const renderMarkdown = (results: BenchResults): string => {
  const { settings, machine } = results;
  return [
    `# Benchmarks, ${results.date}`,
    '',
    `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load average at start ${machine.load.map((l) => l.toFixed(2)).join(' / ')}. ` +
      `${settings.rounds} rounds of ${settings.seconds} s per side, subject and floor alternating (order flipped every round), after a ${settings.warmupSeconds} s warm-up run of each. ` +
      `Whole run: ${Math.round(results.runtimeSeconds)} s.`,
    '',
    'Each cell is the median of the rounds with the lowest and highest round in brackets. The ratio is taken per round and ' +
      'oriented so that **1.00 means as good as the floor and less is worse**: subject/floor for throughput, floor/subject for latency. ' +
      `⚠ marks a median ratio below ${settings.poorBelow}; those subjects, and those that miss a goal, were profiled (see "Where the time goes").`,
    '',
    '## Results',
    '',
    resultsTable(results.comparisons, settings.poorBelow),
    '',
    '## Goals',
    '',
    goalsTable(results.comparisons),
    '',
    '## Resident memory',
    '',
    memoryTable(results.memory),
    '',
    '## Where the time goes',
    '',
    poorSection(results),
    '',
    '## What was measured against what',
    '',
    explained(results.comparisons),
    ...results.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
};
