import { execFile } from 'child_process';
import fs from 'fs';
import { promisify } from 'util';

/** A Go CPU profile read by `go tool pprof`: its total, and each function's time with all it called. */
export interface GoProfile {
  totalMs: number;
  cumulativeMs: Map<string, number>;
}

const TOTAL = /Total samples = ([\d.]+)ms/;
// flat  flat%  sum%  cum  cum%  function, as `-top -cum -unit=ms` prints them.
const ROW = /^\s*\S+\s+\S+%\s+\S+%\s+([\d.]+)ms\s+\S+%\s+(.+)$/;

/** Reads the text of `go tool pprof -top -cum -unit=ms`. */
export const parsePprofTop = (text: string): GoProfile => {
  const cumulativeMs = new Map<string, number>();
  for (const line of text.split('\n')) {
    const row = ROW.exec(line);
    if (row) cumulativeMs.set(row[2].trim(), Number(row[1]));
  }
  return { totalMs: Number(TOTAL.exec(text)?.[1] ?? 0), cumulativeMs };
};

/**
 * Profiles a Go server through its net/http/pprof endpoint for `seconds`, running `work` over and
 * over meanwhile; keeps the raw profile in `file`. Returns how many times `work` ran.
 */
export const profileGoServer = async (
  pprofUrl: string,
  seconds: number,
  file: string,
  work: () => Promise<void>,
): Promise<number> => {
  let done = false;
  const taken = fetch(`${pprofUrl}/profile?seconds=${seconds}`)
    .then(async (res) => {
      if (!res.ok) throw new Error(`${pprofUrl}/profile answered ${res.status}`);
      fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    })
    .finally(() => {
      done = true;
    });
  let runs = 0;
  while (!done) {
    await work();
    runs += 1;
  }
  await taken;
  return runs;
};

/** Summarizes a kept profile with Go's own tool (Go is there wherever FerretDB was built). */
export const readGoProfile = async (file: string): Promise<GoProfile> => {
  const { stdout } = await promisify(execFile)(
    'go',
    ['tool', 'pprof', '-top', '-cum', '-unit=ms', '-nodecount=100000', '-nodefraction=0', file],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return parsePprofTop(stdout);
};
