/**
 * Encryption of what people wrote, at rest: AES-256-GCM with node:crypto. Each value carries the
 * id of the key that sealed it, so keys can be rotated: the current key seals, every listed key
 * opens. A store seals conversation snapshots, transcript text, inbound bodies and summaries;
 * ids, channels and times stay readable for lookups.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'enc1';

export interface CipherKey {
  id: string;
  key: Buffer;
}

export class CipherError extends Error {}

/**
 * Fresh random IVs, drawn from the system's CSPRNG a page at a time: one randomBytes call per
 * value sealed was a measurable share of a turn (bench/ profile: 6 to 8 seals a turn). Every IV is
 * still random and used once: a page is handed out in 12-byte slices and then replaced.
 */
class IvSource {
  private page = Buffer.alloc(0);
  private at = 0;

  next(): Buffer {
    if (this.at + IV_BYTES > this.page.length) {
      this.page = randomBytes(IV_BYTES * 256);
      this.at = 0;
    }
    const iv = this.page.subarray(this.at, this.at + IV_BYTES);
    this.at += IV_BYTES;
    return iv;
  }
}

const IV_BYTES = 12;

export class FieldCipher {
  private readonly byId: Map<string, Buffer>;
  private readonly ivs = new IvSource();
  /** The key ids as bytes, authenticated with each value (made once, not per value). */
  private readonly aadById: Map<string, Buffer>;

  /** `keys[0]` seals; all of them open. */
  constructor(private readonly keys: readonly CipherKey[]) {
    if (keys.length === 0) throw new CipherError('no encryption key');
    for (const k of keys) {
      if (k.key.length !== 32) throw new CipherError(`encryption key ${k.id}: expected 32 bytes`);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(k.id)) throw new CipherError(`encryption key id "${k.id}": letters, digits, _ or - only`);
    }
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    this.aadById = new Map(keys.map((k) => [k.id, Buffer.from(k.id)]));
  }

  seal(plaintext: string): string {
    const { id, key } = this.keys[0];
    const iv = this.ivs.next();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The key id is authenticated too: a value cannot be passed off as sealed by another key.
    cipher.setAAD(this.aadById.get(id)!);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [PREFIX, id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [prefix, id, iv, tag, body] = sealed.split('.');
    if (prefix !== PREFIX || body === undefined) throw new CipherError('not a sealed value');
    const key = this.byId.get(id);
    if (!key) throw new CipherError(`sealed with key "${id}", which is not configured (ENCRYPTION_OLD_KEYS)`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(this.aadById.get(id)!);
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T;
  }

  static isSealed(value: unknown): boolean {
    return typeof value === 'string' && value.startsWith(`${PREFIX}.`);
  }
}

/** "id:base64key,id:base64key" (ENCRYPTION_OLD_KEYS) as keys. */
export function parseKeyList(list: string): CipherKey[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const i = entry.indexOf(':');
      if (i < 1) throw new CipherError('expected id:base64key entries separated by commas');
      return { id: entry.slice(0, i), key: Buffer.from(entry.slice(i + 1), 'base64') };
    });
}
