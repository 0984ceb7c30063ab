import { configDifferences } from '../config-diff';

describe('configDifferences', () => {
  it('finds nothing in equal configurations, nested values compared by value', () => {
    expect(configDifferences({ ack_wait: 5, backoff: [1, 2] }, { backoff: [1, 2], ack_wait: 5 }, [])).toEqual([]);
  });

  it('names each differing setting with both values, in key order', () => {
    expect(
      configDifferences({ max_ack_pending: 1, backoff: [1, 2] }, { max_ack_pending: 16, backoff: [1] }, []),
    ).toEqual(['backoff: [1,2] ≠ [1]', 'max_ack_pending: 1 ≠ 16']);
  });

  it('counts a setting only one side has', () => {
    expect(configDifferences({ max_deliver: 5 }, {}, [])).toEqual(['max_deliver: 5 ≠ undefined']);
  });

  it('leaves out the ignored keys', () => {
    expect(configDifferences({ name: 'A', ack_wait: 5 }, { name: 'B', ack_wait: 5 }, ['name'])).toEqual([]);
  });
});
