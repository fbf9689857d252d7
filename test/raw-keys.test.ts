/**
 * No attorney-facing surface shows a raw key or code. Every fact of the contract, in a summary
 * where each is filled (several, so every enum value is taken) and in one where none is, goes
 * through the dashboard (the intake page and the queue), the PDF (its text, read back as the pdf
 * tests read it), the plain-text summary, the emails and the SMS pages to attorneys and the page
 * behind the acknowledgement link; none may show a field path ("history.waivers"), a key of the
 * contract ("neededBy") or of a wording file ("intake.missing"), an enum value as stored
 * ("at_border"), a country code ("CA"), an ISO date ("2026-12-17", "2003-03") or an E.164 number
 * ("+17165550142").
 *
 * What is forbidden is derived from the contract (its field paths, keys and enum values, which
 * fields hold country codes or phone numbers) and the wording files, not listed by hand; the
 * summaries are built from the contract's field paths too. So a field added to the contract is
 * filled, walked and checked here, and one shown without its label fails (firmLabels throws on a
 * missing label; a path shown as it is is a raw path).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { questionDef } from '../dialogs/questions';
import { intakePage } from '../src/dashboard/views/intake';
import { queuePage } from '../src/dashboard/views/queue';
import { auditPage } from '../src/dashboard/views/audit';
import { KIND } from '../src/handoff/outbox-plan';
import { ackPage } from '../src/handoff/ack-page';
import { ackUrl, detailsUrl, pageEmail, pageSms, submittedEmail, type NoticeFacts } from '../src/handoff/notices';
import { firmText, type FirmTextFile } from '../src/i18n/firm-text';
import { firmLabels } from '../src/i18n/labels';
import { localesDir } from '../src/paths';
import { renderIntakePdf } from '../src/pdf/intake-pdf';
import type { Attorney } from '../src/store/account-store';
import type { EscalationRecord, Handling, OutboxItem } from '../src/store/handoff-store';
import type { TranscriptEntry } from '../src/store/store';
import { CHANNELS, STATUSES, SummarySchema, TIERS, type Summary } from '../src/summary/contract';
import { FIELD_PATHS, INCIDENT_PREFIX, emptyOf, fieldSchema, holdsUnsure, lastKey, type FieldPath } from '../src/summary/field-paths';
import { FILLED_BY, HISTORY_NOTES } from '../src/summary/fields';
import { summaryText } from '../src/summary/text';
import { converse, FIRM } from './support/converse';
import { escaped } from './support/attorneys';
import { pdfText } from './support/pdf-text';
import { REFERENCE } from './scripts.reference';

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
// The firm's number as configuration gives it: E.164 too.
const firm = { ...FIRM, phone: '+17165550100' };
const labels = firmLabels();

// ---- what the contract holds ----------------------------------------------------------------

/** A schema under its nullable / optional / default wrappers. */
function bare(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodNullable || s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
  return s;
}

/** Every key of the contract's objects and every value of its enums, at any depth. */
function contractNames(schema: z.ZodType, out = { keys: new Set<string>(), values: new Set<string>() }) {
  const s = bare(schema);
  if (s instanceof z.ZodObject) {
    for (const [k, v] of Object.entries(s.shape)) {
      out.keys.add(k);
      contractNames(v as z.ZodType, out);
    }
  } else if (s instanceof z.ZodArray) contractNames(s.element as z.ZodType, out);
  else if (s instanceof z.ZodEnum) for (const v of s.options as string[]) out.values.add(v);
  return out;
}

/** The schema of one value of the field (of one item, for a list). */
const itemOf = (path: FieldPath) => {
  const s = fieldSchema(path);
  return s instanceof z.ZodArray ? bare(s.element as z.ZodType) : s;
};
const accepts = (s: z.ZodType, v: unknown) => s.safeParse(v).success;

/** What a string field holds, from its schema (a country code, an E.164 number, an ISO date) or the question that fills it. */
function kindOf(path: FieldPath): 'country' | 'phone' | 'futureDate' | 'pastDate' | 'email' | 'text' {
  const s = itemOf(path);
  if (accepts(s, 'CA') && !accepts(s, 'Canada')) return 'country';
  if (accepts(s, '+17165550142') && !accepts(s, '716 555 0142')) return 'phone';
  if (accepts(s, '2026-12-17') && !accepts(s, 'December 17')) return 'futureDate';
  const q = FILLED_BY.get(path);
  const kind = q ? questionDef(q).kind : null;
  if (kind === 'futureDate' || kind === 'pastDate' || kind === 'email') return kind;
  // A list of dates no question fills by itself (a court's hearing dates): named for what it holds.
  if (/dates?$/i.test(lastKey(path))) return 'futureDate';
  return 'text';
}

// ---- the summaries ------------------------------------------------------------------------

const COUNTRIES = ['CA', 'MX', 'HT', 'VE', 'CO', 'SV', 'GT'];
const PHONES = ['+17165550142', '+525512345678', '+33612345678'];
const FUTURE = ['2026-12-17', '2027-01-05'];
// A day, a month or a year: as the family gave it.
const PAST = ['2003-03', '2019-06-02', '2004'];

let words = 0;
/** The family's words: plain, and different each time (so a value shown twice can be told). */
const said = () => `said thing ${++words}`;

function valueFor(path: FieldPath, n: number): unknown {
  const s = fieldSchema(path);
  const item = itemOf(path);
  if (s instanceof z.ZodArray && item instanceof z.ZodEnum) return [...(item.options as string[])];
  if (item instanceof z.ZodEnum) return (item.options as string[])[n % item.options.length];
  if (item instanceof z.ZodBoolean) return n % 2 === 0;
  if (item instanceof z.ZodNumber) return 90 + n;
  const one = (i: number): string => {
    switch (kindOf(path)) {
      case 'country':
        return COUNTRIES[(n + i) % COUNTRIES.length];
      case 'phone':
        return PHONES[(n + i) % PHONES.length];
      case 'futureDate':
        return FUTURE[(n + i) % FUTURE.length];
      case 'pastDate':
        return PAST[(n + i) % PAST.length];
      case 'email':
        return `family${n}@example.org`;
      default:
        // The screening details are lines under our labels ("Refusals: ...").
        return path === 'history.notes' ? HISTORY_NOTES.map(([, l]) => `${l}: ${said()}`).join('\n') : said();
    }
  };
  return s instanceof z.ZodArray ? [one(0), one(1)] : one(0);
}

/** A field's path as `missing` or `answerDetails` name it: an incident's with its index. */
const concrete = (path: FieldPath) => path.replace('incidents[]', 'incidents[0]');
const FACTS = FIELD_PATHS.filter((p) => p !== 'history.incidents');

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce((o, k) => o[k] as Record<string, unknown>, target);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

const base = converse(REFERENCE.en).summary;

/** Every fact filled; `n` turns which enum value, country, date... each takes. */
function filled(n: number): Summary {
  const s = structuredClone(base) as unknown as Record<string, unknown>;
  for (const path of FIELD_PATHS) if (!path.startsWith(INCIDENT_PREFIX) && path !== 'history.incidents') setAt(s, path, valueFor(path, n));
  const columns = FIELD_PATHS.filter((p) => p.startsWith(INCIDENT_PREFIX));
  setAt(
    s,
    'history.incidents',
    [0, 1].map((i) => Object.fromEntries(columns.map((p) => [lastKey(p), valueFor(p, n + i)]))),
  );
  return SummarySchema.parse({
    ...s,
    status: STATUSES[n % STATUSES.length],
    channel: CHANNELS[n % CHANNELS.length],
    triage: {
      ...base.triage,
      tier: TIERS[n % TIERS.length],
      escalationReasons: [...contractEnum('triage.escalationReasons')],
      possiblePaths: [...contractEnum('triage.possiblePaths')],
      feeExemptionIndicators: [...contractEnum('triage.feeExemptionIndicators')],
      missing: [],
      unsure: [],
    },
    consent: { ...base.consent!, channel: CHANNELS[(n + 1) % CHANNELS.length] },
    // Every fact shortened and said more about: each goes through those lists too.
    truncated: FACTS.map(concrete),
    answerDetails: FACTS.map((p) => ({ path: concrete(p), text: said() })),
  });
}

/** A schema of the contract as it declares it, wrappers and all ("triage.possiblePaths", "request.neededAsap"). */
const declared = (path: string) => path.split('.').reduce<z.ZodType>((x, k) => (bare(x) as z.ZodObject).shape[k] as z.ZodType, SummarySchema);

/** The values of a list of an enum (the triage's lists). */
const contractEnum = (path: string) => (bare((bare(declared(path)) as z.ZodArray).element as z.ZodType) as z.ZodEnum).options as string[];

/** Nothing known: every fact missing, those that can say "not sure" answered so (and listed as missing too, as the contract does). */
function empty(): Summary {
  const s = structuredClone(base) as unknown as Record<string, unknown>;
  for (const path of FIELD_PATHS) {
    if (path.startsWith(INCIDENT_PREFIX)) continue;
    const none = emptyOf(path);
    // A field that is never null has its default (request.neededAsap: false).
    setAt(s, path, holdsUnsure(path) ? 'unsure' : none === null && !declared(path).safeParse(null).success ? undefined : none);
  }
  setAt(s, 'request.details', {});
  const unsure = FACTS.filter((p) => holdsUnsure(p) && !p.startsWith(INCIDENT_PREFIX));
  return SummarySchema.parse({
    ...s,
    status: 'in_progress',
    completedAt: null,
    consent: null,
    triage: { tier: null, escalationReasons: [], possiblePaths: [], feeExemptionIndicators: [], missing: FACTS.map(concrete), unsure },
    truncated: [],
    answerDetails: [],
  });
}

// ---- the surfaces -------------------------------------------------------------------------

const escalationsOf = (s: Summary): EscalationRecord[] => {
  const e = { intakeId: s.intakeId, reference: s.reference, tier: s.triage.tier, reasons: s.triage.escalationReasons, createdAt: T0, reescalateAt: null };
  return [
    { ...e, id: 'e-open', level: 'oncall', acknowledgedAt: null, acknowledgedBy: null },
    { ...e, id: 'e-ann', level: 'oncall', acknowledgedAt: T0, acknowledgedBy: ann.id },
    { ...e, id: 'e-link', level: 'oncall', acknowledgedAt: T0, acknowledgedBy: 'link:oncall' },
    { ...e, id: 'e-sms', level: 'backup', acknowledgedAt: T0, acknowledgedBy: 'sms:backup' },
  ];
};
// Claimed by an attorney, last changed through the API (the token is who acted: "token:NAME").
const claimed: Handling = {
  status: 'claimed',
  claimedBy: ann.id,
  claimedAt: T0,
  contactedAt: null,
  closedAt: null,
  updatedAt: T0,
  updatedBy: 'token:Case system',
};
const transcript = (_s: Summary): TranscriptEntry[] => [
  { conversationId: 'c', seq: 1, direction: 'in', channel: 'sms', messageId: 'm1', replyTo: null, at: T0, language: 'en', text: 'hello', media: [] },
];

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
/** What a person reads of a page: its text, and the attributes a screen reader or a tooltip says. */
function readable(html: string): string {
  const said = [...html.matchAll(/\s(?:aria-label|title|alt|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const text = html.replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]*>/g, ' ');
  return [text, ...said].join(' ').replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
}

interface Surfaces {
  page: string;
  html: string;
  queue: string;
  pdf: string;
  text: string;
  email: string;
  sms: string;
  ack: string;
}

async function surfaces(s: Summary): Promise<Surfaces> {
  const dashboard = firmText('dashboard');
  const notify = firmText('notify');
  const escalations = escalationsOf(s);
  const attorneys = new Map([[ann.id, ann]]);
  const html = String(
    intakePage({
      t: dashboard,
      firmName: firm.name,
      timeZone: firm.timeZone,
      attorney: ann,
      csrfToken: 'c',
      summary: s,
      handling: claimed,
      escalations,
      deliveries: [],
      transcript: transcript(s),
      attorneys,
      flash: null,
    }),
  );
  const queue = String(
    queuePage({
      t: dashboard,
      firmName: firm.name,
      attorney: ann,
      csrfToken: 'c',
      filters: { view: 'queue', status: null, tier: null, cursor: null },
      escalations,
      page: { items: [{ summary: s, handling: claimed }], next: null },
      attorneys,
      now: new Date('2026-11-29T07:00:00.000Z'),
      flash: null,
    }),
  );
  const pdf = await pdfText(
    await renderIntakePdf({
      summary: s,
      handling: claimed,
      escalations,
      firm,
      generatedAt: new Date(T0),
      generatedBy: ann.email,
      attorneyNames: { [ann.id]: 'Ann Lee' },
    }),
  );
  // What the handoff sends (handoff.ts factsOf): the reference, the tier, the reasons, the request's category.
  const facts: NoticeFacts = {
    intakeId: s.intakeId,
    reference: s.reference,
    tier: s.triage.tier,
    reasons: s.triage.escalationReasons,
    requestReason: s.request.reason,
  };
  const links = { detailsUrl: detailsUrl('https://firm.example', s.intakeId), ackUrl: ackUrl('https://firm.example', 'tok') };
  const emails = [pageEmail(notify, 'page', facts, links, 15), pageEmail(notify, 'repage', facts, links, 15), submittedEmail(notify, facts, links)];
  const ack = escalations.map((escalation) =>
    ackPage(notify, { escalation, requestReason: s.request.reason, detailsUrl: links.detailsUrl, action: '/ack/tok', formToken: 'f', timeZone: firm.timeZone }),
  );
  return {
    page: readable(html),
    html,
    queue: readable(queue),
    // A line may break after a hyphen ("2026-" / "12-17"): joined again, so a date cannot hide in a wrap.
    pdf: pdf.text.replace(/\s+/g, ' ').replace(/- /g, '-'),
    text: summaryText(s, labels, firm.timeZone),
    email: emails.map((e) => `${e.subject}\n${e.text}`).join('\n'),
    sms: [pageSms(notify, 'page', facts, links, 15), pageSms(notify, 'repage', facts, links, 15)].join('\n'),
    ack: ack.map(readable).join('\n'),
  };
}

// ---- the detector -------------------------------------------------------------------------

type Json = { [key: string]: string | Json };
const flattenKeys = (node: Json, prefix = ''): string[] =>
  Object.entries(node).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : flattenKeys(v, `${prefix}${k}.`)));
const FILES: FirmTextFile[] = ['labels', 'dashboard', 'pdf', 'notify'];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A raw value, and what it is, for the failure message. */
interface Rule {
  what: string;
  pattern: RegExp;
}

function rules(countryCodes: readonly string[]): Rule[] {
  const names = contractNames(SummarySchema);
  const out: Rule[] = [];
  // Field paths, an incident's with or without its index ("history.incidents[0].date", "history.incidents.0.date").
  for (const path of FIELD_PATHS) {
    if (!path.includes('.')) continue;
    out.push({ what: `field path ${path}`, pattern: new RegExp(`(?<![\\w.])${escape(path).replace('\\[\\]', '(?:\\[\\d*\\]|\\.\\d+)')}(?![\\w])`) });
  }
  // A key of the contract written as code: camelCase ("neededBy", "intendedPort"); plain words ("name") are English too.
  for (const k of names.keys) if (/[a-z][A-Z]/.test(k)) out.push({ what: `contract key ${k}`, pattern: new RegExp(`(?<![\\w])${k}(?![\\w])`) });
  // An enum value as stored: the ones that are no word of English ("at_border", "opted_out", "i192_waiver").
  for (const v of names.values) if (v.includes('_')) out.push({ what: `enum value ${v}`, pattern: new RegExp(`(?<![\\w])${v}(?![\\w])`) });
  // A key of the firm's wording files shown instead of its text ("intake.missing", "tier.badge.E1").
  for (const file of FILES) {
    const json = JSON.parse(readFileSync(join(localesDir(), 'en', `${file}.json`), 'utf8')) as Json;
    for (const k of flattenKeys(json).filter((x) => x.includes('.')))
      out.push({ what: `${file}.json key ${k}`, pattern: new RegExp(`(?<![\\w.])${escape(k)}(?![\\w])`) });
  }
  // The country codes the summary holds, standing alone ("CA", "Hamilton, Ontario, CA", "Canada (CA)").
  for (const c of countryCodes) out.push({ what: `country code ${c}`, pattern: new RegExp(`(?<![\\w])${c}(?![\\w])`) });
  out.push({ what: 'ISO date', pattern: /(?<!\d)\d{4}-\d{2}(?:-\d{2})?(?!\d)/ });
  out.push({ what: 'E.164 number', pattern: /\+\d{8,15}(?!\d)/ });
  return out;
}

/** The codes of the fields that hold country codes, as the summary has them. */
function countryCodesOf(s: Summary): string[] {
  const fields = FIELD_PATHS.filter((p) => !p.startsWith(INCIDENT_PREFIX) && kindOf(p) === 'country');
  return [
    ...new Set(
      fields.flatMap((p) =>
        [p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], s)].flat().filter((v): v is string => typeof v === 'string'),
      ),
    ),
  ];
}

/** The raw values in `text`, each with a little of what is around it; the summary's own identifiers aside (a notice version may look like a date). */
function rawIn(text: string, s: Summary, rs: readonly Rule[]): string[] {
  let t = text;
  for (const id of [s.intakeId, s.reference, s.transcriptId, s.consent?.noticeVersion]) if (id) t = t.split(id).join(' ');
  return rs.flatMap(({ what, pattern }) => {
    const m = pattern.exec(t);
    return m ? [`${what}: "…${t.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30)}…"`] : [];
  });
}

// ---- the tests ----------------------------------------------------------------------------

const SURFACES = ['page', 'queue', 'pdf', 'text', 'email', 'sms', 'ack'] as const;

describe('the detector', () => {
  const s = filled(0);
  const rs = rules(['CA']);
  it.each([
    ['Missing: history.waivers', 'field path history.waivers'],
    ['Place of history.incidents[1].place', 'field path history.incidents[].place'],
    ['Needed by 2026-12-17', 'ISO date'],
    ['Date 2003-03', 'ISO date'],
    ['Hamilton, Ontario, CA', 'country code CA'],
    ['Phone +17165550142', 'E.164 number'],
    ['ESCALATE: at_border', 'enum value at_border'],
    ['neededBy: soon', 'contract key neededBy'],
    ['Status: intake.handlingNow', 'dashboard.json key intake.handlingNow'],
  ])('finds the raw value in %j', (text, what) => {
    expect(rawIn(text, s, rs).map((f) => f.split(':')[0])).toContain(what);
  });

  it('finds nothing in words', () => {
    expect(rawIn('Missing: History: prior waivers. Needed by Dec 17, 2026 at the border, Canada, phone +1 716 555 0142', s, rs)).toEqual([]);
  });
});

describe.each([...Array.from({ length: 7 }, (_, n) => [`every fact filled (#${n + 1})`, () => filled(n)] as const), ['nothing known', empty] as const])(
  '%s',
  (_name, make) => {
    const s = make();
    let shown: Surfaces;
    beforeAll(async () => {
      shown = await surfaces(s);
    }, 60_000);

    it.each(SURFACES)('%s shows no raw key, path or code', (surface) => {
      expect(rawIn(shown[surface], s, rules(countryCodesOf(s)))).toEqual([]);
    });

    it('shows every fact under its label on the intake page and in the PDF', () => {
      // (With no incident, the page shows no incidents' heading: each incident's facts are listed as missing.)
      for (const path of s.history.incidents.length ? FIELD_PATHS : FACTS) {
        const name = labels.field(path).toLowerCase();
        expect([path, shown.page.toLowerCase().includes(name)]).toEqual([path, true]);
        expect([path, shown.pdf.toLowerCase().includes(name)]).toEqual([path, true]);
      }
    });

    it('names who acted in words: an attorney, a page acknowledged by link or text reply, an API token', () => {
      // As the store keeps them (escalationsOf, claimed): "link:oncall", "sms:backup", "token:Case system", an account id.
      for (const surface of ['page', 'pdf', 'ack'] as const)
        expect([surface, shown[surface].match(/\b(?:link|sms|token):\w+|att-ann/g)]).toEqual([surface, null]);
      expect(shown.page).toContain('Case system (API integration)');
      expect(shown.pdf).toContain('Case system (API integration)');
      expect(shown.page).toContain('by the backup attorney, by text reply');
      expect(shown.ack).toContain("by the on-call attorney, by the page's link");
      // The page behind the link opens without sign-in: it does not name the firm's attorneys.
      expect(shown.ack).toContain('by an attorney, from the dashboard');
      expect(shown.ack).not.toContain(ann.name!);
    });

    it('links each phone number in its E.164 form, shown grouped', () => {
      const links = [...shown.html.matchAll(/<a href="tel:([^"]*)">([^<]*)<\/a>/g)];
      expect(links.length).toBe(s.contact.phone ? 1 : 0);
      for (const [, href, text] of links) {
        expect(href).toBe(s.contact.phone);
        expect(text).toMatch(/^\+\d+( \d+)+$/);
      }
    });
  },
);

describe('a fact answered "not sure" is listed once', () => {
  const s = empty();
  let shown: Surfaces;
  beforeAll(async () => {
    shown = await surfaces(s);
  }, 60_000);
  const unsureGrounds = s.triage.unsure.filter((p) => p.startsWith('history.') && s.triage.missing.includes(p));

  it('the summary lists it in both, as the contract does', () => {
    expect(unsureGrounds.length).toBeGreaterThan(0);
  });

  it('the intake page: under "not sure", not under missing', () => {
    const list = (title: string) => new RegExp(`<h3>${escape(escaped(title))}</h3><ul>([\\s\\S]*?)</ul>`).exec(shown.html)?.[1] ?? '';
    const dashboard = firmText('dashboard');
    const missing = readable(list(dashboard('intake.missing')));
    const unsure = readable(list(dashboard('intake.unsure')));
    for (const p of unsureGrounds) {
      expect([p, unsure.includes(labels.field(p as FieldPath))]).toEqual([p, true]);
      expect([p, missing.includes(labels.field(p as FieldPath))]).toEqual([p, false]);
    }
  });

  it('the PDF and the text: once in the lists (and once more in the screening answers)', () => {
    for (const p of unsureGrounds) {
      const name = labels.field(p as FieldPath).toLowerCase();
      const times = (text: string) => text.toLowerCase().split(name).length - 1;
      expect([p, times(shown.pdf)]).toEqual([p, 2]);
      expect([p, times(shown.text)]).toEqual([p, 2]);
    }
  });
});

describe('what the firm did and sent, in words', () => {
  const dashboard = firmText('dashboard');
  const s = SummarySchema.parse(converse(REFERENCE.en).summary);

  it('names every kind of delivery on the intake page (an unlabelled kind throws)', () => {
    const deliveries: OutboxItem[] = Object.values(KIND).map((kind, i) => ({
      id: `${kind}:${i}`,
      kind,
      intakeId: s.intakeId,
      payload: {},
      createdAt: T0,
      dueAt: T0,
      state: 'done',
      attempts: 1,
      doneAt: T0,
      lastError: null,
      leasedBy: null,
      leaseUntil: null,
    }));
    const html = String(
      intakePage({
        t: dashboard,
        firmName: firm.name,
        timeZone: firm.timeZone,
        attorney: ann,
        csrfToken: 'c',
        summary: s,
        handling: claimed,
        escalations: [],
        deliveries,
        transcript: [],
        attorneys: new Map([[ann.id, ann]]),
        flash: null,
      }),
    );
    for (const kind of Object.values(KIND)) {
      const words = firmLabels()('delivery', kind);
      expect(html).toContain(`<li>${words}: `);
      if (words !== kind) expect(html).not.toContain(`<li>${kind}: `);
    }
  });

  it('names every action the code writes to the audit log (read from the sources, so a new one needs its words)', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const written = new Set<string>();
    for (const file of sources(join(__dirname, '..', 'src'))) {
      const code = readFileSync(file, 'utf8');
      // Not the form fields of the dashboard's buttons (postButton(…, { action: 'closed' })): those are no audit entries.
      for (const m of code.matchAll(/\baction: '([a-z_]+)'/g))
        if (!/postButton\([^\n]*$/.test(code.slice(Math.max(0, m.index - 200), m.index))) written.add(m[1]);
      for (const m of code.matchAll(/\baudit\([^)]*?'([a-z_]+)'/g)) written.add(m[1]);
    }
    // Not audit actions: the status buttons' form fields and the escalations API's paging words.
    expect(written.size).toBeGreaterThan(10);
    const entries = [...written].map((action, i) => ({ at: T0, actor: ann.id, action, intakeId: null, detail: { n: i } }));
    const html = String(
      auditPage({
        t: dashboard,
        firmName: firm.name,
        timeZone: firm.timeZone,
        attorney: ann,
        csrfToken: 'c',
        entries,
        intakeId: null,
        attorneys: new Map([[ann.id, ann]]),
      }),
    );
    const unlabelled = [...written].filter((action) => !dashboard.has(`audit.actions.${action}`));
    expect(unlabelled).toEqual([]);
    // And every key of the details they carry ({ reference, level, via }, shorthand or not).
    const keys = new Set<string>();
    for (const file of sources(join(__dirname, '..', 'src'))) {
      const code = readFileSync(file, 'utf8');
      for (const m of [...code.matchAll(/\bdetail: \{([^}]*)\}/g), ...code.matchAll(/\baudit\([^{)]*\{([^}]*)\}/g)]) {
        for (const part of m[1].split(',')) {
          const key = part.trim().split(':')[0].trim();
          // Not the entry's own fields (audit({ at, actor, action, intakeId, detail: { … } })).
          if (/^[a-zA-Z]+$/.test(key) && !['at', 'actor', 'action', 'intakeId', 'detail'].includes(key)) keys.add(key);
        }
      }
    }
    expect(keys.size).toBeGreaterThan(10);
    expect([...keys].filter((k) => !dashboard.has(`audit.detailKeys.${k}`))).toEqual([]);
    expect(html).not.toMatch(/data-action="[a-z_]+">[a-z]+_[a-z_]+</);
  });
});
