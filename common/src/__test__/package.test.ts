import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const commonDir = path.resolve(__dirname, '..', '..');

// Packs the package as `npm publish` would and installs it into an empty project,
// proving the published artefact (not the workspace link) works on its own.
it('packs build/ with declarations and works when installed elsewhere', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ticketing-common-pack-'));
  try {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: commonDir, encoding: 'utf8' }),
    ) as { filename: string; files: { path: string }[] }[];
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(expect.arrayContaining(['build/index.js', 'build/index.d.ts', 'package.json']));
    expect(files.filter((file) => file.startsWith('src/') || file.includes('__test__'))).toEqual([]);

    const project = path.join(scratch, 'consumer');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}');
    execFileSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(scratch, packed.filename)],
      {
        cwd: project,
        stdio: 'ignore',
      },
    );
    const exported = execFileSync(
      'node',
      ['-e', "console.log(Object.keys(require('@ticketing/common')).sort().join(','))"],
      { cwd: project, encoding: 'utf8' },
    )
      .trim()
      .split(',');
    expect(exported).toEqual(
      expect.arrayContaining([
        'BadRequestError',
        'CustomError',
        'DatabaseConnectionError',
        'NotAuthorizedError',
        'NotFoundError',
        'RequestValidationError',
        'currentUser',
        'errorHandler',
        'requireAuth',
        'validateRequest',
        'ConflictError',
        'createApp',
        'runService',
        'Subjects',
        'Publisher',
        'Listener',
        'NatsWrapper',
        'NatsSupervisor',
      ]),
    );
    expect(fs.existsSync(path.join(project, 'node_modules', '@ticketing', 'common', 'build', 'index.d.ts'))).toBe(true);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}, 180_000);
