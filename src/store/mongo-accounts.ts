/**
 * The firm's accounts on MongoDB (see account-store.ts): attorneys, sessions, API tokens, and
 * failed sign-ins per address. Unique indexes make "create once" an insert whose duplicate-key
 * error means "exists". Every step of a sign-in attempt is a single-document update filtered on
 * the state it needs ($inc under a condition): no transactions, and instances sharing the database
 * share the counts. Only hashes are kept.
 */
import type { Collection, Db } from 'mongodb';
import { scopesOf, type AccountStore, type ApiToken, type Attorney, type LoginRules, type Session } from './account-store';
import { isDuplicateKey, SCHEMA_VERSION } from './mongo';

interface AttorneyDoc extends Omit<Attorney, 'id'> {
  _id: string;
  schemaVersion: number;
  /** Failures plus attempts being checked: what a new attempt is refused on. */
  loginAttempts?: number;
  /** When an attempt was last reserved: reservations older than a lock's time are stale. */
  lastAttemptAt?: string | null;
}

/** The session's id hash is its _id: unique, and what a request looks it up by. */
interface SessionDoc extends Omit<Session, 'idHash'> {
  _id: string;
  schemaVersion: number;
}

interface ApiTokenDoc extends Omit<ApiToken, 'id' | 'scopes'> {
  _id: string;
  schemaVersion: number;
  /** Missing on a token from before scopes (scopesOf). */
  scopes?: string[];
}

/** Failed sign-ins of one address (an HMAC of it) in one window. _id: `${key}:${window}`. */
interface LoginFailureDoc {
  _id: string;
  key: string;
  window: string;
  count: number;
  expiresAt: string;
  schemaVersion: number;
}

export const ACCOUNT_INDEXES: Record<string, Array<{ name: string; key: Record<string, 1>; unique?: boolean }>> = {
  attorneys: [{ name: 'email', key: { email: 1 }, unique: true }],
  loginFailures: [{ name: 'expiresAt', key: { expiresAt: 1 } }],
  sessions: [
    { name: 'expiresAt', key: { expiresAt: 1 } },
    // An attorney's sessions end together (deactivated, password changed).
    { name: 'attorneyId', key: { attorneyId: 1 } },
  ],
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
  return {
    id: d._id,
    name: d.name,
    tokenHash: d.tokenHash,
    createdAt: d.createdAt,
    lastUsedAt: d.lastUsedAt ?? null,
    revokedAt: d.revokedAt ?? null,
    scopes: scopesOf(d.scopes),
  };
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
    for (const [collection, indexes] of Object.entries(ACCOUNT_INDEXES)) {
      for (const i of indexes) await this.db.collection(collection).createIndex(i.key, { name: i.name, ...(i.unique ? { unique: true } : {}) });
    }
    // Accounts from before attempts were reserved: their failures are what they have counted.
    for (const d of await this.attorneys.find({ loginAttempts: { $exists: false } }).toArray()) {
      await this.attorneys.updateOne({ _id: d._id, loginAttempts: { $exists: false } }, { $set: { loginAttempts: d.failedLogins ?? 0 } });
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
  private get failures(): Collection<LoginFailureDoc> {
    return this.db.collection<LoginFailureDoc>('loginFailures');
  }

  async createAttorney(a: Attorney): Promise<'created' | 'exists'> {
    const { id, ...rest } = a;
    return inserted(() =>
      this.attorneys.insertOne({
        _id: id,
        schemaVersion: SCHEMA_VERSION,
        ...rest,
        email: a.email.toLowerCase(),
        loginAttempts: a.failedLogins,
        lastAttemptAt: null,
      }),
    );
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
    const r = await this.attorneys.updateOne(
      { _id: id },
      { $set: { passwordHash, failedLogins: 0, lockedUntil: null, loginAttempts: 0, lastAttemptAt: null } },
    );
    // Whoever signed in with the old password is signed out. After the new password is set: a
    // session made in between needed the new one.
    await this.sessions.deleteMany({ attorneyId: id });
    return r.matchedCount === 1;
  }

  async setDisabled(id: string, disabled: boolean): Promise<boolean> {
    const r = await this.attorneys.updateOne({ _id: id }, { $set: { disabled } });
    return r.matchedCount === 1;
  }

  async reserveLoginAttempt(id: string, rules: LoginRules): Promise<'reserved' | 'locked'> {
    // A lock that has run out, or reservations nobody settled for a lock's time: a fresh count.
    // Once reset, neither condition holds, so of several attempts at once only one resets.
    await this.attorneys.updateOne(
      {
        _id: id,
        $or: [
          { lockedUntil: { $lte: rules.now } },
          {
            $and: [
              { lockedUntil: null },
              { loginAttempts: { $gte: rules.maxFailures } },
              { $or: [{ lastAttemptAt: null }, { lastAttemptAt: { $lte: rules.staleBefore } }] },
            ],
          },
        ],
      },
      { $set: { failedLogins: 0, loginAttempts: 0, lockedUntil: null } },
    );
    const r = await this.attorneys.updateOne(
      { _id: id, lockedUntil: null, $or: [{ loginAttempts: { $lt: rules.maxFailures } }, { loginAttempts: { $exists: false } }] },
      { $inc: { loginAttempts: 1 }, $set: { lastAttemptAt: rules.now } },
    );
    return r.modifiedCount === 1 ? 'reserved' : 'locked';
  }

  async failLoginAttempt(id: string, rules: LoginRules): Promise<{ failures: number; locked: boolean }> {
    // The reservation stays in loginAttempts: it has become a failure.
    const d = await this.attorneys.findOneAndUpdate({ _id: id }, { $inc: { failedLogins: 1 } }, { returnDocument: 'after' });
    const failures = d?.failedLogins ?? 0;
    if (failures < rules.maxFailures) return { failures, locked: false };
    const r = await this.attorneys.updateOne(
      { _id: id, $or: [{ lockedUntil: null }, { lockedUntil: { $lte: rules.now } }] },
      { $set: { lockedUntil: rules.lockUntil } },
    );
    return { failures, locked: r.modifiedCount === 1 };
  }

  async passLoginAttempt(id: string, rules: Pick<LoginRules, 'now'>): Promise<'signed_in' | 'locked'> {
    // The failures are cleared only where no lock holds, and read in the same update: what goes
    // back from loginAttempts is exactly them and this attempt ($inc, so failures settled
    // meanwhile by other attempts stay counted).
    const before = await this.attorneys.findOneAndUpdate(
      { _id: id, $or: [{ lockedUntil: null }, { lockedUntil: { $lte: rules.now } }] },
      { $set: { failedLogins: 0 } },
      { returnDocument: 'before' },
    );
    if (!before) return 'locked';
    const after = await this.attorneys.findOneAndUpdate(
      { _id: id },
      { $inc: { loginAttempts: -((before.failedLogins ?? 0) + 1) } },
      { returnDocument: 'after' },
    );
    // Below 0 only if the count was reset meanwhile (a password reset, a lock run out).
    if ((after?.loginAttempts ?? 0) < 0) await this.attorneys.updateOne({ _id: id, loginAttempts: { $lt: 0 } }, { $set: { loginAttempts: 0 } });
    return 'signed_in';
  }

  async addLoginFailure(key: string, window: string, below: number, expiresAt: string): Promise<boolean> {
    if (below < 1) return false;
    const _id = `${key}:${window}`;
    // The filter's count condition makes a full window not match: the upsert then tries to insert
    // an _id that exists, a duplicate key. The same error comes when another attempt made the
    // document first: tried once more, it is then counted or found full.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const r = await this.failures.updateOne(
          { _id, count: { $lt: below } },
          { $inc: { count: 1 }, $setOnInsert: { key, window, expiresAt, schemaVersion: SCHEMA_VERSION } },
          { upsert: true },
        );
        return r.modifiedCount + r.upsertedCount === 1;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    return false;
  }

  async loginFailures(key: string, window: string): Promise<number> {
    return (await this.failures.findOne({ _id: `${key}:${window}` }))?.count ?? 0;
  }

  async removeLoginFailure(key: string, window: string): Promise<void> {
    await this.failures.updateOne({ _id: `${key}:${window}`, count: { $gt: 0 } }, { $inc: { count: -1 } });
  }

  async deleteExpiredLoginFailures(now: string): Promise<number> {
    return (await this.failures.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
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
