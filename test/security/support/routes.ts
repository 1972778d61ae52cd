/**
 * Every route of the running app, read from Fastify's own route tree (`printRoutes`), so a new
 * route shows up in the security tables' checks without anyone remembering to list it.
 */
import type { FastifyInstance } from 'fastify';

export type Route = { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string };

/**
 * Parses the tree `printRoutes({ commonPrefix: false })` draws: each line is a path segment
 * appended to its parent's path, with the methods of the route ending there in parentheses.
 */
export function listRoutes(app: FastifyInstance): Route[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: { depth: number; path: string }[] = [];
  const routes: Route[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([\s│]*)(?:[└├]── )?(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match || !match[2]) continue;
    const depth = match[1]!.length;
    while (stack.length > 0 && stack.at(-1)!.depth >= depth) stack.pop();
    const path = (stack.at(-1)?.path ?? '') + match[2];
    stack.push({ depth, path });
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) routes.push({ method: method as Route['method'], path });
    }
  }
  if (routes.length < 50) throw new Error(`Only ${routes.length} routes parsed from printRoutes: did its format change?\n${tree}`);
  return routes;
}

export const routeKey = (route: Route): string => `${route.method} ${route.path}`;

/** Routes whose path takes a parameter (`:name` or the `*` wildcard). */
export const hasParameter = (route: Route): boolean => /[:*]/.test(route.path);
