/**
 * One list of facts for the three surfaces (src/summary/detail-rows.ts): the plain-text summary,
 * the dashboard's intake page and the PDF show the same rows, each labelled by
 * locales/en/labels.json; what is missing, not sure or shortened is listed on all three, in words.
 */
import { intakePage } from '../src/dashboard/views/intake';
import { firmText } from '../src/i18n/firm-text';
import { capitalized, firmLabels } from '../src/i18n/labels';
import { renderIntakePdf } from '../src/pdf/intake-pdf';
import { NEW_HANDLING } from '../src/store/handoff-store';
import type { Attorney } from '../src/store/account-store';
import { SummarySchema, type Summary } from '../src/summary/contract';
import { detailRows, pathGroups } from '../src/summary/detail-rows';
import { FIELD_PATHS, INCIDENT_PREFIX } from '../src/summary/field-paths';
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
const flat = (s: string) => s.replace(/\s+/g, ' ');
const l = firmLabels();

/** The three surfaces of one summary, as text. */
async function surfaces(s: Summary): Promise<{ text: string; page: string; pdf: string }> {
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
  const pdf = await renderIntakePdf({
    summary: s,
    handling: NEW_HANDLING,
    escalations: [],
    firm: FIRM,
    generatedAt: new Date(T0),
    generatedBy: 'ann@firm.example',
  });
  return { text: summaryText(s), page, pdf: flat((await pdfText(pdf)).text) };
}

describe('the rows of a summary', () => {
  const s = converse(REFERENCE.en).summary;

  it("are every fact of the contract, in its order, the incidents' fields as their columns", () => {
    const rows = detailRows({ ...s, contact: { ...s.contact, role: 'family' } });
    const shown = rows.map((r) => r.path);
    const columns = rows.flatMap((r) => (r.value?.kind === 'incidents' ? r.value.columns : []));
    // The details shown are the reason's (medical); the others are absent from the summary.
    const expected = FIELD_PATHS.filter(
      (p) =>
        !p.startsWith(INCIDENT_PREFIX) &&
        (!p.startsWith('request.details.') ||
          p in
            {
              'request.details.patient': 1,
              'request.details.condition': 1,
              'request.details.provider': 1,
              'request.details.unavailableAtHome': 1,
              'request.details.payer': 1,
            }),
    );
    expect([...shown].sort()).toEqual([...expected].sort());
    expect(columns).toEqual(FIELD_PATHS.filter((p) => p.startsWith(INCIDENT_PREFIX)));
    // In order: each section together, contact first.
    expect([...new Set(rows.map((r) => r.section))]).toEqual(['contact', 'traveler', 'request', 'otherParties', 'history', 'documentsOnHand']);
  });

  it('read a summary stored before a field existed as not known', () => {
    const { isMinor: _, ...traveler } = s.traveler;
    const old = { ...s, traveler } as unknown as Summary;
    expect(detailRows(old).find((r) => r.path === 'traveler.isMinor')?.value).toBeNull();
  });
});

describe('the three surfaces show the same rows', () => {
  const s = converse(REFERENCE.en).summary;
  let shown: { text: string; page: string; pdf: string };
  beforeAll(async () => {
    shown = await surfaces(s);
  }, 60_000);

  // Facts shown in a table or grouped by answer (the history) are checked by their words below.
  const rows = detailRows(s).filter((r) => r.section !== 'history' && r.path !== 'request.narrative');

  it.each(rows.map((r) => [r.path, r] as const))('%s: labelled with the same words everywhere', (path, row) => {
    const name = capitalized(l.field(path));
    const sectionOfOne = row.path === row.section;
    if (!sectionOfOne) {
      expect(shown.text).toContain(`\n${name}: `);
      expect(shown.page).toContain(`<dt>${escaped(name)}</dt>`);
    }
    expect(shown.pdf).toContain(name);
  });

  it("shows the family's words, the history and the incidents on all three", () => {
    const words = [s.request.details.condition!, s.request.details.payer!, s.history.incidents[0].charge!, s.contact.bestTime!];
    for (const w of words) {
      expect(shown.text).toContain(w);
      expect(shown.page).toContain(escaped(w));
      expect(shown.pdf).toContain(flat(w));
    }
    for (const g of ['history.criminal', 'history.refusals'] as const) {
      const name = l.field(g);
      expect(shown.text).toContain(name);
      expect(shown.page).toContain(escaped(capitalized(name)));
      expect(shown.pdf).toContain(capitalized(name));
    }
  });
});

describe('what is missing, not sure or shortened, in words on all three surfaces', () => {
  const base = converse(['Hello', 'yes', 'no', 'at the border now', 'Marie Tremblay', '905 555 0147', 'yes', 'family']).summary;
  const s = SummarySchema.parse({
    ...base,
    triage: { ...base.triage, unsure: ['request.neededBy'], missing: [...base.triage.missing, 'history.incidents[1].date'] },
    truncated: ['contact.bestTime', 'history.incidents.0.place', 'otherParties'],
  });
  let shown: { text: string; page: string; pdf: string };
  beforeAll(async () => {
    shown = await surfaces(s);
  }, 60_000);

  it('lists them by section, each fact by its label', () => {
    expect(pathGroups(s.truncated, l)).toEqual([
      ['Contact', ['best time to call']],
      ['History', ['place of incident 1']],
      ['Other parties', []],
    ]);
    expect(pathGroups(['traveler.name', 'history.incidents[1].date', 'no.such.path'], l)).toEqual([
      ['Traveler', ['name']],
      ['History', ['date of incident 2']],
      ['Other', ['no.such.path']],
    ]);
  });

  it('the text', () => {
    expect(shown.text).toContain('NOT SURE\n- Request: needed by\n');
    expect(shown.text).toContain('date of incident 2');
    expect(shown.text).toContain('SHORTENED, WHOLE IN THE TRANSCRIPT\n- Contact: best time to call\n- History: place of incident 1\n- Other parties\n');
  });

  it('the dashboard', () => {
    const t = firmText('dashboard');
    expect(shown.page).toContain(`<h3>${escaped(t('intake.unsure'))}</h3><ul><li>Request: needed by</li></ul>`);
    expect(shown.page).toContain('date of incident 2');
    expect(shown.page).toContain(
      `<h3>${escaped(t('intake.truncated'))}</h3><ul><li>Contact: best time to call</li><li>History: place of incident 1</li><li>Other parties</li></ul>`,
    );
  });

  it('the PDF', () => {
    const t = firmText('pdf');
    expect(shown.pdf).toContain(`${t('missing.unsure')} Request Needed by`);
    expect(shown.pdf).toContain('Date of incident 2');
    expect(shown.pdf).toContain(`${t('missing.truncated')} Contact Best time to call History Place of incident 1 Other parties Other parties`);
  });
});
