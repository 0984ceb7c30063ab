import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

// A stand-in for the Go toolchain: `go mod download` hands out a source folder, `go build` takes a
// while, names a dependency it fetches (as Go does) and writes an executable.
const FAKE_GO = `#!/bin/sh
if [ "$1" = mod ]; then
  mkdir -p "$FAKE_SRC" && echo package > "$FAKE_SRC/main.go"
  printf '{"Path":"example.com/fake","Dir":"%s"}' "$FAKE_SRC"
  exit 0
fi
echo "go: downloading example.com/dep v0.1.0" >&2
sleep 1.5
printf '#!/bin/sh\\n' > "$4" && chmod +x "$4"
`;

let scratch: string;

const ensure = () => {
  const run = spawnSync(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(__dirname, 'fixtures', 'ensure-fake-binary.ts')],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${path.join(scratch, 'bin')}${path.delimiter}${process.env.PATH}`,
        TICKETING_CACHE_DIR: path.join(scratch, 'cache'),
        FAKE_SRC: path.join(scratch, 'module'),
      },
    },
  );
  expect(run.status).toBe(0);
  return { stderr: run.stderr, result: JSON.parse(run.stdout) as { path: string; source: string } };
};

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'toolkit-go-build-'));
  fs.mkdirSync(path.join(scratch, 'bin'));
  fs.writeFileSync(path.join(scratch, 'bin', 'go'), FAKE_GO, { mode: 0o755 });
});

afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

it('says what it builds, from which module, and how long it has taken while a first build runs', () => {
  const { stderr, result } = ensure();
  const lines = stderr.trim().split('\n');
  expect(lines[0]).toMatch(
    /^\[servers\] fake-server: not on PATH or in .*: building it from example\.com\/fake@v1\.2\.3/,
  );
  expect(lines).toContain('[servers] fake-server: downloading example.com/fake@v1.2.3...');
  expect(lines).toContain('go: downloading example.com/dep v0.1.0');
  expect(lines).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^\[servers\] fake-server: building \.\/cmd\/fake of example\.com\/fake@v1\.2\.3 \(\d+ s so far\)/,
      ),
      expect.stringMatching(
        /^\[servers\] fake-server: still building \.\/cmd\/fake of example\.com\/fake@v1\.2\.3 \(\d+ s\)$/,
      ),
    ]),
  );
  const last = lines[lines.length - 1];
  expect(last).toMatch(/^\[servers\] fake-server: built in \d+ s: /);
  expect(last.endsWith(result.path)).toBe(true);
  expect(fs.existsSync(result.path)).toBe(true);
});

it('builds once: later calls use the cache silently', () => {
  const first = ensure();
  const second = ensure();
  expect(second.stderr).toBe('');
  expect(second.result).toEqual({ path: first.result.path, source: `${first.result.path} (cache)` });
});
