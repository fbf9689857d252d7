/**
 * Answers that say more than the answer, through the engine: the answer is recorded, never asked
 * again, and what the family added is kept with it for the attorney.
 */
import { intakePage } from '../src/dashboard/views/intake';
import { firmText } from '../src/i18n/firm-text';
import { renderIntakePdf } from '../src/pdf/intake-pdf';
import { NEW_HANDLING } from '../src/store/handoff-store';
import type { Attorney } from '../src/store/account-store';
import { SummarySchema } from '../src/summary/contract';
import { summaryText } from '../src/summary/text';
import { converse } from './support/converse';
import { pdfText } from './support/pdf-text';
import { REFERENCE } from './scripts.reference';

const ann: Attorney = {
  id: 'att-ann',
  email: 'ann@firm.example',
  name: 'Ann Lee',
  passwordHash: 'x',
  createdAt: '2026-11-28T07:00:00.000Z',
  failedLogins: 0,
  lockedUntil: null,
  disabled: false,
};

const en = REFERENCE.en;
/** The reference script up to (not including) the "another incident?" answer after the first incident. */
const toAnother = en.slice(0, en.indexOf('one year probation') + 1);

describe('a yes / no answer with more words', () => {
  it('is recorded with its details and the interview goes on', () => {
    const i = en.indexOf('Roswell Park Cancer Center, Buffalo') + 1; // "unavailable at home?"
    const c = converse([...en.slice(0, i), 'yes, no hospital in Nova Scotia takes children for this']);
    expect(c.context.answers.unavailableAtHome).toEqual({ value: 'yes', details: 'no hospital in Nova Scotia takes children for this' });
    expect(c.turns.at(-1)!.asking).toBe('payer');
    expect(c.turns.at(-1)!.keys.some((k) => k.startsWith('reprompt.'))).toBe(false);
  });

  it('"not sure, …" is not sure, with the rest kept', () => {
    const i = en.indexOf('none') + 1; // "arrested, charged or convicted?"
    const c = converse([...en.slice(0, i), 'not sure, he had some trouble when he was young']);
    expect(c.context.answers.criminal).toEqual({ unsure: true, details: 'he had some trouble when he was young' });
    expect(c.turns.at(-1)!.asking).toBe('drugs');
  });
});

describe('another incident', () => {
  it('keeps its yes and what came with it while the next incident is asked, then asks again', () => {
    const c = converse([...toAnother, 'yes, an assault in Toronto']);
    expect(c.context.answers.anotherIncident).toEqual({ value: 'yes', details: 'an assault in Toronto' });
    expect(c.context.incidents).toHaveLength(2);
    expect(c.turns.at(-1)!.asking).toBe('incidentDate');

    const rest = en.slice(toAnother.length + 1);
    const full = converse([...toAnother, 'yes, an assault in Toronto', ...rest]);
    expect(full.summary.history.incidents).toHaveLength(2);
    expect(full.context.answers.anotherIncident).toEqual({ value: 'no' });
    expect(full.summary.status).toBe('complete');
  });
});

describe('what they said reaches the attorney', () => {
  const i = en.indexOf('Roswell Park Cancer Center, Buffalo') + 1;
  const o = en.indexOf('one year probation') + 1;
  const lines = [...en];
  lines[i] = 'yes, no hospital in Nova Scotia takes children for this';
  lines[o] = 'yes, an assault in Toronto';
  lines[en.indexOf('1')] = 'convicted, he pleaded to avoid a trial';
  const c = converse(lines);

  it('as the summary’s answerDetails, under the path of each fact, in the interview’s order', () => {
    expect(c.summary.status).toBe('complete');
    expect(c.summary.answerDetails).toEqual([
      { path: 'request.details.unavailableAtHome', text: 'no hospital in Nova Scotia takes children for this' },
      { path: 'history.incidents[1].outcome', text: 'convicted, he pleaded to avoid a trial' },
      // "Another incident?" was answered yes with words, then no: the no stands.
    ]);
    expect(SummarySchema.parse(c.summary).answerDetails).toHaveLength(2);
  });

  it('read as none from a summary stored before they existed', () => {
    const { answerDetails: _, ...old } = c.summary;
    expect(SummarySchema.parse(old).answerDetails).toEqual([]);
  });

  it('on the text summary, the dashboard and the PDF, in their words under the name of the fact', async () => {
    const text = summaryText(c.summary);
    expect(text).toContain('SAID WITH THE ANSWERS');
    expect(text).toContain('- Not available at home: "no hospital in Nova Scotia takes children for this"');
    expect(text).toContain('- Outcome of incident 2: "convicted, he pleaded to avoid a trial"');
    const page = String(
      intakePage({
        t: firmText('dashboard'),
        firmName: 'Test Law',
        timeZone: 'America/New_York',
        attorney: ann,
        csrfToken: 'c',
        summary: c.summary,
        handling: NEW_HANDLING,
        escalations: [],
        deliveries: [],
        transcript: [],
        attorneys: new Map(),
        flash: null,
      }),
    );
    expect(page).toContain('id="said"');
    expect(page).toContain('<dt>Not available at home</dt><dd class="words" lang="en">no hospital in Nova Scotia takes children for this</dd>');
    const pdf = await renderIntakePdf({
      summary: c.summary,
      handling: NEW_HANDLING,
      escalations: [],
      firm: { name: 'Test Law', phone: '+1 716 555 0100', timeZone: 'America/New_York' },
      generatedAt: new Date('2026-11-28T07:00:00Z'),
      generatedBy: 'ann@firm.example',
    });
    const shown = (await pdfText(pdf)).text.replace(/\s+/g, ' ');
    expect(shown).toContain('SAID WITH THE ANSWERS, IN THEIR WORDS Not available at home “no hospital in Nova Scotia takes children for this”');
    expect(shown).toContain('no hospital in Nova Scotia takes children for this');
  });

  it('shows nothing of the kind when nothing more was said', () => {
    const plain = converse(en);
    expect(plain.summary.answerDetails).toEqual([]);
    expect(summaryText(plain.summary)).not.toContain('SAID WITH THE ANSWERS');
  });
});

describe('what the words also answer is not asked again', () => {
  it('a refusal told at "ever deported?" answers "ever refused?"', () => {
    const i = en.indexOf('30 days in jail') + 3; // after the incidents and drugs: "ever deported?"
    expect(converse(en.slice(0, i)).turns.at(-1)!.asking).toBe('priorRemoval');
    const c = converse([...en.slice(0, i), 'no, but they turned him back at Lewiston once']);
    expect(c.context.answers.priorRemoval).toEqual({ value: 'no', details: 'but they turned him back at Lewiston once' });
    expect(c.context.answers.refusals).toEqual({ value: 'yes' });
    expect(c.turns.at(-1)!.asking).toBe('overstay');
  });

  it('the incident told with "yes, arrested" starts the first incident', () => {
    const i = en.indexOf('none') + 1;
    const c = converse([...en.slice(0, i), 'yes, an assault conviction in 2011']);
    expect(c.context.answers.criminal).toEqual({ value: 'yes', details: 'an assault conviction in 2011' });
    expect(c.context.incidents).toEqual([{ incidentCharge: { value: 'assault' }, incidentDate: { value: '2011' }, incidentOutcome: { value: 'convicted' } }]);
    expect(c.turns.at(-1)!.asking).toBe('incidentPlace');
  });

  it('a minor said to travel alone: no adult with them, and escalated', () => {
    const i = en.indexOf('Marc Tremblay') + 1;
    const c = converse([...en.slice(0, i), 'yes, she is 15 and will fly alone']);
    expect(c.context.answers.isMinor).toEqual({ value: 'yes', details: 'she is 15 and will fly alone' });
    expect(c.context.answers.accompanied).toEqual({ value: 'no' });
    expect(c.turns.at(-1)!.asking).toBe('citizenship');
    expect(c.effects.some((e) => e.type === 'escalate' && e.reasons.includes('unaccompanied_minor'))).toBe(true);
  });

  it('nothing said in passing replaces an answer already given', () => {
    const i = en.indexOf('Refused at the Peace Bridge in 2015, they gave me a paper') - 1; // "ever refused?"
    const c = converse([...en.slice(0, i), 'yes, deported and refused in 2015']);
    // "Deported", said at a later question, does not change the no given to "ever deported?".
    expect(c.context.answers.priorRemoval).toEqual({ value: 'no' });
    expect(c.context.answers.refusals).toEqual({ value: 'yes', details: 'deported and refused in 2015' });
  });
});

describe('the details a yes would ask for next', () => {
  it('told with the yes, they answer the details question too', () => {
    const i = en.indexOf('Refused at the Peace Bridge in 2015, they gave me a paper') - 1; // "ever refused?"
    const c = converse([...en.slice(0, i), 'yes, turned back at Champlain in 2019 over an old charge']);
    expect(c.context.answers.refusals).toEqual({ value: 'yes', details: 'turned back at Champlain in 2019 over an old charge' });
    expect(c.context.answers.refusalDetails).toEqual({ value: 'turned back at Champlain in 2019 over an old charge' });
    expect(c.turns.at(-1)!.asking).toBe('waivers');
    const done = converse([...en.slice(0, i), 'yes, turned back at Champlain in 2019 over an old charge', ...en.slice(i + 2)]);
    expect(done.summary.history.notes).toBe('Refusals: turned back at Champlain in 2019 over an old charge');
  });
});

describe('a court case told with its role', () => {
  it('"to testify at a trial" is a court case, as a witness', () => {
    const i = en.indexOf('medical'); // "why must the traveler come?"
    const c = converse([...en.slice(0, i), 'he has to testify at his brother’s trial']);
    expect(c.context.answers.reason).toMatchObject({ value: 'court' });
    expect(c.context.answers.courtRole).toEqual({ value: 'witness' });
  });
});

describe('the notice accepted with more words', () => {
  it('keeps them as the story, as if told before it; declined, keeps nothing', () => {
    const c = converse(['Bonjour', "oui. J'écris pour mon oncle qui doit subir une chirurgie à Boston", 'oui']);
    expect(c.context.consent).not.toBeNull();
    expect(c.context.narrative).toBe("J'écris pour mon oncle qui doit subir une chirurgie à Boston");
    // Like any story, what was understood is read back first, and used once confirmed.
    expect(c.turns[1].keys).toEqual(['ui.storyIntro', 'ui.storyPrompt']);
    expect(c.context.answers.reason).toEqual({ value: 'medical' });
    expect(c.summary.request.narrative).toBe("J'écris pour mon oncle qui doit subir une chirurgie à Boston");

    const no = converse(['Hola', 'no, no quiero que guarden mis datos de mi hermano']);
    expect(no.context.status).toBe('declined');
    expect(no.context.narrative).toBeNull();
    expect(no.context.answers).toEqual({});
  });
});
