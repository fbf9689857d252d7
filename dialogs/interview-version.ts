/**
 * The interview's version, stored with every conversation (src/engine/stored-intake.ts) so that a
 * release knows which chart wrote a snapshot it loads.
 *
 * Raise it by one in the release that changes what a stored conversation means to the chart:
 * - a state of dialogs/intake.machine.ts is renamed, removed or moved (a stored snapshot names
 *   the state it rests in, and XState cannot restore a state that does not exist);
 * - the context changes shape (dialogs/context.ts, checked by dialogs/context-schema.ts): a field
 *   added, renamed, removed or retyped, a question id or a choice value renamed or removed.
 * Then, if you can say where an old snapshot rests now, add the migration from the old version to
 * the new one in src/engine/migrations.ts. Without one, conversations of the old version are
 * rebuilt from their recorded answers on the new chart and resume at their first unanswered
 * question (src/engine/rebuild.ts): nothing is lost, but a question being corrected (BACK, an
 * edit at the review) is forgotten.
 *
 * New wording or a new language needs no new version; neither does a new question whose state
 * is only added (the chart skips what is answered, and an older conversation resting past the
 * new question simply never sees it).
 *
 * test/snapshots.test.ts loads the frozen snapshots of every earlier release
 * (test/fixtures/snapshots/) and fails for a chart change made without raising this number.
 */
export const INTERVIEW_VERSION = 1;

/** Conversations stored before they carried a version were written by the first one. */
export const UNVERSIONED_IS = 1;
