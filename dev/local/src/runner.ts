import fs from 'fs';
import { eventStream } from '@ticketing/common';
import { brokerName, defaultDataDir, prefixedOutput, Stack, StackOptions, startStack } from './stack';

export interface RunOptions extends Omit<StackOptions, 'signal' | 'output'> {
  /** Start from empty databases and an empty event store. */
  reset?: boolean;
}

const log = (line: string) => prefixedOutput('dev', line);
const localhost = (url: string) => url.replace('127.0.0.1', 'localhost');

/**
 * Runs the stack until a signal, then stops it in order. However this process ends — Ctrl-C,
 * SIGTERM, SIGHUP (terminal closed), an uncaught error, process.exit — its children are stopped:
 * in order here where it can, else by the process helper's exit hook. A run killed outright
 * leaves pid files, and the next run stops what they name (see startStack).
 */
export const runDev = async ({ reset, ...options }: RunOptions): Promise<void> => {
  const dataDir = options.dataDir ?? defaultDataDir;
  // Aborted on a signal: tells startStack to give up starting and stop reporting exits.
  const stopping = new AbortController();
  let stack: Stack | undefined;

  const stopAndExit = async (code: number) => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    // Still starting: startStack stops what it started, then rejects (handled below).
    if (!stack) return;
    await stack.stop();
    log('stopped');
    process.exit(code);
  };
  // Ctrl-C reaches npm, tsx and us at once; the children run in their own process groups, so we
  // stop them, in order, and only once.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping everything...`);
      void stopAndExit(0);
    });
  }
  // A bug in the runner itself: say so with its stack, stop everything, and exit non-zero.
  const crash = (err: unknown) => {
    process.stderr.write(`[dev] unexpected error, stopping everything: ${err instanceof Error ? err.stack : err}\n`);
    if (stopping.signal.aborted) process.exit(1);
    void stopAndExit(1);
    // Should stopping hang, the exit hook still signals every child.
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);

  if (reset) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    log(`--reset: deleted ${dataDir}`);
  }
  log(`starting on ${brokerName(options.transport)} (data in ${dataDir})...`);
  try {
    stack = await startStack({ ...options, dataDir, signal: stopping.signal });
  } catch (err) {
    // Interrupted while starting: whatever failed then (e.g. a server that got the Ctrl-C too) is moot.
    if (stopping.signal.aborted) {
      log('stopped');
      process.exit(0);
    }
    process.stderr.write(`[dev] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }

  const { urls } = stack;
  log('');
  log(`App               ${localhost(urls.app)}`);
  const jetstream = stack.transport === 'jetstream';
  log(
    `NATS monitoring   ${localhost(urls.natsMonitor)}/${jetstream ? 'jsz' : 'streaming'} (npm run events -- channels)`,
  );
  log(
    `${brokerName(stack.transport).padEnd(18)}${localhost(urls.nats)} ` +
      (jetstream ? `(stream ${eventStream.name}, EVENT_TRANSPORT=jetstream)` : `(cluster ${stack.clusterId})`),
  );
  log(`auth              ${localhost(urls.auth)}/api/users/readyz`);
  log(`tickets           ${localhost(urls.tickets)}/api/tickets/readyz`);
  if (options.client !== 'none') log(`client            ${localhost(urls.client)} (use the app URL above)`);
  log(`auth database     ${urls.authMongo}/auth`);
  log(`tickets database  ${urls.ticketsMongo}/tickets`);
  log(`data              ${stack.dataDir} (npm run dev -- --reset to start empty)`);
  log('');
  log('Ready. Ctrl-C stops everything.');
};
