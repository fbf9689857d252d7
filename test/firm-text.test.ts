/**
 * The firm's own wording (locales/en/{labels,dashboard,pdf,notify}.json): every enum value of the
 * summary contract has one label in labels.json and labels.json holds nothing else; no other file
 * keeps a copy of a label group; and every key the dashboard's pages, the PDF, the notices and the
 * plain-text summary ask for exists, with the {{variables}} its text uses. The last is checked by
 * rendering them all, for a complete intake and for an E1 intake still in progress, through a
 * recording firmText: firmText already throws on a missing key, so rendering everything is the check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FirmText, FirmTextFile } from '../src/i18n/firm-text';
import { localesDir } from '../src/paths';
import {
  CHANNELS,
  COURT_ROLES,
  DOCUMENTS,
  ESCALATION_REASONS,
  FEE_EXEMPTIONS,
  GROUNDS,
  LOCATIONS,
  OUTCOMES,
  PATIENTS,
  POSSIBLE_PATHS,
  REASONS,
  ROLES,
  STATUSES,
  SummarySchema,
  TIERS,
  YES_NO_UNSURE,
  type Summary,
} from '../src/summary/contract';
import { FACT_SECTIONS, FIELD_PATHS, fieldLabelKey, sectionLabelKey } from '../src/summary/field-paths';
import { HANDLING_STATUSES, NEW_HANDLING, type EscalationRecord, type Handling, type OutboxItem } from '../src/store/handoff-store';
import type { Attorney } from '../src/store/account-store';
import type { TranscriptEntry } from '../src/store/store';
import { KIND } from '../src/handoff/outbox-plan';
import { DOCUMENT_KINDS, DOCUMENT_SOURCES, type DocumentInfo } from '../src/documents/contract';
import { checklistItems } from '../src/documents/checklist';
import { receivedByItem } from '../src/summary/received-documents';
import { converse } from './support/converse';
import { REFERENCE } from './scripts.reference';

/** One look-up of a wording key, as the code made it. */
interface Use {
  file: FirmTextFile;
  key: string;
  vars: Record<string, unknown>;
}

// Every FirmText the code makes records what it is asked; the real one answers (and throws on a
// key its file lacks).
jest.mock('../src/i18n/firm-text', () => {
  const actual = jest.requireActual<typeof import('../src/i18n/firm-text')>('../src/i18n/firm-text');
  const uses: Use[] = [];
  const firmText = (file: FirmTextFile, dir?: string): FirmText => {
    const real = actual.firmText(file, dir);
    const recording = ((key: string, vars: Record<string, unknown> = {}) => {
      uses.push({ file, key, vars });
      return real(key, vars);
    }) as FirmText;
    recording.has = (key) => real.has(key);
    return recording;
  };
  return { ...actual, firmText, uses };
});

// Imported after the mock is declared (jest hoists it): these modules get the recording firmText.
/* eslint-disable @typescript-eslint/no-require-imports */
const { firmText, uses } = require('../src/i18n/firm-text') as { firmText: (file: FirmTextFile) => FirmText; uses: Use[] };
const { summaryText } = require('../src/summary/text') as typeof import('../src/summary/text');
const { renderIntakePdf } = require('../src/pdf/intake-pdf') as typeof import('../src/pdf/intake-pdf');
const notices = require('../src/handoff/notices') as typeof import('../src/handoff/notices');
const { ackPage, notFoundPage } = require('../src/handoff/ack-page') as typeof import('../src/handoff/ack-page');
const { queuePage } = require('../src/dashboard/views/queue') as typeof import('../src/dashboard/views/queue');
const { intakePage } = require('../src/dashboard/views/intake') as typeof import('../src/dashboard/views/intake');
const { auditPage } = require('../src/dashboard/views/audit') as typeof import('../src/dashboard/views/audit');
const { loginPage } = require('../src/dashboard/views/login') as typeof import('../src/dashboard/views/login');
const { errorPage } = require('../src/dashboard/views/error') as typeof import('../src/dashboard/views/error');
/* eslint-enable @typescript-eslint/no-require-imports */

type Json = { [key: string]: string | Json };
const read = (file: FirmTextFile) => JSON.parse(readFileSync(join(localesDir(), 'en', `${file}.json`), 'utf8')) as Json;
const FILES: FirmTextFile[] = ['labels', 'dashboard', 'pdf', 'notify'];
const json = Object.fromEntries(FILES.map((f) => [f, read(f)])) as Record<FirmTextFile, Json>;

function flatten(node: Json, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(node)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, flatten(v, `${prefix}${k}.`));
  }
  return out;
}

/** Every object in a file, with its path: where a copy of a label group would hide. */
function objects(node: Json, path = ''): Array<[string, Json]> {
  return Object.entries(node).flatMap(([k, v]) => (typeof v === 'string' ? [] : [[`${path}${k}`, v] as [string, Json], ...objects(v, `${path}${k}.`)]));
}

const variables = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]);

/** The groups of labels.json, the values each must label, and whether it labels "none" (a null field). */
const GROUPS: Record<string, { values: readonly string[]; none: boolean }> = {
  'tier.badge': { values: TIERS, none: true },
  'tier.short': { values: TIERS, none: true },
  'tier.long': { values: TIERS, none: true },
  dateUnknown: { values: ['badge', 'long'], none: false },
  escalation: { values: ESCALATION_REASONS, none: false },
  path: { values: POSSIBLE_PATHS, none: false },
  fee: { values: FEE_EXEMPTIONS, none: false },
  answer: { values: YES_NO_UNSURE, none: true },
  role: { values: ROLES, none: false },
  location: { values: LOCATIONS, none: false },
  reason: { values: REASONS, none: true },
  patient: { values: PATIENTS, none: false },
  courtRole: { values: COURT_ROLES, none: false },
  outcome: { values: OUTCOMES, none: false },
  document: { values: DOCUMENTS, none: false },
  intakeStatus: { values: STATUSES, none: false },
  handling: { values: HANDLING_STATUSES, none: false },
  channel: { values: CHANNELS, none: false },
  level: { values: ['oncall', 'backup'] satisfies Array<EscalationRecord['level']>, none: false },
  'actor.link': { values: ['oncall', 'backup'] satisfies Array<EscalationRecord['level']>, none: false },
  'actor.sms': { values: ['oncall', 'backup'] satisfies Array<EscalationRecord['level']>, none: false },
  delivery: { values: Object.values(KIND), none: false },
  documentKind: { values: DOCUMENT_KINDS, none: false },
  documentSource: { values: DOCUMENT_SOURCES, none: false },
};

/**
 * Besides the enum values: the words for every fact of the contract (`field.<path>`, the labels of
 * the rows every surface shows), for each section of facts, and the pattern that numbers an
 * incident's field in the lists of what is missing.
 */
const FACT_KEYS = [
  ...FIELD_PATHS.map(fieldLabelKey),
  ...FACT_SECTIONS.map(sectionLabelKey),
  sectionLabelKey('other' as never),
  'field.history.incidentOf',
  // An API token as who acted, by its name (src/i18n/actor.ts).
  'actor.token',
  'actor.attorney',
];

describe('labels.json', () => {
  const labels = flatten(json.labels);

  it('words every fact and every section of the contract', () => {
    expect(FACT_KEYS.filter((k) => !labels[k]?.trim())).toEqual([]);
  });

  it('labels every enum value of the contract (and "none" where the field may be null)', () => {
    const wanted = Object.entries(GROUPS).flatMap(([group, g]) => [...g.values, ...(g.none ? ['none'] : [])].map((v) => `${group}.${v}`));
    expect(wanted.filter((k) => !(k in labels))).toEqual([]);
    expect(wanted.filter((k) => !labels[k]?.trim())).toEqual([]);
  });

  it('holds nothing but those labels', () => {
    const allowed = new Set([
      ...Object.entries(GROUPS).flatMap(([group, g]) => [...g.values, ...(g.none ? ['none'] : [])].map((v) => `${group}.${v}`)),
      ...FACT_KEYS,
    ]);
    expect(Object.keys(labels).filter((k) => !allowed.has(k))).toEqual([]);
  });

  it('has no {{variables}}: a label is a word, not a sentence (but the one that numbers an incident and the one that names an API token)', () => {
    expect(Object.entries(labels).filter(([k, v]) => variables(v).length && k !== 'field.history.incidentOf' && k !== 'actor.token')).toEqual([]);
  });

  it('gives different values of a group different words', () => {
    for (const group of [...Object.keys(GROUPS), 'section', 'field.contact', 'field.traveler', 'field.request.details', 'field.history']) {
      const words = Object.entries(labels)
        .filter(([k]) => k.startsWith(`${group}.`))
        .map(([, v]) => v.toLowerCase());
      expect([group, new Set(words).size]).toEqual([group, words.length]);
    }
  });

  it('is the only file with a label group: dashboard, pdf and notify keep no copy', () => {
    const copies = (['dashboard', 'pdf', 'notify'] as const).flatMap((file) =>
      objects(json[file])
        .filter(([, obj]) => Object.values(GROUPS).some((g) => g.values.every((v) => v in obj)))
        .map(([path]) => `${file}.json: ${path}`),
    );
    expect(copies).toEqual([]);
  });
});

// ---- every surface, rendered ------------------------------------------------------------------

const T0 = '2026-11-28T07:00:00.000Z';
const ann: Attorney = {
  id: 'att-ann',
  email: 'ann@firm.example',
  name: 'Ann Lee',
  passwordHash: 'x',
  createdAt: T0,
  failedLogins: 0,
  lockedUntil: null,
  disabled: false,
};
const bob: Attorney = { ...ann, id: 'att-bob', email: 'bob@firm.example', name: 'Bob Roy' };
const FIRM = { name: 'Border Immigration Law', phone: '+1 716 555 0100', timeZone: 'America/New_York' };

/** The reference case, finished, with every detail key and a consent on an unknown channel. */
function complete(): Summary {
  const s = converse(REFERENCE.en).summary;
  return SummarySchema.parse({
    ...s,
    request: {
      ...s.request,
      details: {
        patient: 'child',
        condition: 'leukemia',
        provider: 'Roswell Park',
        unavailableAtHome: 'unsure',
        payer: 'savings',
        relation: 'son',
        prognosis: 'good',
        court: 'Erie County Court',
        caseNumber: '2026-114',
        courtRole: 'witness',
        hearingDates: ['2026-12-14'],
        subpoena: 'yes',
        dateOfDeath: '2026-11',
      },
    },
    triage: {
      ...s.triage,
      escalationReasons: [...ESCALATION_REASONS],
      possiblePaths: [...POSSIBLE_PATHS],
      feeExemptionIndicators: [...FEE_EXEMPTIONS],
      // An incident's field, and a path a later release may no longer have.
      missing: [...s.triage.missing, 'history.incidents[0].sentence', 'request.somethingRemoved'],
    },
    truncated: ['request.narrative', 'history.incidents.1.place'],
    documentsOnHand: [...DOCUMENTS],
    history: { ...s.history, incidents: OUTCOMES.map((outcome, i) => ({ date: `${2000 + i}`, place: 'Hamilton', charge: 'theft', outcome, sentence: null })) },
  });
}

/** At the border (E1), before the intake is finished: much still missing. */
function e1(): Summary {
  const s = converse(['Hello', 'yes', 'no', 'at the border now', 'Marie Tremblay', '905 555 0147', 'yes', 'family']).summary;
  expect(s.triage.tier).toBe('E1');
  return s;
}

/** Six summaries that between them take every value of every enum field; then one with nulls. */
function variants(base: Summary): Summary[] {
  const out = Array.from({ length: 6 }, (_, i): Summary => {
    const at = <T>(xs: readonly T[]) => xs[i % xs.length];
    return {
      ...base,
      status: at(STATUSES),
      channel: at(CHANNELS),
      // Every other one with no date known: the flag's words beside the tier.
      triage: { ...base.triage, tier: at(TIERS), dateUnknown: i % 2 === 1 },
      contact: { ...base.contact, role: at(ROLES) },
      traveler: { ...base.traveler, locationNow: at(LOCATIONS), isMinor: i % 2 === 0 },
      request: {
        ...base.request,
        reason: at(REASONS),
        details: { ...base.request.details, patient: at(PATIENTS), courtRole: at(COURT_ROLES), subpoena: at(YES_NO_UNSURE) },
      },
      consent: base.consent && { ...base.consent, channel: at(CHANNELS) },
      history: { ...base.history, ...Object.fromEntries(GROUNDS.map((g, k) => [g, [...YES_NO_UNSURE, null][(k + i) % 4]])) },
    };
  });
  out.push({
    ...base,
    triage: { ...base.triage, tier: null },
    request: { ...base.request, reason: null },
    contact: { ...base.contact, role: null },
    consent: null,
  });
  return out;
}

const handlings: Handling[] = [
  NEW_HANDLING,
  { ...NEW_HANDLING, status: 'claimed', claimedBy: ann.id, claimedAt: T0, updatedAt: T0, updatedBy: ann.id },
  { ...NEW_HANDLING, status: 'contacted', claimedBy: bob.id, claimedAt: T0, contactedAt: T0, updatedAt: T0, updatedBy: bob.id },
  { ...NEW_HANDLING, status: 'closed', claimedBy: bob.id, claimedAt: T0, contactedAt: T0, closedAt: T0, updatedAt: T0, updatedBy: bob.id },
  // Claimed through the API: the token is who acted.
  { ...NEW_HANDLING, status: 'claimed', claimedBy: 'token:Case system', claimedAt: T0, updatedAt: T0, updatedBy: 'token:Case system' },
];

function escalationsOf(s: Summary): EscalationRecord[] {
  const base = { intakeId: s.intakeId, reference: s.reference, tier: s.triage.tier, reasons: [...ESCALATION_REASONS], createdAt: T0, reescalateAt: null };
  return [
    { ...base, id: 'esc-1', level: 'oncall', acknowledgedAt: null, acknowledgedBy: null },
    { ...base, id: 'esc-2', level: 'backup', acknowledgedAt: T0, acknowledgedBy: ann.id },
    // Acknowledged without signing in: by the page's link, by a text reply, at each level.
    ...(['link', 'sms'] as const).flatMap((via) =>
      (['oncall', 'backup'] as const).map((level): EscalationRecord => ({
        ...base,
        id: `esc-${via}-${level}`,
        level,
        acknowledgedAt: T0,
        acknowledgedBy: `${via}:${level}`,
      })),
    ),
  ];
}

// Every kind of delivery, in each state in turn.
const deliveries: OutboxItem[] = Object.values(KIND)
  .map((kind, i) => ({ kind, state: (['pending', 'done', 'failed'] as const)[i % 3] }))
  .map(({ kind, state }, i) => ({
    id: `o-${i}`,
    kind,
    intakeId: 'x',
    payload: {},
    createdAt: T0,
    dueAt: T0,
    state,
    attempts: i + 1,
    lastError: state === 'failed' ? '550' : null,
    doneAt: state === 'done' ? T0 : null,
    leasedBy: null,
    leaseUntil: null,
  }));

const transcript: TranscriptEntry[] = (['in', 'out'] as const).map((direction, i) => ({
  conversationId: 'c',
  seq: i + 1,
  direction,
  channel: 'sms',
  messageId: `m${i}`,
  replyTo: null,
  at: T0,
  language: 'en',
  text: 'hello',
  media: i ? [] : ['https://media.example/1'],
}));

/** Documents of every kind, from every source, some for checklist items, one "other", sizes from bytes to megabytes. */
function documentsOf(s: Summary): DocumentInfo[] {
  const items = checklistItems(s);
  return DOCUMENT_KINDS.map((kind, i) => ({
    id: `doc${i}`,
    intakeId: s.intakeId,
    item: i === 0 || !items.length ? 'other' : items[i % items.length].key,
    ...(i === 0 ? { description: 'a photo of the passport' } : {}),
    kind,
    size: 700 * 10 ** i,
    receivedAt: T0,
    source: DOCUMENT_SOURCES[i % DOCUMENT_SOURCES.length],
    // PDFs and undecodable photos are kept as received.
    reencoded: kind !== 'heic' && kind !== 'pdf',
    displayName: `file-${i}`,
  }));
}

async function renderEverything(summaries: Summary[]): Promise<void> {
  const dashboard = firmText('dashboard');
  const notify = firmText('notify');
  const attorneys = new Map([ann, bob].map((a) => [a.id, a]));
  for (const [i, s] of summaries.entries()) {
    const escalations = escalationsOf(s);
    const documents = receivedByItem(s, documentsOf(s));
    summaryText(s);
    for (const handling of handlings) {
      await renderIntakePdf({
        summary: s,
        handling,
        escalations,
        firm: FIRM,
        generatedAt: new Date(T0),
        generatedBy: ann.email,
        attorneyNames: { [ann.id]: 'Ann Lee' },
        documents,
      });
      intakePage({
        t: dashboard,
        firmName: FIRM.name,
        timeZone: FIRM.timeZone,
        attorney: ann,
        csrfToken: 'c',
        summary: s,
        handling,
        escalations,
        deliveries,
        transcript,
        attorneys,
        flash: { text: 'x', bad: false },
        documents,
      });
    }
    // Nothing received yet: every item missing.
    intakePage({
      t: dashboard,
      firmName: FIRM.name,
      timeZone: FIRM.timeZone,
      attorney: ann,
      csrfToken: 'c',
      summary: s,
      handling: NEW_HANDLING,
      escalations: [],
      deliveries: [],
      transcript: [],
      attorneys,
      flash: null,
      documents: receivedByItem(s, []),
    });
    await renderIntakePdf({
      summary: s,
      handling: NEW_HANDLING,
      escalations: [],
      firm: FIRM,
      generatedAt: new Date(T0),
      generatedBy: ann.email,
      documents: receivedByItem(s, []),
    });
    notices.documentsEmail(
      notify,
      {
        schemaVersion: 1,
        intakeId: s.intakeId,
        reference: s.reference,
        receivedFrom: T0,
        receivedUntil: T0,
        items: [{ item: 'other', name: notify('documents.other'), count: 2 }],
      },
      'https://firm.example/intakes/x',
    );
    intakePage({
      t: dashboard,
      firmName: FIRM.name,
      timeZone: FIRM.timeZone,
      attorney: ann,
      csrfToken: 'c',
      summary: s,
      handling: NEW_HANDLING,
      escalations: [],
      deliveries: [],
      transcript: [],
      attorneys,
      flash: null,
    });
    for (const view of ['queue', 'progress', 'closed'] as const) {
      queuePage({
        t: dashboard,
        firmName: FIRM.name,
        attorney: ann,
        csrfToken: 'c',
        filters: { view, status: i % 2 ? 'claimed' : null, tier: i % 2 ? 'none' : null, cursor: i % 2 ? 'abc' : null },
        escalations,
        page: { items: handlings.map((handling) => ({ summary: s, handling })), next: 'def' },
        attorneys,
        now: new Date('2026-11-30T07:00:00.000Z'),
        flash: 'x',
      });
    }
    const facts = {
      intakeId: s.intakeId,
      reference: s.reference,
      tier: s.triage.tier,
      reasons: s.triage.escalationReasons,
      requestReason: s.request.reason,
      dateUnknown: s.triage.dateUnknown,
    };
    const links = { detailsUrl: notices.detailsUrl('https://firm.example', s.intakeId), ackUrl: notices.ackUrl('https://firm.example', 'tok') };
    for (const kind of ['page', 'repage'] as const) {
      notices.pageEmail(notify, kind, facts, links, 15);
      notices.pageSms(notify, kind, facts, links, 15);
    }
    notices.submittedEmail(notify, facts, links);
    for (const escalation of escalations) {
      for (const formExpired of [false, true])
        ackPage(notify, {
          escalation,
          requestReason: s.request.reason,
          detailsUrl: links.detailsUrl,
          action: '/ack/tok',
          formToken: 'f',
          formExpired,
          timeZone: FIRM.timeZone,
        });
    }
  }
  notFoundPage(notify);
  queuePage({
    t: dashboard,
    firmName: FIRM.name,
    attorney: ann,
    csrfToken: 'c',
    filters: { view: 'queue', status: null, tier: null, cursor: null },
    escalations: [],
    page: { items: [], next: null },
    attorneys,
    now: new Date(T0),
    flash: null,
  });
  const actions = ['viewed', 'viewed_pdf', 'status', 'api_listed'];
  auditPage({
    t: dashboard,
    firmName: FIRM.name,
    timeZone: FIRM.timeZone,
    attorney: ann,
    csrfToken: 'c',
    attorneys,
    intakeId: 'x',
    entries: actions.map((action) => ({ at: T0, actor: ann.id, action, intakeId: 'x', detail: { status: 'claimed', tier: null } })),
  });
  auditPage({ t: dashboard, firmName: FIRM.name, timeZone: FIRM.timeZone, attorney: ann, csrfToken: 'c', attorneys, intakeId: null, entries: [] });
  for (const key of ['login.failed', 'login.locked', 'login.expired', 'login.signedOut']) {
    loginPage({ t: dashboard, firmName: FIRM.name, formToken: 'f', next: '/intakes', message: { key, vars: { minutes: 15 }, bad: true } });
  }
  errorPage(dashboard, FIRM.name, 'errors.notFoundTitle', 'errors.notFound', { attorney: ann, csrfToken: 'c' });
  errorPage(dashboard, FIRM.name, 'errors.failedTitle', 'errors.failed');
  errorPage(dashboard, FIRM.name, 'errors.badNextTitle', 'errors.badNext');
}

describe('every key the surfaces ask for', () => {
  let errors: unknown[] = [];

  beforeAll(async () => {
    uses.length = 0;
    const full = complete();
    const early = e1();
    try {
      await renderEverything([full, early, ...variants(full), ...variants(early)]);
    } catch (e) {
      errors = [e];
    }
  }, 120_000);

  it('renders the summary text, the PDF, the dashboard pages and the notices without a missing key', () => {
    expect(errors).toEqual([]);
  });

  it('asked each file, and each label group, for something', () => {
    expect(new Set(uses.map((u) => u.file))).toEqual(new Set(FILES));
    const groupsUsed = new Set(
      uses
        .filter((u) => u.file === 'labels')
        .map((u) =>
          u.key
            .split('.')
            .slice(0, u.key.startsWith('tier.') || u.key.startsWith('actor.') ? 2 : 1)
            .join('.'),
        ),
    );
    expect([...groupsUsed].sort()).toEqual([...Object.keys(GROUPS), 'actor.token', 'actor.attorney', 'field', 'section'].sort());
  });

  const texts = Object.fromEntries(FILES.map((f) => [f, flatten(json[f])])) as Record<FirmTextFile, Record<string, string>>;

  it('asked only for keys its file has', () => {
    const missing = uses.filter((u) => !(u.key in texts[u.file])).map((u) => `${u.file}.json: ${u.key}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('filled every {{variable}} of the text it asked for', () => {
    const unfilled = uses.flatMap((u) => {
      const text = texts[u.file][u.key] ?? '';
      return variables(text)
        .filter((v) => !(v in u.vars))
        .map((v) => `${u.file}.json: ${u.key} {{${v}}}`);
    });
    expect([...new Set(unfilled)]).toEqual([]);
  });

  it('asked for every key of labels.json, for some intake', () => {
    const asked = new Set(uses.filter((u) => u.file === 'labels').map((u) => u.key));
    expect(Object.keys(flatten(json.labels)).filter((k) => !asked.has(k))).toEqual([]);
  });
});
