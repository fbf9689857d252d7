// SKELETON (being built in this change).
import type { Server } from 'restify';
import type { Parts } from '../server/parts';

/** The attorneys' dashboard: sign-in, the queue, intake pages, statuses, the PDF, the audit log. */
export function registerDashboard(server: Server, parts: Parts): void {
  void server;
  void parts;
}
