/**
 * A message sent again because no answer came. When the replies to a family's message never
 * left (the process died after the turn was stored, before the webhook's response), the family
 * sees nothing and writes the same thing again, under a new MessageSid. Taken as the answer to
 * the question they were never shown, it would shift every later answer by one (an incident's
 * place recorded as "2004"). Such a message gets the replies it should have had instead.
 */

/**
 * How long after the unsent replies were committed a message repeating the one they answer is
 * taken as sent again rather than as the next answer. A family with no answer writes again
 * within a minute or two; later than a few minutes the redelivery (redelivery.ts, from 30 s on)
 * has usually sent the replies, and a message that happens to say the same ("no" to two
 * questions in a row is common) is then more likely a real answer, never to be swallowed.
 */
export const REPEAT_WINDOW_MS = 5 * 60_000;

/**
 * Not sooner than this after the replies were committed: their "sent" mark is written once the
 * response is out, a moment after the commit (and on MongoDB perhaps seen a moment later by
 * another instance), so a message this soon may meet replies that did leave but are not yet
 * marked. A family re-sending for want of an answer waits longer than that; one answering fast
 * must not be mistaken for it. (Replies a message's own request committed for an earlier message
 * nobody answered are known unsent at once: see service.ts.)
 */
export const REPEAT_NOT_BEFORE_MS = 5_000;

/** The text as compared: trimmed, case folded, runs of white space as one space. */
export function normalizedText(text: string): string {
  return text.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Whether `text` says what `previous` said (an empty message never repeats anything: a photo sent again is new). */
export function sameText(previous: string, text: string): boolean {
  const a = normalizedText(previous);
  return a !== '' && a === normalizedText(text);
}

/** Whether a message at `at` comes within the window after replies committed at `since`. */
export function withinRepeatWindow(since: string, at: string, o: { knownUnsent: boolean }): boolean {
  const elapsed = Date.parse(at) - Date.parse(since);
  return elapsed >= (o.knownUnsent ? 0 : REPEAT_NOT_BEFORE_MS) && elapsed <= REPEAT_WINDOW_MS;
}
