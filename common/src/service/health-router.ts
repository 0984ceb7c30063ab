import { Request, Response, Router } from 'express';

export type ReadinessChecks = Record<string, () => boolean | Promise<boolean>>;

/**
 * `${prefix}/healthz` says the process is alive (liveness probe); `${prefix}/readyz`
 * says whether its dependencies are reachable (readiness probe), naming those that are not.
 */
export const healthRouter = (prefix: string, checks: ReadinessChecks) => {
  const router = Router();

  router.get(`${prefix}/healthz`, (_req: Request, res: Response) => {
    res.send({ status: 'ok' });
  });

  router.get(`${prefix}/readyz`, async (_req: Request, res: Response) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => ({
        name,
        ok: await Promise.resolve(check()).catch(() => false),
      })),
    );
    const failing = results.filter((result) => !result.ok);
    if (failing.length) {
      return res.status(503).send({ errors: failing.map(({ name }) => ({ message: `Not ready: ${name}` })) });
    }
    res.send({ status: 'ready' });
  });

  return router;
};
