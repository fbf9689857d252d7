/**
 * The attorney's hints fire on the facts the domain names for each (../shared/domain/
 * humanitarian-parole.md), and on nothing else: for every fee-exemption indicator, escalation
 * reason and possible path, a case that fires it and a near miss that must not. And a complete
 * intake with no date still gets a tier, from what is known, with the "date unknown" flag.
 */
import type { Answer, Answers, IncidentAnswers, Value } from '../dialogs/context';
import { buildSummary, type SummaryInput } from '../src/summary/build';
import type { EscalationReason, FeeExemption, PossiblePath } from '../src/summary/contract';
import { dateUnknown, escalationReasons, feeExemptionIndicators, possiblePaths, tier } from '../src/summary/triage';
import { converse } from './support/converse';
import { REFERENCE } from './scripts.reference';
import { ctxOf } from './support/summary-input';

const TZ = 'America/New_York';
/** 10:00 in Buffalo on 2026-12-01. */
const NOW = new Date('2026-12-01T15:00:00Z');

const v = (value: Value, details?: string): Answer => (details ? { value, details } : { value });
const UNSURE: Answer = { unsure: true };
const ASAP: Answer = { unsure: true, asap: true };

const fees = (answers: Answers, more: Partial<SummaryInput> = {}) => feeExemptionIndicators(ctxOf(answers, more), NOW, TZ);
const reasons = (answers: Answers, more: Partial<SummaryInput> = {}) => escalationReasons(ctxOf(answers, more), NOW, TZ);
const paths = (answers: Answers, more: Partial<SummaryInput> = {}) => possiblePaths(ctxOf(answers, more), NOW, TZ);

type Case = [string, Answers, Partial<SummaryInput>?];

/** Each case fires `hint`; each near miss does not (whatever else it fires). */
function firesOnlyOn<T extends string>(hint: T, read: (a: Answers, m?: Partial<SummaryInput>) => T[], fire: Case[], nearMisses: Case[]) {
  describe(hint, () => {
    for (const [title, answers, more] of fire) {
      it(`fires: ${title}`, () => {
        expect(read(answers, more)).toContain(hint);
      });
    }
    for (const [title, answers, more] of nearMisses) {
      it(`does not fire: ${title}`, () => {
        expect(read(answers, more)).not.toContain(hint);
      });
    }
  });
}

// ---- fee-exemption indicators ------------------------------------------------------------------

describe('fee-exemption indicators', () => {
  const medical = (more: Answers = {}): Answers => ({ reason: v('medical'), patient: v('traveler'), condition: v('heart surgery'), ...more });
  const ill = (relation: string, prognosis: string, more: Answers = {}): Answers => ({
    reason: v('ill_relative'),
    relation: v(relation),
    prognosis: v(prognosis),
    ...more,
  });
  const court = (role: string, more: Answers = {}): Answers => ({ reason: v('court'), courtRole: v(role), court: v('Erie County Court, Buffalo'), ...more });

  firesOnlyOn<FeeExemption>(
    'medical_emergency',
    fees,
    [
      ['surgery the day after tomorrow', medical({ neededBy: v('2026-12-03') })],
      ["the child's transplant tomorrow", medical({ patient: v('child'), neededBy: v('2026-12-02') })],
    ],
    [
      ['a medical reason, treatment in ten days', medical({ neededBy: v('2026-12-11') })],
      ['a medical reason, "as soon as possible"', medical({ neededBy: ASAP })],
      ['a medical reason, date not known', medical({ neededBy: UNSURE })],
      ['a funeral tomorrow (urgent, but not medical)', { reason: v('funeral'), neededBy: v('2026-12-02') }],
    ],
  );

  firesOnlyOn<FeeExemption>(
    'parent_of_minor_patient',
    fees,
    [
      ["the traveler's child, her age said with who she is", medical({ patient: { value: 'child', details: "our daughter Sofia, she's 9" } })],
      ["the traveler's child, a baby by the words of the condition", medical({ patient: v('child'), condition: v('our baby has a heart defect') })],
      ["l'enfant du voyageur, 4 ans", medical({ patient: { value: 'child', details: 'notre fils, il a 4 ans' } })],
    ],
    [
      ["the traveler's child, whose age was never said (the attorney asks)", medical({ patient: v('child') })],
      ["the traveler's child, an adult", medical({ patient: { value: 'child', details: "my son, he's 25" } })],
      ['the traveler is the patient', medical()],
      ['another relative is the patient', medical({ patient: v('other_relative') })],
      ['a sick child, but the reason is a very sick relative', ill('his son', 'he is in hospice')],
    ],
  );

  firesOnlyOn<FeeExemption>(
    'organ_donor',
    fees,
    // No question asks whether the traveler gives an organ: it is never inferred.
    [],
    [
      ['a transplant the traveler receives', medical({ condition: v('kidney transplant, waiting for a donor') })],
      ['the family says the traveler donates', medical({ patient: v('other_relative'), condition: v('he is the donor for his brother') })],
    ],
  );

  firesOnlyOn<FeeExemption>(
    'relative_near_death',
    fees,
    [
      ['a mother in hospice', ill('his mother', 'in hospice, the doctors say days to live')],
      ['a father with weeks left', ill('her father', 'terminal cancer, weeks left')],
      ['a brother who is dying, in French', ill('son frère', 'il est en fin de vie'), { language: 'fr' }],
      ['a father sent home to die, in Spanish', ill('su papá', 'está desahuciado'), { language: 'es' }],
      [
        'the prognosis in the words kept with a "not sure"',
        { reason: v('ill_relative'), relation: v('his wife'), prognosis: { unsure: true, details: 'they moved her to palliative care' } },
      ],
    ],
    [
      ['a very sick relative, not said to be dying', ill('his mother', 'very sick, in the ICU after a stroke')],
      ['a relative said not to be dying', ill('his mother', 'she is not dying, she is stable now')],
      ['words that say both ways', ill('his mother', 'was in hospice but is out of danger')],
      ['"not going to die"', ill('his father', 'the doctors say he is not going to die')],
      ['"no se va a morir", in Spanish', ill('su mamá', 'el doctor dice que no se va a morir'), { language: 'es' }],
      ['a dying cousin: not a close relative', ill('his cousin', 'dying, days to live')],
      ['a dying friend', ill('a friend', 'in hospice')],
      ['a close relative whose prognosis is not known', { reason: v('ill_relative'), relation: v('his mother'), prognosis: UNSURE }],
      ['a funeral (the relative has died)', { reason: v('funeral'), relation: v('his mother') }],
    ],
  );

  firesOnlyOn<FeeExemption>(
    'funeral',
    fees,
    [["the mother's funeral", { reason: v('funeral'), relation: v('his mother') }]],
    [
      ['a relative near death is no funeral yet', ill('his mother', 'in hospice')],
      ['a memorial in the words of another reason', { reason: v('other'), story: v('a memorial service next year') }],
    ],
  );

  firesOnlyOn<FeeExemption>(
    'law_enforcement',
    fees,
    [
      ['a witness the DA subpoenaed', court('witness', { subpoena: v('yes', 'the prosecutor sent it') })],
      ['a witness in a criminal trial', court('witness', { court: v('Erie County Court, criminal part') })],
      ['a witness for the fiscalía, in Spanish', court('witness', { court: v('la fiscalía de Buffalo') }), { language: 'es' }],
      ['the victim of a crime', court('victim')],
    ],
    [
      ['a witness in a civil trial', court('witness', { court: v('Erie County Supreme Court, civil suit') })],
      ['a witness in small claims', court('witness', { court: v('Buffalo small claims court') })],
      ['a witness whose case the words do not name', court('witness')],
      ['a victim suing in a civil case', court('victim', { court: v('civil court, Buffalo') })],
      ['the defendant in a criminal case', court('defendant', { court: v('criminal court') })],
      ['a party in a divorce', court('party', { court: v('family court, divorce') })],
    ],
  );
});

// ---- escalation reasons ------------------------------------------------------------------------

describe('escalation reasons', () => {
  const pending: IncidentAnswers = { incidentCharge: v('assault'), incidentOutcome: v('pending') };

  firesOnlyOn<EscalationReason>(
    'emergency_now',
    reasons,
    [['danger now (the flag)', {}, { flags: ['emergency_now'] }]],
    [
      ['danger answered "not sure"', { danger: UNSURE }],
      ['a medical reason needed tomorrow', { reason: v('medical'), neededBy: v('2026-12-02') }],
    ],
  );

  firesOnlyOn<EscalationReason>(
    'at_border',
    reasons,
    [['at the border now', { location: v('at_border') }]],
    [
      ['a port named for later', { location: v('outside_us'), port: v('peace_bridge') }],
      ['where the traveler is, not sure', { location: UNSURE }],
    ],
  );

  firesOnlyOn<EscalationReason>(
    'detained',
    reasons,
    [['detained now', { location: v('detained') }]],
    [
      ['in the U.S., not held', { location: v('in_us') }],
      ['at the border, not held', { location: v('at_border') }],
    ],
  );

  firesOnlyOn<EscalationReason>(
    'needed_within_72h',
    reasons,
    [
      ['in three days', { neededBy: v('2026-12-04') }],
      ['today', { neededBy: v('2026-12-01') }],
    ],
    [
      ['in four days', { neededBy: v('2026-12-05') }],
      ['"as soon as possible"', { reason: v('medical'), neededBy: ASAP }],
      ['a funeral with no date', { reason: v('funeral'), neededBy: UNSURE }],
    ],
  );

  firesOnlyOn<EscalationReason>(
    'prior_removal',
    reasons,
    [['removed before', { priorRemoval: v('yes') }]],
    [
      ['refused entry, never removed', { refusals: v('yes'), priorRemoval: v('no') }],
      ['removal "not sure"', { priorRemoval: UNSURE }],
    ],
  );

  firesOnlyOn<EscalationReason>(
    'unaccompanied_minor',
    reasons,
    [['a minor travelling alone', { isMinor: v('yes'), accompanied: v('no') }]],
    [
      ['a minor with an adult', { isMinor: v('yes'), accompanied: v('yes') }],
      ['a minor, not sure who travels with them', { isMinor: v('yes'), accompanied: UNSURE }],
      ['an adult travelling alone', { isMinor: v('no'), accompanied: v('no') }],
    ],
  );

  firesOnlyOn<EscalationReason>(
    'fear_of_return',
    reasons,
    [['afraid to go home', { fearOfReturn: v('yes') }]],
    [
      ['not sure', { fearOfReturn: UNSURE }],
      ['not afraid', { fearOfReturn: v('no') }],
    ],
  );

  firesOnlyOn<EscalationReason>(
    'security_flag',
    reasons,
    [
      ['an officer raised security concerns', { security: v('yes') }],
      // The domain: "escalate; ask no follow-up": only an attorney may clear up a "not sure".
      ['security "not sure"', { security: UNSURE }],
    ],
    [
      ['no security concern', { security: v('no') }],
      ['misrepresentation is no security concern', { misrepresentation: v('yes') }],
    ],
  );

  firesOnlyOn<EscalationReason>(
    'open_charges',
    reasons,
    [['a charge pending', {}, { incidents: [pending] }]],
    [
      ['diversion', {}, { incidents: [{ ...pending, incidentOutcome: v('diversion') }] }],
      ['charges withdrawn', {}, { incidents: [{ ...pending, incidentOutcome: v('withdrawn') }] }],
      ['outcome not sure', {}, { incidents: [{ ...pending, incidentOutcome: UNSURE }] }],
      ['a defendant in a court case (the court reason, not the history)', { reason: v('court'), courtRole: v('defendant') }],
    ],
  );

  firesOnlyOn<EscalationReason>(
    'asked_for_human',
    reasons,
    [['asked for a person (the flag)', {}, { flags: ['asked_for_human'] }]],
    [['answered "not sure" several times', { reason: UNSURE, neededBy: UNSURE, location: UNSURE }]],
  );
});

// ---- possible paths ----------------------------------------------------------------------------

describe('possible paths', () => {
  const outside = (more: Answers = {}): Answers => ({ location: v('outside_us'), ...more });
  const crime = { criminal: v('yes') };

  firesOnlyOn<PossiblePath>(
    'cbp_port_parole',
    paths,
    [
      ['outside, needed in ten days', outside({ neededBy: v('2026-12-11'), reason: v('reunification') })],
      ['at the border', { location: v('at_border') }],
      ['outside, a medical reason, no date', outside({ reason: v('medical'), neededBy: UNSURE })],
    ],
    [
      ['a medical visit in four months: the reason does not outweigh the date', outside({ reason: v('medical'), neededBy: v('2027-04-01') })],
      ['already in the U.S.', { location: v('in_us'), neededBy: v('2026-12-11') }],
    ],
  );

  firesOnlyOn<PossiblePath>(
    'uscis_i131_parole',
    paths,
    [['outside, needed in four months', outside({ neededBy: v('2027-04-01') })]],
    [
      ['outside, needed tomorrow', outside({ neededBy: v('2026-12-02') })],
      ['at the border', { location: v('at_border') }],
    ],
  );

  firesOnlyOn<PossiblePath>(
    'i192_waiver',
    paths,
    [['a Canadian with a conviction', { citizenship: v(['CA']), ...crime }]],
    [
      ['a Canadian, history "not sure"', { citizenship: v(['CA']), criminal: UNSURE }],
      ['a Mexican with a conviction', { citizenship: v(['MX']), ...crime }],
    ],
  );

  firesOnlyOn<PossiblePath>(
    'i212_permission',
    paths,
    [['removed before', { priorRemoval: v('yes') }]],
    [['refused entry, never removed', { refusals: v('yes'), priorRemoval: v('no') }]],
  );

  firesOnlyOn<PossiblePath>(
    'ice_parole',
    paths,
    [
      ['detained', { location: v('detained') }],
      ['in the U.S. after a removal', { location: v('in_us'), priorRemoval: v('yes') }],
      ['a witness for the prosecution', { location: v('outside_us'), reason: v('court'), courtRole: v('witness'), court: v('criminal court, the DA') }],
    ],
    [
      ['in the U.S., no removal, no law enforcement', { location: v('in_us'), priorRemoval: v('no') }],
      ['a witness in a civil suit', { location: v('outside_us'), reason: v('court'), courtRole: v('witness'), court: v('civil suit') }],
      ['outside after a removal (I-212, not ICE)', { location: v('outside_us'), priorRemoval: v('yes') }],
    ],
  );

  firesOnlyOn<PossiblePath>(
    'consular_waiver',
    paths,
    [['a Mexican living in Canada with an overstay', { citizenship: v(['MX']), whereNow: v({ city: 'Toronto', country: 'CA' }), overstay: v('yes') }]],
    [
      ['a Canadian in Canada (I-192 instead)', { citizenship: v(['CA']), whereNow: v({ city: 'Toronto', country: 'CA' }), overstay: v('yes') }],
      ['a Mexican in Mexico', { citizenship: v(['MX']), whereNow: v({ city: 'Monterrey', country: 'MX' }), overstay: v('yes') }],
      ['citizenship not known', { citizenship: UNSURE, whereNow: v({ city: 'Toronto', country: 'CA' }), overstay: v('yes') }],
    ],
  );
});

// ---- a tier without a date ---------------------------------------------------------------------

describe('a complete intake with no date', () => {
  const complete = (answers: Answers) => ctxOf(answers, { status: 'complete', completedAt: '2026-12-01T15:00:00.000Z' });
  const triageOf = (ctx: SummaryInput) => buildSummary(ctx, { now: NOW, timeZone: TZ, updatedAt: '2026-12-01T15:00:00.000Z', transcriptId: 'tr' }).triage;

  it.each<[string, Answers, string]>([
    ['a medical reason', { reason: v('medical'), neededBy: UNSURE }, 'U2'],
    ['a funeral', { reason: v('funeral'), neededBy: UNSURE }, 'U2'],
    ['a court date', { reason: v('court'), neededBy: UNSURE }, 'U2'],
    ['reason not known either', { reason: UNSURE, neededBy: UNSURE }, 'U2'],
    ['joining family', { reason: v('reunification'), neededBy: UNSURE }, 'U3'],
    ['something else', { reason: v('other'), neededBy: UNSURE }, 'U3'],
    ['the date never answered', { reason: v('other') }, 'U3'],
  ])('%s: a tier from the reason, flagged "date unknown"', (_, answers, expected) => {
    const t = triageOf(complete(answers));
    expect(t.tier).toBe(expected);
    expect(t.dateUnknown).toBe(true);
    // No date, no 72-hour page.
    expect(t.escalationReasons).not.toContain('needed_within_72h');
  });

  it('danger and where the traveler is come first, still flagged', () => {
    expect(triageOf(complete({ location: v('at_border'), neededBy: UNSURE }))).toMatchObject({ tier: 'E1', dateUnknown: true });
    expect(triageOf(ctxOf({ neededBy: UNSURE }, { status: 'complete', flags: ['emergency_now'] }))).toMatchObject({ tier: 'E0', dateUnknown: true });
  });

  it("a date known: the tier is the date's, no flag", () => {
    expect(triageOf(complete({ reason: v('medical'), neededBy: v('2027-04-01') }))).toMatchObject({ tier: 'R', dateUnknown: false });
  });

  it('in progress before the date is asked: no tier yet, no flag', () => {
    const ctx = ctxOf({ reason: v('medical') });
    expect(tier(ctx, NOW, TZ)).toBeNull();
    expect(dateUnknown(ctx, NOW, TZ)).toBe(false);
  });

  it('a conversation to the end with "not sure" for the date: a tier and the flag, and the family hears "next business day"', () => {
    const lines = REFERENCE.en.map((line) => (line === 'December 10' ? 'not sure' : line));
    const c = converse(lines);
    expect(c.summary.status).toBe('complete');
    expect(c.summary.request.neededBy).toBeNull();
    expect(c.summary.triage).toMatchObject({ tier: 'U2', dateUnknown: true });
    expect(c.turns.at(-1)!.keys).toContain('say.next.nextDay');
  });
});
