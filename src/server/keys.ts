/**
 * The server's keys: what seals data at rest and what signs what it hands out. Configured, or
 * made once and kept in DATA_DIR. Apart from start.ts so that the attorney CLI can open the
 * stores without loading the whole server.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/env';
import type { CipherKey } from '../store/cipher';

/** A secret kept in DATA_DIR, made once (mode 600) when the configuration gives none. */
function localSecret(config: Config, name: string, make: () => string): string {
  const file = join(config.dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, make(), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Made meanwhile by another process on the same folder: use that one.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return readFileSync(file, 'utf8').trim();
}

/** The keys that seal data at rest: configured, or (embedded store) one made once in DATA_DIR. */
export function encryptionKeys(config: Config): CipherKey[] {
  if (config.encryptionKeys) return config.encryptionKeys;
  return [{ id: 'local', key: Buffer.from(localSecret(config, 'encryption-key', () => randomBytes(32).toString('base64')), 'base64') }];
}

/**
 * The key that signs what the server hands out (Direct Line tokens, acknowledgement links):
 * TOKEN_SECRET; else, when ENCRYPTION_KEY is configured (always with MongoDB, where several
 * instances must accept each other's tokens), one derived from it with HKDF; else one made once
 * and kept in DATA_DIR.
 */
export function tokenSecret(config: Config): string {
  if (config.directLine.tokenSecret) return config.directLine.tokenSecret;
  const current = config.encryptionKeys?.[0];
  if (current) return Buffer.from(hkdfSync('sha256', current.key, Buffer.alloc(0), 'parole-intake token secret v1', 32)).toString('hex');
  return localSecret(config, 'token-secret', () => randomBytes(32).toString('hex'));
}
