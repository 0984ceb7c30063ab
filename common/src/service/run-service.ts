import { Express } from 'express';
import { AddressInfo } from 'net';
import { logger } from '../logger';
import { startDraining } from './health-router';
import { RunningServer, serve } from './serve';
import { setTimeout as sleep } from 'timers/promises';

export interface ServiceOptions {
  /** Names the service in its log lines ("auth listening", "auth shutting down"). */
  name: string;
  app: Express;
  /** Checks the environment and connects what the service needs before it serves. */
  start(): Promise<void>;
  /** Closes what `start` opened, once HTTP requests in flight have finished. */
  stop(): Promise<void>;
}

const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * DRAIN_SECONDS: how long a stopping service keeps serving after its readiness turned 503, so
 * the endpoints and the ingress stop routing to it first (the manifests set it; 0 by default,
 * as in tests and `npm run dev`, where nothing routes by readiness).
 */
const drainMs = (): number => {
  const seconds = Number(process.env.DRAIN_SECONDS ?? 0);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error('DRAIN_SECONDS must be a number of seconds, 0 or more');
  return seconds * 1000;
};

/**
 * Runs a service: `start`, then serve `app` on PORT (3000 by default). SIGTERM or SIGINT, at
 * any point (even mid start-up), means a clean stop: readiness turns 503, requests are still
 * served for DRAIN_SECONDS, then no new connections, those in flight finish, then `stop`.
 * Resolves with the exit code for index.ts to exit with: 1 when start-up or shutdown failed
 * (logged), 0 after a clean stop. It never exits the process itself.
 */
export const runService = ({ name, app, start, stop }: ServiceOptions): Promise<number> =>
  new Promise((resolve) => {
    let drain: number;
    try {
      drain = drainMs();
    } catch (err) {
      logger.fatal({ err }, (err as Error).message);
      resolve(1);
      return;
    }
    let server: Promise<RunningServer> | undefined;
    let stopping = false;

    const finish = (code: number) => {
      for (const signal of signals) process.off(signal, onSignal);
      resolve(code);
    };

    const onSignal = async (signal: NodeJS.Signals): Promise<void> => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, drainSeconds: drain / 1000 }, `${name} shutting down`);
      startDraining(app);
      try {
        if (server) {
          const running = await server;
          if (drain > 0) await sleep(drain);
          await running.shutdown();
        }
        await stop();
        finish(0);
      } catch (err) {
        logger.fatal({ err }, `${name} shutdown failed`);
        finish(1);
      }
    };
    // Before anything that takes time: the port opens before serve() resolves, so a signal can
    // come at any point of start-up and must still mean a clean stop.
    for (const signal of signals) process.on(signal, onSignal);

    const boot = async () => {
      await start();
      if (stopping) return;
      server = serve(app, Number(process.env.PORT ?? 3000));
      const { port } = (await server).server.address() as AddressInfo;
      logger.info({ port }, `${name} listening`);
    };
    boot().catch((err: unknown) => {
      // A failure caused by stop() closing a connection mid start-up is not a start-up error.
      if (stopping) return;
      logger.fatal({ err }, err instanceof Error ? err.message : String(err));
      finish(1);
    });
  });
