import type { FastifyInstance, RouteOptions } from 'fastify';

/** One registered path, as a pattern over the request's path, and the methods it takes. */
interface RoutePath {
  readonly pattern: RegExp;
  readonly methods: Set<string>;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A route's URL (`/needs/:needId/verify`, a static file, `/docs/*`) as a pattern over request paths:
 * a `:param` segment takes one non-empty segment, a `*` anything; the rest is literal, as Fastify's
 * router reads it (without its decoding or trailing-slash leniency, which only ever matter for a 404
 * answered as 404 anyway).
 */
const patternOf = (url: string): RegExp => {
  const segments = url.split('/').map((segment) => {
    if (segment === '*') return '.*';
    if (segment.startsWith(':')) return '[^/]+';
    return escapeRegExp(segment).replace(/\\\*$/, '.*');
  });
  return new RegExp(`^${segments.join('/')}$`);
};

/**
 * Which methods each path takes, from every route Fastify registers (Nest's controllers, Swagger UI,
 * the console's files), so the list cannot drift from the routes: a known path asked with a method
 * it does not take answers 405 METHOD_NOT_ALLOWED with `Allow` (RFC 9110 15.5.6), an unknown path
 * 404 ROUTE_NOT_FOUND. Installed before any route is registered (configureHttp).
 */
export class RegisteredRoutes {
  private readonly paths = new Map<string, RoutePath>();

  install(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route: RouteOptions) => this.add(route.url, route.method));
  }

  add(url: string, method: string | readonly string[]): void {
    // A catch-all (a plugin's `OPTIONS *`) is no path of the API: it would make every unknown path "known".
    if (url === '*' || url === '/*') return;
    let path = this.paths.get(url);
    if (!path) {
      path = { pattern: patternOf(url), methods: new Set() };
      this.paths.set(url, path);
    }
    for (const one of typeof method === 'string' ? [method] : method) path.methods.add(one.toUpperCase());
  }

  /** The methods the request path takes (sorted; HEAD wherever GET), or [] for a path no route has. */
  allowedFor(rawUrl: string): string[] {
    const path = rawUrl.split('?', 1)[0] ?? '';
    const methods = new Set<string>();
    for (const route of this.paths.values()) {
      if (route.pattern.test(path)) for (const method of route.methods) methods.add(method);
    }
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}
