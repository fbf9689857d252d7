/**
 * Files at rest: the SQLite files (phone numbers are in them in clear, beside sealed text), the
 * outage spool and the key files are the server's user's only (0600, folders made 0700), and the
 * key is kept outside DATA_DIR (KEYS_DIR, by default DATA_DIR's sibling "<DATA_DIR>-keys"), so a
 * backup of DATA_DIR does not carry it. An install from before keeps using the key in its DATA_DIR
 * (its data was sealed with it), its files are tightened, and every start says, without the key,
 * where the file is and how to move it. A DATA_DIR with data and no key anywhere does not start.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/env';
import { createLogger, type Logger } from '../src/log';
import { ENCRYPTION_KEY_FILE, KeyFileError, TOKEN_SECRET_FILE } from '../src/server/keys';
import { startApp, type RunningApp } from '../src/server/start';
import { FieldCipher } from '../src/store/cipher';
import { MessageSpool } from '../src/spool/spool-file';
import { freePort } from './support/ports';

const modeOf = (path: string) => statSync(path).mode & 0o777;
const PHONE = '+14165550177';
const WORDS = 'My son has leukemia';

/** A real pino logger writing into memory: what start-up logs, as JSON entries. */
function capturingLogger(): { logger: Logger; entries: () => Array<Record<string, unknown>>; text: () => string } {
  const lines: string[] = [];
  const logger = pino({ level: 'info', base: undefined }, { write: (line: string) => void lines.push(line) });
  return { logger, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), text: () => lines.join('') };
}

async function start(dataDir: string, env: Record<string, string> = {}, logger: Logger = createLogger('silent')): Promise<RunningApp> {
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    FIRM_NAME: 'Test Law',
    FIRM_PHONE: '+1 716 555 0100',
    FIRM_TIMEZONE: 'America/New_York',
    ...env,
  });
  return startApp(config, { logger, schedulerEveryMs: null });
}

/** A family's first messages over SMS, straight through the service. */
async function converse(app: RunningApp, id: string): Promise<void> {
  for (const [i, text] of ['Hello', 'yes', WORDS].entries()) {
    await app.parts.service.receive({
      channel: 'sms',
      address: PHONE,
      id: `${id}${i}`,
      at: new Date(Date.UTC(2026, 10, 28, 7, i)).toISOString(),
      text,
      media: [],
    });
  }
}

/** What the family wrote, read back (the store opens it with the key). */
async function wordsOf(app: RunningApp): Promise<string[]> {
  const record = await app.parts.store.findConversation({ channel: 'sms', address: PHONE });
  if (!record) return [];
  return (await app.parts.store.transcript(record.id)).filter((e) => e.direction === 'in').map((e) => e.text);
}

const sqliteFiles = (dir: string) => ['intake.sqlite', 'intake.sqlite-wal', 'intake.sqlite-shm'].map((f) => join(dir, f));

describe('files at rest', () => {
  it('a fresh install: DATA_DIR 0700, the database files 0600, the keys 0600 in a KEYS_DIR beside DATA_DIR, not in it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'at-rest-'));
    const dataDir = join(root, 'data');
    const log = capturingLogger();
    const app = await start(dataDir, {}, log.logger);
    try {
      await converse(app, 'SMfresh');
      expect(await wordsOf(app)).toEqual(['Hello', 'yes', WORDS]);
      expect(modeOf(dataDir)).toBe(0o700);
      for (const file of sqliteFiles(dataDir)) {
        expect(existsSync(file)).toBe(true);
        expect([file, modeOf(file)]).toEqual([file, 0o600]);
      }
      const keysDir = join(root, 'data-keys');
      expect(app.parts.config.keysDir).toBe(keysDir);
      expect(modeOf(keysDir)).toBe(0o700);
      for (const name of [ENCRYPTION_KEY_FILE, TOKEN_SECRET_FILE]) expect(modeOf(join(keysDir, name))).toBe(0o600);
      expect(readdirSync(dataDir).sort()).toEqual(['intake.sqlite', 'intake.sqlite-shm', 'intake.sqlite-wal']);
      // Start-up says where the new key is, and nothing of it.
      const made = log.entries().filter((e) => e.file === join(keysDir, ENCRYPTION_KEY_FILE));
      expect(made.map((e) => e.level)).toEqual([30]);
      expect(log.text()).not.toContain(readFileSync(join(keysDir, ENCRYPTION_KEY_FILE), 'utf8').trim());
    } finally {
      await app.close();
    }
  });

  it('KEYS_DIR can be set; by default it is "<DATA_DIR>-keys"', () => {
    const base = { FIRM_NAME: 'x', FIRM_PHONE: '+1 716 555 0100', FIRM_TIMEZONE: 'America/New_York' };
    expect(loadConfig({ ...base, DATA_DIR: '/srv/intake/data' }).keysDir).toBe('/srv/intake/data-keys');
    expect(loadConfig({ ...base, DATA_DIR: '/srv/intake/data', KEYS_DIR: '/run/secrets/intake' }).keysDir).toBe('/run/secrets/intake');
  });

  describe('an install from before KEYS_DIR (the key in DATA_DIR, the files 0644)', () => {
    const root = mkdtempSync(join(tmpdir(), 'at-rest-old-'));
    const dataDir = join(root, 'data');
    const keysDir = join(root, 'data-keys');
    const legacy = (name: string) => join(dataDir, name);

    beforeAll(async () => {
      // The former layout: keys made in DATA_DIR, every file readable by all.
      const app = await start(dataDir, { KEYS_DIR: dataDir });
      try {
        await converse(app, 'SMold');
      } finally {
        await app.close();
      }
      chmodSync(dataDir, 0o755);
      for (const f of readdirSync(dataDir)) chmodSync(join(dataDir, f), 0o644);
      expect(readdirSync(dataDir)).toEqual(expect.arrayContaining([ENCRYPTION_KEY_FILE, TOKEN_SECRET_FILE, 'intake.sqlite']));
    });

    it('still opens its data with that key, tightens its files, and says where the key is and how to move it (never the key)', async () => {
      const log = capturingLogger();
      const app = await start(dataDir, {}, log.logger);
      try {
        expect(await wordsOf(app)).toEqual(['Hello', 'yes', WORDS]);
        // No new key was made that would have left the data unreadable.
        expect(existsSync(join(keysDir, ENCRYPTION_KEY_FILE))).toBe(false);
        for (const file of [legacy(ENCRYPTION_KEY_FILE), legacy(TOKEN_SECRET_FILE), ...sqliteFiles(dataDir)])
          expect([file, modeOf(file)]).toEqual([file, 0o600]);
        const warned = log.entries().filter((e) => e.level === 40 && e.file === legacy(ENCRYPTION_KEY_FILE));
        expect(warned).toHaveLength(1);
        expect(String(warned[0].msg)).toContain('move the file into KEYS_DIR');
        expect(String(warned[0].msg)).toContain(keysDir);
        expect(log.entries().some((e) => e.level === 40 && e.file === legacy(TOKEN_SECRET_FILE))).toBe(true);
        // The keys, and the family's number and words, are nowhere in the log.
        const all = log.text();
        for (const secret of [ENCRYPTION_KEY_FILE, TOKEN_SECRET_FILE].map((n) => readFileSync(legacy(n), 'utf8').trim())) expect(all).not.toContain(secret);
        expect(all).not.toContain(PHONE);
        expect(all).not.toContain(WORDS);
      } finally {
        await app.close();
      }
    });

    it('with the key files moved as told: the same data, no warning', async () => {
      mkdirSync(keysDir, { mode: 0o700 });
      for (const name of [ENCRYPTION_KEY_FILE, TOKEN_SECRET_FILE]) renameSync(legacy(name), join(keysDir, name));
      const log = capturingLogger();
      const app = await start(dataDir, {}, log.logger);
      try {
        expect(await wordsOf(app)).toEqual(['Hello', 'yes', WORDS]);
        // About the keys; the start-up warnings of notification paths not configured are another matter.
        expect(log.entries().filter((e) => Number(e.level) >= 40 && !String(e.msg).startsWith('notifications:'))).toEqual([]);
      } finally {
        await app.close();
      }
    });

    it('refuses to start, rather than make a new key, when the data is there and its key is not', async () => {
      const away = join(root, 'elsewhere');
      mkdirSync(away);
      renameSync(join(keysDir, ENCRYPTION_KEY_FILE), join(away, ENCRYPTION_KEY_FILE));
      try {
        await expect(start(dataDir)).rejects.toThrow(KeyFileError);
        await expect(start(dataDir)).rejects.toThrow(/holds data, but its encryption key is neither in KEYS_DIR/);
        expect(existsSync(join(keysDir, ENCRYPTION_KEY_FILE))).toBe(false);
        expect(existsSync(legacy(ENCRYPTION_KEY_FILE))).toBe(false);
        // Pointed at where the key is, it opens the data.
        const app = await start(dataDir, { KEYS_DIR: away });
        try {
          expect(await wordsOf(app)).toEqual(['Hello', 'yes', WORDS]);
        } finally {
          await app.close();
        }
      } finally {
        renameSync(join(away, ENCRYPTION_KEY_FILE), join(keysDir, ENCRYPTION_KEY_FILE));
      }
    });

    it('refuses two different keys, one in each folder, and warns of a copy left in DATA_DIR', async () => {
      const key = readFileSync(join(keysDir, ENCRYPTION_KEY_FILE), 'utf8');
      writeFileSync(legacy(ENCRYPTION_KEY_FILE), randomBytes(32).toString('base64'), { mode: 0o600 });
      await expect(start(dataDir)).rejects.toThrow(/Two different encryption-key files/);
      writeFileSync(legacy(ENCRYPTION_KEY_FILE), key, { mode: 0o600 });
      const log = capturingLogger();
      const app = await start(dataDir, {}, log.logger);
      try {
        expect(await wordsOf(app)).toEqual(['Hello', 'yes', WORDS]);
        const warned = log.entries().filter((e) => e.level === 40 && e.file === legacy(ENCRYPTION_KEY_FILE));
        expect(warned.map((e) => e.msg)).toEqual([expect.stringContaining('a copy of the encryption-key file is still in DATA_DIR: delete it')]);
      } finally {
        await app.close();
      }
    });
  });

  it('the outage spool: made 0600, and tightened when an earlier version left it open', () => {
    const dir = mkdtempSync(join(tmpdir(), 'at-rest-spool-'));
    const cipher = new FieldCipher([{ id: 'k', key: randomBytes(32) }]);
    const spool = new MessageSpool(dir, cipher, 'hash-key');
    const files = ['spool.sqlite', 'spool.sqlite-wal', 'spool.sqlite-shm'].map((f) => join(dir, f));
    try {
      for (const file of files) expect([file, existsSync(file) && modeOf(file)]).toEqual([file, 0o600]);
      expect(spool.exposedFiles).toEqual([]);
    } finally {
      spool.db.close();
    }
    for (const file of files.filter((f) => existsSync(f))) chmodSync(file, 0o644);
    const again = new MessageSpool(dir, cipher, 'hash-key');
    try {
      expect(modeOf(files[0])).toBe(0o600);
      expect(again.exposedFiles).toEqual([]);
    } finally {
      again.db.close();
    }
  });
});
