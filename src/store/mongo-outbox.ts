/**
 * The outbox document of the MongoDB store, shared by the conversation store (a settled turn adds
 * its notifications) and the firm-side store (mongo-handoff.ts), which delivers them. The id is
 * the item's own, deterministic, so adding it twice keeps one; the payload is sealed.
 */
import type { FieldCipher } from './cipher';
import type { NewOutboxItem, OutboxState } from './handoff-store';

export interface OutboxDoc {
  _id: string;
  schemaVersion: number;
  kind: string;
  intakeId: string | null;
  /** Sealed payload. */
  payload: string;
  createdAt: string;
  dueAt: string;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  doneAt: string | null;
  leasedBy: string | null;
  leaseUntil: string | null;
}

export function outboxDoc(i: NewOutboxItem, cipher: FieldCipher): OutboxDoc {
  return {
    _id: i.id,
    schemaVersion: 1,
    kind: i.kind,
    intakeId: i.intakeId,
    payload: cipher.sealJson(i.payload),
    createdAt: i.createdAt,
    dueAt: i.dueAt,
    state: 'pending',
    attempts: 0,
    lastError: null,
    doneAt: null,
    leasedBy: null,
    leaseUntil: null,
  };
}
