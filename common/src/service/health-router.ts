import { IRouter, Request, Response } from 'express';

/** What must hold for the service to serve requests, by name (the name is reported when it does not). */
export type ReadinessChecks = Record<string, () => boolean | Promise<boolean>>;

/** What operators should see without it deciding readiness (a broker's state, a backlog), by name. */
export type StatusReports = Record<string, () => unknown>;

const draining = new WeakSet<object>();

/**
 * From now on the app's readyz answers 503, so the endpoints (and the ingress) stop sending it
 * requests while it still serves them: the first step of a graceful shutdown.
 */
export const startDraining = (app: object): void => {
  draining.add(app);
};

/**
 * A report that takes longer reads as 'unknown': probes time out after a second by default, and
 * what is only reported must never be what fails one.
 */
export const REPORT_TIMEOUT_MS = 500;

const report = async (reports: StatusReports): Promise<Record<string, unknown>> =>
  Object.fromEntries(
    await Promise.all(
      Object.entries(reports).map(async ([name, read]) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<string>(
          (resolve) => (timer = setTimeout(() => resolve('unknown'), REPORT_TIMEOUT_MS)),
        );
        const value = await Promise.race([
          Promise.resolve()
            .then(read)
            .catch(() => 'unknown'),
          late,
        ]);
        clearTimeout(timer);
        return [name, value];
      }),
    ),
  );

/**
 * `${prefix}/healthz` says the process is alive (liveness probe); `${prefix}/readyz` says
 * whether it can serve requests (readiness probe), naming the checks that fail, and when it
 * can, carries the `reports`. It answers 503 once the service is draining.
 * Added as two routes of `router` (the app), not as a router of their own: express skips a route
 * whose path does not match with one test, where a nested router is entered by every request.
 */
export const addHealthRoutes = <T extends IRouter>(
  router: T,
  prefix: string,
  checks: ReadinessChecks,
  reports: StatusReports = {},
): T => {
  router.get(`${prefix}/healthz`, (_req: Request, res: Response) => {
    res.send({ status: 'ok' });
  });

  router.get(`${prefix}/readyz`, async (req: Request, res: Response) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => ({
        name,
        ok: await Promise.resolve(check()).catch(() => false),
      })),
    );
    const failing = results.filter((result) => !result.ok).map(({ name }) => ({ message: `Not ready: ${name}` }));
    if (draining.has(req.app)) failing.unshift({ message: 'Not ready: shutting down' });
    // Not ready: the error shape every 4xx/5xx of the API has, and nothing else.
    if (failing.length) return res.status(503).send({ errors: failing });
    res.send({ status: 'ready', ...(await report(reports)) });
  });

  return router;
};
