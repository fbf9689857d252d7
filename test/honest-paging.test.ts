/**
 * Honest paging, through the running app on both stores: a firm with nobody to page is warned at
 * start (variable names, no values), every signed-in dashboard page says so, the escalation and
 * its delivery read "not configured" (queue, intake page, PDF), and the family is given the firm's
 * number, never told an attorney was alerted. With an on-call attorney (or only a backup) the page
 * is queued and the family is told. The same reason raised twice for one intake pages once.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { issueApiToken } from '../src/api/tokens';
import { loadConfig } from '../src/config/env';
import { parseOfficeHours } from '../src/config/office-hours';
import { Catalog } from '../src/i18n/catalog';
import { Renderer } from '../src/i18n/render';
import type { OutboxItem } from '../src/store/handoff-store';
import type { ConversationKey } from '../src/store/store';
import { createAttorney, signedIn } from './support/attorneys';
import { converse, FIRM } from './support/converse';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { scratchDatabases } from './support/mongo-server';
import { pdfText } from './support/pdf-text';
import { startTestServer, TEST_TWILIO, type TestServer } from './support/server';

const MINUTE = 60_000;
const ONCALL_PHONE = '+17165550123';
const BACKUP_PHONE = '+17165550124';
const FIRM_PHONE = '+1 716 555 0100';

/**
 * Web chat, at the border: the story's "at the border" is confirmed (an escalation), then the
 * callback name and number (the same reason raised again, with the number: the chart's second
 * escalation), then "cannot go on now" (on hold).
 */
const AT_THE_BORDER = ['I am at the border now', 'yes', 'yes', 'yes', 'no', 'Maria Lopez', '905 555 0147', 'no'];
const PHONE_LINE = 6;

const databases = scratchDatabases('paging');
const STORES: Array<[string, () => Record<string, string>]> = [
  ['embedded (SQLite)', () => ({})],
  ['MongoDB', () => ({ MONGODB_URI: databases.fresh(randomBytes(4).toString('hex')), ENCRYPTION_KEY: randomBytes(32).toString('base64') })],
];

/** Warnings and above, as the server logs them (JSON lines). */
function capturingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
  const warnings = () => lines.map((l) => JSON.parse(l) as { level: number; msg: string; variables?: string[]; path?: string });
  return { logger, lines, warnings };
}

let twilioApi: FakeTwilio;
beforeAll(async () => {
  twilioApi = await startFakeTwilio();
});
afterAll(() => twilioApi?.close());

let seq = 0;

describe.each(STORES)('honest paging, on the %s store', (_name, storeEnv) => {
  let app: TestServer;
  let log: ReturnType<typeof capturingLogger>;
  const start = async (env: Record<string, string>) => {
    log = capturingLogger();
    app = await startTestServer({ TWILIO_API_URL: twilioApi.url, ...storeEnv(), ...env }, { logger: log.logger });
  };
  afterEach(() => app?.close());

  /** Runs the family's messages a minute apart; returns each turn's replies. */
  async function family(key: ConversationKey, lines: readonly string[], t0: number) {
    const turns = [];
    for (const [i, text] of lines.entries()) {
      turns.push((await app.parts.service.receive({ ...key, id: `hp${++seq}`, at: new Date(t0 + i * MINUTE).toISOString(), text, media: [] })).replies);
    }
    return turns;
  }
  const intakeOf = async (key: ConversationKey) => (await app.parts.store.findConversation(key))!.intakeId!;
  const items = async (intakeId: string, kind?: string): Promise<OutboxItem[]> =>
    (await app.parts.handoffStore.outboxItems({ intakeId })).filter((i) => !kind || i.kind === kind);

  describe('with nobody to page', () => {
    beforeEach(() => start({}));

    it('says at start which paths are not configured, by their variables and with no value: a warning for the pages, information for the rest', async () => {
      const said = log.warnings().filter((w) => w.variables && w.path);
      const levelOf = (variables: string[]) => said.find((w) => JSON.stringify(w.variables) === JSON.stringify(variables))?.level;
      expect(levelOf(['ONCALL_EMAIL', 'ONCALL_PHONE'])).toBe(40);
      expect(levelOf(['BACKUP_EMAIL', 'BACKUP_PHONE'])).toBe(40);
      expect(levelOf(['NOTIFY_EMAILS'])).toBe(30);
      expect(levelOf(['WEBHOOK_URL'])).toBe(30);
      for (const variable of ['ONCALL_EMAIL', 'ONCALL_PHONE', 'BACKUP_EMAIL', 'BACKUP_PHONE', 'NOTIFY_EMAILS', 'WEBHOOK_URL']) {
        expect(said.some((w) => w.msg.includes(variable))).toBe(true);
      }
      // Every line but the new key files' own (where to back them up is the point of those).
      const all = log
        .warnings()
        .filter((w) => !('file' in w))
        .map((w) => JSON.stringify(w))
        .join('\n');
      for (const value of [TEST_TWILIO.authToken, TEST_TWILIO.accountSid, '+17165550100', app.env.DATA_DIR]) expect(all).not.toContain(value);
    });

    it("gives the family the firm's number, and says the hours are not known, instead of an attorney alerted; in their language", async () => {
      const t0 = Date.now();
      const turns = await family({ channel: 'webchat', address: `dl-hp-${++seq}` }, AT_THE_BORDER, t0);
      const urgent = turns[PHONE_LINE];
      expect(urgent.map((r) => r.key)).toEqual(['say.urgentAlert', 'q.canContinue.prompt']);
      expect(urgent[0].text).toContain(`call Test Law at ${FIRM_PHONE}`);
      expect(urgent[0].text).toContain("I do not have the office's hours.");
      expect(urgent[0].text).not.toMatch(/alerted|on call/i);
      const onHold = turns[PHONE_LINE + 1][0];
      expect(onHold.key).toBe('say.onHold');
      expect(onHold.text).toContain(FIRM_PHONE);
      expect(onHold.text).not.toMatch(/will call you|on call/i);

      // Danger now, in French, before anything: 911, then the firm's number, in French.
      const [fr] = await family({ channel: 'sms', address: '+15145550177' }, ['il respire plus'], t0);
      expect(fr[0].key).toBe('say.emergency');
      expect(fr[0].text).toContain(`appelez Test Law au ${FIRM_PHONE}`);
      expect(fr[0].text).toContain("Je n'ai pas les heures d'ouverture du bureau.");
      expect(fr[0].text).not.toMatch(/alerté/);
    });

    it('records the escalation as paging nobody and its delivery as not configured; the reason raised twice is not paged twice', async () => {
      const t0 = Date.now();
      const key: ConversationKey = { channel: 'webchat', address: `dl-hp-${++seq}` };
      await family(key, AT_THE_BORDER, t0);
      const intakeId = await intakeOf(key);
      // The chart raised at_border twice for this intake (two turns' escalations).
      expect((await items(intakeId, 'escalated')).length).toBe(2);
      await app.parts.handoff.tick(new Date(t0 + AT_THE_BORDER.length * MINUTE));
      expect((await items(intakeId, 'escalated')).map((i) => i.state)).toEqual(['not_configured', 'repeated']);
      expect((await items(intakeId)).filter((i) => i.kind === 'email' || i.kind === 'sms')).toEqual([]);
      const escalations = await app.parts.handoffStore.escalationsOf(intakeId);
      expect(escalations).toHaveLength(1);
      expect(escalations[0]).toMatchObject({ reasons: ['at_border'], level: 'oncall', nobodyPaged: true, reescalateAt: null });
      // Nothing to re-escalate to, later either.
      expect(await app.parts.handoffStore.dueReescalations(new Date(t0 + 24 * 60 * MINUTE).toISOString())).toEqual([]);
    });

    it('shows a banner on every signed-in page, and "not configured" in the queue, on the intake page and in the PDF', async () => {
      const t0 = Date.now();
      const key: ConversationKey = { channel: 'webchat', address: `dl-hp-${++seq}` };
      await family(key, AT_THE_BORDER, t0);
      const intakeId = await intakeOf(key);
      await app.parts.handoff.tick(new Date(t0 + AT_THE_BORDER.length * MINUTE));
      const client = await signedIn(app.url, await createAttorney(app.parts.accounts));

      const banner = 'Emergencies reach nobody: no on-call or backup attorney can be paged (ONCALL_EMAIL, ONCALL_PHONE, BACKUP_EMAIL, BACKUP_PHONE not set).';
      const queue = await client.get('/intakes');
      expect(queue.text).toContain('id="no-pager"');
      expect(queue.text).toContain(banner.replace(/'/g, '&#39;'));
      expect(queue.text).toContain('nobody paged: no on-call attorney is configured');
      expect(queue.text).not.toContain('paging the');

      const page = await client.get(`/intakes/${intakeId}`);
      expect(page.text).toContain('id="no-pager"');
      expect(page.text).toContain('nobody paged: no on-call attorney is configured');
      expect(page.text).toContain('not configured: nobody to reach');
      expect(page.text).toContain('not sent again: already paged for the same reason');
      expect(page.text).not.toMatch(/escalated: sent|paging the/);

      for (const path of ['/intakes?view=progress', '/audit', '/intakes/no-such-intake']) expect((await client.get(path)).text).toContain('id="no-pager"');
      // Not before signing in.
      expect((await client.get('/login')).text).not.toContain('id="no-pager"');

      const res = await fetch(`${app.url}/intakes/${intakeId}.pdf`, { headers: { cookie: client.cookieHeader() } });
      expect(res.status).toBe(200);
      const text = (await pdfText(Buffer.from(await res.arrayBuffer()))).text.replace(/\s+/g, ' ');
      expect(text).toContain('Nobody (not configured)');

      // The API, likewise.
      const token = await issueApiToken(app.parts.accounts, `crm-${++seq}`, new Date(t0), ['read']);
      const api = await fetch(`${app.url}/api/intakes/${intakeId}/escalations`, { headers: { authorization: `Bearer ${token}` } });
      expect(api.status).toBe(200);
      const body = (await api.json()) as { escalations: Array<{ paging: string; level: string }>; notifications: Array<{ kind: string; state: string }> };
      expect(body.escalations).toEqual([expect.objectContaining({ paging: 'not_configured', level: 'oncall', reasons: ['at_border'] })]);
      expect(body.notifications.filter((n) => n.kind === 'escalated').map((n) => n.state)).toEqual(['not_configured', 'repeated']);
      expect(JSON.stringify(body)).not.toContain('+19055550147');
    });
  });

  describe('with an on-call attorney', () => {
    beforeEach(() => start({ ONCALL_PHONE }));

    it('warns only of what is not configured, never the number', () => {
      const variables = log.warnings().flatMap((w) => w.variables ?? []);
      expect(variables).toEqual(expect.arrayContaining(['BACKUP_EMAIL', 'BACKUP_PHONE', 'NOTIFY_EMAILS', 'WEBHOOK_URL']));
      expect(variables).not.toContain('ONCALL_PHONE');
      expect(log.lines.join('\n')).not.toContain(ONCALL_PHONE);
    });

    it('tells the family the attorney on call was alerted, pages once for the reason raised twice, and shows no banner', async () => {
      const t0 = Date.now();
      const key: ConversationKey = { channel: 'webchat', address: `dl-hp-${++seq}` };
      const turns = await family(key, AT_THE_BORDER, t0);
      expect(turns[PHONE_LINE][0].text).toContain('I have alerted the attorney on call');
      const intakeId = await intakeOf(key);
      const { reference } = (await app.parts.store.getIntake(intakeId))!;
      await app.parts.handoff.tick(new Date(t0 + AT_THE_BORDER.length * MINUTE));
      expect((await items(intakeId, 'escalated')).map((i) => i.state)).toEqual(['done', 'repeated']);
      const pages = await items(intakeId, 'sms');
      expect(pages.map((i) => [i.payload.to, i.state])).toEqual([[ONCALL_PHONE, 'done']]);
      expect(twilioApi.to(ONCALL_PHONE).filter((m) => m.body.includes(reference))).toHaveLength(1);
      expect(await app.parts.handoffStore.escalationsOf(intakeId)).toMatchObject([{ level: 'oncall', nobodyPaged: false }]);

      const client = await signedIn(app.url, await createAttorney(app.parts.accounts));
      const queue = await client.get('/intakes');
      expect(queue.text).not.toContain('id="no-pager"');
      expect(queue.text).toContain('paging the on-call attorney');
      const token = await issueApiToken(app.parts.accounts, `crm-${++seq}`, new Date(t0), ['read']);
      const api = (await (await fetch(`${app.url}/api/intakes/${intakeId}/escalations`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        escalations: Array<{ paging: string }>;
        notifications: Array<{ kind: string; state: string }>;
      };
      expect(api.escalations.map((e) => e.paging)).toEqual(['paged']);
      expect(api.notifications.filter((n) => n.kind === 'sms').map((n) => n.state)).toEqual(['done']);
      expect(JSON.stringify(api)).not.toContain(ONCALL_PHONE);
    });
  });

  describe('with only a backup attorney', () => {
    beforeEach(() => start({ BACKUP_PHONE }));

    it('pages the backup at once, and the family is told an attorney was alerted', async () => {
      const t0 = Date.now();
      const key: ConversationKey = { channel: 'webchat', address: `dl-hp-${++seq}` };
      const turns = await family(key, AT_THE_BORDER, t0);
      expect(turns[PHONE_LINE][0].text).toContain('I have alerted the attorney on call');
      const intakeId = await intakeOf(key);
      await app.parts.handoff.tick(new Date(t0 + AT_THE_BORDER.length * MINUTE));
      expect((await items(intakeId, 'sms')).map((i) => i.payload.to)).toEqual([BACKUP_PHONE]);
      expect(await app.parts.handoffStore.escalationsOf(intakeId)).toMatchObject([{ level: 'backup', reescalateAt: null, nobodyPaged: false }]);
      expect(log.warnings().flatMap((w) => w.variables ?? [])).toContain('ONCALL_PHONE');
    });
  });
});

describe('office hours (FIRM_HOURS)', () => {
  const hours = parseOfficeHours('Mon-Fri 09:00-17:00; Sat 10:00-13:00')!;
  const ctx = (language: 'en' | 'fr' | 'es') => ({ ...converse(['Hello', 'yes']).context, language });

  it('are given to a family nobody can page, in their language, with the time zone', () => {
    const renderer = new Renderer(new Catalog(), { ...FIRM, hours });
    const [en] = renderer.render({ say: 'urgentAlert' }, ctx('en'));
    // Some ICU versions put a narrow no-break space before AM and PM.
    expect(en.text.replace(/\u202f/g, ' ')).toContain('Office hours: Monday–Friday 9:00 AM–5:00 PM; Saturday 10:00 AM–1:00 PM (Eastern Time).');
    const [fr] = renderer.render({ say: 'urgentAlert' }, ctx('fr'));
    expect(fr.text).toContain("Heures d'ouverture : lundi–vendredi 9:00–17:00; samedi 10:00–13:00 (heure de l’Est nord-américain)");
    const [es] = renderer.render({ say: 'humanAlerted' }, ctx('es'));
    expect(es.text).toContain('Horario de la oficina: lunes–viernes');
  });

  it('are not given when an attorney can be paged: the family is told one was alerted', () => {
    const [en] = new Renderer(new Catalog(), { ...FIRM, hours }, { pagesAPerson: true }).render({ say: 'urgentAlert' }, ctx('en'));
    expect(en.text).toContain('I have alerted the attorney on call');
    expect(en.text).not.toContain('Office hours');
  });

  it('are refused at start when they are not days and times, naming the variable', () => {
    expect(() => loadConfig({ FIRM_HOURS: '9 to 5' })).toThrow(/FIRM_HOURS: expected days and hours such as "Mon-Fri 09:00-17:00/);
    expect(() => loadConfig({ FIRM_HOURS: 'Mon-Fri 17:00-09:00' })).toThrow(/FIRM_HOURS/);
    expect(loadConfig({ FIRM_HOURS: 'mon-fri 09:00-17:00' }).firm.hours).toEqual([{ from: 'mon', to: 'fri', open: '09:00', close: '17:00' }]);
    expect(loadConfig({}).firm.hours).toBeNull();
  });
});
