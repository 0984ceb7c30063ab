import fs from 'fs';
import os from 'os';
import path from 'path';
import { renderChart } from './chart';
import { renderMarkdown, resultsTable } from './report';
import { SuiteContext, SuiteResult } from './suite';
import { authSuite } from './suites/auth';
import { clientSuite } from './suites/client';
import { eventsSuite } from './suites/events';
import { ticketsSuite } from './suites/tickets';
import { BenchResults } from './types';

const suites: Record<string, (ctx: SuiteContext) => Promise<SuiteResult>> = {
  tickets: ticketsSuite,
  auth: authSuite,
  events: eventsSuite,
  client: clientSuite,
};

const numberFromEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const main = async () => {
  const started = Date.now();
  const date = new Date().toISOString().slice(0, 10);
  const selected = (process.env.BENCH_SUITES ?? Object.keys(suites).join(',')).split(',').map((s) => s.trim());
  const unknown = selected.filter((name) => !suites[name]);
  if (unknown.length)
    throw new Error(`Unknown suite(s) ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);

  const resultsDir = path.resolve(__dirname, '..', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ticketing-bench-'));
  const failed: string[] = [];
  const ctx: SuiteContext = {
    rounds: numberFromEnv('BENCH_ROUNDS', 5),
    seconds: numberFromEnv('BENCH_SECONDS', 3),
    warmupSeconds: 1,
    poorBelow: 0.7,
    workDir,
    resultsDir,
    date,
    log: (message) => console.log(`[bench ${Math.round((Date.now() - started) / 1000)}s] ${message}`),
    fail: (message) => {
      failed.push(message);
      console.error(`[bench] ${message}`);
    },
  };
  const results: BenchResults = {
    date,
    startedAt: new Date(started).toISOString(),
    runtimeSeconds: 0,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      load: os.loadavg(),
    },
    settings: { rounds: ctx.rounds, seconds: ctx.seconds, warmupSeconds: ctx.warmupSeconds, poorBelow: ctx.poorBelow },
    comparisons: [],
    memory: [],
    profiles: [],
    notes: [],
  };
  for (const name of selected) {
    ctx.log(`suite ${name}`);
    try {
      const result = await suites[name](ctx);
      results.comparisons.push(...result.comparisons);
      results.memory.push(...result.memory);
      results.profiles.push(...result.profiles);
      results.notes.push(...result.notes);
    } catch (err) {
      // The other suites still run and report; the run as a whole fails at the end.
      ctx.fail(`suite ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  results.runtimeSeconds = (Date.now() - started) / 1000;
  results.notes.push(...failed.map((message) => `Failed: ${message.split('\n')[0]}`));

  const markdown = renderMarkdown(results);
  fs.writeFileSync(path.join(resultsDir, `${date}.md`), markdown);
  fs.writeFileSync(path.join(resultsDir, 'latest.md'), markdown);
  fs.writeFileSync(path.join(resultsDir, `${date}.json`), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(
    path.join(resultsDir, `${date}.svg`),
    renderChart(results.comparisons, ctx.poorBelow, `Ticketing benchmarks, ${date}`),
  );
  if (!failed.length) fs.rmSync(workDir, { recursive: true, force: true });
  else console.error(`[bench] logs kept in ${workDir}`);

  console.log(`\n${resultsTable(results.comparisons, ctx.poorBelow)}\n`);
  console.log(
    `Wrote dev/bench/results/${date}.md, .json, .svg and latest.md in ${Math.round(results.runtimeSeconds)} s.`,
  );
  if (failed.length) process.exitCode = 1;
};

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
