/**
 * The server's route table, read from the router itself (restify 11: router.getRoutes()), for the
 * tests that must cover every route, present and future.
 */
import type { Server } from 'restify';

export interface RouteInfo {
  method: string;
  path: string;
}

export function routesOf(app: { server: Server }): RouteInfo[] {
  const table = (app.server as unknown as { router: { getRoutes(): Record<string, { method: string; path: string }> } }).router.getRoutes();
  return Object.values(table).map((r) => ({ method: r.method.toUpperCase(), path: String(r.path) }));
}
