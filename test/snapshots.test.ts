/**
 * Stored conversations across releases (issue 12, item 2). Every conversation carries the
 * interview version that wrote it; the frozen snapshots of every release
 * (test/fixtures/snapshots/) load on this one and go on; a release that renames and removes
 * states resumes each of them, at the first unanswered question with every answer kept (no
 * migration), or exactly where it was (with one).
 */
import { answerOf } from '../dialogs/answers';
import type { IntakeContext } from '../dialogs/context';
import { intakeMachine } from '../dialogs/intake.machine';
import { INTERVIEW_VERSION, UNVERSIONED_IS } from '../dialogs/interview-version';
import type { QuestionId } from '../dialogs/questions';
import { IntakeEngine, type Interview, type PersistedIntake, type Turn } from '../src/engine/intake-engine';
import { renameState, type SnapshotJson } from '../src/engine/migrations';
import { CURRENT_INTERVIEW } from '../src/engine/restore';
import { FIRM, T0, converse } from './support/converse';
import { loadFixtures, type SnapshotFixture } from './support/snapshot-fixtures';

const fixtures = loadFixtures();
const current = fixtures.filter((f) => f.interview === INTERVIEW_VERSION);
const engine = new IntakeEngine(FIRM);
/** A minute after the fixture's last message. */
const nextAt = (f: SnapshotFixture) => new Date(T0.getTime() + (f.said.length + 1) * 60_000);
const ctxOf = (s: PersistedIntake) => (s as unknown as { context: IntakeContext }).context;
const valueOf = (s: PersistedIntake) => (s as unknown as { value: unknown }).value;
const copy = <T>(x: T): T => structuredClone(x);
/** As stored before conversations carried a version. */
const unversioned = (s: PersistedIntake) => {
  const { interviewVersion: _, ...rest } = copy(s) as PersistedIntake & { interviewVersion?: number };
  return rest as PersistedIntake;
};
const reprompted = (t: Turn) => t.outbound.flatMap((o) => ('reprompt' in o ? [o.reprompt] : []));

/** The language is chosen by a command that sets it, not recorded as an answer. */
const answered = (ctx: IntakeContext, q: QuestionId) => (q === 'language' ? (ctx.language ?? undefined) : answerOf(ctx, q));

/** The next message gets a sensible answer: something is said, nothing answered is asked again, no answer is lost. */
function expectItGoesOn(f: SnapshotFixture, before: IntakeContext, turn: Turn) {
  expect(turn.messages.length).toBeGreaterThan(0);
  for (const q of reprompted(turn)) expect({ q, answer: answerOf(before, q) }).toEqual({ q, answer: undefined });
  const asking = turn.asking;
  if (asking && asking !== 'review' && asking !== 'confirmStory' && asking !== 'borderNow' && turn.context.reopen !== asking) {
    expect({ asking, answer: answerOf(turn.context, asking) }).toEqual({ asking, answer: undefined });
  }
  expect(turn.context).toMatchObject({ answers: before.answers, incidents: before.incidents, intakeId: before.intakeId, reference: before.reference });
  const nextIs = f.nextIs;
  if ('answers' in nextIs) {
    expect(answered(before, nextIs.answers)).toBeUndefined();
    expect(answered(turn.context, nextIs.answers)).toBeDefined();
    expect(reprompted(turn)).toEqual([]);
  }
  if ('consents' in nextIs) expect(turn.context.consent).not.toBeNull();
}

describe('every stored conversation carries the interview version', () => {
  it('is written by the engine on every snapshot it returns', () => {
    const c = converse(['Hello', 'yes', 'no']);
    expect((c.snapshot as { interviewVersion?: number }).interviewVersion).toBe(INTERVIEW_VERSION);
    expect(c.snapshot).toMatchObject({ status: 'active', value: { intake: 'location' } });
    const fresh = engine.create({ channel: 'webchat', at: T0 });
    expect((fresh as { interviewVersion?: number }).interviewVersion).toBe(INTERVIEW_VERSION);
  });

  it('the current version has its frozen fixtures (scripts/make-snapshot-fixtures.ts), at every point the issue names', () => {
    const points = current.map((f) => f.name);
    expect(points.length).toBeGreaterThanOrEqual(14);
    for (const f of current) expect((f.snapshot as { interviewVersion?: number }).interviewVersion).toBe(INTERVIEW_VERSION);
    const values = current.map((f) => JSON.stringify(valueOf(f.snapshot)));
    for (const state of [
      '"language"',
      '"consent"',
      '"emergency"',
      '"onHold"',
      '"declined"',
      '"stopped"',
      '"submitted"',
      '{"intake":"review"}',
      '{"intake":"incidentPlace"}',
    ]) {
      expect(values).toContain(state);
    }
    expect(new Set(current.map((f) => f.channel))).toEqual(new Set(['sms', 'webchat']));
    expect(new Set(current.map((f) => f.language))).toEqual(new Set(['en', 'fr', 'es', null]));
  });
});

describe.each(fixtures.map((f) => [`v${f.interview} ${f.name}`, f] as const))('the stored conversation %s', (_, f) => {
  const stored = [['as stored', f.snapshot]] as Array<[string, PersistedIntake]>;
  // Snapshots stored before the version existed are the same snapshots without it.
  if (f.interview === UNVERSIONED_IS) stored.push(['stored without a version', unversioned(f.snapshot)]);

  it.each(stored)('loads on this release (%s)', (_, snapshot) => {
    const loaded = engine.load(copy(snapshot));
    expect(loaded.restored.from).toBe(f.interview);
    // A chart change that breaks a snapshot of the current version means INTERVIEW_VERSION was not raised.
    if (f.interview === INTERVIEW_VERSION) {
      expect(loaded.restored).toEqual({ from: INTERVIEW_VERSION, how: 'as-is' });
      expect(loaded.xstate).toEqual(unversioned(f.snapshot));
    }
    expect(engine.intakeIdOf(copy(snapshot))).toBe(ctxOf(f.snapshot).intakeId);
    expect(engine.contextOf(copy(snapshot))).toMatchObject({ answers: ctxOf(f.snapshot).answers, status: ctxOf(f.snapshot).status });
  });

  it.each(stored)('goes on sensibly from the next message (%s)', (_, snapshot) => {
    const turn = engine.receive(copy(snapshot), f.next, nextAt(f));
    expectItGoesOn(f, ctxOf(f.snapshot), turn);
    expect((turn.snapshot as { interviewVersion?: number }).interviewVersion).toBe(INTERVIEW_VERSION);
    // And the snapshot it leaves loads as it is.
    expect(engine.load(copy(turn.snapshot)).restored.how).toBe('as-is');
  });
});

// ---- a later release that renamed a state and removed another ----------------------------------

/**
 * The snapshots as an older chart wrote them: its `dangerNow` is today's `danger`, and after it came
 * `safeNow`, a question this release removed (its answer is in the old record).
 */
function asOlderChart(s: PersistedIntake, restingAtRemoved = false): PersistedIntake {
  const x = copy(s) as unknown as SnapshotJson & { context: IntakeContext & { answers: Record<string, unknown> } };
  const rename = (v: unknown): unknown =>
    typeof v === 'string' ? (v === 'danger' ? 'dangerNow' : v) : Object.fromEntries(Object.entries(v as object).map(([k, w]) => [k, rename(w)]));
  x.value = restingAtRemoved ? { intake: 'safeNow' } : rename(x.value);
  x.context.path = x.context.path.flatMap((p) => (p === 'danger' ? ['dangerNow', 'safeNow'] : [p]));
  if (restingAtRemoved) x.context.path = x.context.path.slice(0, x.context.path.indexOf('safeNow') + 1);
  if (x.context.answers.danger && !restingAtRemoved) x.context.answers.safeNow = { value: 'yes' };
  return { ...x, interviewVersion: INTERVIEW_VERSION } as unknown as PersistedIntake;
}

/** This chart as the next interview version, with the migrations given. */
const nextRelease = (migrations: Interview['migrations']): IntakeEngine =>
  new IntakeEngine(FIRM, undefined, undefined, { ...CURRENT_INTERVIEW, version: INTERVIEW_VERSION + 1, migrations });

/** The migration the release would ship: `dangerNow` is `danger` again, `safeNow` is gone. */
const backToDanger = (s: SnapshotJson): SnapshotJson => {
  const renamed = renameState(s, 'dangerNow', 'danger');
  const context = renamed.context as IntakeContext & { answers: Record<string, unknown> };
  const { safeNow: _, ...answers } = context.answers;
  const restedAtRemoved = JSON.stringify(renamed.value) === '{"intake":"safeNow"}';
  return {
    ...renamed,
    value: restedAtRemoved ? { intake: 'location' } : renamed.value,
    context: {
      ...context,
      answers,
      path: context.path.flatMap((p) => (p === 'safeNow' ? (restedAtRemoved ? ['location'] : []) : [p])),
    },
  };
};

describe('a release that renamed a state and removed one', () => {
  describe.each(current.map((f) => [f.name, f] as const))('with no migration, %s', (_, f) => {
    const later = nextRelease({});
    const original = ctxOf(f.snapshot);

    it('is rebuilt from its answers and rests at its first unanswered question, every answer kept', () => {
      const loaded = later.load(asOlderChart(f.snapshot));
      expect(loaded.restored).toEqual({ from: INTERVIEW_VERSION, how: 'rebuilt', reason: `no migration from interview version ${INTERVIEW_VERSION}` });
      expect(loaded.xstate.value).toEqual(valueOf(f.snapshot));
      // The data is all there (the removed question's answer aside); what only steered the chart starts afresh.
      expect(loaded.context).toEqual({ ...original, misses: 0, reopen: null });
      expect((loaded.snapshot as { interviewVersion?: number }).interviewVersion).toBe(INTERVIEW_VERSION + 1);
    });

    it('takes the next message as the answer to that question', () => {
      const turn = later.receive(asOlderChart(f.snapshot), f.next, nextAt(f));
      expect(turn.restored.how).toBe('rebuilt');
      expectItGoesOn(f, original, turn);
      // Exactly what this release answers from the snapshot as it was.
      const asIs = engine.receive(copy(f.snapshot), f.next, nextAt(f));
      expect(turn.messages.map((m) => m.key)).toEqual(asIs.messages.map((m) => m.key));
      expect(turn.context).toEqual(asIs.context);
    });
  });

  describe.each(current.map((f) => [f.name, f] as const))('with a migration, %s', (_, f) => {
    it('resumes exactly where it was', () => {
      const later = nextRelease({ [INTERVIEW_VERSION]: backToDanger });
      const loaded = later.load(asOlderChart(f.snapshot));
      expect(loaded.restored).toEqual({ from: INTERVIEW_VERSION, how: 'migrated' });
      expect(loaded.xstate).toEqual(unversioned(f.snapshot));
      const turn = later.receive(asOlderChart(f.snapshot), f.next, nextAt(f));
      const asIs = engine.receive(copy(f.snapshot), f.next, nextAt(f));
      expect(turn.messages.map((m) => m.key)).toEqual(asIs.messages.map((m) => m.key));
      expect(turn.context).toEqual(asIs.context);
    });
  });

  describe('migrations that do not get there', () => {
    const f = current.find((x) => x.name === 'sms-en-incident-loop')!;
    const older = () => asOlderChart(f.snapshot);

    it('one that throws: rebuilt, and the stored record is untouched', () => {
      const stored = older();
      const before = copy(stored);
      const loaded = nextRelease({
        [INTERVIEW_VERSION]: (s) => {
          (s.context as { answers: object }).answers = {};
          throw new Error('bug');
        },
      }).load(stored);
      expect(loaded.restored).toEqual({
        from: INTERVIEW_VERSION,
        how: 'rebuilt',
        reason: `migration from interview version ${INTERVIEW_VERSION} failed (Error)`,
      });
      expect(loaded.xstate.value).toEqual(valueOf(f.snapshot));
      expect(stored).toEqual(before);
    });

    it('one whose result still names a state that does not exist: rebuilt from what it migrated', () => {
      const loaded = nextRelease({ [INTERVIEW_VERSION]: (s) => ({ ...s, value: { intake: 'incidentWhere' } }) }).load(older());
      expect(loaded.restored).toMatchObject({ from: INTERVIEW_VERSION, how: 'rebuilt' });
      expect(loaded.xstate.value).toEqual(valueOf(f.snapshot));
      expect(loaded.context.answers).toEqual(ctxOf(f.snapshot).answers);
    });

    it('two versions behind: each migration in turn', () => {
      const twoLater = new IntakeEngine(FIRM, undefined, undefined, {
        ...CURRENT_INTERVIEW,
        version: INTERVIEW_VERSION + 2,
        migrations: {
          [INTERVIEW_VERSION]: (s) => renameState(s, 'dangerNow', 'inDanger'),
          [INTERVIEW_VERSION + 1]: (s) => backToDanger(renameState(s, 'inDanger', 'dangerNow')),
        },
      });
      const loaded = twoLater.load(older());
      expect(loaded.restored).toEqual({ from: INTERVIEW_VERSION, how: 'migrated' });
      expect(loaded.xstate).toEqual(unversioned(f.snapshot));
      expect((loaded.snapshot as { interviewVersion?: number }).interviewVersion).toBe(INTERVIEW_VERSION + 2);
    });
  });

  describe('a conversation resting at the removed question', () => {
    const f = current.find((x) => JSON.stringify(valueOf(x.snapshot)) === '{"intake":"location"}')!;
    const older = asOlderChart(f.snapshot, true);

    it('is rebuilt at the next question, and the next message answers it', () => {
      const loaded = nextRelease({}).load(older);
      expect(loaded.restored.how).toBe('rebuilt');
      expect(loaded.xstate.value).toEqual({ intake: 'location' });
      expect(loaded.context.answers).toEqual(ctxOf(f.snapshot).answers);
      const turn = nextRelease({}).receive(older, f.next, nextAt(f));
      expectItGoesOn(f, ctxOf(f.snapshot), turn);
    });

    it('with the migration, rests where the migration says', () => {
      const loaded = nextRelease({ [INTERVIEW_VERSION]: backToDanger }).load(older);
      expect(loaded.restored.how).toBe('migrated');
      expect(loaded.xstate).toEqual(unversioned(f.snapshot));
    });

    it('without the version (stored before versions), on this release: rebuilt, since that state does not exist', () => {
      const loaded = engine.load(unversioned(older));
      expect(loaded.restored).toEqual({ from: UNVERSIONED_IS, how: 'rebuilt', reason: "context names no state 'dangerNow'" });
      expect(loaded.xstate.value).toEqual({ intake: 'location' });
    });
  });
});

// ---- a snapshot of this version that does not fit this chart ------------------------------------

describe('a stored context that does not parse is rebuilt, not run', () => {
  const byName = (name: string) => current.find((f) => f.name === name)!;
  const broken = (name: string, change: (s: SnapshotJson & { context: Record<string, any> }) => void) => {
    const s = copy(byName(name).snapshot) as unknown as SnapshotJson & { context: Record<string, any> };
    change(s);
    return s as unknown as PersistedIntake;
  };

  it('an answer that is no longer a choice of its question is asked again; the others are kept', () => {
    const f = byName('sms-en-incident-loop');
    const s = broken(f.name, (x) => (x.context.answers.location = { value: 'on_the_moon' }));
    const loaded = engine.load(s);
    expect(loaded.restored).toMatchObject({ how: 'rebuilt', reason: 'context does not parse: answers.location custom' });
    expect(loaded.xstate.value).toEqual({ intake: 'location' });
    const { location: _, ...rest } = ctxOf(f.snapshot).answers;
    expect(loaded.context.answers).toEqual(rest);
    expect(loaded.context.incidents).toEqual(ctxOf(f.snapshot).incidents);
    const turn = engine.receive(s, 'outside the US', nextAt(f));
    // Back at the incident it was in, where it was.
    expect(turn.asking).toBe('incidentPlace');
    expect(turn.context.answers.location).toEqual({ value: 'outside_us' });
  });

  it.each([
    ['a field of the wrong type', (x: any) => (x.context.misses = 'two')],
    ['a field it does not know', (x: any) => (x.context.mood = 'calm')],
    ['a field missing', (x: any) => delete x.context.path],
    ['a path through a state that does not exist', (x: any) => x.context.path.splice(1, 0, 'nowhere')],
    ['a state that would not wait for an answer', (x: any) => (x.value = { intake: 'locationThen' })],
    ['a state that asks nothing', (x: any) => (x.value = 'intake')],
    ['no children', (x: any) => delete x.children],
    ['a status XState did not leave it in', (x: any) => (x.status = 'done')],
    ['resting before the notice with consent given', (x: any) => (x.value = 'start')],
  ])('%s', (_, change) => {
    const f = byName('webchat-fr-location');
    const s = broken(f.name, change);
    const loaded = engine.load(s);
    expect(loaded.restored.how).toBe('rebuilt');
    expect(loaded.xstate.value).toEqual({ intake: 'location' });
    expect(loaded.context).toEqual(ctxOf(f.snapshot));
    expectItGoesOn(f, ctxOf(f.snapshot), engine.receive(s, f.next, nextAt(f)));
  });

  it('a context of another shape altogether (only the data, plus fields this release does not know) in a state that is gone', () => {
    const f = byName('sms-en-incident-loop');
    const o = ctxOf(f.snapshot);
    const old = {
      status: 'active',
      value: { screening: { incidents: 'where' } },
      children: {},
      context: {
        intakeId: o.intakeId,
        reference: o.reference,
        channel: o.channel,
        createdAt: o.createdAt,
        status: o.status,
        language: o.language,
        consent: o.consent,
        answers: { ...o.answers, shoeSize: { value: '42' } },
        incidents: o.incidents,
        flags: [...o.flags, 'vip'],
        step: 37,
        history: ['a', 'b'],
      },
    } as unknown as PersistedIntake;
    const loaded = engine.load(old);
    expect(loaded.restored).toMatchObject({ from: UNVERSIONED_IS, how: 'rebuilt' });
    expect(loaded.xstate.value).toEqual({ intake: 'incidentPlace' });
    expect(loaded.context).toEqual({ ...o, knownPhone: null });
    const turn = engine.receive(old, f.next, nextAt(f));
    expectItGoesOn(f, o, turn);
    expect(turn.asking).toBe('incidentCharge');
  });

  it('a snapshot of a newer interview that fits this chart is taken as it is, one that does not is rebuilt', () => {
    const f = byName('sms-en-danger');
    const newer = { ...copy(f.snapshot), interviewVersion: INTERVIEW_VERSION + 1 } as PersistedIntake;
    expect(engine.load(newer).restored).toEqual({ from: INTERVIEW_VERSION + 1, how: 'as-is' });
    const renamed = { ...copy(f.snapshot), value: { intake: 'dangerNow' }, interviewVersion: INTERVIEW_VERSION + 1 } as unknown as PersistedIntake;
    expect(engine.load(renamed).restored).toMatchObject({ from: INTERVIEW_VERSION + 1, how: 'rebuilt' });
    expect(engine.load(renamed).xstate.value).toEqual({ intake: 'danger' });
  });

  it('a version field that is not a version: taken as it is if it fits', () => {
    const f = byName('sms-en-danger');
    const odd = { ...copy(f.snapshot), interviewVersion: 'one' } as unknown as PersistedIntake;
    expect(engine.load(odd).restored).toEqual({ from: null, how: 'as-is' });
  });
});

describe('the machine the engine runs is the one it was given', () => {
  it('defaults to this interview', () => {
    expect(engine.interview.machine).toBe(intakeMachine);
    expect(engine.interview.version).toBe(INTERVIEW_VERSION);
  });
});
