import { renderChart } from '../chart';
import { formatNumber, formatRatio, formatSpread, goalsTable, poorSection, resultsTable } from '../report';
import { BenchResults, Comparison } from '../types';

const comparison = (ratio: number): Comparison => ({
  group: 'tickets',
  name: 'GET /api/tickets/:id',
  subject: 'tickets service',
  floor: 'Express + mongoose',
  rounds: { subject: [], floor: [] },
  figures: [
    {
      key: 'throughput',
      unit: 'req/s',
      better: 'higher',
      subject: { median: 1234.4, min: 1000, max: 1500 },
      floor: { median: 2000, min: 1900, max: 2100 },
      ratio: { median: ratio, min: ratio - 0.05, max: ratio + 0.05 },
    },
  ],
  notes: [],
});

describe('report formatting', () => {
  it('shows few digits: integers with separators from 100, then 1 or 2 decimals', () => {
    expect(formatNumber(12345.6)).toBe('12,346');
    expect(formatNumber(42.25)).toBe('42.3');
    expect(formatNumber(0.4567)).toBe('0.46');
    expect(formatNumber(NaN)).toBe('–');
  });

  it('writes a spread as median (min–max)', () => {
    expect(formatSpread({ median: 3, min: 2.5, max: 4 })).toBe('3.00 (2.50–4.00)');
  });

  it('marks a ratio below the threshold, and only then', () => {
    expect(formatRatio({ median: 0.62, min: 0.55, max: 0.7 }, 0.7)).toBe('0.62 (0.55–0.70) ⚠');
    expect(formatRatio({ median: 0.7, min: 0.65, max: 0.75 }, 0.7)).toBe('0.70 (0.65–0.75)');
  });

  it('renders one table row per figure', () => {
    const table = resultsTable([comparison(0.6)], 0.7).split('\n');
    expect(table).toHaveLength(3);
    expect(table[2]).toBe(
      '| tickets | GET /api/tickets/:id | throughput (req/s) | 1,234 (1,000–1,500) | 2,000 (1,900–2,100) | 0.60 (0.55–0.65) ⚠ |',
    );
  });

  it('says of each goal whether the median ratio reaches it', () => {
    const goals = [{ metric: 'throughput', atLeast: 0.85, text: 'throughput ≥ 0.85 of the floor' }];
    const met = goalsTable([{ ...comparison(0.86), goals }]).split('\n');
    expect(met).toHaveLength(3);
    expect(met[2]).toBe(
      '| tickets | GET /api/tickets/:id | throughput ≥ 0.85 of the floor | ≥ 0.85 | 0.86 (0.81–0.91) | met |',
    );
    expect(goalsTable([{ ...comparison(0.84), goals }])).toContain('| **not met** |');
    expect(goalsTable([{ ...comparison(0.9), goals: [{ ...goals[0], metric: 'p99' }] }])).toContain('| not measured |');
    expect(goalsTable([comparison(0.9)])).toBe('No benchmark in this run has a goal.');
  });

  it("tells where a poor subject's time went: its profile, else the row's own words, else that none was taken", () => {
    const results = (comparisons: Comparison[]): BenchResults => ({
      date: '2026-12-01',
      startedAt: '',
      runtimeSeconds: 1,
      machine: { cpus: 2, cpuModel: 'cpu', node: 'v20', load: [0, 0, 0] },
      settings: { rounds: 1, seconds: 1, warmupSeconds: 1, poorBelow: 0.7 },
      comparisons,
      memory: [],
      profiles: [],
      notes: [],
    });
    expect(poorSection(results([comparison(0.5)]))).toContain('No profile was taken.');
    const told = poorSection(results([{ ...comparison(0.5), timeNote: "The database's own profile: 90% decoding." }]));
    expect(told).toContain("The database's own profile: 90% decoding.");
    expect(told).not.toContain('No profile was taken.');
  });

  it("calls a goal missed against the bare floor but met against the framework floor the framework's gap", () => {
    const goals = [{ metric: 'throughput', atLeast: 0.85, text: 'throughput ≥ 0.85 of the floor' }];
    const split = { frameworkCost: 'framework floor against bare', ours: 'subject against framework floor' };
    const bare = { ...comparison(0.6), goals, split };
    const cost = { ...comparison(0.65), name: split.frameworkCost, floorsOnly: true };
    const ours = (ratio: number) => ({ ...comparison(ratio), name: split.ours });

    const explained = goalsTable([bare, cost, ours(0.9)]);
    expect(explained).toContain(
      `| not met against this floor; the framework's gap: ours 0.90 against "subject against framework floor" (met); the framework alone, 0.65 of this floor |`,
    );
    // Ours short against the framework floor too, or no framework floor measured: plainly not met.
    expect(goalsTable([bare, cost, ours(0.8)]).split('\n')[2]).toContain('| **not met** |');
    expect(goalsTable([bare]).split('\n')[2]).toContain('| **not met** |');
  });

  it('says whose the gap is when the run showed it', () => {
    const goals = [{ metric: 'throughput', atLeast: 0.85, text: 'throughput ≥ 0.85 of the floor' }];
    expect(goalsTable([{ ...comparison(0.02), goals, gapOwner: "the database's" }])).toContain(
      "| not met: the database's |",
    );
  });

  it('draws a bar per figure, red below the threshold, with escaped labels', () => {
    const svg = renderChart([{ ...comparison(0.5), name: 'a < b' }], 0.7, 'Bench');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('a &lt; b');
    expect(svg).toContain('fill="#c62828"');
    expect(svg).not.toContain('fill="#2e7d32"');
  });
});
