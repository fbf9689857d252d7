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
import { FIELD_PATHS, INCIDENT_PREFIX, lastKey, valueAt, type FieldPath } from './field-paths';
import { DETAIL_KEYS, FILLED_BY, answeredIncidents, mapAnswers, type Held, type Mapped } from './fields';

export type TriageInput = Held & Pick<IntakeContext, 'flags'>;
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

/** The reasons that are urgent by nature (a date for them is usually close). */
const URGENT_REASONS: readonly string[] = ['medical', 'funeral', 'ill_relative', 'court'];

/**
 * "As soon as possible" with no date: the reason says how urgent (the next business day for an
 * urgent reason or one not known yet, else the normal queue). Never U1 nor a 72-hour page: that
 * takes a date within 72 hours, or a crisis now (E0), actually stated.
 */
export function asapTier(ctx: TriageInput): DateTier | null {
  const m = mapAnswers(ctx);
  if (!m.request.neededAsap || m.request.neededBy !== null) return null;
  return m.request.reason === null || URGENT_REASONS.includes(m.request.reason) ? 'U2' : 'U3';
}

export function tier(ctx: TriageInput, now: Date, timeZone: string): Tier | null {
  if (ctx.flags.includes('emergency_now')) return 'E0';
  if (answered(ctx, 'location', ['at_border', 'detained'])) return 'E1';
  return dateTier(ctx, now, timeZone) ?? asapTier(ctx);
}

// ---- escalation, paths, fees -------------------------------------------------------------------

/** Keeps the contract's order whatever order the checks ran in. */
const inOrder = <T extends string>(order: readonly T[], found: Set<T>): T[] => order.filter((x) => found.has(x));

export function escalationReasons(ctx: TriageInput, now: Date, timeZone: string): EscalationReason[] {
  const h = mapAnswers(ctx).history;
  const found = new Set<EscalationReason>();
  if (ctx.flags.includes('emergency_now')) found.add('emergency_now');
  if (answered(ctx, 'location', ['at_border'])) found.add('at_border');
  if (answered(ctx, 'location', ['detained'])) found.add('detained');
  // From the date itself: a border case needed tomorrow is both E1 and needed within 72 hours.
  if (dateTier(ctx, now, timeZone) === 'U1') found.add('needed_within_72h');
  if (h.priorRemoval === 'yes') found.add('prior_removal');
  if (answered(ctx, 'isMinor', ['yes']) && answered(ctx, 'accompanied', ['no'])) found.add('unaccompanied_minor');
  if (answered(ctx, 'fearOfReturn', ['yes'])) found.add('fear_of_return');
  // A security concern is never asked about further, so "not sure" is escalated too.
  if (h.security === 'yes' || h.security === 'unsure') found.add('security_flag');
  if (h.incidents.some((i) => i.outcome === 'pending')) found.add('open_charges');
  if (ctx.flags.includes('asked_for_human')) found.add('asked_for_human');
  return inOrder(ESCALATION_REASONS, found);
}

/** The grounds a waiver (I-192 or consular) would have to overcome. */
export const WAIVER_GROUNDS: readonly Ground[] = ['criminal', 'drugs', 'overstay', 'misrepresentation', 'health', 'refusals'];

export function possiblePaths(ctx: TriageInput, now: Date, timeZone: string): PossiblePath[] {
  const { traveler, request, history } = mapAnswers(ctx);
  const overall = tier(ctx, now, timeZone);
  const byDate = dateTier(ctx, now, timeZone);
  const outside = traveler.locationNow === 'outside_us';
  const urgentReason = URGENT_REASONS.includes(request.reason ?? '');
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
  if (traveler.locationNow === 'in_us' || traveler.locationNow === 'detained') found.add('ice_parole');
  // Only when the citizenships are known: an unknown one might be Canadian.
  if (traveler.citizenships.length > 0 && !canadian && traveler.country === 'CA' && groundYes) found.add('consular_waiver');
  return inOrder(POSSIBLE_PATHS, found);
}

export function feeExemptionIndicators(ctx: TriageInput): FeeExemption[] {
  const { request } = mapAnswers(ctx);
  const found = new Set<FeeExemption>();
  if (request.reason === 'medical') found.add('medical_emergency');
  if (request.reason === 'medical' && request.details.patient === 'child') found.add('parent_of_minor_patient');
  if (request.reason === 'ill_relative') found.add('relative_near_death');
  if (request.reason === 'funeral') found.add('funeral');
  if (request.reason === 'court' && (request.details.courtRole === 'witness' || request.details.courtRole === 'victim')) {
    found.add('law_enforcement');
  }
  // organ_donor is never inferred: no question asks it, and guessing would be inventing a fact.
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
function incidentChecks(
  ctx: TriageInput,
  m: Mapped,
  check: (path: string, value: unknown, a: Answer | undefined, need: boolean) => Check,
): Check[] {
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
    feeExemptionIndicators: feeExemptionIndicators(ctx),
    missing: missingPaths(ctx),
    unsure: unsurePaths(ctx),
  };
}
