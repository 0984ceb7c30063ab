import { spawnSync } from 'child_process';
import { repoRoot } from '../paths';
import { explainedAdvisories } from './exceptions';
import { auditVerdict } from './verdict';

/**
 * `npm run audit:deps`: audits the production dependencies. Exits 1 only when it found an
 * unexplained high or critical advisory (or npm failed); a skipped audit exits 0 and says so.
 */
// npm audit exits non-zero when it finds advisories; its JSON report is on stdout either way.
const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
  cwd: repoRoot,
  encoding: 'utf8',
  maxBuffer: 32 * 1024 * 1024,
  // npm is npm.cmd on Windows.
  shell: process.platform === 'win32',
});
const verdict = auditVerdict(audit.stdout ?? '', explainedAdvisories);
process.stdout.write(`npm audit: ${verdict.status}: ${verdict.summary}\n`);
process.exitCode = verdict.status === 'failed' ? 1 : 0;
