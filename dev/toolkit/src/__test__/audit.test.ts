import { auditVerdict } from '../audit/verdict';

const report = (vulnerabilities: Record<string, { severity: string }>) =>
  JSON.stringify({
    vulnerabilities: Object.fromEntries(Object.entries(vulnerabilities).map(([name, v]) => [name, { name, ...v }])),
  });

it('passes a report with no high or critical advisory', () => {
  expect(auditVerdict(report({ lodash: { severity: 'moderate' }, qs: { severity: 'low' } }), [])).toEqual({
    status: 'passed',
    summary: 'no unexplained high or critical advisory (2 advisories in all)',
  });
});

it('fails on an unexplained high or critical advisory, naming each', () => {
  const verdict = auditVerdict(
    report({ a: { severity: 'high' }, b: { severity: 'critical' }, c: { severity: 'low' } }),
    [],
  );
  expect(verdict).toEqual({
    status: 'failed',
    summary: 'unexplained high or critical advisories: a (high), b (critical)',
  });
});

it('passes an advisory that was looked at and explained', () => {
  const verdict = auditVerdict(report({ a: { severity: 'critical' } }), [{ package: 'a' }]);
  expect(verdict.status).toBe('passed');
});

// What npm 11 prints when the registry proxies downloads only (as on this project's machines).
it.each([
  [
    'a refusing endpoint',
    { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk' },
  ],
  [
    'no network',
    {
      error: {
        code: 'ENOTFOUND',
        summary: 'request to https://registry.npmjs.org failed, reason: getaddrinfo ENOTFOUND',
      },
    },
  ],
])('skips, saying why, when the advisory endpoint gives no report: %s', (_case, body) => {
  const verdict = auditVerdict(JSON.stringify(body), []);
  expect(verdict.status).toBe('skipped');
  expect(verdict.summary).toMatch(/^the registry's advisory endpoint is unreachable here \(.*(405|ENOTFOUND)/);
});

it('fails, rather than skips, when npm gave no report for another reason', () => {
  expect(
    auditVerdict(
      JSON.stringify({ error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.' } }),
      [],
    ).status,
  ).toBe('failed');
  expect(auditVerdict('npm ERR! something broke', []).status).toBe('failed');
});
