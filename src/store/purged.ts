/**
 * What retention keeps of an intake: its reference, its dates, and the names it gave, because a
 * firm must still be able to check a new client against people it was told about (conflicts).
 * Nothing else: no history, no medical facts, no transcript.
 */
import type { Summary } from '../summary/contract';
import type { PurgedIntake } from './store';

export function purgedRecord(s: Summary, now: string): PurgedIntake {
  const names = [s.traveler.name, s.contact.name, ...s.otherParties].filter((n): n is string => !!n && n.trim() !== '');
  return {
    intakeId: s.intakeId,
    reference: s.reference,
    status: s.status,
    createdAt: s.createdAt,
    purgedAt: now,
    names: [...new Set(names)],
  };
}
