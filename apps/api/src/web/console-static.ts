import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Where `npm run build` (vite) puts the console: a static bundle, served here or by any web server. */
export const CONSOLE_DIR = resolve('dist/apps/web');

/** The console's files are public (they hold no data; every call they make carries the user's token). */
export const isConsoleRoute = (path: string): boolean => path === '/' || path === '/index.html' || path === '/favicon.svg' || path.startsWith('/assets/');

/**
 * 五社联动工作台 at `/`, when the console was built (`npm start` builds it). The console routes with the
 * URL's hash (`/#/needs`), so only `/` and the built files need routes: no fallback that could shadow the API.
 * Hashed asset names are cached for a year; index.html is revalidated so a new build is picked up.
 */
export const registerConsole = async (fastify: FastifyInstance, dir = CONSOLE_DIR): Promise<boolean> => {
  if (!existsSync(join(dir, 'index.html'))) return false;
  await fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    decorateReply: false,
    setHeaders: (response, path) => {
      void response.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
};
