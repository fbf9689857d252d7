/**
 * What the family said with an answer beyond the answer reaches the attorney: the summary's
 * added `answerDetails` (by the path of the fact it goes with), listed in the family's words on
 * the plain-text summary, the dashboard's intake page and the PDF.
 */
import { intakePage } from '../src/dashboard/views/intake';
import { firmText } from '../src/i18n/firm-text';
import { capitalized, firmLabels } from '../src/i18n/labels';
import { renderIntakePdf } from '../src/pdf/intake-pdf';
import type { Attorney } from '../src/store/account-store';
import { NEW_HANDLING } from '../src/store/handoff-store';
import { SummarySchema } from '../src/summary/contract';
import { answerDetailLines } from '../src/summary/detail-rows';
import { summaryText } from '../src/summary/text';
import { escaped } from './support/attorneys';
import { converse } from './support/converse';
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
const FIRM = { name: 'Border Immigration Law', phone: '+1 716 555 0100', timeZone: 'America/New_York' };
const l = firmLabels();

/** The reference case, with a remark after the hospital and after the first incident's place. */
const lines = REFERENCE.en.map((line) =>
  line === 'Roswell Park Cancer Center, Buffalo' ? 'Roswell Park Cancer Center, Buffalo, his oncologist sent the referral last month' : line,
);
lines[lines.indexOf('2004') + 1] = 'Hamilton, Ontario, he was living there then';

describe('details reach the attorney', () => {
  const c = converse(lines);
  const s = c.summary;

  it('the summary keeps the value as the fact and the rest as its details, by path', () => {
    expect(s.request.details.provider).toBe('Roswell Park Cancer Center, Buffalo');
    expect(s.history.incidents[0].place).toBe('Hamilton, Ontario');
    expect(s.answerDetails).toEqual([
      { path: 'request.details.provider', text: 'his oncologist sent the referral last month' },
      { path: 'history.incidents[0].place', text: 'he was living there then' },
    ]);
    expect(answerDetailLines(s, l)).toEqual([
      { fact: capitalized(l.field('request.details.provider')), text: 'his oncologist sent the referral last month' },
      { fact: capitalized(l.incidentField('history.incidents[].place', 1)), text: 'he was living there then' },
    ]);
  });

  it("the text, the dashboard and the PDF list them in the family's words", async () => {
    const text = summaryText(s);
    expect(text).toContain(`SAID WITH THE ANSWERS\n- ${capitalized(l.field('request.details.provider'))}: "his oncologist sent the referral last month"`);
    const page = String(
      intakePage({
        t: firmText('dashboard'),
        firmName: FIRM.name,
        timeZone: FIRM.timeZone,
        attorney: ann,
        csrfToken: 'c',
        summary: s,
        handling: NEW_HANDLING,
        escalations: [],
        deliveries: [],
        transcript: [],
        attorneys: new Map(),
        flash: null,
      }),
    );
    expect(page).toContain(`<h2>${escaped(firmText('dashboard')('intake.answerDetails'))}</h2>`);
    expect(page).toContain(escaped('he was living there then'));
    const pdf = (
      await pdfText(await renderIntakePdf({ summary: s, handling: NEW_HANDLING, escalations: [], firm: FIRM, generatedAt: new Date(T0), generatedBy: 'ann' }))
    ).text.replace(/\s+/g, ' ');
    // Headings print in capitals.
    expect(pdf).toContain(firmText('pdf')('sections.answerDetails').toUpperCase());
    expect(pdf).toContain('his oncologist sent the referral last month');
  });

  it('nothing is listed when nothing more was said', () => {
    const plain = converse(REFERENCE.en).summary;
    expect(plain.answerDetails).toEqual([]);
    expect(summaryText(plain)).not.toContain('SAID WITH THE ANSWERS');
  });

  it('reads a summary stored before the field existed as nothing said, and refuses a malformed entry', () => {
    const { answerDetails: _, ...old } = s;
    expect(SummarySchema.parse(old).answerDetails).toEqual([]);
    expect(SummarySchema.safeParse({ ...s, answerDetails: [{ path: 'contact.name' }] }).success).toBe(false);
  });
});
