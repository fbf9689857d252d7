/**
 * The one error the engine throws: a conversation whose turn cannot be taken. It is thrown
 * synchronously by the engine call that failed, never later from a timer (XState reports an
 * actor's errors asynchronously when nobody observes them, which ended the process: see
 * src/engine/watched-actor.ts), so the caller can catch it, retry the message a bounded number of
 * times and then set it aside.
 *
 * - stage 'restore': the stored snapshot can neither be restored, nor migrated, nor rebuilt from
 *   its answers (no intake id, not an object...). Retrying will not help; the conversation's record
 *   needs a person. Thrown by every entry point that reads a stored snapshot (receive, greet,
 *   timer, hold, contextOf, intakeIdOf, load).
 * - stage 'turn': the snapshot loaded, but the chart or the engine failed on this message (an
 *   action or a guard threw, the statechart stopped in error, rendering failed). The stored
 *   conversation is unchanged: nothing was committed.
 *
 * `detail` says what failed without personal data (a state name, a field path, an error class):
 * it is safe to log. `cause` is the original error, which may quote what the family wrote: do not
 * log its message.
 */
export type TurnStage = 'restore' | 'turn';

export class TurnFailed extends Error {
  override readonly name = 'TurnFailed';

  constructor(
    readonly stage: TurnStage,
    readonly detail: string,
    cause?: unknown,
  ) {
    super(stage === 'restore' ? `stored conversation cannot be loaded: ${detail}` : `turn failed: ${detail}`, { cause });
  }
}

/** What an error is, for `detail`: its class, never its message (which may quote the family). */
export const errorKind = (e: unknown): string => (e instanceof Error ? e.name || e.constructor.name : typeof e);
