/**
 * The firm-side stores (handling, listing, escalations, outbox, audit, accounts) on both backends,
 * held to one contract (test/support/handoff-contract.ts), and what only one backend shows: the
 * SQLite migration of a data file from the previous release, and on MongoDB the notifications of a
 * turn written exactly once after a crash at the commit point.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Document } from 'mongodb';
import { FieldCipher, type CipherKey } from '../src/store/cipher';
import { MongoStore, SCHEMA_VERSION } from '../src/store/mongo';
import { openStores, type Stores } from '../src/store/open';
import { NEW_HANDLING, type NewOutboxItem } from '../src/store/handoff-store';
import type { TurnCommit } from '../src/store/store';
import { handoffContract, intakeSummary } from './support/handoff-contract';
import { scratchDatabases } from './support/mongo-server';
import { indexCoverageTests, QueryRecorder } from './support/query-indexes';

const KEYS: CipherKey[] = [{ id: 'k1', key: randomBytes(32) }];
const cipher = new FieldCipher(KEYS);

// ---- SQLite -----------------------------------------------------------------------------------

/** The bytes of the SQLite file and its write-ahead log, as text. */
function sqliteRaw(dir: string): string {
  return ['intake.sqlite', 'intake.sqlite-wal']
    .map((f) => join(dir, f))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

handoffContract('embedded (SQLite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-'));
  const stores = await openStores({ mongodbUri: null, dataDir: dir, keys: KEYS });
  return { ...stores, raw: async () => sqliteRaw(dir), close: () => stores.close() };
});

describe('SQLite data file of the previous release', () => {
  /** The `intakes` table as the previous release made it, and one summary in it. */
  const OLD_SCHEMA = `
    CREATE TABLE intakes (
      intake_id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      status TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      summary TEXT NOT NULL
    );
    CREATE INDEX intakes_status ON intakes (status, updated_at);`;

  it('gains the listing and handling columns at open, filled from the sealed summaries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-old-'));
    const old = new Database(join(dir, 'intake.sqlite'));
    old.exec(OLD_SCHEMA);
    const rows = [
      intakeSummary('old-r', { tier: 'R', createdAt: '2026-11-01T07:00:00.000Z', updatedAt: '2026-11-02T07:00:00.000Z' }),
      intakeSummary('old-e0', { tier: 'E0', status: 'in_progress', escalated: true, createdAt: '2026-11-03T07:00:00.000Z' }),
      intakeSummary('old-none', { tier: null, status: 'in_progress', createdAt: '2026-11-04T07:00:00.000Z' }),
    ];
    for (const s of rows) {
      old
        .prepare('INSERT INTO intakes (intake_id, conversation_id, status, updated_at, summary) VALUES (?, ?, ?, ?, ?)')
        .run(s.intakeId, `conv-${s.intakeId}`, s.status, s.updatedAt, cipher.sealJson(s));
    }
    old.close();

    let stores: Stores = await openStores({ mongodbUri: null, dataDir: dir, keys: KEYS });
    try {
      const db = new Database(join(dir, 'intake.sqlite'), { readonly: true });
      const cols = (db.prepare('PRAGMA table_info(intakes)').all() as Array<{ name: string }>).map((c) => c.name);
      expect(cols).toEqual(expect.arrayContaining(['reference', 'tier', 'tier_rank', 'escalated', 'queued', 'created_at', 'handling_status', 'claimed_by']));
      expect(
        db.prepare('SELECT intake_id, reference, tier, tier_rank, escalated, queued, created_at, handling_status FROM intakes ORDER BY intake_id').all(),
      ).toEqual([
        {
          intake_id: 'old-e0',
          reference: 'HP-OLD-E0',
          tier: 'E0',
          tier_rank: 0,
          escalated: 1,
          queued: 1,
          created_at: '2026-11-03T07:00:00.000Z',
          handling_status: 'new',
        },
        {
          intake_id: 'old-none',
          reference: 'HP-OLD-NONE',
          tier: null,
          tier_rank: 6,
          escalated: 0,
          queued: 0,
          created_at: '2026-11-04T07:00:00.000Z',
          handling_status: 'new',
        },
        {
          intake_id: 'old-r',
          reference: 'HP-OLD-R',
          tier: 'R',
          tier_rank: 5,
          escalated: 0,
          queued: 1,
          created_at: '2026-11-01T07:00:00.000Z',
          handling_status: 'new',
        },
      ]);
      db.close();

      const page = await stores.handoff.listIntakes({ order: 'queue', limit: 10 });
      expect(page.items.map((i) => [i.summary.intakeId, i.handling])).toEqual([
        ['old-e0', NEW_HANDLING],
        ['old-r', NEW_HANDLING],
        ['old-none', NEW_HANDLING],
      ]);
      expect(page.items[1].summary).toEqual(rows[0]);
      expect((await stores.handoff.listIntakes({ order: 'queue', limit: 10, queued: true, tier: ['E0', 'R'] })).items.map((i) => i.summary.intakeId)).toEqual([
        'old-e0',
        'old-r',
      ]);
      const claim = {
        ...NEW_HANDLING,
        status: 'claimed' as const,
        claimedBy: 'att-a',
        claimedAt: '2026-11-28T08:00:00.000Z',
        updatedAt: '2026-11-28T08:00:00.000Z',
        updatedBy: 'att-a',
      };
      expect(await stores.handoff.setHandling('old-r', claim, 'new')).toBe(true);
      expect(await stores.store.getIntake('old-r')).toEqual(rows[0]);

      // A second open of the migrated file changes nothing.
      await stores.close();
      stores = await openStores({ mongodbUri: null, dataDir: dir, keys: KEYS });
      expect(await stores.handoff.getHandling('old-r')).toEqual(claim);
      expect((await stores.handoff.listIntakes({ order: 'updated', limit: 10 })).items.map((i) => i.summary.intakeId)).toEqual(['old-none', 'old-e0', 'old-r']);
    } finally {
      await stores.close();
    }
  });

  it('reads escalations of a file made before nobodyPaged was kept as paged, and keeps it from then on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-old-'));
    const old = new Database(join(dir, 'intake.sqlite'));
    old.exec(`CREATE TABLE escalations (id TEXT PRIMARY KEY, intake_id TEXT NOT NULL, reference TEXT NOT NULL, tier TEXT, reasons TEXT NOT NULL, created_at TEXT NOT NULL,
      level TEXT NOT NULL, reescalate_at TEXT, acknowledged_at TEXT, acknowledged_by TEXT)`);
    old
      .prepare('INSERT INTO escalations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run('esc-old', 'i-old', 'HP-OLD', 'E1', '["at_border"]', '2026-11-01T07:00:00.000Z', 'oncall', null, null, null);
    old.close();
    const stores = await openStores({ mongodbUri: null, dataDir: dir, keys: KEYS });
    try {
      expect(await stores.handoff.getEscalation('esc-old')).toMatchObject({ id: 'esc-old', level: 'oncall', nobodyPaged: false });
      const fresh = { ...(await stores.handoff.getEscalation('esc-old'))!, id: 'esc-new', nobodyPaged: true };
      expect(await stores.handoff.createEscalation(fresh)).toBe(true);
      expect(await stores.handoff.getEscalation('esc-new')).toEqual(fresh);
    } finally {
      await stores.close();
    }
  });
});

// ---- MongoDB ----------------------------------------------------------------------------------

/** Every database this file makes is dropped at the end (a shared MONGODB_URI stays clean). */
const databases = scratchDatabases('handoff');
const freshUri = databases.fresh;
const rawDb = databases.db;

async function dump(uri: string): Promise<Record<string, Document[]>> {
  const db = rawDb(uri);
  const out: Record<string, Document[]> = {};
  for (const c of await db.listCollections().toArray()) out[c.name] = await db.collection(c.name).find().toArray();
  return out;
}

/** The queries the MongoDB stores of this file send once open (checked at the end: test/support/query-indexes.ts). */
const recorder = new QueryRecorder();
const monitored = (uri: string) => `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`;

handoffContract('MongoDB', async () => {
  const uri = freshUri('contract');
  const stores = await openStores({ mongodbUri: monitored(uri), dataDir: mkdtempSync(join(tmpdir(), 'unused-')), keys: KEYS });
  recorder.watch((stores.store as MongoStore).database.client);
  return { ...stores, raw: async () => JSON.stringify(await dump(uri)), close: () => stores.close() };
});

describe('MongoDB firm-side stores on their server', () => {
  const open: Stores[] = [];
  const openOn = async (uri: string) => {
    const s = await openStores({ mongodbUri: monitored(uri), dataDir: mkdtempSync(join(tmpdir(), 'unused-')), keys: KEYS });
    recorder.watch((s.store as MongoStore).database.client);
    open.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  const item = (id: string, intakeId: string): NewOutboxItem => ({
    id,
    kind: 'escalated',
    intakeId,
    payload: { story: 'my son has leukemia' },
    createdAt: '2026-11-28T07:00:00.000Z',
    dueAt: '2026-11-28T07:00:00.000Z',
  });

  it('writes the notifications of a turn exactly once when the instance dies after the commit point', async () => {
    const uri = freshUri('crash');
    const a = await MongoStore.open(uri, cipher);
    const summary = intakeSummary('crash-1', { tier: 'E0', escalated: true, status: 'in_progress' });
    const turn: TurnCommit = {
      conversation: {
        id: 'conv-crash',
        channel: 'sms',
        address: '+17165550123',
        snapshot: { status: 'active', value: 'x', context: {} } as never,
        version: 1,
        createdAt: '2026-11-28T07:00:00.000Z',
        updatedAt: '2026-11-28T07:00:00.000Z',
        remindAt: null,
        abandonAt: null,
      },
      expectedVersion: null,
      inboundId: null,
      replies: [],
      summary,
      outbox: [item('crash-1:escalated', 'crash-1'), item('crash-1:webhook', 'crash-1')],
    };
    expect(await a.commitPoint(turn)).not.toBeNull();
    await a.close();
    // Only the conversation document (its pending turn sealed) was written.
    const before = await dump(uri);
    expect(before.outbox ?? []).toEqual([]);
    expect(JSON.stringify(before)).not.toContain('leukemia');

    // Another instance: its worker finds the notifications without anyone reading the conversation…
    const [b, c] = [await openOn(uri), await openOn(uri)];
    expect((await b.handoff.outboxItems({ intakeId: 'crash-1' })).map((i) => i.id)).toEqual(['crash-1:escalated', 'crash-1:webhook']);
    // …and readers settling the turn at once, on two instances, write them no second time.
    await Promise.all([
      b.store.findConversation({ channel: 'sms', address: '+17165550123' }),
      c.store.getIntake('crash-1'),
      c.handoff.claimDue({ now: '2026-11-28T07:00:00.000Z', by: 'c', leaseUntil: '2026-11-28T07:05:00.000Z', limit: 1 }),
    ]);
    const after = await dump(uri);
    expect(after.outbox.map((d) => d._id).sort()).toEqual(['crash-1:escalated', 'crash-1:webhook']);
    expect(after.conversations[0].pending ?? null).toBeNull();
    expect((await b.handoff.outboxItems()).map((i) => [i.id, i.payload])).toEqual([
      ['crash-1:escalated', { story: 'my son has leukemia' }],
      ['crash-1:webhook', { story: 'my son has leukemia' }],
    ]);
    // The one claimed is leased, not reset by the settle.
    expect((await b.handoff.outboxItems()).filter((i) => i.leasedBy === 'c')).toHaveLength(1);
    expect(await b.handoff.listIntakes({ order: 'queue', limit: 5 })).toMatchObject({
      items: [{ summary: { intakeId: 'crash-1' }, handling: NEW_HANDLING }],
      next: null,
    });
    for (const d of after.outbox) expect(FieldCipher.isSealed(d.payload)).toBe(true);
    expect(JSON.stringify(after)).not.toContain('leukemia');
  });

  it('marks every document with its schema version, and keeps listing fields readable and nothing written by the family', async () => {
    const uri = freshUri('docs');
    const s = await openOn(uri);
    const summary = intakeSummary('doc-1', { tier: 'U1', escalated: true, status: 'in_progress' });
    expect(
      await s.store.commitTurn({
        conversation: {
          id: 'conv-doc',
          channel: 'sms',
          address: '+17165550124',
          snapshot: { status: 'active', value: 'x', context: {} } as never,
          version: 1,
          createdAt: summary.createdAt,
          updatedAt: summary.updatedAt,
          remindAt: null,
          abandonAt: null,
        },
        expectedVersion: null,
        inboundId: null,
        replies: [],
        summary,
        outbox: [item('doc-1:escalated', 'doc-1')],
      }),
    ).toBe(true);
    await s.handoff.setHandling(
      'doc-1',
      { ...NEW_HANDLING, status: 'claimed', claimedBy: 'att-a', claimedAt: summary.updatedAt, updatedAt: summary.updatedAt, updatedBy: 'att-a' },
      'new',
    );
    await s.handoff.createEscalation({
      id: 'esc-doc',
      intakeId: 'doc-1',
      reference: summary.reference,
      tier: 'U1',
      reasons: ['at_border'],
      createdAt: summary.updatedAt,
      level: 'oncall',
      reescalateAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
    await s.handoff.audit({ at: summary.updatedAt, actor: 'att-a', action: 'viewed', intakeId: 'doc-1', detail: { tier: 'U1' } });
    await s.accounts.createAttorney({
      id: 'att-a',
      email: 'a@firm.example',
      name: null,
      passwordHash: 'scrypt$x',
      createdAt: summary.updatedAt,
      failedLogins: 0,
      lockedUntil: null,
      disabled: false,
    });
    await s.accounts.createSession({ idHash: 'h', attorneyId: 'att-a', csrfToken: 'c', createdAt: summary.updatedAt, expiresAt: summary.updatedAt });
    await s.accounts.createApiToken({
      id: 't',
      name: 'crm',
      tokenHash: 'th',
      createdAt: summary.updatedAt,
      lastUsedAt: null,
      revokedAt: null,
      scopes: ['read'],
    });
    await s.accounts.addLoginFailure('k', summary.updatedAt, 1, summary.updatedAt);

    const docs = await dump(uri);
    for (const name of ['intakes', 'outbox', 'escalations', 'audit', 'attorneys', 'sessions', 'apiTokens', 'loginFailures']) {
      expect({ name, count: docs[name]?.length }).toEqual({ name, count: 1 });
      expect({ name, schemaVersion: docs[name][0].schemaVersion }).toEqual({ name, schemaVersion: SCHEMA_VERSION });
    }
    expect(docs.intakes[0]).toMatchObject({
      reference: summary.reference,
      tier: 'U1',
      tierRank: 2,
      escalated: true,
      queued: true,
      createdAt: summary.createdAt,
      handling: { status: 'claimed', claimedBy: 'att-a' },
    });
    expect(JSON.stringify(docs)).not.toContain('leukemia');
    expect(JSON.stringify(docs)).not.toContain('Marc Tremblay');
  });

  it('fills the listing fields of intakes saved by the previous release, at start', async () => {
    const uri = freshUri('backfill');
    const first = await openOn(uri);
    // As the previous release left it: no listing fields, no handling.
    const s = intakeSummary('prev-1', { tier: 'E1', status: 'complete', createdAt: '2026-11-02T07:00:00.000Z' });
    await rawDb(uri)
      .collection('intakes')
      .insertOne({
        _id: 'prev-1' as never,
        schemaVersion: 1,
        conversationId: 'conv-prev',
        status: s.status,
        updatedAt: s.updatedAt,
        conversationVersion: 3,
        summary: cipher.sealJson(s),
      });
    // Without its listing fields, no filter on them finds it.
    expect(await first.handoff.listIntakes({ order: 'queue', limit: 5, tier: ['E1'] })).toEqual({ items: [], next: null });
    const second = await openOn(uri);
    expect(await second.handoff.listIntakes({ order: 'queue', limit: 5, tier: ['E1'], handling: ['new'], queued: true })).toEqual({
      items: [{ summary: s, handling: NEW_HANDLING }],
      next: null,
    });
    expect(
      (await rawDb(uri)
        .collection('intakes')
        .findOne({ _id: 'prev-1' as never }))!,
    ).toMatchObject({ reference: s.reference, tierRank: 1, queued: true, escalated: false, createdAt: s.createdAt });
    expect(await second.handoff.setHandling('prev-1', { ...NEW_HANDLING, status: 'claimed', claimedBy: 'att-a' }, 'new')).toBe(true);
    expect(await second.handoff.getHandling('prev-1')).toMatchObject({ status: 'claimed', claimedBy: 'att-a' });
  });

  it('lets two instances race for a claim, an outbox item and an acknowledgement: one wins each', async () => {
    const uri = freshUri('race');
    const [a, b] = await Promise.all([openOn(uri), openOn(uri)]);
    const now = '2026-11-28T07:00:00.000Z';
    for (let i = 0; i < 6; i++) {
      const s = intakeSummary(`race-${i}`);
      expect(
        await a.store.commitTurn({
          conversation: {
            id: `conv-race-${i}`,
            channel: 'sms',
            address: `+1716555${4000 + i}`,
            snapshot: { status: 'active', value: 'x', context: {} } as never,
            version: 1,
            createdAt: now,
            updatedAt: now,
            remindAt: null,
            abandonAt: null,
          },
          expectedVersion: null,
          inboundId: null,
          replies: [],
          summary: s,
          outbox: [item(`race-${i}:a`, s.intakeId), item(`race-${i}:b`, s.intakeId)],
        }),
      ).toBe(true);
      const claim = (by: string) => ({ ...NEW_HANDLING, status: 'claimed' as const, claimedBy: by, claimedAt: now, updatedAt: now, updatedBy: by });
      const won = await Promise.all([a.handoff.setHandling(s.intakeId, claim('att-a'), 'new'), b.handoff.setHandling(s.intakeId, claim('att-b'), 'new')]);
      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await b.handoff.getHandling(s.intakeId)).claimedBy).toBe(won[0] ? 'att-a' : 'att-b');
      const leased = await Promise.all([
        a.handoff.claimDue({ now, by: 'a', leaseUntil: '2026-11-28T07:05:00.000Z', limit: 1 }),
        b.handoff.claimDue({ now, by: 'b', leaseUntil: '2026-11-28T07:05:00.000Z', limit: 1 }),
      ]);
      expect(
        leased
          .flat()
          .map((x) => x.id)
          .sort(),
      ).toEqual([`race-${i}:a`, `race-${i}:b`]);
      for (const [by, items] of [
        ['a', leased[0]],
        ['b', leased[1]],
      ] as const)
        expect(await (by === 'a' ? a : b).handoff.completeOutbox(items[0].id, by, now)).toBe(true);
      await a.handoff.createEscalation({
        id: `esc-${i}`,
        intakeId: s.intakeId,
        reference: s.reference,
        tier: 'U2',
        reasons: ['at_border'],
        createdAt: now,
        level: 'oncall',
        reescalateAt: now,
        acknowledgedAt: null,
        acknowledgedBy: null,
      });
      const acks = await Promise.all([a.handoff.acknowledgeEscalation(`esc-${i}`, 'att-a', now), b.handoff.acknowledgeEscalation(`esc-${i}`, 'att-b', now)]);
      expect(acks[0]).toEqual(acks[1]);
      const moved = await Promise.all([a.handoff.markReescalated(`esc-${i}`), b.handoff.markReescalated(`esc-${i}`)]);
      expect(moved).toEqual([false, false]);
    }
    expect(await a.handoff.outboxItems({ state: 'done' })).toHaveLength(12);
  });

  it('shares one page counter between two instances: 40 escalations counted at once, each place given once', async () => {
    const uri = freshUri('pagecount');
    const [a, b] = await Promise.all([openOn(uri), openOn(uri)]);
    const key = 'oncall:E0:2026-11-28T07';
    const keep = 11;
    // Every escalation counted by both instances at once (a retried item taken by another worker).
    const ids = Array.from({ length: 40 }, (_, i) => `esc_${i}`);
    const count = (s: typeof a, member: string) => s.handoff.countPage({ key, member, keep, at: '2026-11-28T07:10:00.000Z' });
    const places = await Promise.all(ids.flatMap((member) => [count(a, member), count(b, member)]));
    const kept = places.filter((p) => p <= keep);
    // The places kept went to 11 escalations, each counted by both instances at the same place.
    for (let i = 0; i < ids.length; i++) if (places[2 * i] <= keep || places[2 * i + 1] <= keep) expect(places[2 * i]).toBe(places[2 * i + 1]);
    expect([...new Set(kept)].sort((x, y) => x - y)).toEqual(Array.from({ length: keep }, (_, i) => i + 1));
    expect(kept).toHaveLength(2 * keep);
    // The rest were counted as they came: 29 escalations, twice each.
    expect(await b.handoff.pagesCounted(key)).toBe(keep + 2 * (ids.length - keep));
  });

  it('creates its unique indexes at start, and a second start changes nothing', async () => {
    const uri = freshUri('indexes');
    await openOn(uri);
    const list = async () => {
      const out: Record<string, string[]> = {};
      for (const name of ['outbox', 'escalations', 'audit', 'attorneys', 'sessions', 'apiTokens', 'intakes']) {
        out[name] = (await rawDb(uri).collection(name).indexes())
          .filter((i) => i.unique)
          .map((i) => i.name!)
          .sort();
      }
      return out;
    };
    const first = await list();
    expect(first).toMatchObject({ attorneys: ['email'], apiTokens: ['name', 'tokenHash'] });
    await Promise.all([openOn(uri), openOn(uri)]);
    expect(await list()).toEqual(first);
  });
});

// Every query the MongoDB tests above made the firm-side, account and conversation stores send.
indexCoverageTests('The firm-side and account stores', recorder, (name) => rawDb(`mongodb://server/${name}`), { atLeast: 25 });
