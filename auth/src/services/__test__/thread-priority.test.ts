import { getPriority } from 'os';
import { lowerThreadPriority } from '../thread-priority';

it('reports that it cannot lower the priority where the thread has no id to name, and changes nothing', () => {
  const before = getPriority(process.pid);
  expect(lowerThreadPriority('/no/such/thread-self')).toBe(false);
  expect(getPriority(process.pid)).toBe(before);
});
