import type { Answer, Answers, IncidentAnswers, Value } from '../dialogs/context';
import { SummarySchema, REASONS, type Summary } from '../src/summary/contract';
import { buildSummary, type SummaryInput } from '../src/summary/build';
import { EVIDENCE } from '../src/summary/evidence';
import { DETAIL_KEYS, mapAnswers, type Mapped } from '../src/summary/fields';
import { summaryText } from '../src/summary/text';
import { ELLIPSIS, LONG_TEXT, MAX_NAMES, NARRATIVE_TEXT, SHORT_TEXT, capAnswers, shorten } from '../src/summary/caps';
import { startTestServer } from './support/server';
import {
  calendarDay,
  daysUntil,
  escalationReasons,
  feeExemptionIndicators,
  missingPaths,
  possiblePaths,
  tier,
  triage,
  unsurePaths,
} from '../src/summary/triage';
import { ctxOf } from './support/summary-input';

// ---- factory -----------------------------------------------------------------------------------

const TZ = 'America/New_York';
/** 10:00 in Buffalo on 2026-12-01. */
const NOW = new Date('2026-12-01T15:00:00Z');

const v = (value: Value): Answer => ({ value });
const UNSURE: Answer = { unsure: true };
const NONE: Answer = { none: true };

/** YYYY-MM-DD, `n` days after `day`. */
function plusDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

const OPTS = { now: NOW, timeZone: TZ, updatedAt: '2026-12-01T15:00:00.000Z', transcriptId: 'tr_0001' };
const build = (ctx: SummaryInput) => buildSummary(ctx, OPTS);

/** The reference case: a Canadian father, medical care for his minor son, an old conviction. */
const CONVICTION: IncidentAnswers = {
  incidentDate: v('2009-05'),
  incidentPlace: v('Toronto'),
  incidentCharge: v('conduite avec facultés affaiblies'),
  incidentOutcome: v('convicted'),
  incidentSentence: v('amende'),
};
const referenceAnswers = (): Answers => ({
  danger: v('no'),
  location: v('outside_us'),
  role: v('traveler'),
  reason: v('medical'),
  patient: v('child'),
  condition: v('leucémie, greffe de moelle'),
  provider: v('Roswell Park'),
  unavailableAtHome: v('yes'),
  payer: v('assurance'),
  neededBy: v(plusDays('2026-12-01', 10)),
  stayLength: v(90),
  travelerName: v('Marc Tremblay'),
  isMinor: v('no'),
  citizenship: v(['CA']),
  whereNow: v({ city: 'Fort Erie', country: 'CA' }),
  port: v('peace_bridge'),
  otherParties: NONE,
  criminal: v('yes'),
  drugs: v('no'),
  priorRemoval: v('no'),
  overstay: v('no'),
  misrepresentation: v('no'),
  health: v('no'),
  security: v('no'),
  refusals: v('no'),
  waivers: v('no'),
  documents: v(['passport', 'doctor_letter']),
  contactPhone: v('+19055550123'),
  contactEmail: NONE,
  bestTime: v('le soir'),
});
const reference = (more: Partial<SummaryInput> = {}) => ctxOf(referenceAnswers(), { incidents: [CONVICTION], language: 'fr', ...more });

// ---- the reference case ------------------------------------------------------------------------

describe('the reference case', () => {
  const s = build(reference());

  it('maps the facts', () => {
    expect(s.request.reason).toBe('medical');
    expect(s.traveler.locationNow).toBe('outside_us');
    expect(s.traveler.citizenships).toEqual(['CA']);
    expect(s.traveler.intendedPort).toBe('Peace Bridge (Buffalo, NY)');
    expect(s.traveler.country).toBe('CA');
    expect(s.traveler.city).toBe('Fort Erie');
    expect(s.request.stayDays).toBe(90);
    expect(s.request.neededBy).toBe('2026-12-11');
    expect(s.history.incidents).toEqual([
      { date: '2009-05', place: 'Toronto', charge: 'conduite avec facultés affaiblies', outcome: 'convicted', sentence: 'amende' },
    ]);
    expect(s.history.criminal).toBe('yes');
    expect(s.language).toBe('fr');
    expect(s.transcriptId).toBe('tr_0001');
  });

  it('triages it', () => {
    expect(s.triage.tier).toBe('U2');
    expect(s.triage.possiblePaths).toEqual(['cbp_port_parole', 'uscis_i131_parole', 'i192_waiver']);
    // Treatment in ten days for "my son", his age never said: no hint of a minor patient (the attorney asks), no medical emergency.
    expect(s.triage.feeExemptionIndicators).toEqual([]);
    expect(s.triage.escalationReasons).toEqual([]);
    expect(s.triage.dateUnknown).toBe(false);
  });

  it('asks for the evidence of the reason and the history', () => {
    expect(s.evidenceChecklist).toEqual(
      expect.arrayContaining([...EVIDENCE.byReason.medical, EVIDENCE.minorPatientConsent, ...EVIDENCE.byGround.criminal, EVIDENCE.policeCertificate]),
    );
  });

  it('a traveler writing for themselves is the contact', () => {
    expect(s.contact).toEqual({
      role: 'traveler',
      relationshipToTraveler: null,
      name: 'Marc Tremblay',
      phone: '+19055550123',
      email: null,
      bestTime: 'le soir',
    });
  });

  it('is pure: same input, same output, the context untouched', () => {
    const ctx = reference();
    const before = JSON.stringify(ctx);
    expect(build(ctx)).toEqual(build(ctx));
    expect(JSON.stringify(ctx)).toBe(before);
  });
});

// ---- tiers -------------------------------------------------------------------------------------

describe('tier', () => {
  const byDays = (n: number) => tier(ctxOf({ neededBy: v(plusDays('2026-12-01', n)) }), NOW, TZ);

  it.each([
    [0, 'U1'],
    [3, 'U1'],
    [4, 'U2'],
    [14, 'U2'],
    [15, 'U3'],
    [56, 'U3'],
    [57, 'R'],
  ])('%i days away is %s', (days, expected) => {
    expect(byDays(days)).toBe(expected);
  });

  it('a date already past is still urgent', () => {
    expect(byDays(-1)).toBe('U1');
  });

  it('counts days in the firm time zone, not UTC', () => {
    // 22:00 on Dec 1 in Buffalo is already Dec 2 in UTC.
    const lateEvening = new Date('2026-12-02T03:00:00Z');
    expect(calendarDay(lateEvening, TZ)).toBe('2026-12-01');
    expect(calendarDay(lateEvening, 'UTC')).toBe('2026-12-02');
    const ctx = ctxOf({ neededBy: v('2026-12-05') });
    expect(daysUntil('2026-12-05', lateEvening, TZ)).toBe(4);
    expect(tier(ctx, lateEvening, TZ)).toBe('U2');
    expect(tier(ctx, lateEvening, 'UTC')).toBe('U1');
  });

  it('is null while no date has been asked; a date answered "not sure" gives the reason\'s tier', () => {
    expect(tier(ctxOf({}), NOW, TZ)).toBeNull();
    expect(tier(ctxOf({ reason: v('funeral') }), NOW, TZ)).toBeNull();
    expect(tier(ctxOf({ neededBy: UNSURE }), NOW, TZ)).toBe('U2');
    expect(tier(ctxOf({ reason: v('reunification'), neededBy: UNSURE }), NOW, TZ)).toBe('U3');
  });

  it('an emergency now is E0, before anything else', () => {
    expect(tier(ctxOf({ location: v('at_border') }, { flags: ['emergency_now'] }), NOW, TZ)).toBe('E0');
  });

  it('at the border or detained is E1 whatever the date', () => {
    const far = v(plusDays('2026-12-01', 100));
    expect(tier(ctxOf({ location: v('at_border'), neededBy: far }), NOW, TZ)).toBe('E1');
    expect(tier(ctxOf({ location: v('detained'), neededBy: far }), NOW, TZ)).toBe('E1');
    expect(tier(ctxOf({ location: UNSURE, neededBy: far }), NOW, TZ)).toBe('R');
  });
});

// ---- escalation --------------------------------------------------------------------------------

describe('escalation reasons', () => {
  const reasons = (answers: Answers, more: Partial<SummaryInput> = {}) => escalationReasons(ctxOf(answers, more), NOW, TZ);

  it.each<[string, Answers, Partial<SummaryInput>]>([
    ['emergency_now', {}, { flags: ['emergency_now'] }],
    ['at_border', { location: v('at_border') }, {}],
    ['detained', { location: v('detained') }, {}],
    ['needed_within_72h', { neededBy: v('2026-12-03') }, {}],
    ['prior_removal', { priorRemoval: v('yes') }, {}],
    ['unaccompanied_minor', { isMinor: v('yes'), accompanied: v('no') }, {}],
    ['fear_of_return', { fearOfReturn: v('yes') }, {}],
    ['security_flag', { security: v('yes') }, {}],
    ['open_charges', {}, { incidents: [{ incidentOutcome: v('pending') }] }],
    ['asked_for_human', {}, { flags: ['asked_for_human'] }],
  ])('%s', (reason, answers, more) => {
    expect(reasons(answers, more)).toEqual([reason]);
  });

  it('security "not sure" is escalated too', () => {
    expect(reasons({ security: UNSURE })).toEqual(['security_flag']);
  });

  it('nothing for a calm case', () => {
    expect(reasons({ isMinor: v('yes'), accompanied: v('yes'), priorRemoval: v('no'), fearOfReturn: v('no') })).toEqual([]);
  });

  it('keeps the contract order without duplicates', () => {
    const got = reasons(
      { location: v('at_border'), security: v('yes'), priorRemoval: v('yes'), neededBy: v('2026-12-02') },
      { flags: ['asked_for_human', 'emergency_now'] },
    );
    expect(got).toEqual(['emergency_now', 'at_border', 'needed_within_72h', 'prior_removal', 'security_flag', 'asked_for_human']);
  });
});

// ---- paths and fees ----------------------------------------------------------------------------

describe('possible paths', () => {
  const paths = (answers: Answers) => possiblePaths(ctxOf(answers), NOW, TZ);

  it('within 72 hours: the port, not I-131', () => {
    expect(paths({ location: v('outside_us'), neededBy: v('2026-12-02'), reason: v('other') })).toEqual(['cbp_port_parole']);
  });

  it('months away and no urgent reason: I-131 only', () => {
    expect(paths({ location: v('outside_us'), neededBy: v('2027-06-01'), reason: v('reunification') })).toEqual(['uscis_i131_parole']);
  });

  it('at the border: the port', () => {
    expect(paths({ location: v('at_border') })).toEqual(['cbp_port_parole']);
  });

  it('outside, no date, no urgent reason: no port parole hint', () => {
    expect(paths({ location: v('outside_us'), reason: v('other') })).toEqual(['uscis_i131_parole']);
  });

  it('prior removal: I-212; in the U.S. or detained: ICE', () => {
    expect(paths({ location: v('in_us'), priorRemoval: v('yes') })).toEqual(['i212_permission', 'ice_parole']);
    expect(paths({ location: v('detained') })).toContain('ice_parole');
  });

  it('a non-Canadian living in Canada with a ground: consular waiver, not I-192', () => {
    const got = paths({ citizenship: v(['MX']), whereNow: v({ city: 'Toronto', country: 'CA' }), overstay: v('yes') });
    expect(got).toContain('consular_waiver');
    expect(got).not.toContain('i192_waiver');
  });

  it('no waiver without a ground answered yes', () => {
    expect(paths({ citizenship: v(['CA']), criminal: UNSURE })).toEqual([]);
  });
});

describe('fee exemption indicators', () => {
  const fees = (answers: Answers) => feeExemptionIndicators(ctxOf(answers), NOW, TZ);

  it.each<[Answers, string[]]>([
    [{ reason: v('medical'), patient: v('traveler'), neededBy: v('2026-12-03') }, ['medical_emergency']],
    [{ reason: v('medical'), patient: v('traveler') }, []],
    [
      { reason: v('medical'), patient: { value: 'child', details: 'my son, he is 6' }, neededBy: v('2026-12-02') },
      ['medical_emergency', 'parent_of_minor_patient'],
    ],
    [{ reason: v('medical'), patient: { value: 'child', details: 'my son, he is 6' } }, ['parent_of_minor_patient']],
    [{ reason: v('medical'), patient: v('child') }, []],
    [{ reason: v('ill_relative'), relation: v('his mother'), prognosis: v('in hospice, days to live') }, ['relative_near_death']],
    [{ reason: v('ill_relative') }, []],
    [{ reason: v('funeral') }, ['funeral']],
    [{ reason: v('court'), courtRole: v('witness'), court: v('Erie County Court, criminal part') }, ['law_enforcement']],
    [{ reason: v('court'), courtRole: v('witness') }, []],
    [{ reason: v('court'), courtRole: v('victim') }, ['law_enforcement']],
    [{ reason: v('court'), courtRole: v('defendant') }, []],
    [{ reason: v('other') }, []],
  ])('%j', (answers, expected) => {
    expect(fees(answers)).toEqual(expected);
  });
});

// ---- missing and not sure ----------------------------------------------------------------------

describe('missing and not sure', () => {
  const ctx = ctxOf({
    role: v('family'),
    relationship: UNSURE,
    reason: v('medical'),
    patient: v('traveler'),
    condition: UNSURE,
    neededBy: UNSURE,
    citizenship: UNSURE,
    security: UNSURE,
    criminal: v('yes'),
    caseNumber: NONE,
  });

  it('lists what was answered "not sure", in the summary order', () => {
    expect(unsurePaths(ctx)).toEqual([
      'contact.relationshipToTraveler',
      'traveler.citizenships',
      'request.neededBy',
      'request.details.condition',
      'history.security',
    ]);
  });

  it('lists what the attorney still needs, "not sure" included', () => {
    const missing = missingPaths(ctx);
    expect(missing).toEqual(expect.arrayContaining(unsurePaths(ctx)));
    expect(missing).toEqual(
      expect.arrayContaining([
        'contact.name',
        'contact.phone',
        'traveler.name',
        'request.details.provider',
        'request.details.payer',
        'history.incidents',
        'history.drugs',
      ]),
    );
    // Known, or not needed for this reason.
    expect(missing).not.toContain('contact.role');
    expect(missing).not.toContain('request.details.patient');
    expect(missing).not.toContain('request.details.caseNumber');
    expect(missing).not.toContain('request.narrative');
    expect(missing).not.toContain('contact.email');
  });

  it('"not sure" about the story is not missing when the user told it up front', () => {
    const told = ctxOf({ reason: v('other'), story: UNSURE }, { narrative: 'Mon frère est malade.' });
    expect(unsurePaths(told)).not.toContain('request.narrative');
    expect(missingPaths(told)).not.toContain('request.narrative');
  });

  it('incident fields answered "not sure" are listed by index', () => {
    const c = ctxOf({ criminal: v('yes') }, { incidents: [CONVICTION, { incidentDate: UNSURE, incidentCharge: v('vol'), incidentOutcome: UNSURE }] });
    expect(unsurePaths(c)).toEqual(['history.incidents[1].date', 'history.incidents[1].outcome']);
    expect(missingPaths(c)).toEqual(expect.arrayContaining(['history.incidents[1].place', 'history.incidents[1].outcome']));
    expect(missingPaths(c)).not.toContain('history.incidents[0].sentence');
  });

  it('the reference case misses nothing that matters', () => {
    expect(triage(reference(), NOW, TZ).missing).toEqual([]);
  });
});

// ---- mapping -----------------------------------------------------------------------------------

describe('buildSummary mapping', () => {
  it('details hold only the keys of the reason', () => {
    const everything: Answers = {
      patient: v('child'),
      condition: v('x'),
      provider: v('x'),
      unavailableAtHome: v('yes'),
      payer: v('x'),
      relation: v('x'),
      prognosis: v('x'),
      deathDate: v('2026-11-30'),
      court: v('x'),
      caseNumber: v('x'),
      courtRole: v('witness'),
      subpoena: UNSURE,
      neededBy: v('2026-12-20'),
    };
    for (const reason of REASONS) {
      const s = build(ctxOf({ ...everything, reason: v(reason) }));
      expect(Object.keys(s.request.details).sort()).toEqual([...DETAIL_KEYS[reason]].sort());
    }
    const court = build(ctxOf({ ...everything, reason: v('court') })).request.details;
    expect(court).toEqual({ court: 'x', caseNumber: 'x', courtRole: 'witness', subpoena: 'unsure', hearingDates: ['2026-12-20'] });
    expect(build(ctxOf({ ...everything, reason: v('funeral') })).request.details).toEqual({
      relation: 'x',
      dateOfDeath: '2026-11-30',
    });
    expect(build(ctxOf({ ...everything, reason: UNSURE })).request.details).toEqual({});
  });

  it('unknown facts are null or [], never invented', () => {
    const s = build(ctxOf({}, { consent: null, language: null }));
    expect(s.contact).toEqual({ role: null, relationshipToTraveler: null, name: null, phone: null, email: null, bestTime: null });
    expect(s.traveler).toEqual({
      name: null,
      citizenships: [],
      locationNow: null,
      country: null,
      city: null,
      region: null,
      intendedPort: null,
      isMinor: null,
      fearOfReturn: null,
      accompaniedByAdult: null,
    });
    expect(s.request).toEqual({ reason: null, neededBy: null, neededAsap: false, stayDays: null, details: {}, narrative: null });
    expect(s.history.criminal).toBeNull();
    expect(s.history.notes).toBeNull();
    expect(s.documentsOnHand).toEqual([]);
    expect(s.otherParties).toEqual([]);
    expect(s.consent).toBeNull();
    expect(s.language).toBe('en');
    expect(s.triage.tier).toBeNull();
  });

  it('"not sure" and "none" read as null for text, "unsure" for yes/no', () => {
    const s = build(ctxOf({ travelerName: UNSURE, bestTime: NONE, isMinor: UNSURE, drugs: UNSURE, documents: NONE, otherParties: UNSURE }));
    expect(s.traveler.name).toBeNull();
    expect(s.contact.bestTime).toBeNull();
    expect(s.traveler.isMinor).toBeNull();
    expect(s.history.drugs).toBe('unsure');
    expect(s.documentsOnHand).toEqual([]);
    expect(s.otherParties).toEqual([]);
  });

  it('a family member writing: their name and relationship', () => {
    const s = build(ctxOf({ role: v('family'), relationship: v('sa sœur'), contactName: v('Julie Tremblay'), travelerName: v('Marc Tremblay') }));
    expect(s.contact.name).toBe('Julie Tremblay');
    expect(s.contact.relationshipToTraveler).toBe('sa sœur');
    expect(s.traveler.name).toBe('Marc Tremblay');
  });

  it('a port in free text stays as written; in the U.S. means country US', () => {
    const s = build(ctxOf({ port: v('Champlain'), location: v('in_us'), isMinor: v('yes') }));
    expect(s.traveler.intendedPort).toBe('Champlain');
    expect(s.traveler.country).toBe('US');
    expect(s.traveler.isMinor).toBe(true);
  });

  it('fear of returning home: yes, no or "not sure" as answered, null when not asked; a summary stored before it reads as null', () => {
    const inUs = (fear?: Answer) => build(ctxOf({ location: v('in_us'), ...(fear ? { fearOfReturn: fear } : {}) }));
    expect(inUs(v('yes')).traveler.fearOfReturn).toBe('yes');
    expect(inUs(v('yes')).triage.escalationReasons).toContain('fear_of_return');
    expect(inUs(v('no')).traveler.fearOfReturn).toBe('no');
    // "Not sure" is kept for the attorney, and listed as such.
    expect(inUs(UNSURE).traveler.fearOfReturn).toBe('unsure');
    expect(inUs(UNSURE).triage.unsure).toContain('traveler.fearOfReturn');
    // Asked of a traveler in the U.S. or detained: missing there until answered, not elsewhere.
    expect(inUs().traveler.fearOfReturn).toBeNull();
    expect(inUs().triage.missing).toContain('traveler.fearOfReturn');
    expect(build(ctxOf({ location: v('outside_us') })).triage.missing).not.toContain('traveler.fearOfReturn');
    const { fearOfReturn: _, ...before } = inUs(v('no')).traveler;
    expect(SummarySchema.parse({ ...inUs(v('no')), traveler: before }).traveler.fearOfReturn).toBeNull();
  });

  it('"as soon as possible": no date invented, neededAsap, a tier from the reason and no 72-hour page; a summary stored before it reads as false', () => {
    const ASAP: Answer = { unsure: true, asap: true };
    const medical = build(ctxOf({ reason: v('medical'), neededBy: ASAP }));
    expect(medical.request).toMatchObject({ neededBy: null, neededAsap: true });
    expect(medical.triage.tier).toBe('U2');
    expect(medical.triage.escalationReasons).not.toContain('needed_within_72h');
    // The reason says how urgent: a graduation is not a surgery.
    expect(build(ctxOf({ reason: v('other'), neededBy: ASAP })).triage.tier).toBe('U3');
    // A plain "not sure" is no hurry said; the date is unknown all the same, and the reason gives the tier.
    expect(build(ctxOf({ reason: v('medical'), neededBy: UNSURE })).request.neededAsap).toBe(false);
    expect(build(ctxOf({ reason: v('medical'), neededBy: UNSURE })).triage).toMatchObject({ tier: 'U2', dateUnknown: true });
    expect(medical.triage.dateUnknown).toBe(true);
    // A date within 72 hours, or a crisis now, is still what pages.
    expect(build(ctxOf({ reason: v('medical'), neededBy: v('2026-12-02') })).triage.escalationReasons).toContain('needed_within_72h');
    expect(build(ctxOf({ neededBy: ASAP }, { flags: ['emergency_now'] })).triage.tier).toBe('E0');
    const { neededAsap: _, ...before } = medical.request;
    expect(SummarySchema.parse({ ...medical, request: before }).request.neededAsap).toBe(false);
  });

  it('an adult travelling with a minor: as answered, needed for a minor, null when not asked; a summary stored before it reads as null', () => {
    const minor = (adult?: Answer) => build(ctxOf({ isMinor: v('yes'), ...(adult ? { accompanied: adult } : {}) }));
    expect(minor(v('yes')).traveler.accompaniedByAdult).toBe('yes');
    expect(minor(v('yes')).triage.escalationReasons).toEqual([]);
    expect(minor(v('no')).traveler.accompaniedByAdult).toBe('no');
    expect(minor(v('no')).triage.escalationReasons).toEqual(['unaccompanied_minor']);
    expect(minor(UNSURE).traveler.accompaniedByAdult).toBe('unsure');
    expect(minor(UNSURE).triage.unsure).toContain('traveler.accompaniedByAdult');
    // The attorney needs it for a minor; for an adult it is not asked.
    expect(minor().traveler.accompaniedByAdult).toBeNull();
    expect(minor().triage.missing).toContain('traveler.accompaniedByAdult');
    expect(build(ctxOf({ isMinor: v('no') })).triage.missing).not.toContain('traveler.accompaniedByAdult');
    const { accompaniedByAdult: _, ...before } = minor(v('no')).traveler;
    expect(SummarySchema.parse({ ...minor(v('no')), traveler: before }).traveler.accompaniedByAdult).toBeNull();
  });

  it('the province or state of the place answered, its English name; none when not named; a summary stored before it reads as null', () => {
    const at = (place: Value) => build(ctxOf({ location: v('outside_us'), whereNow: v(place) }));
    const quebec = at({ city: 'Lévis', region: 'Quebec', country: 'CA' });
    expect([quebec.traveler.city, quebec.traveler.region, quebec.traveler.country]).toEqual(['Lévis', 'Quebec', 'CA']);
    expect(at({ city: null, region: 'Ontario', country: 'CA' }).traveler.region).toBe('Ontario');
    // A place recorded before places had a region.
    expect(at({ city: 'Toronto', country: 'CA' }).traveler.region).toBeNull();
    expect(summaryText(quebec)).toContain('Quebec');
    const { region: _, ...before } = quebec.traveler;
    expect(SummarySchema.parse({ ...quebec, traveler: before }).traveler.region).toBeNull();
  });

  it('the narrative comes first, then the story', () => {
    const s = build(ctxOf({ story: v('Il doit voir un spécialiste.') }, { narrative: 'Mon fils est malade.' }));
    expect(s.request.narrative).toBe('Mon fils est malade.\n\nIl doit voir un spécialiste.');
    expect(build(ctxOf({ story: v('Seulement ceci.') })).request.narrative).toBe('Seulement ceci.');
  });

  it('history notes join the details given, incidents skip the empty ones', () => {
    const s = build(
      ctxOf(
        { drugs: v('yes'), drugsDetails: v('cannabis,\n2015'), refusals: v('yes'), refusalDetails: v('refusé en 2019'), waiverDetails: UNSURE },
        { incidents: [{}, { incidentCharge: v('vol'), incidentOutcome: UNSURE }] },
      ),
    );
    expect(s.history.notes).toBe('Drugs: cannabis, 2015\nRefusals: refusé en 2019');
    expect(s.history.incidents).toEqual([{ date: null, place: null, charge: 'vol', outcome: 'unsure', sentence: null }]);
  });

  it('maps the status; a declined intake is abandoned', () => {
    expect(build(ctxOf({}, { status: 'declined' })).status).toBe('abandoned');
    const done = build(ctxOf({}, { status: 'complete', completedAt: '2026-12-01T15:30:00.000Z' }));
    expect(done.status).toBe('complete');
    expect(done.completedAt).toBe('2026-12-01T15:30:00.000Z');
  });

  it('fails loudly on a value outside the contract', () => {
    expect(() => build(ctxOf({ reason: v('vacation') }))).toThrow();
    expect(() => build(ctxOf({ citizenship: v(['Canada']) }))).toThrow();
  });
});

// ---- the schema --------------------------------------------------------------------------------

describe('SummarySchema', () => {
  const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(build(reference())));

  it('accepts a built summary', () => {
    expect(SummarySchema.safeParse(valid()).success).toBe(true);
  });

  it('rejects a renamed field', () => {
    const top = valid();
    top.ref = top.reference;
    delete top.reference;
    expect(SummarySchema.safeParse(top).success).toBe(false);

    const nested = valid() as { contact: Record<string, unknown> };
    nested.contact.telephone = nested.contact.phone;
    delete nested.contact.phone;
    expect(SummarySchema.safeParse(nested).success).toBe(false);
  });

  it('rejects an unknown enum value', () => {
    const s = valid() as { triage: Record<string, unknown>; history: Record<string, unknown> };
    s.triage.tier = 'U4';
    expect(SummarySchema.safeParse(s).success).toBe(false);
    const t = valid() as { triage: { escalationReasons: string[] } };
    t.triage.escalationReasons = ['vip'];
    expect(SummarySchema.safeParse(t).success).toBe(false);
  });

  it('rejects a detail key no reason has', () => {
    const s = valid() as { request: { details: Record<string, unknown> } };
    s.request.details.diagnosis = 'x';
    expect(SummarySchema.safeParse(s).success).toBe(false);
  });
});

// ---- text --------------------------------------------------------------------------------------

describe('summaryText', () => {
  it('renders the reference case for a phone', () => {
    const text = summaryText(build(reference()));
    expect(text.split('\n')[0]).toBe('HP-7K3Q9 · U2 · medical treatment · in progress');
    expect(text).toContain('"leucémie, greffe de moelle"');
    expect(text).toContain('"conduite avec facultés affaiblies"');
    expect(text).toContain('Peace Bridge (Buffalo, NY)');
    expect(text).toContain('Needed by: Dec 11, 2026');
    expect(text).toContain(EVIDENCE.minorPatientConsent);
    expect(text).not.toContain('ESCALATE');
    expect(text).toContain('Email: —');
  });

  it('has an escalation line when there are reasons', () => {
    const s: Summary = build(reference({ flags: ['asked_for_human'], answers: { ...referenceAnswers(), location: v('at_border') } }));
    const text = summaryText(s);
    expect(text.split('\n')[0]).toBe('HP-7K3Q9 · E1 · medical treatment · in progress');
    expect(text).toContain('ESCALATE: at the border now, asked for a person');
  });

  it('shows — for unknowns and lists what is missing and not sure', () => {
    const text = summaryText(build(ctxOf({ neededBy: UNSURE }, { consent: null })));
    expect(text.split('\n')[0]).toBe('HP-7K3Q9 · U2 (date unknown) · — · in progress');
    // Paths in words, by section, as the dashboard and the PDF list them.
    expect(text).toContain(
      ['MISSING', '- Contact: role; name; phone', '- Traveler: name; citizenship; where now;', '  country; port of entry; minor'].join('\n'),
    );
    expect(text).toMatch(/NOT SURE\n- Request: needed by\n\n/);
    expect(text).toMatch(/CONSENT\n—/);
  });

  it('keeps lines short, except the user’s own words', () => {
    // Complete, and with almost everything still missing.
    for (const s of [build(reference()), build(ctxOf({ neededBy: UNSURE }))]) {
      const ours = summaryText(s)
        .split('\n')
        .filter((l) => !l.includes('"'));
      for (const line of ours) expect(line.length).toBeLessThanOrEqual(72);
    }
  });
});

// ---- long answers ------------------------------------------------------------------------------

describe('answers longer than the summary keeps', () => {
  /** 57 KB of words, as pasted into one answer; `tag` tells the answers apart. */
  const pasted = (tag: string) => `${tag}: ` + 'The doctor says the treatment cannot wait and we have all the papers. '.repeat(820);
  /** Every string in the summary, with its path. */
  const strings = (x: unknown, path = ''): Array<[string, string]> =>
    typeof x === 'string'
      ? [[path, x]]
      : Array.isArray(x)
        ? x.flatMap((y, i) => strings(y, `${path}.${i}`))
        : x && typeof x === 'object'
          ? Object.entries(x).flatMap(([k, y]) => strings(y, path ? `${path}.${k}` : k))
          : [];

  it('keeps a bounded value of every answer, marked with "…" and listed, and the summary still honours the contract', () => {
    expect(pasted('x').length).toBeGreaterThan(57_000);
    const answers: Answers = {
      ...referenceAnswers(),
      role: v('family'),
      relationship: v(pasted('relationship')),
      contactName: v(pasted('contactName')),
      contactEmail: v(`${'a'.repeat(57_000)}@example.com`),
      bestTime: v(pasted('bestTime')),
      travelerName: v(pasted('travelerName')),
      whereNow: v({ city: pasted('city'), country: 'CA' }),
      port: v(pasted('port')),
      condition: v(pasted('condition')),
      provider: v(pasted('provider')),
      payer: v(pasted('payer')),
      story: v(pasted('story')),
      otherParties: v(Array.from({ length: MAX_NAMES + 10 }, (_, i) => `Party ${i} `.repeat(40))),
      drugs: v('yes'),
      drugsDetails: v(pasted('drugsDetails')),
      refusals: v('yes'),
      refusalDetails: v(pasted('refusalDetails')),
    };
    const incident: IncidentAnswers = {
      ...CONVICTION,
      incidentPlace: v(pasted('place')),
      incidentCharge: v(pasted('charge')),
      incidentSentence: v(pasted('sentence')),
    };
    const s = build(ctxOf(answers, { incidents: [incident], narrative: pasted('narrative') }));

    expect(SummarySchema.parse(s)).toEqual(s);
    // Bounded, however long the answers: a few dozen KB at most where they were nearly 1.2 MB.
    expect(JSON.stringify(s).length).toBeLessThan(40_000);
    // No value longer than the narrative's bound; history.notes holds one line per screening answer, each a description.
    const values = strings(s).flatMap(([path, value]) =>
      path === 'history.notes'
        ? value.split('\n').map((line): [string, string, number] => [path, line, LONG_TEXT])
        : [[path, value, NARRATIVE_TEXT] as [string, string, number]],
    );
    for (const [path, value, limit] of values) expect({ path, within: value.length <= limit }).toEqual({ path, within: true });
    // Names and places are labels; descriptions are longer; the narrative holds two of those.
    // (A space before the cut is dropped: the "…" follows the last word kept.)
    for (const name of [s.contact.name!, s.traveler.name!]) expect([name.length <= SHORT_TEXT, name.length >= SHORT_TEXT - 2]).toEqual([true, true]);
    expect(s.traveler.city!.length).toBeLessThanOrEqual(SHORT_TEXT);
    expect(s.request.details.provider!.length).toBeLessThanOrEqual(SHORT_TEXT);
    expect(s.request.details.condition!.length).toBeLessThanOrEqual(LONG_TEXT);
    expect(s.request.details.condition!.length).toBeGreaterThan(SHORT_TEXT);
    expect(s.request.narrative!.length).toBeLessThanOrEqual(NARRATIVE_TEXT);
    expect(s.request.narrative!.startsWith('narrative: The doctor says')).toBe(true);
    expect(s.history.incidents[0].charge!.startsWith('charge: The doctor says')).toBe(true);
    expect(s.history.notes!.split('\n').map((l) => [l.slice(0, 22), l.length <= LONG_TEXT, l.endsWith(ELLIPSIS)])).toEqual([
      ['Drugs: drugsDetails: T', true, true],
      ['Refusals: refusalDetai', true, true],
    ]);
    expect(s.otherParties).toHaveLength(MAX_NAMES);
    // What is cut ends with "…", and its path is listed, once, for the attorney and integrations.
    for (const value of [s.contact.name, s.contact.email, s.request.narrative, s.request.details.condition, s.history.incidents[0].place])
      expect(value!.endsWith(ELLIPSIS)).toBe(true);
    // In the summary's order, as `missing` and `unsure` are.
    expect(s.truncated).toEqual([
      'contact.relationshipToTraveler',
      'contact.name',
      'contact.email',
      'contact.bestTime',
      'traveler.name',
      'traveler.city',
      'traveler.intendedPort',
      'request.details.condition',
      'request.details.provider',
      'request.details.payer',
      'request.narrative',
      'otherParties',
      'history.incidents.0.place',
      'history.incidents.0.charge',
      'history.incidents.0.sentence',
      'history.notes',
    ]);
    expect(summaryText(s)).toContain(
      [
        'SHORTENED, WHOLE IN THE TRANSCRIPT',
        '- Contact: relationship to the traveler; name;',
        '  email; best time to call',
        '- Traveler: name; city; port of entry',
        '- Request: condition; provider; who pays; story',
        '- Other parties',
        '- History: place of incident 1;',
        '  charge of incident 1; sentence of incident 1;',
        '  notes',
      ].join('\n'),
    );
  });

  it('bounds every text of the summary, whatever its field (one a later release adds included)', () => {
    // Every string the answers can become, each 57 KB, straight into the caps (no answer reader in between).
    const huge = pasted('x');
    const fill = (x: unknown): unknown =>
      typeof x === 'string'
        ? huge
        : Array.isArray(x)
          ? x.map(fill)
          : x && typeof x === 'object'
            ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, fill(y)]))
            : x;
    const full = mapAnswers({
      ...reference(),
      answers: { ...referenceAnswers(), role: v('family'), relationship: v('x'), contactEmail: v('x'), story: v('x'), drugs: v('yes'), drugsDetails: v('x') },
    });
    const { mapped, truncated } = capAnswers(fill(full) as Mapped);
    const long = new Set([
      'contact.email',
      'request.details.condition',
      'request.narrative',
      'history.incidents.0.charge',
      'history.incidents.0.sentence',
      'history.notes',
    ]);
    for (const [path, value] of strings(mapped)) {
      const at = path.replace(/\.\d+$/, '');
      expect({ at, within: value.length <= (long.has(at) ? NARRATIVE_TEXT : SHORT_TEXT) }).toEqual({ at, within: true });
    }
    // The phone and the date are bounded by their formats in a real summary; here they show the default bound applies.
    expect(truncated).toEqual(expect.arrayContaining(['contact.phone', 'request.neededBy', 'traveler.country']));
  });

  it('keeps an answer within its bound as given, and lists nothing', () => {
    const s = build(reference({ answers: { ...referenceAnswers(), travelerName: v('M'.repeat(SHORT_TEXT)) } }));
    expect(s.traveler.name).toBe('M'.repeat(SHORT_TEXT));
    expect(s.truncated).toEqual([]);
    expect(summaryText(s)).not.toContain('SHORTENED');
    const over = build(reference({ answers: { ...referenceAnswers(), travelerName: v('M'.repeat(SHORT_TEXT + 1)) } }));
    expect(over.traveler.name).toBe('M'.repeat(SHORT_TEXT - 1) + ELLIPSIS);
    // Writing for themselves, the traveler is the contact too: both copies are cut.
    expect(over.truncated).toEqual(['contact.name', 'traveler.name']);
  });

  it('never cuts a character in two', () => {
    const cut = shorten('😀'.repeat(SHORT_TEXT), SHORT_TEXT);
    expect(cut.length).toBeLessThanOrEqual(SHORT_TEXT);
    expect(cut).toBe('😀'.repeat((SHORT_TEXT - 2) / 2) + ELLIPSIS);
  });

  it('reads a summary stored before `truncated` existed as nothing cut', () => {
    const { truncated, ...before } = build(reference());
    expect(truncated).toEqual([]);
    expect(SummarySchema.parse(before).truncated).toEqual([]);
  });

  it('through the running app: a 57 KB answer is whole in the transcript and bounded in the stored summary', async () => {
    const app = await startTestServer();
    try {
      const key = { channel: 'webchat' as const, address: 'dl-long' };
      const story = pasted('My son has leukemia');
      const at = Date.now();
      await app.parts.service.open(key, new Date(at), 'en');
      await app.parts.service.receive({ ...key, id: 'long-1', at: new Date(at + 1000).toISOString(), text: story, media: [] });
      await app.parts.service.receive({ ...key, id: 'long-2', at: new Date(at + 2000).toISOString(), text: 'yes', media: [] });
      const record = await app.parts.store.findConversation(key);
      const transcript = await app.parts.store.transcript(record!.id);
      expect(transcript.find((e) => e.messageId === 'long-1')!.text).toBe(story);
      const stored = await app.parts.store.getIntake(record!.intakeId!);
      expect(SummarySchema.parse(stored)).toEqual(stored);
      expect(stored!.request.narrative!.length).toBeLessThanOrEqual(NARRATIVE_TEXT);
      expect(stored!.request.narrative!.endsWith(ELLIPSIS)).toBe(true);
      expect(story.startsWith(stored!.request.narrative!.slice(0, -1))).toBe(true);
      expect(stored!.truncated).toEqual(['request.narrative']);
      expect(stored!.transcriptId).toBe(record!.id);
    } finally {
      await app.close();
    }
  });
});
