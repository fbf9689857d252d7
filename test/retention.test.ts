/**
 * Retention through the running app: an abandoned SMS intake and an opted-out one are purged
 * RETENTION_DAYS later by the scheduled job, once, with a record of the run; a complete intake
 * stays.
 */
import { createLogger } from '../src/log';
import { RetentionJob } from '../src/conversation/retention';
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
