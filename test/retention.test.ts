/**
 * Retention through the running app: an abandoned SMS intake and an opted-out one are purged
 * RETENTION_DAYS later by the scheduled job, once, with a record of the run; a complete intake
 * stays. And the lifetime of every conversation, whatever its channel and stage (below).
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '../src/log';
import { RetentionJob } from '../src/conversation/retention';
import { SqliteStore } from '../src/store/sqlite';
import type { ConversationKey } from '../src/store/store';
import { scratchDatabases } from './support/mongo-server';
import { startTestServer, type TestServer } from './support/server';
import { sms, twimlTexts } from './support/processes';

const DAY = 24 * 60 * 60 * 1000;

describe('retention', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({ REMINDER_MINUTES: '30', ABANDON_MINUTES: '60', RETENTION_DAYS: '30' });
  });
  afterAll(() => app.close());

  const send = (from: string, sid: string, body: string) => sms(app.url, app.env.PUBLIC_BASE_URL, { MessageSid: sid, From: from, Body: body });
  const intakeIdOf = async (from: string) => {
    const record = await app.parts.store.findConversation({ channel: 'sms', address: from });
    return (record!.snapshot as unknown as { context: { intakeId: string } }).context.intakeId;
  };

  it('purges abandoned and opted-out intakes after the retention period, once, and keeps a minimal record', async () => {
    const quiet = '+17165550401';
    const stopped = '+17165550402';
    await send(quiet, 'SMr1', 'Hello');
    await send(quiet, 'SMr2', 'yes');
    await send(stopped, 'SMr3', 'Hello');
    await send(stopped, 'SMr4', 'yes');
    expect(twimlTexts((await send(stopped, 'SMr5', 'STOP')).body)).toHaveLength(1);
    const quietId = await intakeIdOf(quiet);
    const stoppedId = await intakeIdOf(stopped);

    const t0 = Date.now();
    await app.parts.scheduler.tick(new Date(t0 + 31 * 60_000)); // the reminder
    await app.parts.scheduler.tick(new Date(t0 + 92 * 60_000)); // abandoned
    expect((await app.parts.store.getIntake(quietId))!.status).toBe('abandoned');
    expect((await app.parts.store.getIntake(stoppedId))!.status).toBe('opted_out');

    // Not yet: 29 days on.
    await app.parts.scheduler.tick(new Date(t0 + 29 * DAY));
    expect(await app.parts.store.getIntake(quietId)).not.toBeNull();

    // 31 days on: both go, leaving the minimal record; the opt-out stays.
    await app.parts.scheduler.tick(new Date(t0 + 31 * DAY));
    expect(await app.parts.store.getIntake(quietId)).toBeNull();
    expect(await app.parts.store.getIntake(stoppedId)).toBeNull();
    expect(await app.parts.store.findConversation({ channel: 'sms', address: quiet })).toBeNull();
    expect(await app.parts.store.getPurged(quietId)).toMatchObject({ intakeId: quietId, status: 'abandoned', names: [] });
    expect(await app.parts.store.isOptedOut(stopped)).toBe(true);
    const runs = await app.parts.store.jobRuns('retention');
    expect(runs.find((r) => r.outcome?.purged === 2)).toBeDefined();
  });

  it('runs once a day however many instances tick', async () => {
    const day = new Date(Date.now() + 400 * DAY);
    const jobs = ['a', 'b', 'c'].map((id) => new RetentionJob(app.parts.store, 30, id, createLogger('silent')));
    const results = await Promise.all(jobs.map((j) => j.run(day)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    // The same instance ticking again that day does nothing either.
    expect(await jobs[0].run(day)).toBeNull();
    const runs = (await app.parts.store.jobRuns('retention')).filter((r) => r.runKey === `retention:${day.toISOString().slice(0, 10)}`);
    expect(runs).toHaveLength(1);
    expect(runs[0].finishedAt).not.toBeNull();
  });
});

/**
 * Every conversation, on every channel, ends: web chat and Bot Framework ones (nobody to remind)
 * are marked abandoned after ABANDON_MINUTES of silence, and what a conversation wrote before
 * consent (no intake, so no summary, but a transcript and inbound messages) is deleted
 * RETENTION_DAYS later. On both stores, through the running app, the clock moved by tick(now).
 */
const KEY = randomBytes(32).toString('base64');
const databases = scratchDatabases('retention');
const STORES: Array<[string, (label: string) => Record<string, string>]> = [
  ['embedded (SQLite)', () => ({})],
  ['MongoDB', (label) => ({ MONGODB_URI: databases.fresh(label), ENCRYPTION_KEY: KEY })],
];
const MINUTE = 60_000;

describe.each(STORES)('the lifetime of every conversation, on the %s store', (_name, storeEnv) => {
  let app: TestServer;
  let label = 0;
  beforeEach(async () => {
    app = await startTestServer({ REMINDER_MINUTES: '30', ABANDON_MINUTES: '60', RETENTION_DAYS: '30', ...storeEnv(`t${++label}`) });
  });
  afterEach(() => app.close());

  let sid = 0;
  const write = (key: ConversationKey, text: string, at: number) =>
    app.parts.service.receive({ ...key, id: `m${++sid}`, at: new Date(at).toISOString(), text, media: [] });
  const open = (key: ConversationKey, at: number) => app.parts.service.open(key, new Date(at), 'en');
  const tick = (at: number) => app.parts.scheduler.tick(new Date(at));
  /** The intake's status in the conversation's own snapshot. */
  const statusOf = async (key: ConversationKey) => {
    const record = await app.parts.store.findConversation(key);
    return (record!.snapshot as unknown as { context: { status: string } }).context.status;
  };
  /** What the store keeps readable beside the sealed snapshot (for the scheduler and retention) is the same. */
  const expectReadable = async (...keys: ConversationKey[]) => {
    for (const key of keys) expect((await app.parts.store.findConversation(key))!.status).toBe(await statusOf(key));
  };
  const intakeIdOf = async (key: ConversationKey) => (await app.parts.store.findConversation(key))!.intakeId!;

  it('marks web chat and Bot Framework conversations abandoned after ABANDON_MINUTES of silence, saying nothing; a recent one is not', async () => {
    const t0 = Date.now();
    // Opened and never written to; written to once; and one still going 30 minutes later.
    const opened: ConversationKey = { channel: 'webchat', address: 'dl-opened' };
    const bot: ConversationKey = { channel: 'botframework', address: 'emulator:idle' };
    const going: ConversationKey = { channel: 'webchat', address: 'dl-going' };
    await open(opened, t0);
    await write(bot, 'Hello', t0);
    await open(going, t0);
    await write(going, 'yes', t0 + 30 * MINUTE);
    const transcripts = async () =>
      Promise.all([opened, bot, going].map(async (k) => (await app.parts.store.transcript((await app.parts.store.findConversation(k))!.id)).length));
    const before = await transcripts();

    expect(await tick(t0 + 59 * MINUTE)).toBe(0);
    for (const k of [opened, bot, going]) expect(await statusOf(k)).toBe('in_progress');
    expect(await tick(t0 + 61 * MINUTE)).toBe(2);
    expect(await statusOf(opened)).toBe('abandoned');
    expect(await statusOf(bot)).toBe('abandoned');
    expect(await statusOf(going)).toBe('in_progress');
    // Its intake (consent was given) is abandoned too, and once only.
    expect((await app.parts.store.getIntake(await intakeIdOf(going)))!.status).toBe('in_progress');
    expect(await tick(t0 + 91 * MINUTE)).toBe(1);
    expect(await statusOf(going)).toBe('abandoned');
    expect((await app.parts.store.getIntake(await intakeIdOf(going)))!.status).toBe('abandoned');
    expect(await tick(t0 + 10 * 24 * 60 * MINUTE)).toBe(0);
    // No reminder, no message of any kind: nobody to send it to.
    expect(await transcripts()).toEqual(before);
    await expectReadable(opened, bot, going);
  });

  it('deletes what was written before consent RETENTION_DAYS after the conversation ended, its notifications with it; a recent one stays; the run is recorded', async () => {
    const t0 = Date.now();
    const story: ConversationKey = { channel: 'webchat', address: 'dl-story' };
    const bot: ConversationKey = { channel: 'botframework', address: 'emulator:story' };
    const stopped: ConversationKey = { channel: 'sms', address: '+17165550411' };
    const later: ConversationKey = { channel: 'webchat', address: 'dl-later' };
    await open(story, t0);
    // A story told before the notice is answered is held, unsent to anyone; then a person is asked for (a page).
    await write(story, 'My son has leukemia and needs treatment at Roswell Park in Buffalo next month', t0 + MINUTE);
    await write(story, 'I want to talk to a person', t0 + 2 * MINUTE);
    await write(bot, 'my husband was arrested for a DUI in 2012', t0);
    await write(stopped, 'Hello', t0);
    await write(stopped, 'STOP', t0 + MINUTE);
    await open(later, t0);
    await write(later, 'my mother is dying in Toronto', t0 + 20 * 24 * 60 * MINUTE);
    const storyId = (await app.parts.store.findConversation(story))!.id;
    const storyIntake = await intakeIdOf(story);
    expect((await app.parts.store.transcript(storyId)).map((e) => e.text).join(' ')).toContain('leukemia');
    expect(await app.parts.handoffStore.outboxItems({ intakeId: storyIntake })).not.toEqual([]);
    expect(await statusOf(stopped)).toBe('opted_out');

    await tick(t0 + 63 * MINUTE);
    expect(await statusOf(story)).toBe('abandoned');
    expect(await statusOf(bot)).toBe('abandoned');
    await tick(t0 + 20 * 24 * 60 * MINUTE + 61 * MINUTE);
    expect(await statusOf(later)).toBe('abandoned');
    await expectReadable(story, bot, stopped, later);

    // 29 days on: not yet.
    await tick(t0 + 29 * 24 * 60 * MINUTE);
    expect(await app.parts.store.findConversation(story)).not.toBeNull();
    // 31 days on: the three that ended before consent are gone, every word; the later one stays.
    await tick(t0 + 31 * 24 * 60 * MINUTE);
    for (const gone of [story, bot, stopped]) expect(await app.parts.store.findConversation(gone)).toBeNull();
    expect(await app.parts.store.transcript(storyId)).toEqual([]);
    expect(await app.parts.store.unprocessed(story)).toEqual([]);
    expect(await app.parts.handoffStore.outboxItems({ intakeId: storyIntake })).toEqual([]);
    // No intake: nothing is kept of it, not even a minimal record. The opt-out is kept.
    expect(await app.parts.store.getPurged(storyIntake)).toBeNull();
    expect(await app.parts.store.isOptedOut(stopped.address)).toBe(true);
    const kept = await app.parts.store.findConversation(later);
    expect((await app.parts.store.transcript(kept!.id)).map((e) => e.text)).toContain('my mother is dying in Toronto');
    const runs = await app.parts.store.jobRuns('retention');
    const day = new Date(t0 + 31 * 24 * 60 * MINUTE).toISOString().slice(0, 10);
    expect(runs.find((r) => r.runKey === `retention:${day}`)).toMatchObject({
      finishedAt: expect.any(String),
      outcome: { purged: 0, conversations: 3, retentionDays: 30 },
    });
  });

  it('reaches the conversations stored before conversations kept a lifetime: they end as if they always had', async () => {
    const t0 = Date.now();
    const idle: ConversationKey = { channel: 'webchat', address: 'dl-old-idle' };
    const recent: ConversationKey = { channel: 'botframework', address: 'emulator:old-recent' };
    const declined: ConversationKey = { channel: 'webchat', address: 'dl-old-declined' };
    await open(idle, t0);
    await write(recent, 'Hello', t0);
    await write(recent, 'yes', t0 + 50 * MINUTE);
    await open(declined, t0);
    await write(declined, 'no', t0 + MINUTE);
    // As the release before this one left them: no status, no intake id, no due time.
    const sqlite = app.parts.store instanceof SqliteStore ? app.parts.store : null;
    if (sqlite) {
      sqlite.db.prepare('UPDATE conversations SET status = NULL, intake_id = NULL, remind_at = NULL, abandon_at = NULL').run();
    } else {
      await databases
        .db(app.env.MONGODB_URI)
        .collection('conversations')
        .updateMany({}, { $unset: { status: '', intakeId: '' }, $set: { remindAt: null, abandonAt: null } });
    }
    expect((await app.parts.store.withoutLifetime(10)).length).toBe(3);
    expect(await app.parts.store.dueForInactivity(new Date(t0 + 365 * 24 * 60 * MINUTE).toISOString())).toEqual([]);

    // The idle one is abandoned at once; the recent one gets what its last turn would have given it.
    expect(await tick(t0 + 61 * MINUTE)).toBe(1);
    expect(await statusOf(idle)).toBe('abandoned');
    expect(await statusOf(recent)).toBe('in_progress');
    expect(await app.parts.store.findConversation(recent)).toMatchObject({ abandonAt: new Date(t0 + 110 * MINUTE).toISOString() });
    expect(await statusOf(declined)).toBe('declined');
    expect(await app.parts.store.withoutLifetime(10)).toEqual([]);
    expect(await tick(t0 + 109 * MINUTE)).toBe(0);
    expect(await tick(t0 + 111 * MINUTE)).toBe(1);
    expect(await statusOf(recent)).toBe('abandoned');
    await expectReadable(idle, recent, declined);
    // And retention reaches them like any other: the two that ended before consent leave nothing,
    // the one with an intake its minimal record.
    const intakeId = await intakeIdOf(recent);
    await tick(t0 + 32 * 24 * 60 * MINUTE);
    for (const k of [idle, declined, recent]) expect(await app.parts.store.findConversation(k)).toBeNull();
    expect(await app.parts.store.getPurged(intakeId)).toMatchObject({ intakeId, status: 'abandoned' });
  });
});
