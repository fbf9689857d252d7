/**
 * Triage for the attorney: urgency tier, reasons to escalate, routes worth weighing, fee-exemption
 * indicators and what is still missing. Pure: the time is a parameter, and the calendar day is
 * taken in the firm's time zone, since a user's "in 3 days" is about the firm's days.
 * The possible paths are hints for the attorney; they are never shown to the user.
 */
import type { Answer, IntakeContext } from '../../dialogs/context';
import { isSkipped, isUnsure } from '../../dialogs/context';
import { fieldsOf, questionDef, type IncidentQuestion, type QuestionId } from '../../dialogs/questions';
import {
  ESCALATION_REASONS,
  FEE_EXEMPTIONS,
  POSSIBLE_PATHS,
  type EscalationReason,
  type FeeExemption,
  type Ground,
  type Incident,
  type PossiblePath,
  type Summary,
  type Tier,
} from './contract';
import { formatYmd, todayIn } from '../nlu/calendar';
import { writerRelation } from '../nlu/kin';
import type { KinType } from '../nlu/vocab';
import { FIELD_PATHS, INCIDENT_PREFIX, lastKey, valueAt, type FieldPath } from './field-paths';
import { DETAIL_KEYS, FILLED_BY, answeredIncidents, mapAnswers, textOf, type Held, type Mapped } from './fields';
import { caseKindSaid, saysMinor, saysNearDeath } from './hint-words';

/**
 * What triage reads. The status says whether the intake is over (a complete intake gets a tier
 * even with no date); the language, which language the relation was given in. Both optional: an
 * in-progress context read in English will do.
 */
export type TriageInput = Held & Pick<IntakeContext, 'flags'> & Partial<Pick<IntakeContext, 'status' | 'language'>>;
export type DateTier = 'U1' | 'U2' | 'U3' | 'R';

// ---- tier --------------------------------------------------------------------------------------

let lastDay: { at: number; timeZone: string; day: string } | null = null;

/** The calendar day (YYYY-MM-DD) that `now` falls on in `timeZone` (an IANA name). */
export function calendarDay(now: Date, timeZone: string): string {
  // A turn asks this several times for the same moment: the last answer is kept.
  if (lastDay && lastDay.at === now.getTime() && lastDay.timeZone === timeZone) return lastDay.day;
  const day = formatYmd(todayIn(now, timeZone));
  lastDay = { at: now.getTime(), timeZone, day };
  return day;
}

function utcDay(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Reject dates that roll over (2026-02-30).
  return new Date(t).getUTCDate() === Number(m[3]) ? t : null;
}

/** Whole calendar days from today (in `timeZone`) to `date`; null when the date is not a day. */
export function daysUntil(date: string | null, now: Date, timeZone: string): number | null {
  if (date === null) return null;
  const to = utcDay(date);
  const from = utcDay(calendarDay(now, timeZone));
  return to === null || from === null ? null : Math.round((to - from) / 86_400_000);
}

/**
 * The tier a number of days until the need gives. A date already past still counts as U1: the
 * need was urgent when it was given, and only an attorney can tell whether it still stands.
 */
export function tierForDays(days: number | null): DateTier | null {
  if (days === null) return null;
  if (days <= 3) return 'U1';
  if (days <= 14) return 'U2';
  if (days <= 56) return 'U3';
  return 'R';
}

/** The tier the date needed alone gives, whatever the emergency flags say. */
export function dateTier(ctx: TriageInput, now: Date, timeZone: string): DateTier | null {
  return tierForDays(daysUntil(mapAnswers(ctx).request.neededBy, now, timeZone));
}

const answered = (ctx: Held, q: QuestionId, values: readonly string[]) => {
  const a = ctx.answers[q];
  return !!a && 'value' in a && typeof a.value === 'string' && values.includes(a.value);
};

/**
 * The reasons the domain's U1 names as needing the traveler within days ("needed within 72 hours
 * (imminent death, funeral, surgery, court date)"): a date for them is usually close.
 */
const URGENT_REASONS: readonly string[] = ['medical', 'funeral', 'ill_relative', 'court'];

/**
 * No day is known for the need though it was sought: the family answered the date question
 * without one ("not sure", "as soon as possible", a day that is no day), or the intake is complete
 * without one. Before the question is answered, an intake in progress simply has no date yet.
 */
export function dateUnknown(ctx: TriageInput, now: Date, timeZone: string): boolean {
  if (daysUntil(mapAnswers(ctx).request.neededBy, now, timeZone) !== null) return false;
  return ctx.answers.neededBy !== undefined || ctx.status === 'complete';
}

/**
 * The tier when no date is known (see dateUnknown), from the reason: the next business day (U2)
 * for a reason urgent by nature or one not known, else the normal queue (U3). Never U1 nor a
 * 72-hour page: that takes a date within 72 hours, or a crisis now (E0), actually stated; never R,
 * which says the need is over 8 weeks away.
 */
export function undatedTier(ctx: TriageInput, now: Date, timeZone: string): DateTier | null {
  if (!dateUnknown(ctx, now, timeZone)) return null;
  const reason = mapAnswers(ctx).request.reason;
  return reason === null || URGENT_REASONS.includes(reason) ? 'U2' : 'U3';
}

/**
 * The domain's tiers: E0 "danger or medical crisis happening now"; E1 "traveler at the border now,
 * detained, or asked to sign something"; U1 to R by the days until the date needed; with no date,
 * from the reason (undatedTier). Null only while the intake is in progress and no date was asked.
 */
export function tier(ctx: TriageInput, now: Date, timeZone: string): Tier | null {
  if (ctx.flags.includes('emergency_now')) return 'E0';
  if (answered(ctx, 'location', ['at_border', 'detained'])) return 'E1';
  return dateTier(ctx, now, timeZone) ?? undatedTier(ctx, now, timeZone);
}

// ---- escalation, paths, fees -------------------------------------------------------------------

/** Keeps the contract's order whatever order the checks ran in. */
const inOrder = <T extends string>(order: readonly T[], found: Set<T>): T[] => order.filter((x) => found.has(x));

/**
 * Each reason on the facts the domain names for it, and on nothing else: E0 "danger or medical
 * crisis happening now" (the conversation's flag, raised by the danger check); E1 "traveler at the
 * border now, detained" (the location answer, not a port named for later); U1 "needed within 72
 * hours" (the date, never "as soon as possible"); and "always escalate as well: prior or pending
 * removal, an unaccompanied minor, fear of returning home, a security flag, open criminal charges,
 * or a request for a human". A "not sure" is no "yes", except for security (below).
 */
export function escalationReasons(ctx: TriageInput, now: Date, timeZone: string): EscalationReason[] {
  const h = mapAnswers(ctx).history;
  const found = new Set<EscalationReason>();
  if (ctx.flags.includes('emergency_now')) found.add('emergency_now');
  if (answered(ctx, 'location', ['at_border'])) found.add('at_border');
  if (answered(ctx, 'location', ['detained'])) found.add('detained');
  // From the date itself: a border case needed tomorrow is both E1 and needed within 72 hours.
  if (dateTier(ctx, now, timeZone) === 'U1') found.add('needed_within_72h');
  // "Prior or pending removal": the removal question's "yes" (a refusal of entry is no removal).
  if (h.priorRemoval === 'yes') found.add('prior_removal');
  // "An unaccompanied minor": a minor, and no adult travelling with them, both said.
  if (answered(ctx, 'isMinor', ['yes']) && answered(ctx, 'accompanied', ['no'])) found.add('unaccompanied_minor');
  if (answered(ctx, 'fearOfReturn', ['yes'])) found.add('fear_of_return');
  // "Security, 212(a)(3): has an officer ever raised security concerns? escalate; ask no
  // follow-up": the assistant may not ask further, so a "not sure" goes to the attorney too.
  if (h.security === 'yes' || h.security === 'unsure') found.add('security_flag');
  // "Open criminal charges": an incident whose outcome is pending (not diversion, not withdrawn).
  if (h.incidents.some((i) => i.outcome === 'pending')) found.add('open_charges');
  if (ctx.flags.includes('asked_for_human')) found.add('asked_for_human');
  return inOrder(ESCALATION_REASONS, found);
}

/** The grounds a waiver (I-192 or consular) would have to overcome. */
export const WAIVER_GROUNDS: readonly Ground[] = ['criminal', 'drugs', 'overstay', 'misrepresentation', 'health', 'refusals'];

/**
 * The routes the domain names, each where its own words say it fits: "CBP at a port of entry
 * (... often within a day)" or "USCIS on Form I-131 (weeks to months)"; "Form I-192 waiver for
 * Canadian citizens", "Form I-212 after a prior removal", "a consular waiver for non-Canadian
 * residents of Canada", "ICE parole where removal or law enforcement is involved".
 */
export function possiblePaths(ctx: TriageInput, now: Date, timeZone: string): PossiblePath[] {
  const { traveler, request, history } = mapAnswers(ctx);
  const overall = tier(ctx, now, timeZone);
  const byDate = dateTier(ctx, now, timeZone);
  const outside = traveler.locationNow === 'outside_us';
  // The reason stands for the date only while there is none: a medical visit in four months is
  // not urgent because medical visits often are.
  const urgentReason = byDate === null && URGENT_REASONS.includes(request.reason ?? '');
  // E0 counts too: a crisis now is urgent even if no date was given.
  const urgent = overall === 'E0' || overall === 'E1' || byDate === 'U1' || byDate === 'U2' || byDate === 'U3' || urgentReason;
  const groundYes = WAIVER_GROUNDS.some((g) => history[g] === 'yes');
  const canadian = traveler.citizenships.includes('CA');

  const found = new Set<PossiblePath>();
  if ((outside || traveler.locationNow === 'at_border') && urgent) found.add('cbp_port_parole');
  // I-131 takes weeks: worth weighing only when the need is not within 72 hours.
  if (outside && byDate !== 'U1') found.add('uscis_i131_parole');
  if (canadian && groundYes) found.add('i192_waiver');
  if (history.priorRemoval === 'yes') found.add('i212_permission');
  // Removal is involved for someone held (detained) or removed before and in the U.S. again; law
  // enforcement where the traveler helps it (the fee indicator's facts). Being in the U.S. is neither.
  const removal = traveler.locationNow === 'detained' || (traveler.locationNow === 'in_us' && history.priorRemoval === 'yes');
  if (removal || helpsLawEnforcement(ctx)) found.add('ice_parole');
  // Only when the citizenships are known: an unknown one might be Canadian.
  if (traveler.citizenships.length > 0 && !canadian && traveler.country === 'CA' && groundYes) found.add('consular_waiver');
  return inOrder(POSSIBLE_PATHS, found);
}

/**
 * Close relatives: the traveler's parents, children, spouse, siblings and grandparents or
 * grandchildren (step-family included). An in-law, a cousin, an aunt, a niece or a friend is not.
 */
const CLOSE_KIN: readonly KinType[] = ['parent', 'child', 'stepchild', 'spouse', 'sibling', 'grandparent', 'grandchild'];

/** The family's words about the court case: its court, number and their words with the answers. */
function caseWords(ctx: TriageInput, m: Mapped): Array<string | null | undefined> {
  const withAnswer = (['court', 'caseNumber', 'courtRole', 'subpoena'] as const).map((q) => ctx.answers[q]?.details);
  return [m.request.details.court, m.request.details.caseNumber, m.request.narrative, ...withAnswer];
}

/**
 * "Law-enforcement help": the traveler is a witness or a victim in a criminal case, which the
 * family's words say (a prosecutor, the police, "criminal"...; locales/<lang>/hints.json). A
 * witness in a civil trial helps no law enforcement, nor does a witness whose case the words do
 * not name; a victim's case is a prosecution unless the words say it is a civil one.
 */
function helpsLawEnforcement(ctx: TriageInput): boolean {
  const m = mapAnswers(ctx);
  if (m.request.reason !== 'court') return false;
  const kind = caseKindSaid(caseWords(ctx, m));
  const role = m.request.details.courtRole;
  return (role === 'witness' && kind === 'criminal') || (role === 'victim' && kind !== 'civil');
}

/**
 * The domain names the exemptions from the parole fee: "medical emergencies, parents of a minor
 * patient, organ donors, a close relative near death or a funeral, and law-enforcement help".
 * Each indicator fires on those facts only (a hint for the attorney, who decides).
 */
export function feeExemptionIndicators(ctx: TriageInput, now: Date, timeZone: string): FeeExemption[] {
  const m = mapAnswers(ctx);
  const { request } = m;
  const found = new Set<FeeExemption>();
  // "Medical emergencies": a medical reason is not one by itself; the need must be an emergency,
  // which the intake knows only from a date within 72 hours (the domain's U1: "imminent death,
  // funeral, surgery, court date"). "As soon as possible" or a treatment in ten days is not.
  if (request.reason === 'medical' && dateTier(ctx, now, timeZone) === 'U1') found.add('medical_emergency');
  // "Parents of a minor patient": the treatment is for the traveler's child, and the words say the
  // child is a minor (an age under 18, "our baby"). The child's age is not asked: a child whose
  // age was not said gets no hint, and the attorney asks.
  const aboutPatient = [ctx.answers.patient?.details, textOf(ctx.answers.condition), ctx.answers.condition?.details, textOf(ctx.answers.story)];
  if (request.reason === 'medical' && request.details.patient === 'child' && saysMinor(aboutPatient, now.getUTCFullYear()))
    found.add('parent_of_minor_patient');
  // "A close relative near death": a very sick relative is not enough; the doctors' words must say
  // the relative is dying, and the relation must be close.
  if (request.reason === 'ill_relative') {
    const relation = textOf(ctx.answers.relation);
    const kin = relation === null ? null : writerRelation(relation, ctx.language ?? 'en');
    if (kin !== null && CLOSE_KIN.includes(kin) && saysNearDeath([request.details.prognosis, ctx.answers.prognosis?.details])) found.add('relative_near_death');
  }
  // "Or a funeral": the reason given is a funeral.
  if (request.reason === 'funeral') found.add('funeral');
  if (helpsLawEnforcement(ctx)) found.add('law_enforcement');
  // organ_donor is never inferred: no question asks whether the traveler gives an organ, and a
  // "donor" in the family's words may be the one they are waiting for.
  return inOrder(FEE_EXEMPTIONS, found);
}

// ---- missing and not sure ----------------------------------------------------------------------

/** A value the attorney can use: not null, not absent, not "not sure", not an empty list. */
const known = (v: unknown) => v !== null && v !== undefined && v !== 'unsure' && !(Array.isArray(v) && v.length === 0);

interface Check {
  path: string;
  value: unknown;
  /** The attorney needs it. */
  needed: boolean;
  /** The answer behind it was "not sure". */
  unsure: boolean;
  /** The answer behind it was "none": an answer, so not missing. */
  skipped: boolean;
}

/** Whether the attorney needs the `path` question `q` fills (its definition says; only its first field). */
function needed(q: QuestionId, path: FieldPath, facts: Mapped, incident: Incident | null): boolean {
  const def = questionDef(q);
  if (fieldsOf(q)[0] !== path || def.needed === undefined) return false;
  return typeof def.needed === 'function' ? def.needed(facts, incident) : def.needed;
}

/**
 * Every path the intake can leave unknown, in the summary's order: each field a question fills
 * (dialogs/questions.ts), with the answer behind it.
 */
function checks(ctx: TriageInput): Check[] {
  const m = mapAnswers(ctx);
  const reason = m.request.reason;
  const check = (path: string, value: unknown, a: Answer | undefined, need: boolean): Check => ({
    path,
    value,
    needed: need,
    unsure: isUnsure(a),
    skipped: isSkipped(a),
  });
  const list: Check[] = [];
  for (const path of FIELD_PATHS) {
    if (path.startsWith(INCIDENT_PREFIX)) continue; // with history.incidents, below
    if (path === 'history.incidents') {
      list.push(...incidentChecks(ctx, m, check));
      continue;
    }
    if (path.startsWith('request.details.')) {
      // Only the details of the reason given, in its order (all at the first).
      if (path !== FIELD_PATHS.find((p) => p.startsWith('request.details.'))) continue;
      for (const key of reason ? (DETAIL_KEYS[reason] ?? []) : []) {
        const detail: FieldPath = `request.details.${key}`;
        const q = FILLED_BY.get(detail);
        // Hearing dates follow from the date needed, which is checked already.
        if (q) list.push(check(detail, m.request.details[key], ctx.answers[q], needed(q, detail, m, null)));
      }
      continue;
    }
    // Fields no one question answers (history.notes: each line details a "yes" checked as its ground).
    const q = FILLED_BY.get(path);
    if (q) list.push(check(path, valueAt(m, path), ctx.answers[q], needed(q, path, m, null)));
  }
  return list;
}

/** A "yes" to the criminal question needs its incidents, and each incident its fields. */
function incidentChecks(ctx: TriageInput, m: Mapped, check: (path: string, value: unknown, a: Answer | undefined, need: boolean) => Check): Check[] {
  const incidents = answeredIncidents(ctx);
  if (m.history.criminal === 'yes' && incidents.length === 0) return [check('history.incidents', [], undefined, true)];
  return incidents.flatMap(({ source, incident }, i) =>
    FIELD_PATHS.filter((p) => p.startsWith(INCIDENT_PREFIX)).flatMap((path) => {
      const q = FILLED_BY.get(path) as IncidentQuestion | undefined;
      const key = lastKey(path) as keyof Incident;
      return q ? [check(`history.incidents[${i}].${key}`, incident[key], source[q], needed(q, path, m, incident))] : [];
    }),
  );
}

/** Paths the user answered "not sure" and that are not known otherwise. */
export function unsurePaths(ctx: TriageInput): string[] {
  return checks(ctx)
    .filter((c) => c.unsure && !known(c.value))
    .map((c) => c.path);
}

/** Paths the attorney will need that are still unknown, "not sure" ones included. */
export function missingPaths(ctx: TriageInput): string[] {
  return checks(ctx)
    .filter((c) => !known(c.value) && (c.unsure || (c.needed && !c.skipped)))
    .map((c) => c.path);
}

/** Any IntakeContext will do: triage reads only the answers, the incidents, the narrative and the flags. */
export function triage(ctx: TriageInput, now: Date, timeZone: string): Summary['triage'] {
  return {
    tier: tier(ctx, now, timeZone),
    escalationReasons: escalationReasons(ctx, now, timeZone),
    possiblePaths: possiblePaths(ctx, now, timeZone),
    feeExemptionIndicators: feeExemptionIndicators(ctx, now, timeZone),
    missing: missingPaths(ctx),
    unsure: unsurePaths(ctx),
    dateUnknown: dateUnknown(ctx, now, timeZone),
  };
}
