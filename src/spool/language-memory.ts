/**
 * The language each recent conversation was last answered in, kept in memory so that a message
 * spooled while the database is away is acknowledged in the family's language. Bounded: the least
 * recently seen conversations are forgotten first (then the spool's own record, or the message's
 * words, tell the language).
 */
import type { Lang } from '../../dialogs/context';
import type { ConversationKey } from '../store/store';

/** About 100 bytes an entry: a few hundred kilobytes at most. */
export const LANGUAGE_MEMORY_SIZE = 5_000;

const keyOf = (k: ConversationKey) => `${k.channel}\u0000${k.address}`;

export class LanguageMemory {
  private readonly byKey = new Map<string, Lang>();

  constructor(private readonly capacity = LANGUAGE_MEMORY_SIZE) {}

  remember(key: ConversationKey, language: Lang): void {
    const k = keyOf(key);
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
    this.byKey.delete(k);
    this.byKey.set(k, language);
    if (this.byKey.size > this.capacity) this.byKey.delete(this.byKey.keys().next().value as string);
  }

  get(key: ConversationKey): Lang | null {
    return this.byKey.get(keyOf(key)) ?? null;
  }

  get size(): number {
    return this.byKey.size;
  }
}
