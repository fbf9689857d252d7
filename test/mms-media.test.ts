/**
 * MMS and WhatsApp media (issue 16, items 3 and 7): media in an inbound message is fetched from
 * Twilio with the account's credentials (redirect followed, credentials not sent on), kept through
 * the document desk, then deleted from Twilio; the family is told it was received and, by SMS,
 * that the secure link is the better way. A retried webhook stores nothing twice; a file the desk
 * refuses is deleted too and the family told why; a MediaUrl that is not Twilio's is never fetched
 * with the credentials.
 */
import { mediaItemOf, TwilioMedia } from '../src/channels/twilio/media';
import { REFERENCE } from './scripts.reference';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { fakeJpeg, jpegWithGps } from './support/document-files';
import { startTestServer, TEST_TWILIO, type TestServer } from './support/server';
import { nextSmsNumber, sendSms, smsContext, smsIntake } from './support/sms-intake';

async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let sidSeq = 0;
const messageSid = () => `MM${String(++sidSeq).padStart(32, 'a')}`;

describe('MMS media', () => {
  let fake: FakeTwilio;
  let app: TestServer;

  beforeAll(async () => {
    fake = await startFakeTwilio();
    app = await startTestServer({ TWILIO_API_URL: fake.url, DOCUMENT_MAX_FILE_MB: '1' });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('keeps a photo sent by MMS for the intake, deletes it from Twilio, and says the link is the better way', async () => {
    const from = nextSmsNumber();
    const { intakeId } = await smsIntake(app, from, REFERENCE.en.slice(0, 5));
    const sid = messageSid();
    const url = fake.addMedia(TEST_TWILIO.accountSid, sid, { bytes: await jpegWithGps(), contentType: 'image/jpeg' });
    const reply = await sendSms(app, from, '', [{ url, type: 'image/jpeg' }], sid);
    expect(reply.status).toBe(200);
    const said = reply.messages.join(' ');
    expect(said).toContain('Thank you, we received your file. It is safer to send documents through your private link:');
    expect(said).toMatch(/\/documents\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);

    const docs = await until('the photo in the desk', async () => {
      const list = await app.parts.documents.list(intakeId);
      return list.length ? list : null;
    });
    expect(docs).toEqual([expect.objectContaining({ item: 'other', kind: 'jpeg', source: 'sms', reencoded: true })]);
    await until('the media deleted from Twilio', async () => fake.media.size === 0 || ![...fake.media.keys()].some((p) => p.includes(sid)));
    // Fetched with the credentials from Twilio, without them from the storage it redirected to.
    const requests = fake.mediaRequests.filter((r) => r.path.includes(sid) || r.path.startsWith('/storage/'));
    expect(requests.find((r) => r.method === 'GET' && r.path.includes(sid))).toMatchObject({ authorized: true });
    expect(requests.find((r) => r.path.startsWith('/storage/'))).toMatchObject({ authorized: false });
    expect(requests.find((r) => r.method === 'DELETE')).toMatchObject({ authorized: true });
    // The intake goes on where it was.
    expect((await smsContext(app, from)).status).toBe('in_progress');
  }, 60_000);

  it('a retried webhook (same MessageSid) stores nothing twice', async () => {
    const from = nextSmsNumber();
    const { intakeId } = await smsIntake(app, from, REFERENCE.en.slice(0, 5));
    const sid = messageSid();
    const url = fake.addMedia(TEST_TWILIO.accountSid, sid, { bytes: await jpegWithGps(), contentType: 'image/jpeg' });
    // The first answer is lost; Twilio retries before or after the first fetch.
    const [a, b] = await Promise.all([
      sendSms(app, from, 'passport photo', [{ url, type: 'image/jpeg' }], sid),
      sendSms(app, from, 'passport photo', [{ url, type: 'image/jpeg' }], sid),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await until('the media taken', async () => ![...fake.media.keys()].some((p) => p.includes(sid)));
    await sendSms(app, from, 'passport photo', [{ url, type: 'image/jpeg' }], sid);
    const runs = await app.parts.store.jobRuns('twilio-media');
    await until('every claim of it finished', async () =>
      (await app.parts.store.jobRuns('twilio-media')).filter((r) => r.runKey.includes(sid)).every((r) => r.finishedAt),
    );
    expect(runs.filter((r) => r.runKey.includes(sid))).toHaveLength(1);
    expect(await app.parts.documents.list(intakeId)).toHaveLength(1);
  }, 60_000);

  it('deletes a file the desk refuses, keeps nothing of it, and tells the family why by SMS', async () => {
    const from = nextSmsNumber();
    const { intakeId } = await smsIntake(app, from, REFERENCE.en.slice(0, 5));
    const sid = messageSid();
    const url = fake.addMedia(TEST_TWILIO.accountSid, sid, { bytes: fakeJpeg(), contentType: 'image/jpeg' });
    await sendSms(app, from, '', [{ url, type: 'image/jpeg' }], sid);
    const told = await until('the family told', async () => fake.to(from).find((m) => m.body.includes('A file you sent was not kept.')));
    expect(told.body).toContain(app.parts.documentWords.refusal('en', 'malformed'));
    expect([...fake.media.keys()].some((p) => p.includes(sid))).toBe(false);
    expect(await app.parts.documents.list(intakeId)).toEqual([]);
  }, 60_000);

  it('stops fetching a file over the cap, keeps nothing, deletes it from Twilio', async () => {
    const from = nextSmsNumber();
    const { intakeId } = await smsIntake(app, from, REFERENCE.en.slice(0, 5));
    const sid = messageSid();
    const big = Buffer.concat([await jpegWithGps(), Buffer.alloc(2 * 1024 * 1024, 1)]);
    const url = fake.addMedia(TEST_TWILIO.accountSid, sid, { bytes: big, contentType: 'image/jpeg' });
    await sendSms(app, from, '', [{ url, type: 'image/jpeg' }], sid);
    const told = await until('the family told', async () => fake.to(from).find((m) => m.body.includes('A file you sent was not kept.')));
    expect(told.body).toContain(app.parts.documentWords.refusal('en', 'too_large'));
    expect(await app.parts.documents.list(intakeId)).toEqual([]);
    expect([...fake.media.keys()].some((p) => p.includes(sid))).toBe(false);
  }, 60_000);

  it('never fetches a MediaUrl that is not this account’s under Twilio’s API', async () => {
    const other = `AC${'9'.repeat(32)}`;
    const ok = `https://api.twilio.com/2010-04-01/Accounts/${TEST_TWILIO.accountSid}/Messages/MM${'1'.repeat(32)}/Media/ME${'2'.repeat(32)}`;
    expect(mediaItemOf(ok, TEST_TWILIO.accountSid)).toMatchObject({ mediaSid: `ME${'2'.repeat(32)}` });
    for (const url of [
      ok.replace('api.twilio.com', 'evil.example.com'),
      ok.replace('https:', 'http:'),
      ok.replace(TEST_TWILIO.accountSid, other),
      `${ok}?x=1`,
      ok.replace('https://', 'https://user:pw@'),
      `${ok}/../../Messages.json`,
      'not a url',
    ]) {
      expect(mediaItemOf(url, TEST_TWILIO.accountSid)).toBeNull();
    }
    const from = nextSmsNumber();
    await smsIntake(app, from, REFERENCE.en.slice(0, 5));
    const before = fake.mediaRequests.length;
    const reply = await sendSms(app, from, '', [
      { url: `${fake.url}/2010-04-01/Accounts/${TEST_TWILIO.accountSid}/Messages/MM${'3'.repeat(32)}/Media/ME${'4'.repeat(32)}`, type: 'image/jpeg' },
    ]);
    expect(reply.status).toBe(200);
    // Its claim is finished without a request to anyone.
    await until('the claim finished', async () => (await app.parts.store.jobRuns('twilio-media')).some((r) => r.outcome?.outcome === 'not_twilio'));
    expect(fake.mediaRequests.length).toBe(before);
    expect(TwilioMedia).toBeDefined();
  }, 60_000);
});
