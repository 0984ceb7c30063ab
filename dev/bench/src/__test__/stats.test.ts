import { figures, median, missedGoals, needsExplaining, percentile, poorFigures, relative, spread } from '../stats';
import { Comparison } from '../types';

describe('median and spread', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('reports the median with the lowest and highest value, whatever the order', () => {
    expect(spread([9, 2, 7, 4, 5])).toEqual({ median: 5, min: 2, max: 9 });
  });

  it('refuses to summarize nothing', () => {
    expect(() => median([])).toThrow('No values');
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });
});

describe('ratios', () => {
  it('is subject/floor for throughput and floor/subject for latency, so below 1 is always worse', () => {
    expect(relative(50, 100, 'higher')).toBe(0.5);
    expect(relative(20, 10, 'lower')).toBe(0.5);
  });

  it('pairs subject and floor round by round before summarizing', () => {
    const [throughput] = figures(
      [{ key: 'throughput', unit: 'req/s', better: 'higher' }],
      [{ throughput: 80 }, { throughput: 40 }, { throughput: 90 }],
      [{ throughput: 100 }, { throughput: 50 }, { throughput: 100 }],
    );
    // Round 2 was slow for both sides: its ratio (0.8) is not an outlier.
    expect(throughput.ratio).toEqual({ median: 0.8, min: 0.8, max: 0.9 });
    expect(throughput.subject).toEqual({ median: 80, min: 40, max: 90 });
    expect(throughput.floor.median).toBe(100);
  });

  it('rejects sides with different round counts', () => {
    expect(() => figures([{ key: 'p99', unit: 'ms', better: 'lower' }], [{ p99: 1 }], [])).toThrow('different number');
  });

  it('picks the figures whose median ratio is below the threshold', () => {
    const all = figures(
      [
        { key: 'throughput', unit: 'req/s', better: 'higher' },
        { key: 'p99', unit: 'ms', better: 'lower' },
      ],
      [{ throughput: 60, p99: 10 }],
      [{ throughput: 100, p99: 9 }],
    );
    expect(poorFigures(all, 0.7).map((f) => f.key)).toEqual(['throughput']);
  });
});

describe('what needs explaining', () => {
  const comparison = (ratio: number, goals?: Comparison['goals']): Comparison => ({
    group: 'auth',
    name: 'currentuser',
    subject: 's',
    floor: 'f',
    rounds: { subject: [], floor: [] },
    figures: figures(
      [{ key: 'throughput', unit: 'req/s', better: 'higher' }],
      [{ throughput: ratio }],
      [{ throughput: 1 }],
    ),
    notes: [],
    goals,
  });
  const goal = { metric: 'throughput', atLeast: 0.85, text: 'throughput ≥ 0.85' };

  it('is a ratio below the threshold, or a goal the median misses', () => {
    expect(needsExplaining(comparison(0.6), 0.7)).toBe(true);
    expect(needsExplaining(comparison(0.8), 0.7)).toBe(false);
    expect(needsExplaining(comparison(0.8, [goal]), 0.7)).toBe(true);
    expect(missedGoals(comparison(0.8, [goal]))).toEqual([goal]);
    expect(needsExplaining(comparison(0.9, [goal]), 0.7)).toBe(false);
    // Two floors: a low ratio is the framework's cost, with nothing of ours to profile.
    expect(needsExplaining({ ...comparison(0.6), floorsOnly: true }, 0.7)).toBe(false);
  });

  it('counts a goal on a metric that was not measured as missed', () => {
    expect(missedGoals(comparison(0.9, [{ ...goal, metric: 'p99' }]))).toHaveLength(1);
  });
});
