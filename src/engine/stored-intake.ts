/**
 * What the stores keep for a conversation: XState's persisted snapshot with the version of the
 * interview that wrote it (dialogs/interview-version.ts) beside it, as plain JSON. The stores seal
 * it as an opaque blob; only the engine reads it. The version is one more top-level field, so a
 * stored conversation still reads as XState's snapshot (`status`, `value`, `context`).
 */
import type { Snapshot } from 'xstate';
import type { SnapshotJson } from './migrations';

export type PersistedIntake = Snapshot<unknown> & { interviewVersion?: number };

export function seal(xstate: SnapshotJson, version: number): PersistedIntake {
  return { ...xstate, interviewVersion: version } as unknown as PersistedIntake;
}

export interface Unsealed {
  /** The interview version that wrote it; null when the stored version is not a version at all. */
  version: number | null;
  xstate: SnapshotJson;
}

/** The version and XState's snapshot; null when what is stored is not a snapshot of any version. */
export function unseal(stored: unknown, unversionedIs: number): Unsealed | null {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return null;
  const { interviewVersion, ...xstate } = stored as SnapshotJson & { interviewVersion?: unknown };
  const version =
    interviewVersion === undefined
      ? unversionedIs
      : typeof interviewVersion === 'number' && Number.isInteger(interviewVersion) && interviewVersion > 0
        ? interviewVersion
        : null;
  return { version, xstate };
}
