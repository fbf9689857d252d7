/**
 * "Date unknown" is shown wherever the tier is (the dashboard's intake page and queue, the PDF,
 * the emails and the plain-text summary), in the words of locales/en/labels.json, when the tier
 * comes from the reason because no date is known; and nowhere when the date is known.
 */
import type { Firm } from '../src/config/firm';
import { queuePage } from '../src/dashboard/views/queue';
import { intakePage } from '../src/dashboard/views/intake';
import { pageEmail, pageSms, submittedEmail, type NoticeFacts } from '../src/handoff/notices';
import { firmText } from '../src/i18n/firm-text';
import { firmLabels } from '../src/i18n/labels';
import { renderIntakePdf } from '../src/pdf/intake-pdf';
import type { Attorney } from '../src/store/account-store';
import { NEW_HANDLING } from '../src/store/handoff-store';
import type { Summary } from '../src/summary/contract';
import { summaryText } from '../src/summary/text';
import { converse } from './support/converse';
import { pdfText } from './support/pdf-text';
import { REFERENCE } from './scripts.reference';

const FIRM: Firm = { name: 'Border Immigration Law', phone: '+1 716 555 0100', timeZone: 'America/New_York' };
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

const BADGE = firmLabels()('dateUnknown', 'badge');
const LONG = firmLabels()('dateUnknown', 'long');
const flat = (s: string) => s.replace(/\s+/g, ' ');

/** The reference case to its end, the day needed answered as given or as "not sure". */
const undated: Summary = converse(REFERENCE.en.map((l) => (l === 'December 10' ? 'not sure' : l))).summary;
const dated: Summary = converse(REFERENCE.en).summary;

const dashboard = firmText('dashboard');
const notify = firmText('notify');

function intakeHtml(s: Summary): string {
  return String(
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
      attorneys: new Map(),
      flash: null,
    }),
  );
}

function queueHtml(s: Summary): string {
  return String(
    queuePage({
      t: dashboard,
      firmName: FIRM.name,
      attorney: ann,
      csrfToken: 'c',
      filters: { view: 'queue', status: null, tier: null, cursor: null },
      escalations: [],
      page: { items: [{ summary: s, handling: NEW_HANDLING }], next: null },
      attorneys: new Map(),
      now: new Date(T0),
      flash: null,
    }),
  );
}

const facts = (s: Summary): NoticeFacts => ({
  intakeId: s.intakeId,
  reference: s.reference,
  tier: s.triage.tier,
  reasons: s.triage.escalationReasons,
  requestReason: s.request.reason,
  dateUnknown: s.triage.dateUnknown,
});
const links = { detailsUrl: 'https://firm.example/intakes/x', ackUrl: 'https://firm.example/ack/t' };

describe('the cases', () => {
  it('are what the surfaces are tested on: one with no date (a tier all the same), one with a date', () => {
    expect(undated.triage).toMatchObject({ tier: 'U2', dateUnknown: true });
    expect(dated.triage.dateUnknown).toBe(false);
    expect(dated.triage.tier).not.toBeNull();
  });
});

describe('"date unknown" beside the tier', () => {
  it('on the intake page, next to the tier badge', () => {
    expect(intakeHtml(undated)).toMatch(new RegExp(`<h1>.*class="badge U2">U2</span> <span class="badge none date-unknown">${BADGE}</span>.*</h1>`, 's'));
    expect(intakeHtml(dated)).not.toContain(BADGE);
  });

  it('in the queue', () => {
    expect(queueHtml(undated)).toContain(`<span class="badge none date-unknown">${BADGE}</span>`);
    expect(queueHtml(dated)).not.toContain(BADGE);
  });

  it('in the PDF, in the key facts and the triage', async () => {
    const render = async (s: Summary) =>
      flat(
        (
          await pdfText(
            await renderIntakePdf({ summary: s, handling: NEW_HANDLING, escalations: [], firm: FIRM, generatedAt: new Date(T0), generatedBy: ann.email }),
          )
        ).text,
      );
    const text = await render(undated);
    expect(text.toLowerCase()).toContain(`(${BADGE})`);
    expect(text.toLowerCase()).toContain(`(${LONG})`.toLowerCase());
    expect((await render(dated)).toLowerCase()).not.toContain(BADGE);
  }, 60_000);

  it('in the emails and the SMS page', () => {
    const submitted = submittedEmail(notify, facts(undated), links);
    expect(submitted.subject).toContain(`U2 (${BADGE})`);
    expect(submitted.text).toContain(LONG);
    expect(pageEmail(notify, 'page', facts(undated), links, 15).text).toContain(LONG);
    expect(pageSms(notify, 'page', facts(undated), links, 15)).toContain(BADGE);
    const known = submittedEmail(notify, facts(dated), links);
    expect(`${known.subject}\n${known.text}`).not.toContain(BADGE);
    expect(known.text).not.toContain(LONG);
  });

  it('in the plain-text summary', () => {
    expect(summaryText(undated).split('\n')[0]).toContain(`U2 (${BADGE})`);
    expect(summaryText(dated)).not.toContain(BADGE);
  });
});
