/**
 * When the family gets their secure upload link (issue 16, item 1): at the end of the intake, and
 * whenever they write DOCS / DOCUMENTS / PIÈCES / DOCUMENTOS, a fresh link in their language. By
 * SMS documents are never asked for: the link is sent instead (and not before the notice is
 * accepted, nor to a number that opted out).
 */
import { detectCommand } from '../src/nlu';
import { REFERENCE } from './scripts.reference';
import { startTestServer, type TestServer } from './support/server';
import { nextSmsNumber, sendSms, smsContext, smsIntake } from './support/sms-intake';

const LINK = /https?:\/\/\S+\/documents\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;
const linkIn = (messages: string[]) => LINK.exec(messages.join(' '))?.[0] ?? null;

describe('the DOCS command, in words', () => {
  it.each(['DOCS', 'documents', 'Documents please', 'PIÈCES', 'pieces', 'DOCUMENTOS', 'enviar documentos', 'send documents'])('%s', (text) => {
    expect(detectCommand(text)).toEqual({ command: 'docs' });
  });
  it.each(['passport, doctor letter, police check', 'I have some documents from the hospital', 'tengo documentos del hospital'])('%s is no command', (text) => {
    expect(detectCommand(text)).toBeNull();
  });
});

describe('the link in the conversation (SMS)', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('ends a whole intake by SMS with a link to their upload page, which opens in their language', async () => {
    const from = nextSmsNumber();
    const { intakeId, replies } = await smsIntake(app, from, REFERENCE.es);
    const link = linkIn(replies.at(-1)!);
    expect(link).not.toBeNull();
    expect(link!.startsWith(`${app.env.PUBLIC_BASE_URL}/documents/`)).toBe(true);
    expect(app.parts.uploadLinks.readUploadToken(link!.split('/').pop()!)).toMatchObject({ intakeId, lang: 'es' });
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="es">');
  }, 90_000);

  it('answers DOCS in the middle of the intake with a fresh link, then asks the question again', async () => {
    const from = nextSmsNumber();
    const { replies } = await smsIntake(app, from, REFERENCE.fr.slice(0, 6));
    const question = replies.at(-1)!.join(' ');
    const docs = await sendSms(app, from, 'PIÈCES');
    const said = docs.messages.join(' ');
    expect(said).toContain('Pour envoyer vos documents en toute sécurité');
    const link = linkIn(docs.messages);
    expect(app.parts.uploadLinks.readUploadToken(link!.split('/').pop()!)).toMatchObject({ intakeId: (await smsContext(app, from)).intakeId, lang: 'fr' });
    // The question they were on comes again, and nothing was answered by the command.
    expect(said.replace(/\s+/g, ' ')).toContain(question.replace(/\s+/g, ' '));
    expect((await smsContext(app, from)).status).toBe('in_progress');
  }, 60_000);

  it('gives no link before the notice is accepted, nor to a number that opted out', async () => {
    const from = nextSmsNumber();
    await sendSms(app, from, 'Hola');
    const early = await sendSms(app, from, 'DOCUMENTOS');
    expect(linkIn(early.messages)).toBeNull();
    expect(early.messages.join(' ')).toContain('Podrá enviar documentos una vez que acepte el aviso');

    const stopped = nextSmsNumber();
    await smsIntake(app, stopped, ['Hello', 'yes', 'STOP']);
    const after = await sendSms(app, stopped, 'DOCS');
    expect(after.messages).toEqual([]);
  }, 60_000);
});
