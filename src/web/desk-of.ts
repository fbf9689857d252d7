/**
 * The document desk the composition root built (Parts.documents), for the routes that take files.
 */
import type { DocumentDesk } from '../documents/contract';
import type { Parts } from '../server/parts';
import { httpErrors } from '../server/http';

export function deskOf(parts: Parts): DocumentDesk {
  const desk = (parts as Parts & { documents?: DocumentDesk }).documents;
  if (!desk) throw new httpErrors.ServiceUnavailableError('documents cannot be received on this server');
  return desk;
}
