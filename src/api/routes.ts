// SKELETON (being built in this change).
import type { Server } from 'restify';
import type { Parts } from '../server/parts';

/** The integrations' API: bearer tokens, intakes, transcripts, status, the OpenAPI document. */
export function registerApi(server: Server, parts: Parts): void {
  void server;
  void parts;
}
