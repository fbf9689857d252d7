/**
 * Part 2's store: 10,000 finished and 10,000 idle conversations, written through the store API
 * (the same sealing, the same tables or collections as the server's own turns). Each is one
 * committed turn carrying the whole of its state: the snapshot, every transcript entry and the
 * summary, so that the store holds what real conversations leave behind.
 *
 * The conversations are copies of two made by the real engine (the reference intake, finished;
 * the same cut after ten messages, waiting for an answer), each with its own ids, reference and
 * number. Idle ones have their reminder due tomorrow: the scheduler does not fire during a run.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Config } from '../src/config/env';
import { IntakeEngine, randomIds, type PersistedIntake } from '../src/engine/intake-engine';
import { encryptionKeys } from '../src/server/keys';
import { openStores } from '../src/store/open';
import type { OutboundEntry } from '../src/store/store';
import type { Summary } from '../src/summary/contract';
import { REFERENCE } from '../test/scripts.reference';

interface Template {
  snapshot: PersistedIntake;
  entries: OutboundEntry[];
  summary: Summary | null;
  version: number;
  ids: { intakeId: string; reference: string; phone: string };
}

const TEMPLATE_PHONE = '+14165550199';

function template(config: Config, lines: string[], now: Date): Template {
  const ids = randomIds();
  const engine = new IntakeEngine(config.firm, undefined, () => ids);
  let snapshot = engine.create({ channel: 'sms', at: now, language: null, knownPhone: TEMPLATE_PHONE });
  const entries: OutboundEntry[] = [];
  let context = null;
  lines.forEach((line, i) => {
    const at = new Date(now.getTime() + i * 60_000);
    const inId = `SMtemplate${i}`;
    entries.push({ messageId: inId, replyTo: null, at: at.toISOString(), language: null, text: line, media: [] });
    const turn = engine.receive(snapshot, line, at);
    snapshot = turn.snapshot;
    context = turn.context;
    for (const m of turn.messages)
      entries.push({
        messageId: randomUUID(),
        replyTo: inId,
        at: at.toISOString(),
        language: turn.context.language ?? 'en',
        text: m.text,
        media: [],
        rendered: m,
      });
  });
  const summary = context ? engine.summary(context, { now, transcriptId: 'TEMPLATE-CONVERSATION' }) : null;
  return { snapshot, entries, summary, version: lines.length, ids: { ...ids, phone: TEMPLATE_PHONE } };
}

/** The template with its ids replaced (a string replace over its JSON: the ids are unique strings). */
function copyOf<T>(value: T, from: Template['ids'], to: Template['ids'], conversationId: string): T {
  const json = JSON.stringify(value)
    .replaceAll(from.intakeId, to.intakeId)
    .replaceAll(from.reference, to.reference)
    .replaceAll(from.phone, to.phone)
    .replaceAll('TEMPLATE-CONVERSATION', conversationId);
  return JSON.parse(json) as T;
}

export interface FillResult {
  finished: number;
  idle: number;
  seconds: number;
}

export async function fillStore(config: Config, o: { finished: number; idle: number; onProgress?: (n: number) => void }): Promise<FillResult> {
  const now = new Date();
  const finished = template(config, REFERENCE.en, now);
  const idle = template(config, REFERENCE.en.slice(0, 10), now);
  if (finished.summary?.status !== 'complete') throw new Error(`the finished template is ${finished.summary?.status}, not complete`);
  const stores = await openStores({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, keys: encryptionKeys(config) });
  const started = performance.now();
  const tomorrow = new Date(now.getTime() + 24 * 3600_000).toISOString();
  let n = 0;
  try {
    for (let i = 0; i < o.finished + o.idle; i++) {
      const t = i < o.finished ? finished : idle;
      const id = randomUUID();
      const ids = { ...randomIds(), phone: `+1519${String(3_000_000 + i).slice(-7)}` };
      const ok = await stores.store.commitTurn({
        conversation: {
          id,
          channel: 'sms',
          address: ids.phone,
          snapshot: copyOf(t.snapshot, t.ids, ids, id),
          version: t.version,
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          remindAt: t === idle ? tomorrow : null,
          abandonAt: null,
        },
        expectedVersion: null,
        inboundId: null,
        replies: copyOf(t.entries, t.ids, ids, id),
        summary: t.summary ? copyOf(t.summary, t.ids, ids, id) : null,
      });
      if (!ok) throw new Error('fill: a conversation could not be written');
      if (++n % 1000 === 0) o.onProgress?.(n);
    }
  } finally {
    await stores.close();
  }
  return { finished: o.finished, idle: o.idle, seconds: Math.round((performance.now() - started) / 100) / 10 };
}
