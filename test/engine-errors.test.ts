/**
 * No error in a turn ends the process (issue 12, item 3, the engine's half). A stored snapshot that
 * cannot be loaded used to throw `getMeta is not a function`, and then XState rethrew "State
 * 'dangerNow' does not exist" from a timer, where nothing could catch it: the process exited.
 * Now every failure is one synchronous TurnFailed, with a stage, and nothing is thrown later.
 */
import type { IntakeContext } from '../dialogs/context';
import { intakeMachine } from '../dialogs/intake.machine';
import { IntakeEngine, TurnFailed, type PersistedIntake } from '../src/engine/intake-engine';
import { CURRENT_INTERVIEW } from '../src/engine/restore';
import { Catalog } from '../src/i18n/catalog';
import { FIRM, T0 } from './support/converse';
import { loadFixtures } from './support/snapshot-fixtures';
import { collectEscapedErrors } from './support/escaped-errors';

const at = new Date(T0.getTime() + 3_600_000);
const fixture = (name: string) => structuredClone(loadFixtures().find((f) => f.name === name)!.snapshot);
const SECRET = 'my son has leukemia';

/** Errors thrown where nobody catches them. */
const escaped = collectEscapedErrors();
/** Lets every timer and pending job run (XState's reportUnhandledError is a setTimeout(0)). */
async function afterTimers() {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setImmediate(r));
  }
  expect(escaped).toEqual([]);
}

function thrown(f: () => unknown): TurnFailed {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TurnFailed);
    return e as TurnFailed;
  }
  throw new Error('nothing was thrown');
}

describe('a stored conversation that can be neither restored nor rebuilt', () => {
  const engine = new IntakeEngine(FIRM);
  const unloadable: Array<[string, unknown]> = [
    // A renamed state, and a context with nothing that says which intake it is.
    [
      'a state that does not exist, and no ids',
      { status: 'active', value: { intake: 'dangerNow' }, context: { narrative: SECRET, answers: {} }, children: {}, historyValue: {}, interviewVersion: 1 },
    ],
    ['no context at all', { status: 'active', value: { intake: 'danger' }, children: {}, historyValue: {} }],
    ['null', null],
    ['a string', 'snapshot'],
    ['an array', []],
  ];

  it.each(unloadable)('%s: every entry point throws TurnFailed at stage restore, at once, and nothing later', async (_, stored) => {
    const snapshot = stored as PersistedIntake;
    const calls: Array<() => unknown> = [
      () => engine.receive(snapshot, 'no', at),
      () => engine.greet(snapshot, at),
      () => engine.timer(snapshot, 'REMIND', at),
      () => engine.timer(snapshot, 'ABANDON', at),
      () => engine.hold(snapshot),
      () => engine.contextOf(snapshot),
      () => engine.intakeIdOf(snapshot),
      () => engine.load(snapshot),
    ];
    for (const call of calls) {
      const e = thrown(call);
      expect(e.stage).toBe('restore');
      expect(e.name).toBe('TurnFailed');
      // Safe to log: nothing the family wrote.
      expect(`${e.message} ${e.detail}`).not.toContain(SECRET);
    }
    await afterTimers();
  });

  it('says why, without personal data', () => {
    const e = thrown(() => engine.receive(unloadable[0][1] as PersistedIntake, 'no', at));
    expect(e.detail).toBe(
      'context does not parse: intakeId invalid_type, reference invalid_type, channel invalid_value; cannot be rebuilt: no intakeId, reference, channel, createdAt',
    );
  });

  it('leaves the stored record as it was, and the engine goes on with other conversations', async () => {
    const bad = { status: 'active', value: { intake: 'dangerNow' }, context: { answers: {} }, children: {}, historyValue: {} };
    const before = structuredClone(bad);
    thrown(() => engine.receive(bad as unknown as PersistedIntake, 'no', at));
    expect(bad).toEqual(before);
    const other = engine.receive(fixture('sms-en-danger'), 'no', at);
    expect(other.asking).toBe('location');
    await afterTimers();
  });
});

describe('a chart that fails during a turn', () => {
  /** The chart with an action that throws while recording an answer (a bug in a later release). */
  const recordThrows = intakeMachine.provide({
    actions: {
      record: (() => {
        throw new Error(`cannot record "${SECRET}"`);
      }) as never,
    },
  });
  const engine = new IntakeEngine(FIRM, undefined, undefined, { ...CURRENT_INTERVIEW, machine: recordThrows });

  it('an action that throws: TurnFailed at stage turn, the cause attached, nothing thrown later', async () => {
    const stored = fixture('sms-en-danger');
    const before = structuredClone(stored);
    const e = thrown(() => engine.receive(stored, 'no', at));
    expect(e.stage).toBe('turn');
    expect(e.detail).toBe('statechart failed during event (Error)');
    expect((e.cause as Error).message).toContain('cannot record');
    expect(`${e.message} ${e.detail}`).not.toContain(SECRET);
    expect(stored).toEqual(before);
    // The same conversation, a message that records nothing: it goes on.
    expect(engine.receive(stored, 'help', at).messages.map((m) => m.key)).toContain('say.help');
    await afterTimers();
  });

  it('a guard that throws on the way into the intake', async () => {
    const guardThrows = intakeMachine.provide({
      guards: {
        settled: () => {
          throw new RangeError('guard');
        },
      },
    });
    const guarded = new IntakeEngine(FIRM, undefined, undefined, { ...CURRENT_INTERVIEW, machine: guardThrows });
    const e = thrown(() => guarded.receive(fixture('webchat-es-consent'), 'sí', at));
    expect(e).toMatchObject({ stage: 'turn', detail: 'statechart failed during event (RangeError)' });
    await afterTimers();
  });

  it('an error after the chart (rendering the reply): TurnFailed at stage turn', async () => {
    class BrokenCatalog extends Catalog {
      override t(): string {
        throw new TypeError('missing key');
      }
    }
    const broken = new IntakeEngine(FIRM, new BrokenCatalog());
    const e = thrown(() => broken.receive(fixture('sms-en-danger'), 'no', at));
    expect(e).toMatchObject({ stage: 'turn', detail: 'TypeError' });
    await afterTimers();
  });

  it('a chart whose first state fails to start: creating a conversation throws TurnFailed', async () => {
    const entryThrows = intakeMachine.provide({
      actions: {
        arrive: (() => {
          throw new Error('entry');
        }) as never,
      },
    });
    const failing = new IntakeEngine(FIRM, undefined, undefined, { ...CURRENT_INTERVIEW, machine: entryThrows });
    const created = failing.create({ channel: 'sms', at });
    // The first question state's entry runs once the notice is accepted.
    const consent = failing.receive(created, 'Hello', at);
    expect(consent.asking).toBe('consent');
    expect(thrown(() => failing.receive(consent.snapshot, 'yes', at)).stage).toBe('turn');
    await afterTimers();
  });

  it('a snapshot this chart cannot even rebuild: TurnFailed at stage restore', async () => {
    // Every rebuild of a consented intake enters a question state, whose entry throws here.
    const entryThrows = intakeMachine.provide({
      actions: {
        arrive: (() => {
          throw new Error('entry');
        }) as never,
      },
    });
    const failing = new IntakeEngine(FIRM, undefined, undefined, { ...CURRENT_INTERVIEW, machine: entryThrows });
    const renamed = { ...fixture('sms-en-danger'), value: { intake: 'dangerNow' } } as unknown as PersistedIntake;
    const e = thrown(() => failing.receive(renamed, 'no', at));
    expect(e.stage).toBe('restore');
    expect(e.detail).toMatch(/^State 'dangerNow' does not exist on 'intake\.intake'; rebuilding failed \(Error\)$/);
    await afterTimers();
  });
});

describe('the context the routes read', () => {
  it('is the loaded one: a stored conversation the chart no longer knows still answers with its data', () => {
    const engine = new IntakeEngine(FIRM);
    const stored = { ...fixture('sms-en-incident-loop'), value: { intake: 'placeOfIncident' } } as unknown as PersistedIntake;
    const ctx: IntakeContext = engine.contextOf(stored);
    expect(ctx.intakeId).toBe('intake-sms-en-incident-loop');
    expect(ctx.incidents).toHaveLength(2);
    expect(engine.intakeIdOf(stored)).toBe('intake-sms-en-incident-loop');
  });
});
