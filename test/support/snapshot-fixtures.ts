/**
 * Stored conversations of a release, frozen as fixtures (test/fixtures/snapshots/v<N>/, where N is
 * the interview version that wrote them): every later release must load them and go on
 * (test/snapshots.test.ts). The conversations are defined here and written by
 * scripts/make-snapshot-fixtures.ts, once per interview version; a fixture is never regenerated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel, Lang } from '../../dialogs/context';
import type { QuestionId } from '../../dialogs/questions';
import { IntakeEngine, type PersistedIntake, type Turn } from '../../src/engine/intake-engine';
import { FIRM, T0 } from './converse';
import { REFERENCE } from '../scripts.reference';

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures', 'snapshots');

/** What the message after the snapshot is, for the test that goes on from it. */
export type NextIs =
  /** The answer to this question: it is recorded. */
  | { answers: QuestionId }
  /** Yes to the notice: consent is recorded. */
  | { consents: true }
  /** A message where no question is waiting (submitted, declined...): it gets a reply. */
  | { replied: true };

export interface SnapshotFixture {
  name: string;
  about: string;
  /** The interview version that wrote the snapshot, and the package version of the release. */
  interview: number;
  release: string;
  channel: Channel;
  language: Lang | null;
  /** What the family wrote (after a greeting when `greeted`), and the timers that fired. */
  greeted: boolean;
  said: Array<string | { timer: 'REMIND' | 'ABANDON' }>;
  /** The question the conversation waits on (null: none). */
  asking: Turn['asking'];
  next: string;
  nextIs: NextIs;
  /** As the engine returned it for the store. */
  snapshot: PersistedIntake;
}

export interface FixtureScript {
  name: string;
  about: string;
  channel: Channel;
  /** The widget's language choice at greeting (web chat); null: asked. */
  language?: Lang | null;
  greeted?: boolean;
  said: SnapshotFixture['said'];
  next: string;
  nextIs: NextIs;
}

const until = (lines: string[], last: string, nth = 1) => {
  let seen = 0;
  const i = lines.findIndex((l) => l === last && ++seen === nth);
  if (i < 0) throw new Error(`no "${last}"`);
  return lines.slice(0, i + 1);
};

/** Points of the intake worth freezing: before and at consent, mid-intake, each way it ends. */
export const FIXTURE_SCRIPTS: FixtureScript[] = [
  {
    name: 'webchat-greeted-language',
    about: 'web chat, greeted with no language chosen: asked which language',
    channel: 'webchat',
    greeted: true,
    said: [],
    next: 'Français',
    nextIs: { answers: 'language' },
  },
  {
    name: 'sms-fr-consent-story-held',
    about: 'SMS, French: the whole story told in the first message, held until the notice is accepted',
    channel: 'sms',
    said: ["Bonjour, je suis au Canada, mon fils a besoin d'un traitement médical urgent à Buffalo le 10 décembre, nous passerons par le pont de la Paix"],
    next: 'oui',
    nextIs: { consents: true },
  },
  {
    name: 'webchat-es-consent',
    about: 'web chat, Spanish chosen in the widget: asked to accept the notice',
    channel: 'webchat',
    language: 'es',
    greeted: true,
    said: [],
    next: 'sí',
    nextIs: { consents: true },
  },
  {
    name: 'sms-en-danger',
    about: 'SMS, English: notice accepted, asked whether anyone is in danger now',
    channel: 'sms',
    said: ['Hello', 'yes'],
    next: 'no',
    nextIs: { answers: 'danger' },
  },
  {
    name: 'webchat-fr-location',
    about: 'web chat, French: asked where the traveler is',
    channel: 'webchat',
    said: ['Bonjour', 'oui', 'non'],
    next: 'au Canada',
    nextIs: { answers: 'location' },
  },
  {
    name: 'sms-es-reason-details',
    about: 'SMS, Spanish: a medical reason, asked about the condition',
    channel: 'sms',
    said: until(REFERENCE.es, 'mi hijo'),
    next: 'Tiene leucemia y necesita un trasplante',
    nextIs: { answers: 'condition' },
  },
  {
    name: 'webchat-en-court-details',
    about: 'web chat, English: a court date, asked for the case number',
    channel: 'webchat',
    said: ['Hello', 'yes', 'no', '1', '1', '4', 'Erie County Court, Buffalo'],
    next: 'none',
    nextIs: { answers: 'caseNumber' },
  },
  {
    name: 'sms-en-incident-loop',
    about: 'SMS, English: in the criminal-history loop, second incident, asked where it happened',
    channel: 'sms',
    said: until(REFERENCE.en, 'March 2009'),
    next: 'Toronto',
    nextIs: { answers: 'incidentPlace' },
  },
  {
    name: 'webchat-en-human-callback',
    about: 'web chat, English: asked for a person with no number known, asked for a name',
    channel: 'webchat',
    said: ['Hello', 'yes', 'no', 'outside the US', 'I want to talk to a person'],
    next: 'Marie Tremblay',
    nextIs: { answers: 'contactName' },
  },
  {
    name: 'sms-fr-review',
    about: 'SMS, French: every question answered, at the review',
    channel: 'sms',
    said: REFERENCE.fr.slice(0, -1),
    next: 'OK',
    nextIs: { replied: true },
  },
  {
    name: 'sms-es-submitted',
    about: 'SMS, Spanish: the request sent',
    channel: 'sms',
    said: REFERENCE.es,
    next: 'gracias',
    nextIs: { replied: true },
  },
  {
    name: 'sms-en-emergency',
    about: 'SMS, English: in danger now (E0), the intake stopped with the safety numbers',
    channel: 'sms',
    said: ['Hello', 'yes', 'yes'],
    next: 'what do I do',
    nextIs: { replied: true },
  },
  {
    name: 'sms-fr-on-hold',
    about: 'SMS, French: detained, cannot go on now, on hold for a callback',
    channel: 'sms',
    said: ['Bonjour', 'oui', 'non', 'détenu', 'Paul Gagnon', 'non'],
    next: 'je peux parler maintenant',
    nextIs: { replied: true },
  },
  {
    name: 'webchat-es-declined',
    about: 'web chat, Spanish: the notice declined',
    channel: 'webchat',
    language: 'es',
    greeted: true,
    said: ['no'],
    next: 'hola',
    nextIs: { replied: true },
  },
  {
    name: 'sms-en-opted-out',
    about: 'SMS, English: STOP in the middle of the intake',
    channel: 'sms',
    said: ['Hello', 'yes', 'no', 'STOP'],
    next: 'START',
    nextIs: { replied: true },
  },
  {
    name: 'sms-en-abandoned',
    about: 'SMS, English: silent after the location, reminded, then marked abandoned',
    channel: 'sms',
    said: ['Hello', 'yes', 'no', 'outside the US', { timer: 'REMIND' }, { timer: 'ABANDON' }],
    next: 'I am the traveler',
    nextIs: { answers: 'role' },
  },
];

/** Runs a script on this release's engine, one message a minute, as a channel would. */
export function makeFixture(script: FixtureScript, o: { interview: number; release: string }): SnapshotFixture {
  const engine = new IntakeEngine(FIRM, undefined, () => ({ intakeId: `intake-${script.name}`, reference: 'HP-FIXT23' }));
  const at = (i: number) => new Date(T0.getTime() + i * 60_000);
  const language = script.language ?? null;
  let snapshot = engine.create({
    channel: script.channel,
    at: at(0),
    language,
    knownPhone: script.channel === 'sms' ? '+17165550199' : null,
  });
  let turn: Turn | null = null;
  if (script.greeted) turn = engine.greet(snapshot, at(0), language);
  if (turn) snapshot = turn.snapshot;
  script.said.forEach((line, i) => {
    turn = typeof line === 'string' ? engine.receive(snapshot, line, at(i + 1)) : engine.timer(snapshot, line.timer, at(i + 1));
    snapshot = turn.snapshot;
  });
  if (!turn) throw new Error(`${script.name}: nothing happened`);
  const done: Turn = turn;
  return {
    name: script.name,
    about: script.about,
    interview: o.interview,
    release: o.release,
    channel: script.channel,
    language: done.context.language,
    greeted: !!script.greeted,
    said: script.said,
    asking: done.asking,
    next: script.next,
    nextIs: script.nextIs,
    snapshot: JSON.parse(JSON.stringify(snapshot)),
  };
}

/** Every frozen fixture, of every interview version. */
export function loadFixtures(): SnapshotFixture[] {
  return readdirSync(FIXTURES_DIR)
    .filter((d) => /^v\d+$/.test(d))
    .flatMap((d) =>
      readdirSync(join(FIXTURES_DIR, d))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(FIXTURES_DIR, d, f), 'utf8')) as SnapshotFixture),
    );
}
