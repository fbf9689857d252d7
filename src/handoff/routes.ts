// SKELETON (being built in this change).
import type { Server } from 'restify';
import type { Parts } from '../server/parts';

/** The acknowledgement link of a page: /ack/:token. */
export function registerHandoff(server: Server, parts: Parts): void {
  void server;
  void parts;
}
