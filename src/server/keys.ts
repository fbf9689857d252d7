/**
 * The server's keys: what seals data at rest and what signs what it hands out. Configured, or
 * made once and kept in KEYS_DIR. Apart from start.ts so that the attorney CLI can open the
 * stores without loading the whole server.
 *
 * KEYS_DIR is outside DATA_DIR (by default its sibling "<DATA_DIR>-keys"), so that a backup or a
 * copy of DATA_DIR does not carry the key that opens it. An install from before KEYS_DIR keeps its
 * key in DATA_DIR: that key goes on being used (the data was sealed with it), and every start says
 * where it is and how to move it. A DATA_DIR that holds data while no key is found anywhere (a
 * container whose KEYS_DIR was not a volume, a key deleted) stops the start: a new key would leave
 * every stored conversation unreadable.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Config } from '../config/env';
import type { CipherKey } from '../store/cipher';
import { privateDir, privateFile } from '../store/private-files';

/** What start-up says about the key files (the server's logger): paths only, never a key. */
export interface KeyLog {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export const ENCRYPTION_KEY_FILE = 'encryption-key';
export const TOKEN_SECRET_FILE = 'token-secret';

/** The start cannot go on safely: the message says what to do. */
export class KeyFileError extends Error {}

/** The embedded store's database: its presence means data was sealed with a key. */
const STORE_FILE = 'intake.sqlite';

const inside = (child: string, parent: string) => {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

function read(file: string): string {
  return readFileSync(file, 'utf8').trim();
}

/** A key file made readable by the server's user only; said when that cannot be done. */
function restrict(file: string, log?: KeyLog): void {
  if (!privateFile(file)) log?.warn({ file }, 'a key file is readable by other users and could not be made 0600: change its owner or mode');
}

/** A secret kept in KEYS_DIR (or, for an install from before it, in DATA_DIR), made once (0600) when the configuration gives none. */
function localSecret(config: Config, name: string, make: () => string, log?: KeyLog): string {
  const { dataDir, keysDir } = config;
  const file = join(keysDir, name);
  const legacy = join(dataDir, name);
  const separate = !inside(keysDir, dataDir);
  if (!separate) log?.warn({ keysDir, dataDir }, 'KEYS_DIR is inside DATA_DIR: a backup of DATA_DIR carries the keys; set KEYS_DIR to a folder outside it');

  if (existsSync(file)) {
    restrict(file, log);
    const key = read(file);
    if (separate && existsSync(legacy)) {
      if (read(legacy) !== key) {
        throw new KeyFileError(
          `Two different ${name} files: ${file} and ${legacy}. Keep the one your data was sealed with (the one in DATA_DIR for an install from before KEYS_DIR), remove the other, and start again.`,
        );
      }
      log?.warn({ file: legacy, keysDir }, `a copy of the ${name} file is still in DATA_DIR: delete it, so that a backup of DATA_DIR does not carry it`);
    }
    return key;
  }

  if (separate && existsSync(legacy)) {
    // An install from before KEYS_DIR: what it stored was sealed with this key, so it stays in use.
    restrict(legacy, log);
    log?.warn(
      { file: legacy, keysDir },
      `the ${name} file is in DATA_DIR, so a backup of DATA_DIR carries it: stop the server, move the file into KEYS_DIR (mkdir -m 700 -p "${keysDir}" && mv "${legacy}" "${keysDir}/"), and start again`,
    );
    return read(legacy);
  }

  if (name === ENCRYPTION_KEY_FILE && existsSync(join(dataDir, STORE_FILE))) {
    throw new KeyFileError(
      `DATA_DIR (${dataDir}) holds data, but its encryption key is neither in KEYS_DIR (${file}) nor in DATA_DIR. ` +
        'Put the key file back (or set KEYS_DIR to where it is, or ENCRYPTION_KEY): a new key would leave the stored conversations unreadable.',
    );
  }

  privateDir(keysDir);
  try {
    writeFileSync(file, make(), { mode: 0o600, flag: 'wx' });
    log?.info({ file }, `made a new ${name}: back up KEYS_DIR apart from DATA_DIR (without the key the data cannot be read)`);
  } catch (err) {
    // Made meanwhile by another process on the same folder: use that one.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return read(file);
}

/**
 * The keys that seal data at rest: configured, or (embedded store) one made once in KEYS_DIR.
 * Given a logger (the server's start), it says where a key file is that should move.
 */
export function encryptionKeys(config: Config, log?: KeyLog): CipherKey[] {
  if (config.encryptionKeys) return config.encryptionKeys;
  return [
    {
      id: 'local',
      key: Buffer.from(
        localSecret(config, ENCRYPTION_KEY_FILE, () => randomBytes(32).toString('base64'), log),
        'base64',
      ),
    },
  ];
}

/**
 * The key that signs what the server hands out (Direct Line tokens, acknowledgement links):
 * TOKEN_SECRET; else, when ENCRYPTION_KEY is configured (always with MongoDB, where several
 * instances must accept each other's tokens), one derived from it with HKDF; else one made once
 * and kept in KEYS_DIR.
 */
export function tokenSecret(config: Config, log?: KeyLog): string {
  if (config.directLine.tokenSecret) return config.directLine.tokenSecret;
  const current = config.encryptionKeys?.[0];
  if (current) return Buffer.from(hkdfSync('sha256', current.key, Buffer.alloc(0), 'parole-intake token secret v1', 32)).toString('hex');
  return localSecret(config, TOKEN_SECRET_FILE, () => randomBytes(32).toString('hex'), log);
}
