/**
 * The secure upload link: signed, bound to its intake and language, valid 7 days.
 */
import { UploadLinks, UPLOAD_LINK_DAYS } from '../src/documents/link';

const SECRET = 'a'.repeat(64);
const BASE = 'https://intake.example.com';
const INTAKE = '5b0f3c1e-8d7a-4b9e-9a51-2f6c0e4d7a10';
const NOW = new Date('2026-12-07T10:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;

const links = new UploadLinks(SECRET, BASE);

/** The token with its payload (before the dot) replaced. */
function withPayload(token: string, payload: object): string {
  return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${token.split('.')[1]}`;
}

describe('upload links', () => {
  it('reads back the intake and language of a fresh link, whose URL is under PUBLIC_BASE_URL', () => {
    const link = links.uploadLink(INTAKE, 'fr', NOW);
    expect(link.url).toBe(`${BASE}/documents/${link.token}`);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(link.expiresAt).toBe(new Date(NOW.getTime() + UPLOAD_LINK_DAYS * DAY).toISOString());
    expect(links.readUploadToken(link.token, NOW)).toEqual({ intakeId: INTAKE, lang: 'fr', expiresAt: link.expiresAt });
  });

  it('is valid until 7 days have passed, then expired', () => {
    const { token } = links.uploadLink(INTAKE, 'es', NOW);
    expect(links.readUploadToken(token, new Date(NOW.getTime() + 7 * DAY - 1000))).toMatchObject({ intakeId: INTAKE, lang: 'es' });
    expect(links.readUploadToken(token, new Date(NOW.getTime() + 7 * DAY))).toEqual({ error: 'expired' });
    expect(links.readUploadToken(token, new Date(NOW.getTime() + 30 * DAY))).toEqual({ error: 'expired' });
  });

  it('refuses a token signed with another secret as forged', () => {
    const other = new UploadLinks('b'.repeat(64), BASE).uploadLink(INTAKE, 'en', NOW);
    expect(links.readUploadToken(other.token, NOW)).toEqual({ error: 'forged' });
  });

  it('refuses a token whose intake, language or expiry was changed as forged', () => {
    const { token } = links.uploadLink(INTAKE, 'en', NOW);
    const expires = Math.floor((NOW.getTime() + 7 * DAY) / 1000);
    expect(links.readUploadToken(withPayload(token, { i: 'another-intake', l: 'en', e: expires }), NOW)).toEqual({ error: 'forged' });
    expect(links.readUploadToken(withPayload(token, { i: INTAKE, l: 'fr', e: expires }), NOW)).toEqual({ error: 'forged' });
    expect(links.readUploadToken(withPayload(token, { i: INTAKE, l: 'en', e: expires + 365 * 86400 }), NOW)).toEqual({ error: 'forged' });
    // Even an expired token whose expiry was pushed forward is forged, not valid.
    expect(links.readUploadToken(withPayload(token, { i: INTAKE, l: 'en', e: expires + 86400 }), new Date(NOW.getTime() + 7.5 * DAY))).toEqual({
      error: 'forged',
    });
  });

  it('refuses garbage of every shape as forged', () => {
    const { token } = links.uploadLink(INTAKE, 'en', NOW);
    const [payload, sig] = token.split('.');
    for (const bad of [
      '',
      '.',
      'abc',
      `${payload}.`,
      `.${sig}`,
      `${payload}.${sig}.x`,
      `${payload}x.${sig}`,
      `${payload}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`,
      'x'.repeat(5000),
      `${token}%00`,
    ]) {
      expect(links.readUploadToken(bad, NOW)).toEqual({ error: 'forged' });
    }
  });

  it('gives each intake its own token', () => {
    const a = links.uploadLink(INTAKE, 'en', NOW).token;
    const b = links.uploadLink('9c2e1a40-0000-4000-8000-000000000001', 'en', NOW).token;
    expect(a).not.toBe(b);
    expect(links.readUploadToken(b, NOW)).toMatchObject({ intakeId: '9c2e1a40-0000-4000-8000-000000000001' });
  });
});
