export interface AuditVerdict {
  status: 'passed' | 'failed' | 'skipped';
  /** One line for people: what was found, or why the audit could not run. */
  summary: string;
}

interface AuditReport {
  vulnerabilities?: Record<string, { name: string; severity: string }>;
  message?: string;
  error?: { code?: string; summary?: string };
}

// What npm reports when the registry's advisory endpoint refuses or cannot be reached: an HTTP
// error status from the endpoint, or a network failure before any answer.
const UNREACHABLE = /advisories|audit endpoint|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|\b[45]\d\d\b/;

/**
 * Judges the output of `npm audit --omit=dev --json`: failed on any high or critical advisory not
 * in `explained`; skipped (not passed) when the advisory endpoint gave no report, since nothing
 * outside the project should fail the build and nothing unchecked should look checked.
 */
export const auditVerdict = (stdout: string, explained: readonly { package: string }[]): AuditVerdict => {
  let report: AuditReport;
  try {
    report = JSON.parse(stdout) as AuditReport;
  } catch {
    return { status: 'failed', summary: `npm audit printed no JSON report: ${stdout.slice(0, 300) || '(nothing)'}` };
  }
  if (!report.vulnerabilities) {
    const reason = report.message ?? report.error?.summary ?? report.error?.code ?? '';
    if (UNREACHABLE.test(reason)) {
      return { status: 'skipped', summary: `the registry's advisory endpoint is unreachable here (${reason})` };
    }
    return { status: 'failed', summary: `npm audit produced no report: ${reason || stdout.slice(0, 300)}` };
  }
  const advisories = Object.values(report.vulnerabilities);
  const unexplained = advisories
    .filter((v) => v.severity === 'high' || v.severity === 'critical')
    .filter((v) => !explained.some((e) => e.package === v.name));
  if (unexplained.length) {
    const names = unexplained.map((v) => `${v.name} (${v.severity})`).join(', ');
    return { status: 'failed', summary: `unexplained high or critical advisories: ${names}` };
  }
  return {
    status: 'passed',
    summary: `no unexplained high or critical advisory (${advisories.length} advisories in all)`,
  };
};
