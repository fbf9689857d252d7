/**
 * Danger first, through the running app: a message telling of danger now gets the 911 / 988
 * message as its first reply at any point — before the language and the notice, after the notice
 * was refused — and staff are alerted (an escalation in the outbox) although no intake is kept
 * yet. If the family goes on, the notice comes then; if they go silent, the conversation ends
 * like any other before consent.
 */
import type { ConversationKey } from '../src/store/store';
import { EscalatedPayloadSchema } from '../src/handoff/outbox-plan';
import { startTestServer, type TestServer } from './support/server';

const MINUTE = 60_000;

describe('danger first, through the running app', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({ REMINDER_MINUTES: '30', ABANDON_MINUTES: '60' });
  });
  afterAll(() => app.close());

  let sid = 0;
  const write = async (key: ConversationKey, text: string, at: number) =>
    (await app.parts.service.receive({ ...key, id: `d${++sid}`, at: new Date(at).toISOString(), text, media: [] })).replies.map((r) => r.key);
  const intakeIdOf = async (key: ConversationKey) => (await app.parts.store.findConversation(key))!.intakeId!;
  /** The reasons of every escalation planned for the intake. */
  const escalations = async (intakeId: string) =>
    (await app.parts.handoffStore.outboxItems({ intakeId })).filter((i) => i.kind === 'escalated').map((i) => EscalatedPayloadSchema.parse(i.payload).reasons);
  const statusOf = async (key: ConversationKey) =>
    ((await app.parts.store.findConversation(key))!.snapshot as unknown as { context: { status: string } }).context.status;

  it('as the first message: 911 before any notice, staff alerted; writing again, the notice, and the message is the story', async () => {
    const key: ConversationKey = { channel: 'sms', address: '+17165550611' };
    const t0 = Date.now();
    expect(await write(key, 'my grandpa fell in the kitchen and he is unconscious, what do we do', t0)).toEqual(['say.emergency']);
    const intakeId = await intakeIdOf(key);
    expect(await escalations(intakeId)).toEqual([['emergency_now']]);
    // No intake is kept before consent: the alert carries the reference, nothing sensitive.
    expect(await app.parts.store.getIntake(intakeId)).toBeNull();

    expect(await write(key, 'ok the ambulance came', t0 + MINUTE)).toEqual(['say.goOn', 'q.consent.intro', 'q.consent.prompt']);
    expect(await write(key, 'yes', t0 + 2 * MINUTE)).toEqual(['q.danger.prompt']);
    const intake = await app.parts.store.getIntake(intakeId);
    expect(intake!.request.narrative).toBe('my grandpa fell in the kitchen and he is unconscious, what do we do');
    expect(intake!.triage.tier).toBe('E0');
    // Alerted once.
    expect(await escalations(intakeId)).toEqual([['emergency_now']]);
  });

  it('after the notice was refused: 911 and staff alerted all the same, nothing kept', async () => {
    const key: ConversationKey = { channel: 'sms', address: '+17165550612' };
    const t0 = Date.now();
    await write(key, 'Hello', t0);
    expect(await write(key, 'no', t0 + MINUTE)).toEqual(['say.declined']);
    expect(await write(key, 'ESTA CONVULSIONANDO AHORITA', t0 + 2 * MINUTE)).toEqual(['say.emergency']);
    const intakeId = await intakeIdOf(key);
    expect(await escalations(intakeId)).toEqual([['emergency_now']]);
    expect(await app.parts.store.getIntake(intakeId)).toBeNull();
    // They declined: what they wrote is not kept.
    const transcript = await app.parts.store.transcript((await app.parts.store.findConversation(key))!.id);
    expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['', '', '']);
    expect(await write(key, 'gracias', t0 + 3 * MINUTE)).toEqual(['say.declinedStill']);
  });

  it('an emergency before consent, then silence: abandoned like any conversation before consent', async () => {
    const key: ConversationKey = { channel: 'webchat', address: 'dl-danger-quiet' };
    const t0 = Date.now();
    await app.parts.service.open(key, new Date(t0), 'fr');
    expect(await write(key, 'il respire plus', t0 + MINUTE)).toEqual(['say.emergency']);
    expect(await statusOf(key)).toBe('in_progress');
    await app.parts.scheduler.tick(new Date(t0 + 60 * MINUTE));
    expect(await statusOf(key)).toBe('in_progress');
    await app.parts.scheduler.tick(new Date(t0 + 62 * MINUTE));
    expect(await statusOf(key)).toBe('abandoned');
  });
});
