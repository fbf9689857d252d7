/**
 * Loading a stored conversation on the current interview: as it is when it was written by this
 * version; through the migrations when it is older; and otherwise, or when the result still does
 * not restore, rebuilt from its recorded answers (src/engine/rebuild.ts). Only a record that holds
 * no conversation at all fails, with a TurnFailed('restore').
 *
 * "Restores" is checked before the chart runs, not left to fail inside a timer: the context
 * parses (dialogs/context-schema.ts), the states it names exist, XState restores it without
 * error, and it rests in a state that waits for the family (it asks a question, or it is one of
 * the chart's top-level states, not a passing one such as a branch), and it agrees with the
 * consent (none before the notice, one in the intake).
 */
import type { AnyStateNode } from 'xstate';
import type { IntakeContext } from '../../dialogs/context';
import { IntakeContextSchema } from '../../dialogs/context-schema';
import { intakeMachine, type IntakeMachine } from '../../dialogs/intake.machine';
import { INTERVIEW_VERSION, UNVERSIONED_IS } from '../../dialogs/interview-version';
import type { Asking } from './interpret';
import { MIGRATIONS, migrate, type Migrations, type SnapshotJson } from './migrations';
import { rebuild, recordedIn, type Recorded } from './rebuild';
import { seal, unseal, type PersistedIntake } from './stored-intake';
import { TurnFailed, errorKind } from './turn-failed';
import { ActorFailed, WatchedActor } from './watched-actor';

/** The interview the engine runs: its chart, its version, the migrations from older versions. */
export interface Interview {
  machine: IntakeMachine;
  version: number;
  migrations: Migrations;
  /** The version of a stored conversation that carries none. */
  unversionedIs: number;
}

export const CURRENT_INTERVIEW: Interview = {
  machine: intakeMachine,
  version: INTERVIEW_VERSION,
  migrations: MIGRATIONS,
  unversionedIs: UNVERSIONED_IS,
};

/** How a stored conversation was loaded: tell the family nothing, but note a rebuild. */
export interface Restored {
  /** The interview version that wrote it (null: its version field was not a version). */
  from: number | null;
  /** 'as-is': restored directly; 'migrated': through MIGRATIONS; 'rebuilt': from its answers. */
  how: 'as-is' | 'migrated' | 'rebuilt';
  /** Why it could not be restored as it was (no personal data: a version, a state, a field path). */
  reason?: string;
}

export interface Loaded {
  /** The snapshot to store from now on (the current version). */
  snapshot: PersistedIntake;
  /** XState's part of it, ready for createActor. */
  xstate: SnapshotJson;
  context: IntakeContext;
  restored: Restored;
}

type MachineSnapshot = ReturnType<IntakeMachine['transition']>;

export function askingOf(snapshot: MachineSnapshot): Asking {
  const metas = Object.values(snapshot.getMeta()) as Array<{ ask?: Asking } | undefined>;
  return metas.find((m) => m?.ask)?.ask ?? null;
}

/** The states a context may name (its path, where to resume): those that ask something. */
const askingStates = new WeakMap<IntakeMachine, Set<string>>();
function statesThatAsk(machine: IntakeMachine): Set<string> {
  let states = askingStates.get(machine);
  if (!states) {
    states = new Set();
    const visit = (node: AnyStateNode) => {
      if ((node.meta as { ask?: unknown } | undefined)?.ask) states!.add(node.key);
      for (const child of Object.values(node.states)) visit(child);
    };
    visit(machine.root);
    askingStates.set(machine, states);
  }
  return states;
}

const shortJson = (x: unknown) => JSON.stringify(x)?.slice(0, 120) ?? String(x);

type Tried = { ok: true; context: IntakeContext } | { ok: false; reason: string };

/** Whether the current chart can take this snapshot as it is. */
export function tryRestore(xstate: SnapshotJson, machine: IntakeMachine): Tried {
  if (xstate.status !== 'active') return { ok: false, reason: `status ${shortJson(xstate.status)}` };
  const parsed = IntakeContextSchema.safeParse(xstate.context);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(context)'} ${i.code}`);
    return { ok: false, reason: `context does not parse: ${issues.join(', ')}` };
  }
  const context = xstate.context as IntakeContext;
  const states = statesThatAsk(machine);
  const unknown = [...context.path, ...(context.resumeAt ? [context.resumeAt] : [])].find((s) => !states.has(s));
  if (unknown !== undefined) return { ok: false, reason: `context names no state '${unknown.slice(0, 60)}'` };
  let actor: WatchedActor<IntakeMachine>;
  try {
    actor = new WatchedActor(machine, { snapshot: xstate });
  } catch (e) {
    // XState's own words here name the state that does not exist: nothing personal.
    const cause = e instanceof ActorFailed ? e.cause : e;
    return { ok: false, reason: cause instanceof Error ? cause.message.slice(0, 200) : errorKind(cause) };
  }
  try {
    const snap = actor.snapshot();
    // A stored value that is not a leaf (XState would enter its initial state, unasked).
    if (shortJson(snap.value) !== shortJson(xstate.value)) return { ok: false, reason: `state ${shortJson(xstate.value)} is not where a conversation rests` };
    if (askingOf(snap) === null && typeof snap.value !== 'string') return { ok: false, reason: `state ${shortJson(snap.value)} waits for nothing` };
    // The notice comes before everything: past it there is a consent, before it none.
    const beforeNotice = snap.matches('start') || snap.matches('language') || snap.matches('consent');
    const consented = context.consent !== null;
    if ((beforeNotice && consented) || (snap.matches('intake') && !consented)) {
      return { ok: false, reason: `state ${shortJson(snap.value)} with consent ${consented ? 'given' : 'not given'}` };
    }
    return { ok: true, context };
  } catch (e) {
    return { ok: false, reason: `state ${shortJson(xstate.value)} cannot be entered (${errorKind(e)})` };
  } finally {
    actor.stop();
  }
}

/** A stored conversation on the current interview; TurnFailed('restore') when none can be had. */
export function restoreIntake(stored: unknown, interview: Interview): Loaded {
  const opened = unseal(stored, interview.unversionedIs);
  if (!opened) throw new TurnFailed('restore', 'not a stored conversation');
  const { version: from } = opened;
  const done = (xstate: SnapshotJson, context: IntakeContext, restored: Restored): Loaded => ({
    snapshot: seal(xstate, interview.version),
    xstate,
    context,
    restored,
  });

  // Written by this version, or by one this code does not know (a newer release, rolled back): as it is, if it fits.
  let candidate: SnapshotJson | null = opened.xstate;
  let how: Restored['how'] = 'as-is';
  let reason = '';
  if (from !== null && from < interview.version) {
    const migrated = migrate(opened.xstate, from, interview.version, interview.migrations);
    if (migrated.ok) {
      candidate = migrated.snapshot;
      how = 'migrated';
    } else {
      candidate = null;
      reason = migrated.reason;
    }
  }
  if (candidate) {
    const tried = tryRestore(candidate, interview.machine);
    if (tried.ok) return done(candidate, tried.context, { from, how });
    reason = tried.reason;
  }

  // Rebuilt from its answers: from the migrated context when there is one, else as stored.
  const sources = candidate && candidate !== opened.xstate ? [candidate.context, opened.xstate.context] : [opened.xstate.context];
  let recorded: Recorded | null = null;
  let missing: string[] = [];
  for (const context of sources) {
    const found = recordedIn(context);
    if ('recorded' in found) {
      recorded = found.recorded;
      break;
    }
    missing = found.missing;
  }
  if (!recorded) throw new TurnFailed('restore', `${reason}; cannot be rebuilt: no ${missing.join(', ')}`);
  let rebuilt: SnapshotJson;
  try {
    rebuilt = rebuild(interview.machine, recorded, opened.xstate.value === 'start');
  } catch (e) {
    throw new TurnFailed('restore', `${reason}; rebuilding failed (${errorKind(e instanceof ActorFailed ? e.cause : e)})`, e);
  }
  const tried = tryRestore(rebuilt, interview.machine);
  if (!tried.ok) throw new TurnFailed('restore', `${reason}; the rebuilt conversation does not restore: ${tried.reason}`);
  return done(rebuilt, tried.context, { from, how: 'rebuilt', reason });
}
