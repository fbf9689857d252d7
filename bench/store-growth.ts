/**
 * The store's cost per turn as it grows (`npm run bench -- --growth 100,1000,10000`): for each size,
 * a fresh store filled with that many stored conversations, then families taking turns through the
 * store API as the conversation service does (receive, unprocessed, findConversation, commitTurn,
 * and the sent mark of an SMS turn), one at a time. Per turn, in the store's calls alone: the wall
 * time, this process's CPU (process.cpuUsage around each call: our store code, the cipher and the
 * MongoDB driver, since the database is another process; on SQLite the database's work too, it is
 * in-process) and, on MongoDB, the commands sent (the driver's command monitoring).
 *
 * The stored conversations are copies of one conversation that went through the whole reference
 * intake by the same API: on SQLite written by bench/fill.ts (through the store, one at a time);
 * on MongoDB its documents (conversation, inbound messages, transcript, intake) copied with new ids
 * by insertMany, since a fill through the store is what FerretDB 1.24 makes quadratic (every
 * command but an exact `{_id}` scans its collection). Their sealed fields keep the template's
 * content; nothing reads them during the measure.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { IntakeEngine, randomIds, type PersistedIntake } from '../src/engine/intake-engine';
import { FieldCipher } from '../src/store/cipher';
import { MongoStore } from '../src/store/mongo';
import { SqliteStore } from '../src/store/sqlite';
import type { ConversationRecord, Store } from '../src/store/store';
import { loadConfig } from '../src/config/env';
import { withDatabase } from '../test/support/mongo-server';
import { REFERENCE } from '../test/scripts.reference';

export interface GrowthRow {
  store: 'sqlite' | 'mongodb';
  server: string;
  stored: number;
  fillSeconds: number;
  turns: number;
  wallMsPerTurn: { p50: number; mean: number; p95: number };
  cpuMsPerTurn: number;
  commandsPerTurn: number | null;
}

const KEY = Buffer.alloc(32, 7);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * One family's whole intake through the store API, as the service's turns call it. `onTurn` gets
 * each turn's wall and CPU ms spent in the store's calls alone (the engine's work between them,
 * the same on every store, is left out).
 */
async function family(store: Store, engine: IntakeEngine, phone: string, lines: string[], onTurn: (wallMs: number, cpuMs: number) => void): Promise<void> {
  const key = { channel: 'sms' as const, address: phone };
  let snapshot: PersistedIntake | null = null;
  for (const [i, text] of lines.entries()) {
    const at = new Date(Date.now() + i * 1000);
    const id = `SM${randomUUID().replace(/-/g, '')}`;
    let wall = 0;
    let cpu = 0;
    const timed = async <T>(call: () => Promise<T>): Promise<T> => {
      const c = process.cpuUsage();
      const t = performance.now();
      const out = await call();
      wall += performance.now() - t;
      const used = process.cpuUsage(c);
      cpu += (used.user + used.system) / 1000;
      return out;
    };
    await timed(() => store.receive({ ...key, id, at: at.toISOString(), text, media: [] }));
    await timed(() => store.unprocessed(key));
    const record: ConversationRecord | null = await timed(() => store.findConversation(key));
    const turn = engine.receive(record?.snapshot ?? snapshot ?? engine.create({ channel: 'sms', at, language: null, knownPhone: phone }), text, at);
    const version = (record?.version ?? 0) + 1;
    const summary = turn.context.consent ? engine.summary(turn.context, { now: at, transcriptId: record?.id ?? 'new' }) : null;
    const replies = turn.messages.map((m) => ({
      messageId: randomUUID(),
      replyTo: id,
      at: at.toISOString(),
      language: turn.context.language ?? 'en',
      text: m.text,
      media: [],
      rendered: m,
    }));
    const ok = await timed(() =>
      store.commitTurn({
        conversation: {
          id: record?.id ?? randomUUID(),
          channel: 'sms',
          address: phone,
          snapshot: turn.snapshot,
          version,
          createdAt: record?.createdAt ?? at.toISOString(),
          updatedAt: at.toISOString(),
          remindAt: null,
          abandonAt: null,
        },
        expectedVersion: record?.version ?? null,
        inboundId: id,
        replies,
        summary,
        unsentSince: at.toISOString(),
      }),
    );
    if (!ok) throw new Error('growth bench: a turn was refused (nothing else writes to this store)');
    await timed(() => store.markSent(key, id));
    onTurn(wall, cpu);
    snapshot = turn.snapshot;
  }
}

/** Copies of the template conversation's documents, `n` of them, with new ids (MongoDB). */
async function fillMongo(uri: string, templatePhone: string, n: number): Promise<void> {
  const client = new MongoClient(uri);
  await client.connect();
  try {
    const db = client.db();
    const conversation = await db.collection('conversations').findOne({ address: templatePhone });
    if (!conversation) throw new Error('growth bench: no template conversation');
    const inbound = await db.collection('inbound').find({ address: templatePhone }).toArray();
    const transcript = await db.collection('transcript').find({ conversationId: conversation._id }).toArray();
    const intakes = await db.collection('intakes').find({ conversationId: conversation._id }).toArray();
    const batch = 500;
    for (let from = 0; from < n; from += batch) {
      const docs: Record<string, Document[]> = { conversations: [], inbound: [], transcript: [], intakes: [] };
      for (let i = from; i < Math.min(n, from + batch); i++) {
        const id = randomUUID();
        const phone = `+1519${String(3_000_000 + i).slice(-7)}`;
        const intakeId = randomUUID();
        const { _id: _c, ...c } = conversation;
        docs.conversations.push({ ...c, _id: id, address: phone, intakeId });
        for (const { _id: _m, ...m } of inbound) docs.inbound.push({ ...m, address: phone });
        for (const { _id: _e, ...e } of transcript) docs.transcript.push({ ...e, _id: `${id}:${e.seq}`, conversationId: id });
        for (const { _id: _k, ...k } of intakes) docs.intakes.push({ ...k, _id: intakeId, conversationId: id, reference: `HP-${intakeId.slice(0, 8)}` });
      }
      for (const [name, list] of Object.entries(docs)) if (list.length) await db.collection(name).insertMany(list, { ordered: false });
    }
  } finally {
    await client.close();
  }
}

/**
 * The rows for `sizes` on one store kind. `mongoUri`: the server (its database is made per size
 * and dropped after); null: SQLite in a temporary folder.
 */
export async function storeGrowth(
  kind: 'sqlite' | 'mongodb',
  o: { sizes: number[]; families: number; mongoUri: string | null; serverKind: string; log: (line: string) => void },
): Promise<GrowthRow[]> {
  const config = loadConfig({ ...process.env, MONGODB_URI: '', ENCRYPTION_KEY: KEY.toString('base64') } as NodeJS.ProcessEnv);
  const cipher = new FieldCipher([{ id: 'k1', key: KEY }]);
  const engine = new IntakeEngine(config.firm, undefined, () => randomIds());
  const lines = REFERENCE.en;
  const rows: GrowthRow[] = [];
  for (const size of o.sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'growth-'));
    const uri = kind === 'mongodb' ? withDatabase(o.mongoUri!, `growth_${size}_${randomUUID().slice(0, 8)}`) : null;
    let commands = 0;
    const open = async (): Promise<Store> => {
      if (kind === 'sqlite') return new SqliteStore(dir, cipher);
      const s = await MongoStore.open(`${uri}${uri!.includes('?') ? '&' : '?'}monitorCommands=true`, cipher);
      s.database.client.on('commandStarted', (_e: CommandStartedEvent) => void commands++);
      return s;
    };
    const store = await open();
    try {
      // The template: one whole intake, then `size` stored conversations.
      const t0 = performance.now();
      const templatePhone = '+15190000000';
      await family(store, engine, templatePhone, lines, () => undefined);
      if (kind === 'mongodb') await fillMongo(uri!, templatePhone, size - 1);
      else for (let i = 1; i < size; i++) await family(store, engine, `+1519${String(3_000_000 + i).slice(-7)}`, lines.slice(0, 2), () => undefined);
      const fillSeconds = round((performance.now() - t0) / 1000, 1);
      o.log(`${kind} ${size} stored: filled in ${fillSeconds} s; ${o.families} families…`);
      const walls: number[] = [];
      let cpu = 0;
      commands = 0;
      for (let f = 0; f < o.families; f++) {
        await family(store, engine, `+1613${String(4_000_000 + f).slice(-7)}`, lines, (w, c) => {
          walls.push(w);
          cpu += c;
        });
      }
      walls.sort((a, b) => a - b);
      rows.push({
        store: kind,
        server: kind === 'sqlite' ? 'embedded SQLite' : o.serverKind,
        stored: size,
        fillSeconds,
        turns: walls.length,
        wallMsPerTurn: { p50: round(percentile(walls, 50)), mean: round(walls.reduce((a, b) => a + b, 0) / walls.length), p95: round(percentile(walls, 95)) },
        cpuMsPerTurn: round(cpu / walls.length),
        commandsPerTurn: kind === 'mongodb' ? round(commands / walls.length, 1) : null,
      });
      o.log(growthTable(rows.slice(-1)).split('\n')[1]);
    } finally {
      await (store as { close(): Promise<void> | void }).close();
      if (kind === 'mongodb') {
        const c = new MongoClient(uri!);
        await c.connect();
        await c
          .db()
          .dropDatabase()
          .catch(() => undefined);
        await c.close();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export function growthTable(rows: GrowthRow[]): string {
  const head = 'store    stored  turns  wall p50 ms  wall mean ms  wall p95 ms  store cpu ms/t   commands/t  server';
  return [
    head,
    ...rows.map((r) =>
      [
        r.store.padEnd(8),
        String(r.stored).padStart(6),
        String(r.turns).padStart(6),
        String(r.wallMsPerTurn.p50).padStart(12),
        String(r.wallMsPerTurn.mean).padStart(13),
        String(r.wallMsPerTurn.p95).padStart(12),
        String(r.cpuMsPerTurn).padStart(16),
        String(r.commandsPerTurn ?? '-').padStart(11),
        ` ${r.server}`,
      ].join(' '),
    ),
  ].join('\n');
}
