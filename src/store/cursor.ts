/**
 * The opaque cursor of a page of intakes: the sort key of the last row returned, with the order it
 * belongs to, as base64url JSON. The intake id ends every key, so rows with equal times or tiers
 * still have one place in the order and a page never repeats or skips one.
 */
import type { IntakeQuery } from './handoff-store';

/** A cursor that is not one of ours (tampered with, or made for the other order). */
export class CursorError extends Error {}

export type QueueKey = [tierRank: number, createdAt: string, intakeId: string];
export type UpdatedKey = [updatedAt: string, intakeId: string];

export function encodeCursor(order: IntakeQuery['order'], key: QueueKey | UpdatedKey): string {
  return Buffer.from(JSON.stringify({ o: order, k: key })).toString('base64url');
}

export function decodeCursor(order: 'queue', cursor: string): QueueKey;
export function decodeCursor(order: 'updated', cursor: string): UpdatedKey;
export function decodeCursor(order: IntakeQuery['order'], cursor: string): QueueKey | UpdatedKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('invalid cursor');
  }
  const { o, k } = (parsed ?? {}) as { o?: unknown; k?: unknown };
  if (o !== order || !Array.isArray(k)) throw new CursorError('invalid cursor');
  if (order === 'queue' && k.length === 3 && typeof k[0] === 'number' && typeof k[1] === 'string' && typeof k[2] === 'string') return k as QueueKey;
  if (order === 'updated' && k.length === 2 && typeof k[0] === 'string' && typeof k[1] === 'string') return k as UpdatedKey;
  throw new CursorError('invalid cursor');
}
