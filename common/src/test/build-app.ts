import { RequestHandler } from 'express';
import { createApp } from '../service/create-app';

/** A service-shaped app around one route, for exercising the middlewares together. */
export const buildApp = (method: 'get' | 'post', path: string, ...handlers: RequestHandler[]) =>
  createApp({ healthPrefix: '/test', readiness: {}, routes: [(app) => app[method](path, ...handlers)] });
