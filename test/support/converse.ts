/**
 * Runs a scripted conversation through the engine the way a channel would: one message at a
 * time, a minute apart, each turn rendered for SMS (or web chat). Returns every turn and the
 * summary at the end.
 */
import type { Channel, IntakeContext, Lang } from '../../dialogs/context';
import type { Firm } from '../../src/config/firm';
import { IntakeEngine, type Effect, type PersistedIntake, type Turn } from '../../src/engine/intake-engine';
import { toSms } from '../../src/i18n/render';
import type { Summary } from '../../src/summary/contract';

export const FIRM: Firm = { name: 'Test Law', phone: '+1 716 555 0100', timeZone: 'America/New_York' };
/** 2 a.m. in Buffalo on Saturday, November 28, 2026. */
export const T0 = new Date('2026-11-28T07:00:00Z');

export interface Exchange {
  user: string | null;
  keys: string[];
  sms: string[];
  /** Each message's text as web chat shows it (its buttons aside). */
  texts: string[];
  effects: Effect[];
  asking: Turn['asking'];
  /** The intake as stored after this turn. */
  snapshot: PersistedIntake;
}

export interface Conversation {
  turns: Exchange[];
  context: IntakeContext;
  summary: Summary;
  snapshot: PersistedIntake;
  engine: IntakeEngine;
  /** Every message key the bot sent, in order. */
  keys: string[];
  effects: Effect[];
}

let seq = 0;
const engine = new IntakeEngine(FIRM, undefined, () => ({ intakeId: `intake-${++seq}`, reference: `HP-TEST${seq}` }));

export function converse(lines: string[], o: { channel?: Channel; lang?: Lang; greet?: boolean; knownPhone?: string; start?: Date } = {}): Conversation {
  const start = o.start ?? T0;
  const at = (i: number) => new Date(start.getTime() + i * 60_000);
  let snapshot = engine.create({
    channel: o.channel ?? 'sms',
    at: at(0),
    language: o.lang ?? null,
    knownPhone: o.knownPhone ?? (o.channel === 'sms' || !o.channel ? '+17165550199' : null),
  });
  const turns: Exchange[] = [];
  const record = (user: string | null, turn: Turn) => {
    snapshot = turn.snapshot;
    turns.push({
      user,
      keys: turn.messages.map((m) => m.key),
      sms: toSms(turn.messages),
      texts: turn.messages.map((m) => m.text),
      effects: turn.effects,
      asking: turn.asking,
      snapshot: turn.snapshot,
    });
    return turn;
  };
  let last: Turn | null = null;
  if (o.greet) last = record(null, engine.greet(snapshot, at(0), o.lang ?? null));
  lines.forEach((line, i) => {
    last = record(line, engine.receive(snapshot, line, at(i + 1)));
  });
  const context = (last as Turn | null)?.context;
  if (!context) throw new Error('no turn');
  const summary = engine.summary(context, { now: at(lines.length), transcriptId: `t-${context.intakeId}` });
  return {
    turns,
    context,
    summary,
    snapshot,
    engine,
    keys: turns.flatMap((t) => t.keys),
    effects: turns.flatMap((t) => t.effects),
  };
}

/** The turn that answered this user message (the first one that matches). */
export function after(c: Conversation, user: string): Exchange {
  const t = c.turns.find((x) => x.user === user);
  if (!t) throw new Error(`no turn for "${user}"`);
  return t;
}

/**
 * The stored intake as each of these messages finds it (new for the first, then after each one
 * before), from one replay: every question of a script, for sending something else there.
 */
export function statesAlong(lines: string[]): PersistedIntake[] {
  const fresh = engine.create({ channel: 'sms', at: T0, language: null, knownPhone: '+17165550199' });
  return lines.length > 1 ? [fresh, ...converse(lines.slice(0, -1)).turns.map((t) => t.snapshot)] : [fresh];
}
