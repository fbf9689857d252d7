/**
 * Migrations of stored conversations between interview versions (dialogs/interview-version.ts).
 *
 * MIGRATIONS[n] turns a snapshot written by version n into one of version n + 1: a pure function
 * of plain JSON (it gets its own copy), no clock, no I/O. A snapshot several versions old goes
 * through each in turn. Where a version has no migration, or a migrated snapshot still does not
 * restore, the conversation is rebuilt from its answers instead (src/engine/rebuild.ts).
 *
 * Example: version 2 renames the state `danger` to `dangerNow` and adds a context field:
 *
 *   1: (s) => ({ ...renameState(s, 'danger', 'dangerNow'), context: { ...s.context, newField: null } }),
 */

/** A stored snapshot as plain JSON: XState's persisted snapshot, without the interview version. */
export interface SnapshotJson {
  value?: unknown;
  context?: unknown;
  [key: string]: unknown;
}

export type Migration = (snapshot: SnapshotJson) => SnapshotJson;
export type Migrations = Readonly<Record<number, Migration>>;

/** The migrations of this code base, keyed by the version they migrate from. */
export const MIGRATIONS: Migrations = {};

export type Migrated = { ok: true; snapshot: SnapshotJson } | { ok: false; reason: string };

/** Brings a snapshot of version `from` to version `to`, or says which migration is missing or failed. */
export function migrate(snapshot: SnapshotJson, from: number, to: number, migrations: Migrations): Migrated {
  let s = structuredClone(snapshot);
  for (let v = from; v < to; v++) {
    const step = migrations[v];
    if (!step) return { ok: false, reason: `no migration from interview version ${v}` };
    try {
      s = step(s);
    } catch (e) {
      return { ok: false, reason: `migration from interview version ${v} failed (${e instanceof Error ? e.name : typeof e})` };
    }
  }
  return { ok: true, snapshot: s };
}

const rename = (x: unknown, from: string, to: string) => (x === from ? to : x);

/** A state value with the state `from` (at any depth) named `to`. */
function renameInValue(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return rename(value, from, to);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k, from, to), renameInValue(v, from, to)]));
}

/**
 * For a migration: the state `from` renamed `to` wherever a snapshot names it (the state it rests
 * in, the question path that BACK walks, where a callback request resumes).
 */
export function renameState(snapshot: SnapshotJson, from: string, to: string): SnapshotJson {
  const context = snapshot.context && typeof snapshot.context === 'object' ? (snapshot.context as Record<string, unknown>) : null;
  return {
    ...snapshot,
    value: renameInValue(snapshot.value, from, to),
    ...(context
      ? {
          context: {
            ...context,
            ...(Array.isArray(context.path) ? { path: context.path.map((p) => rename(p, from, to)) } : {}),
            ...('resumeAt' in context ? { resumeAt: rename(context.resumeAt, from, to) } : {}),
          },
        }
      : {}),
  };
}
