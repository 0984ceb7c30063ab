import { Side } from '../measure';
import { HTTP_METRICS, withFrameworkSplit } from '../suite';

const side = (label: string): Side => ({ label, run: async () => ({}) });

describe('withFrameworkSplit', () => {
  it('adds the row against the framework floor (same goals) and the framework floor against the bare one', () => {
    const goals = [{ metric: 'throughput', atLeast: 0.85, text: 'throughput ≥ 0.85 of the floor' }];
    const subject = (base: string) => side(`service at ${base}`);
    const bare = side('bare');
    const framework = side('framework');
    const [row, ours, cost] = withFrameworkSplit(
      { name: 'GET /x', metrics: HTTP_METRICS, subject, floor: bare, goals },
      { name: 'Express + a log line', floor: framework },
    );

    expect(row.split).toEqual({ ours: ours.name, frameworkCost: cost.name });
    expect(row.floor).toBe(bare);
    expect(ours).toMatchObject({ name: 'GET /x, against Express + a log line', floor: framework, goals });
    expect(ours.subject('http://s').label).toBe('service at http://s');
    expect(cost).toMatchObject({ floor: bare, floorsOnly: true });
    expect(cost.goals).toBeUndefined();
    // Both sides of the cost row are floors, whatever instance the suite points subjects at.
    expect(cost.subject('http://s')).toBe(framework);
  });
});
