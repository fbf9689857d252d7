/**
 * The firm's accounts on MongoDB (see account-store.ts): attorneys, sessions, API tokens. Unique
 * indexes make "create once" an insert whose duplicate-key error means "exists"; a failed sign-in
 * is counted with $inc, so two at once both count. Only hashes are kept.
 */
import type { Collection, Db } from 'mongodb';
import type { AccountStore, ApiToken, Attorney, Session } from './account-store';
import { isDuplicateKey, SCHEMA_VERSION } from './mongo';

interface AttorneyDoc extends Omit<Attorney, 'id'> {
  _id: string;
  schemaVersion: number;
}

/** The session's id hash is its _id: unique, and what a request looks it up by. */
interface SessionDoc extends Omit<Session, 'idHash'> {
  _id: string;
  schemaVersion: number;
}

interface ApiTokenDoc extends Omit<ApiToken, 'id'> {
  _id: string;
  schemaVersion: number;
}

const INDEXES: Record<string, Array<{ name: string; key: Record<string, 1>; unique?: boolean }>> = {
  attorneys: [{ name: 'email', key: { email: 1 }, unique: true }],
  sessions: [{ name: 'expiresAt', key: { expiresAt: 1 } }],
  apiTokens: [
    { name: 'name', key: { name: 1 }, unique: true },
    { name: 'tokenHash', key: { tokenHash: 1 }, unique: true },
  ],
};

function toAttorney(d: AttorneyDoc): Attorney {
  return {
    id: d._id,
    email: d.email,
    name: d.name ?? null,
    passwordHash: d.passwordHash,
    createdAt: d.createdAt,
    failedLogins: d.failedLogins ?? 0,
    lockedUntil: d.lockedUntil ?? null,
    disabled: d.disabled === true,
  };
}

function toToken(d: ApiTokenDoc): ApiToken {
  return { id: d._id, name: d.name, tokenHash: d.tokenHash, createdAt: d.createdAt, lastUsedAt: d.lastUsedAt ?? null, revokedAt: d.revokedAt ?? null };
}

async function inserted(write: () => Promise<unknown>): Promise<'created' | 'exists'> {
  try {
    await write();
    return 'created';
  } catch (err) {
    if (isDuplicateKey(err)) return 'exists';
    throw err;
  }
}

export class MongoAccountStore implements AccountStore {
  constructor(private readonly db: Db) {}

  /** Creates the indexes, one per call (see mongo.ts start()). */
  async start(): Promise<void> {
    for (const [collection, indexes] of Object.entries(INDEXES)) {
      for (const i of indexes) await this.db.collection(collection).createIndex(i.key, { name: i.name, ...(i.unique ? { unique: true } : {}) });
    }
  }

  private get attorneys(): Collection<AttorneyDoc> {
    return this.db.collection<AttorneyDoc>('attorneys');
  }
  private get sessions(): Collection<SessionDoc> {
    return this.db.collection<SessionDoc>('sessions');
  }
  private get tokens(): Collection<ApiTokenDoc> {
    return this.db.collection<ApiTokenDoc>('apiTokens');
  }

  async createAttorney(a: Attorney): Promise<'created' | 'exists'> {
    const { id, ...rest } = a;
    return inserted(() => this.attorneys.insertOne({ _id: id, schemaVersion: SCHEMA_VERSION, ...rest, email: a.email.toLowerCase() }));
  }

  async findAttorneyByEmail(email: string): Promise<Attorney | null> {
    const d = await this.attorneys.findOne({ email: email.toLowerCase() });
    return d ? toAttorney(d) : null;
  }

  async getAttorney(id: string): Promise<Attorney | null> {
    const d = await this.attorneys.findOne({ _id: id });
    return d ? toAttorney(d) : null;
  }

  async listAttorneys(): Promise<Attorney[]> {
    return (await this.attorneys.find({}).sort({ email: 1 }).toArray()).map(toAttorney);
  }

  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    const r = await this.attorneys.updateOne({ _id: id }, { $set: { passwordHash, failedLogins: 0, lockedUntil: null } });
    // Whoever signed in with the old password is signed out. After the new password is set: a
    // session made in between needed the new one.
    await this.sessions.deleteMany({ attorneyId: id });
    return r.matchedCount === 1;
  }

  async setDisabled(id: string, disabled: boolean): Promise<boolean> {
    const r = await this.attorneys.updateOne({ _id: id }, { $set: { disabled } });
    return r.matchedCount === 1;
  }

  async recordLoginFailure(id: string): Promise<number> {
    const d = await this.attorneys.findOneAndUpdate({ _id: id }, { $inc: { failedLogins: 1 } }, { returnDocument: 'after' });
    return d?.failedLogins ?? 0;
  }

  async lockAttorney(id: string, until: string): Promise<void> {
    await this.attorneys.updateOne({ _id: id }, { $set: { lockedUntil: until } });
  }

  async clearLoginFailures(id: string): Promise<void> {
    await this.attorneys.updateOne({ _id: id }, { $set: { failedLogins: 0, lockedUntil: null } });
  }

  async createSession(s: Session): Promise<void> {
    const { idHash, ...rest } = s;
    await this.sessions.insertOne({ _id: idHash, schemaVersion: SCHEMA_VERSION, ...rest });
  }

  async getSession(idHash: string): Promise<Session | null> {
    const d = await this.sessions.findOne({ _id: idHash });
    return d ? { idHash: d._id, attorneyId: d.attorneyId, csrfToken: d.csrfToken, createdAt: d.createdAt, expiresAt: d.expiresAt } : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.sessions.deleteOne({ _id: idHash });
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return (await this.sessions.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }

  async createApiToken(t: ApiToken): Promise<'created' | 'exists'> {
    const { id, ...rest } = t;
    return inserted(() => this.tokens.insertOne({ _id: id, schemaVersion: SCHEMA_VERSION, ...rest }));
  }

  async findApiToken(tokenHash: string): Promise<ApiToken | null> {
    const d = await this.tokens.findOne({ tokenHash });
    return d ? toToken(d) : null;
  }

  async listApiTokens(): Promise<ApiToken[]> {
    return (await this.tokens.find({}).sort({ name: 1 }).toArray()).map(toToken);
  }

  async revokeApiToken(name: string, at: string): Promise<boolean> {
    const r = await this.tokens.updateOne({ name, revokedAt: null }, { $set: { revokedAt: at } });
    return r.matchedCount === 1;
  }

  async touchApiToken(id: string, at: string): Promise<void> {
    await this.tokens.updateOne({ _id: id }, { $set: { lastUsedAt: at } });
  }
}

export async function createMongoAccountStore(db: Db): Promise<AccountStore> {
  const store = new MongoAccountStore(db);
  await store.start();
  return store;
}
