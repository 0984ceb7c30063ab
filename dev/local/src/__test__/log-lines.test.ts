import { readinessRequestId, renderLogLine } from '../log-lines';

const requestLine = (fields: Record<string, unknown>) =>
  JSON.stringify({
    level: 30,
    time: Date.UTC(2026, 0, 1, 12, 0, 1),
    pid: 1,
    hostname: 'h',
    reqId: 'abc',
    req: { method: 'GET', url: '/api/users/currentuser' },
    res: { statusCode: 200 },
    responseTime: 4.2,
    msg: 'request completed',
    ...fields,
  });

it('renders a service request log as one short line with method, URL, status and time', () => {
  const rendered = renderLogLine(requestLine({})) ?? '';
  expect(rendered.split('\n')).toHaveLength(1);
  expect(rendered).toContain('GET /api/users/currentuser 200 4.2ms');
  expect(rendered).not.toContain('"req"');
});

it("hides the runner's own readiness checks, found by the request id they send", () => {
  expect(renderLogLine(requestLine({ reqId: readinessRequestId, res: { statusCode: 503 } }))).toBeUndefined();
});

it('passes lines that are not JSON through unchanged', () => {
  expect(renderLogLine('  ▲ Next.js 16')).toBe('  ▲ Next.js 16');
  expect(renderLogLine('{not json')).toBe('{not json');
});
