/**
 * The conversation processor: a persisted intake snapshot and a message in, the next snapshot,
 * what to say and what must happen (escalations, opt-outs) out. Channels translate to and from
 * it; stores keep its snapshots. It knows neither.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Channel, IntakeContext, IntakeEmitted, IntakeEvent, Lang } from '../../dialogs/context';
import type { IntakeMachine } from '../../dialogs/intake.machine';
import type { Firm } from '../config/firm';
import { Catalog } from '../i18n/catalog';
import { Renderer, type Outbound, type Rendered, type RendererOptions } from '../i18n/render';
import * as nlu from '../nlu';
import { buildSummary } from '../summary/build';
import type { Summary } from '../summary/contract';
import { escalationReasons, triage } from '../summary/triage';
import { clean, command, danger, interpret, storyIn, type Asking } from './interpret';
import { CURRENT_INTERVIEW, askingOf, restoreIntake, type Interview, type Loaded, type Restored } from './restore';
import { seal, type PersistedIntake } from './stored-intake';
import { TurnFailed, errorKind } from './turn-failed';
import { ActorFailed, WatchedActor } from './watched-actor';

/** The persisted snapshot: plain JSON, safe to store and restore (see stored-intake.ts). */
export type { PersistedIntake } from './stored-intake';
export type { Interview, Loaded, Restored } from './restore';
export { TurnFailed, type TurnStage } from './turn-failed';

export type EscalationReason = Summary['triage']['escalationReasons'][number];

/** What the channel layer must do besides replying. */
export type Effect =
  { type: 'escalate'; reasons: EscalationReason[]; tier: Summary['triage']['tier'] } | { type: 'optOut' } | { type: 'optIn' } | { type: 'submitted' };

export interface Turn {
  snapshot: PersistedIntake;
  context: IntakeContext;
  /** The question now waiting for an answer (null in a state that asks nothing). */
  asking: Asking;
  outbound: Outbound[];
  messages: Rendered[];
  effects: Effect[];
  /** Triage of `context` as the turn computed it (for the summary at the same moment). */
  triage?: { at: number; result: Summary['triage'] };
  /**
   * How the stored conversation was loaded for this turn. 'rebuilt': it was written by an older
   * interview (or could not be restored) and now rests at its first unanswered question, every
   * answer kept; this turn's message was taken as the answer to that question. Worth a note
   * (no personal data in `reason`); the family is told nothing.
   */
  restored: Restored;
}

export interface NewIntake {
  channel: Channel;
  at: Date;
  language?: Lang | null;
  /** The sender's number when the channel knows it (SMS, WhatsApp). */
  knownPhone?: string | null;
}

export interface Ids {
  intakeId: string;
  reference: string;
}

// No 0/O, 1/I/L: the reference is read aloud over the phone.
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function randomIds(): Ids {
  let code = '';
  for (let i = 0; i < 6; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return { intakeId: randomUUID(), reference: `HP-${code}` };
}

/**
 * The "what happens next" message after submission, by urgency: the on-call attorney was paged
 * (E0, E1, U1 and every escalation), the next business day (U2), or the normal queue.
 */
export const NEXT_STEP_KEYS = ['next.urgent', 'next.nextDay', 'next.normal'] as const;
/** Said last once the request is sent: the secure link to send documents. */
export const DOCS_LINK_KEY = 'docsLink';
function nextStepKey(t: { tier: Summary['triage']['tier']; escalationReasons: readonly string[] }): (typeof NEXT_STEP_KEYS)[number] {
  if (t.tier === 'E0' || t.tier === 'E1' || t.tier === 'U1' || t.escalationReasons.length > 0) return 'next.urgent';
  if (t.tier === 'U2') return 'next.nextDay';
  return 'next.normal';
}

const HELD_FOR_CALLBACK: EscalationReason[] = ['at_border', 'detained'];

/**
 * Every method that takes a stored snapshot loads it first (src/engine/restore.ts): as it is,
 * migrated from an older interview version, or rebuilt from its answers. None lets an error
 * escape later from a timer: what fails is thrown at once as a TurnFailed (see turn-failed.ts),
 * with stage 'restore' (the record holds no conversation that can be loaded) or 'turn' (this
 * message could not be processed; nothing changed).
 */
export class IntakeEngine {
  readonly renderer: Renderer;
  /** Loads by stored object: the service reads a record's intake id, then runs the turn on it. */
  private readonly loaded = new WeakMap<object, Loaded>();

  constructor(
    readonly firm: Firm,
    readonly catalog: Catalog = new Catalog(),
    private readonly ids: () => Ids = randomIds,
    /** The chart and its version; tests give another (a chart of a later release, an action that throws). */
    readonly interview: Interview = CURRENT_INTERVIEW,
    /**
     * Whether an escalation pages a person: configuration the server reads (src/handoff/reach.ts),
     * passed in so the chart stays pure. Without it nobody is said to be alerted.
     */
    readonly paging: RendererOptions = { pagesAPerson: false },
  ) {
    this.renderer = new Renderer(catalog, firm, paging);
  }

  /** A new conversation. Nothing is said until it opens (greet) or the user writes (receive). */
  create(o: NewIntake): PersistedIntake {
    const input = {
      ...this.ids(),
      channel: o.channel,
      createdAt: o.at.toISOString(),
      language: o.language ?? null,
      knownPhone: o.knownPhone ?? null,
    };
    let actor: WatchedActor<IntakeMachine> | null = null;
    try {
      actor = new WatchedActor(this.interview.machine, { input }).start();
      return seal(actor.persisted(), this.interview.version);
    } catch (e) {
      throw failedTurn(e);
    } finally {
      actor?.stop();
    }
  }

  /**
   * A stored conversation on the current interview (its snapshot from now on, its context, and
   * whether it was migrated or rebuilt). Throws TurnFailed('restore') when there is none to load.
   */
  load(snapshot: PersistedIntake): Loaded {
    const key = snapshot && typeof snapshot === 'object' ? snapshot : null;
    const known = key && this.loaded.get(key);
    if (known) return known;
    const loaded = restoreIntake(snapshot, this.interview);
    if (key) this.loaded.set(key, loaded);
    return loaded;
  }

  /** The channel opens the conversation (web chat, the terminal): the assistant speaks first. */
  greet(snapshot: PersistedIntake, at: Date, language?: Lang | null): Turn {
    return this.step(snapshot, () => [{ type: 'OPEN', at: at.toISOString(), language: language ?? null }]);
  }

  /** A message from the user (with the URLs of any pictures or files it carried). */
  receive(snapshot: PersistedIntake, text: string, at: Date, media: readonly string[] = []): Turn {
    return this.step(snapshot, (ctx, asking, started) => {
      const body = clean(text);
      if (!body && media.length > 0) {
        const mediaOnly: IntakeEvent = { type: 'MEDIA', at: at.toISOString() };
        return started ? [mediaOnly] : [{ type: 'OPEN', at: at.toISOString(), language: ctx.language }, mediaOnly];
      }
      const language = ctx.language ?? nlu.detectLanguage(body) ?? 'en';
      const understanding = { language, now: at, timeZone: this.firm.timeZone };
      if (!started) {
        // The first message opens the conversation; if it tells the story, it is held for later.
        // Danger now comes before everything, the notice included (the message is held with it).
        const urgent = danger(body, understanding);
        const cmd = urgent ?? command(body, at.toISOString());
        const story = cmd ? null : storyIn(body, understanding);
        const open: IntakeEvent = {
          type: 'OPEN',
          at: at.toISOString(),
          language: ctx.language ?? nlu.detectLanguage(body),
          ...(story ? { story } : {}),
        };
        return cmd ? [open, cmd] : [open];
      }
      const choices = asking ? this.renderer.choices(asking, language) : [];
      const event = interpret(body, asking, ctx, { ...understanding, choices });
      // Words with a picture or a file (MMS): the words are read, and the file acknowledged too
      // (not after danger or an opt-out, which say what matters alone).
      const withMedia = media.length > 0 && event.type !== 'DANGER' && event.type !== 'STOP';
      return withMedia ? [event, { type: 'MEDIA', at: at.toISOString() }] : [event];
    });
  }

  /** Inactivity, from the scheduler: the one reminder, or marking the intake abandoned. */
  timer(snapshot: PersistedIntake, kind: 'REMIND' | 'ABANDON', at: Date): Turn {
    return this.step(snapshot, () => [{ type: kind, at: at.toISOString() }], kind === 'REMIND');
  }

  /** What a stored conversation's intake remembers (its ids, status, answers). */
  contextOf(snapshot: PersistedIntake): IntakeContext {
    return this.load(snapshot).context;
  }

  /** The question a stored conversation is waiting for an answer to (null: none). */
  asking(snapshot: PersistedIntake): Asking {
    const actor = new WatchedActor(this.interview.machine, { snapshot: this.load(snapshot).xstate });
    try {
      return askingOf(actor.start().snapshot());
    } catch (e) {
      throw failedTurn(e);
    } finally {
      actor.stop();
    }
  }

  /** The intake a stored conversation belongs to. */
  intakeIdOf(snapshot: PersistedIntake): string {
    return this.contextOf(snapshot).intakeId;
  }

  /**
   * A turn that changes nothing and says nothing: the message is kept in the transcript for the
   * attorney who is now in touch with the family.
   */
  hold(snapshot: PersistedIntake): Turn {
    const { snapshot: current, context, restored } = this.load(snapshot);
    return { snapshot: current, context, asking: null, outbound: [], messages: [], effects: [], restored };
  }

  /**
   * What the family writes that the assistant answers even while an attorney is in touch with
   * them (a hold, or an intake marked contacted or closed): STOP and START, whose opt-out the
   * carriers' rules require recorded and confirmed whoever holds the thread, and danger now (the
   * 911 / 988 message first, and staff paged). Pure: no turn is run.
   */
  breaksHold(snapshot: PersistedIntake, text: string, at: Date): boolean {
    const body = clean(text);
    if (!body) return false;
    const cmd = command(body, at.toISOString());
    if (cmd?.type === 'STOP' || cmd?.type === 'START') return true;
    const language = this.contextOf(snapshot).language ?? nlu.detectLanguage(body) ?? 'en';
    return danger(body, { language, now: at, timeZone: this.firm.timeZone }) !== null;
  }

  /**
   * The attorney hands the conversation back: the question the family was on is asked again, and
   * nothing else changes (no event reaches the chart: the hold lives outside it, in the store).
   * Says nothing when the intake is waiting for no answer (finished, stopped).
   */
  reask(snapshot: PersistedIntake): Turn {
    const { snapshot: current, context, restored } = this.load(snapshot);
    const asking = context.status === 'in_progress' ? this.asking(snapshot) : null;
    const outbound: Outbound[] = asking ? [{ ask: asking }] : [];
    try {
      const messages = outbound.flatMap((o) => this.renderer.render(o, context));
      return { snapshot: current, context, asking, outbound, messages, effects: [], restored };
    } catch (e) {
      throw failedTurn(e);
    }
  }

  /** The attorney's summary of the intake as it stands. */
  summary(ctx: IntakeContext, o: { now: Date; updatedAt?: string; transcriptId: string; turn?: Turn }): Summary {
    // The turn's own triage is reused when it is of this context at this moment (triage was a
    // large share of a turn's CPU, run three times: bench/ profile).
    const known = o.turn?.triage && o.turn.context === ctx && o.turn.triage.at === o.now.getTime() ? o.turn.triage.result : undefined;
    return buildSummary(ctx, {
      now: o.now,
      timeZone: this.firm.timeZone,
      updatedAt: o.updatedAt ?? o.now.toISOString(),
      transcriptId: o.transcriptId,
      ...(known ? { triage: known } : {}),
    });
  }

  /** Restores the snapshot, sends the events, and collects what was said and what must happen. */
  private step(snapshot: PersistedIntake, eventsFor: (ctx: IntakeContext, asking: Asking, started: boolean) => IntakeEvent[], askAgain = true): Turn {
    const loaded = this.load(snapshot);
    try {
      return this.run(loaded, eventsFor, askAgain);
    } catch (e) {
      throw failedTurn(e);
    }
  }

  private run(loaded: Loaded, eventsFor: (ctx: IntakeContext, asking: Asking, started: boolean) => IntakeEvent[], askAgain: boolean): Turn {
    const actor = new WatchedActor(this.interview.machine, { snapshot: loaded.xstate });
    const { before, after, now, persisted } = (() => {
      try {
        actor.start();
        const before = actor.snapshot();
        const events = eventsFor(before.context, askingOf(before), !before.matches('start'));
        const now = new Date(events.map((e) => ('at' in e ? e.at : '')).find(Boolean) ?? before.context.createdAt);
        for (const event of events) actor.send(event);
        return { before, after: actor.snapshot(), now, persisted: seal(actor.persisted(), this.interview.version) };
      } finally {
        actor.stop();
      }
    })();
    const emitted = actor.emitted as IntakeEmitted[];
    const context = after.context;
    const nowAsking = askingOf(after);

    const outbound: Outbound[] = [];
    for (const e of emitted) {
      if (e.type === 'say') outbound.push({ say: e.key });
      if (e.type === 'reprompt') outbound.push({ reprompt: e.question, offerHuman: e.offerHuman, ...(e.brief ? { brief: true } : {}) });
    }
    // Whatever happened, end by asking what we are waiting for (a re-prompt already did).
    // An ABANDON says nothing at all.
    const silent = !askAgain && emitted.length === 0;
    if (nowAsking && !silent && !emitted.some((e) => e.type === 'reprompt')) outbound.push({ ask: nowAsking });

    const effects: Effect[] = [];
    if (emitted.some((e) => e.type === 'optOut')) effects.push({ type: 'optOut' });
    if (before.context.status === 'opted_out' && context.status !== 'opted_out') effects.push({ type: 'optIn' });
    // At the border or detained (E1), the page waits while the callback number is being asked;
    // when the channel knows the number (SMS), it goes at once, before the name.
    const held = (snap: typeof before) =>
      (snap.matches({ intake: 'urgentName' }) || snap.matches({ intake: 'urgentPhone' })) && !snap.context.answers.contactPhone ? HELD_FOR_CALLBACK : [];
    // Before the turn only its escalation reasons matter: the rest of triage is not computed.
    const was = new Set(escalationReasons(before.context, now, this.firm.timeZone).filter((r) => !held(before).includes(r)));
    const is = triage(context, now, this.firm.timeZone);
    const fresh = is.escalationReasons.filter((r) => !was.has(r) && !held(after).includes(r));
    if (fresh.length) effects.push({ type: 'escalate', reasons: fresh, tier: is.tier });
    if (emitted.some((e) => e.type === 'submitted')) effects.push({ type: 'submitted' });

    // What happens next, once the request is sent, depends on how urgent it is; then the link to
    // send the documents of their checklist (made by the renderer, src/i18n/render.ts).
    if (emitted.some((e) => e.type === 'submitted')) outbound.push({ say: nextStepKey(is) }, { say: DOCS_LINK_KEY });

    const messages = outbound.flatMap((o) => this.renderer.render(o, context));
    return {
      snapshot: persisted,
      context,
      asking: nowAsking,
      outbound,
      messages,
      effects,
      triage: { at: now.getTime(), result: is },
      restored: loaded.restored,
    };
  }
}

/** Whatever went wrong in a turn, as the engine's one error (a TurnFailed passes through). */
function failedTurn(e: unknown): TurnFailed {
  if (e instanceof TurnFailed) return e;
  if (e instanceof ActorFailed) return new TurnFailed('turn', `statechart failed during ${e.during} (${errorKind(e.cause)})`, e.cause);
  return new TurnFailed('turn', errorKind(e), e);
}
