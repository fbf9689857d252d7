/**
 * Direct Line's upload (issue 16, items 2 and 7): a message with files, as
 * botframework-directlinejs sends it (multipart: an `activity` Blob of type
 * application/vnd.microsoft.activity, then `file` parts), lands on the conversation's intake
 * through the document desk; the message shows in the transcript with the files' names; the bot
 * says in the conversation what was kept. Bad input gets JSON errors and nothing is kept.
 */
import { Readable } from 'node:stream';
import { DOCUMENT_SOURCES } from '../src/documents/contract';
import { REFERENCE } from './scripts.reference';
import { startTestServer, type TestServer } from './support/server';
import { fakeJpeg, pdf, png } from './support/document-files';
import { BOUNDARY, hugeFileBody, MULTIPART, multipartBody } from './support/multipart';
import { rawRequest } from './support/raw-http';

const DL = '/v3/directline';

interface Chat {
  token: string;
  conversationId: string;
}

async function json(res: Response): Promise<any> {
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

async function startChat(app: TestServer): Promise<Chat> {
  const gen = await json(
    await fetch(`${app.url}${DL}/tokens/generate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: 'dl_visitor' } }),
    }),
  );
  const started = await fetch(`${app.url}${DL}/conversations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${gen.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ locale: 'fr' }),
  });
  expect(started.status).toBe(201);
  return { token: gen.token, conversationId: gen.conversationId };
}

let n = 0;
async function say(app: TestServer, chat: Chat, text: string) {
  const res = await fetch(`${app.url}${DL}/conversations/${chat.conversationId}/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${chat.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', from: { id: 'dl_visitor' }, text, locale: 'fr', channelData: { clientActivityID: `t${++n}` } }),
  });
  expect(res.status).toBe(200);
}

/** The form directlinejs posts: the activity as a Blob (so a part with a file name), then the files. */
function directLineForm(activity: Record<string, unknown>, files: Array<{ name: string; type: string; data: Buffer }>): FormData {
  const form = new FormData();
  form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
  for (const f of files) form.append('file', new Blob([f.data], { type: f.type }), f.name);
  return form;
}

function upload(app: TestServer, chat: Chat, body: FormData | Buffer, headers: Record<string, string> = {}) {
  return fetch(`${app.url}${DL}/conversations/${chat.conversationId}/upload?userId=dl_visitor`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${chat.token}`, ...headers },
    body,
  });
}

async function intakeIdOf(app: TestServer, chat: Chat): Promise<string> {
  const record = await app.parts.store.findConversation({ channel: 'webchat', address: chat.conversationId });
  return app.parts.engine.contextOf(record!.snapshot).intakeId;
}

async function listed(app: TestServer, chat: Chat): Promise<any[]> {
  return (await json(await fetch(`${app.url}${DL}/conversations/${chat.conversationId}/activities`, { headers: { Authorization: `Bearer ${chat.token}` } })))
    .activities;
}

describe('Direct Line upload', () => {
  let app: TestServer;
  let chat: Chat;
  let intakeId: string;

  beforeAll(async () => {
    app = await startTestServer({ DOCUMENT_MAX_FILE_MB: '1' });
    chat = await startChat(app);
    // The notice accepted, and a few answers: the intake is kept.
    for (const line of REFERENCE.fr.slice(1, 7)) await say(app, chat, line);
    intakeId = await intakeIdOf(app, chat);
    expect(await app.parts.store.getIntake(intakeId)).not.toBeNull();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('takes a PDF sent as directlinejs sends it: kept for the intake, shown in the transcript, acknowledged in French', async () => {
    const form = directLineForm(
      {
        type: 'message',
        from: { id: 'dl_visitor' },
        text: 'lettre du médecin',
        channelData: { clientActivityID: 'up1' },
        attachments: [{ contentType: 'application/pdf', name: 'lettre.pdf' }],
      },
      [{ name: 'lettre.pdf', type: 'application/pdf', data: await pdf('Lettre du médecin') }],
    );
    const res = await upload(app, chat, form);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ id: `${chat.conversationId}:up1` });

    const docs = await app.parts.documents.list(intakeId);
    expect(docs).toEqual([expect.objectContaining({ item: 'other', kind: 'pdf', source: 'webchat', description: 'lettre du médecin' })]);
    expect(DOCUMENT_SOURCES).toContain(docs[0].source);

    const activities = await listed(app, chat);
    const echo = activities.find((a) => a.channelData?.clientActivityID === 'up1');
    expect(echo).toMatchObject({
      from: { id: 'dl_visitor' },
      text: 'lettre du médecin',
      attachments: [{ name: 'lettre.pdf', contentType: 'application/pdf' }],
    });
    expect(JSON.stringify(echo)).not.toMatch(/contentUrl/);
    const ack = activities.filter((a) => a.replyToId === `${chat.conversationId}:up1`);
    expect(ack.map((a) => a.text)).toEqual(["Merci, nous avons reçu lettre.pdf. Un avocat va l'examiner."]);
  });

  it('a retry of the same message stores nothing again and gets the same answer', async () => {
    const before = (await app.parts.documents.list(intakeId)).length;
    const form = directLineForm({ type: 'message', from: { id: 'dl_visitor' }, text: '', channelData: { clientActivityID: 'up1' } }, [
      { name: 'lettre.pdf', type: 'application/pdf', data: await pdf('Lettre du médecin') },
    ]);
    const res = await upload(app, chat, form);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ id: `${chat.conversationId}:up1` });
    expect(await app.parts.documents.list(intakeId)).toHaveLength(before);
  });

  it('says which file was kept and which was refused, and why, when one message carries both', async () => {
    const before = (await app.parts.documents.list(intakeId)).length;
    const form = directLineForm({ type: 'message', from: { id: 'dl_visitor' }, text: '', channelData: { clientActivityID: 'up2' } }, [
      { name: 'photo.png', type: 'image/png', data: await png() },
      { name: 'faux.jpg', type: 'image/jpeg', data: fakeJpeg() },
    ]);
    const res = await upload(app, chat, form);
    expect(res.status).toBe(200);
    expect(await app.parts.documents.list(intakeId)).toHaveLength(before + 1);
    const ack = (await listed(app, chat)).filter((a) => a.replyToId === `${chat.conversationId}:up2`).map((a) => a.text);
    expect(ack).toEqual([
      "Merci, nous avons reçu photo.png. Un avocat va l'examiner.",
      `faux.jpg n'a pas été conservé. ${app.parts.documentWords.refusal('fr', 'malformed')}`,
    ]);
  });

  it('refuses without the conversation token (403), with another conversation token (403), or without multipart (415)', async () => {
    const form = () => directLineForm({ type: 'message', text: '' }, [{ name: 'a.png', type: 'image/png', data: Buffer.from('x') }]);
    const none = await fetch(`${app.url}${DL}/conversations/${chat.conversationId}/upload`, { method: 'POST', body: form() });
    expect(none.status).toBe(403);
    const other = await startChat(app);
    const wrong = await fetch(`${app.url}${DL}/conversations/${chat.conversationId}/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${other.token}` },
      body: form(),
    });
    expect(wrong.status).toBe(403);
    const notMultipart = await upload(app, chat, Buffer.from('{}'), { 'Content-Type': 'application/json' });
    expect(notMultipart.status).toBe(415);
    expect(await json(notMultipart)).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('answers 413 at once to a file over the cap, keeps nothing of it, and stays up', async () => {
    const before = (await app.parts.documents.list(intakeId)).length;
    const activity = multipartBody([
      { name: 'activity', filename: 'blob', type: 'application/vnd.microsoft.activity', data: JSON.stringify({ type: 'message', text: '' }) },
    ]);
    const huge = hugeFileBody('file', 64 * 1024 * 1024);
    // The activity part, then a file that never ends soon.
    const body = Readable.from(
      (async function* () {
        // Without its closing boundary: the file part follows.
        yield activity.subarray(0, activity.length - `--${BOUNDARY}--\r\n`.length);
        for await (const c of huge.stream) yield c as Buffer;
      })(),
    );
    const reply = await rawRequest(app.url, {
      method: 'POST',
      path: `${DL}/conversations/${chat.conversationId}/upload`,
      headers: { authorization: `Bearer ${chat.token}`, 'content-type': MULTIPART },
      body,
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ code: 'TooLarge' });
    expect(huge.read()).toBeLessThan(16 * 1024 * 1024);
    expect(await app.parts.documents.list(intakeId)).toHaveLength(before);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('answers a cut-off body 400, a body with no activity or no file 400, and too many files 413, keeping nothing', async () => {
    const before = (await app.parts.documents.list(intakeId)).length;
    const whole = multipartBody([
      { name: 'activity', filename: 'blob', type: 'application/vnd.microsoft.activity', data: JSON.stringify({ type: 'message', text: '' }) },
      { name: 'file', filename: 'cut.pdf', type: 'application/pdf', data: await pdf() },
    ]);
    const cut = await upload(app, chat, whole.subarray(0, whole.length - 300), { 'Content-Type': MULTIPART });
    expect(cut.status).toBe(400);
    const noActivity = await upload(app, chat, multipartBody([{ name: 'file', filename: 'a.pdf', type: 'application/pdf', data: await pdf() }]), {
      'Content-Type': MULTIPART,
    });
    expect(noActivity.status).toBe(400);
    const badActivity = await upload(
      app,
      chat,
      multipartBody([
        { name: 'activity', filename: 'blob', data: '{not json' },
        { name: 'file', filename: 'a.pdf', data: await pdf() },
      ]),
      { 'Content-Type': MULTIPART },
    );
    expect(badActivity.status).toBe(400);
    // An activity part over its 64 KB: read up to there, the rest drained, refused (the reading never stalls).
    const bigActivity = await upload(
      app,
      chat,
      multipartBody([
        { name: 'activity', filename: 'blob', data: JSON.stringify({ type: 'message', text: 'x'.repeat(70_000) }) },
        { name: 'file', filename: 'a.pdf', data: await pdf() },
      ]),
      { 'Content-Type': MULTIPART },
    );
    expect(bigActivity.status).toBe(400);
    const noFile = await upload(app, chat, multipartBody([{ name: 'activity', filename: 'blob', data: JSON.stringify({ type: 'message', text: 'hi' }) }]), {
      'Content-Type': MULTIPART,
    });
    expect(noFile.status).toBe(400);
    expect(await app.parts.documents.list(intakeId)).toHaveLength(before);

    const p = await png();
    const many = multipartBody([
      { name: 'activity', filename: 'blob', data: JSON.stringify({ type: 'message', text: '' }) },
      ...Array.from({ length: 12 }, (_, i) => ({ name: 'file', filename: `p${i}.png`, type: 'image/png', data: p })),
    ]);
    const tooMany = await upload(app, chat, many, { 'Content-Type': MULTIPART });
    expect(tooMany.status).toBe(413);
    expect(await json(tooMany)).toMatchObject({ code: 'TooMany' });
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
