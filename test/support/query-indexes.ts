/**
 * Every query the MongoDB stores send is served by an index they declare: recorded through the
 * driver's command monitoring while a test file drives the stores, then checked in two halves.
 *
 * 1. Coverage, on any server: each recorded filter and sort against the declared indexes, by the
 *    prefix rule: the index's leading keys are equality fields of the filter, and the sort's fields
 *    (those the filter does not fix) come right after them, all in the sort's direction or all
 *    reversed. Without a sort, the index's first key must be a field of the filter. A filter on
 *    `_id` is served by the `_id` index (the only allow-listed case); an `$or` without a sort is
 *    served when each branch is. A sort not covered is a failure.
 * 2. Explain, where the engine plans as MongoDB does (`queryPlanner.winningPlan`): each recorded
 *    query is explained, and a collection scan or an in-memory sort of more than a page fails.
 *    FerretDB 1.24 does not plan (it scans in Go): there this half says so (not applicable) after
 *    checking that the engine indeed returns no MongoDB plan; the coverage half still runs.
 */
import type { CommandStartedEvent, Db, Document, MongoClient } from 'mongodb';
import { MAX_LIMIT } from '../../src/api/query';
import { INDEXES as CONVERSATION_INDEXES } from '../../src/store/mongo';
import { ACCOUNT_INDEXES } from '../../src/store/mongo-accounts';
import { HANDOFF_INDEXES } from '../../src/store/mongo-handoff';

type Key = Record<string, 1 | -1>;
export interface DeclaredIndex {
  collection: string;
  name: string;
  key: Key;
}

/** Every index the stores declare, and each collection's `_id` index. */
export function declaredIndexes(): DeclaredIndex[] {
  const out: DeclaredIndex[] = [];
  for (const lists of [CONVERSATION_INDEXES, HANDOFF_INDEXES, ACCOUNT_INDEXES] as Array<Record<string, Array<{ name: string; key: Key }>>>) {
    for (const [collection, list] of Object.entries(lists)) for (const i of list) out.push({ collection, name: i.name, key: i.key });
  }
  return out;
}

/** One query as sent: the collection, the command, its filter, sort and limit. */
export interface RecordedQuery {
  db: string;
  collection: string;
  command: string;
  filter: Document;
  sort: Key | null;
  limit: number | null;
  /** The command to explain (the whole command, one statement of it for update and delete). */
  explainable: Document;
}

const QUERY_COMMANDS = new Set(['find', 'aggregate', 'update', 'delete', 'count', 'findAndModify', 'distinct']);

/** A sort as sent: the driver sends it as a Map (to keep its order), or as a document. */
function sortOf(v: unknown): Key | null {
  if (v instanceof Map) return Object.fromEntries(v) as Key;
  return (v as Key | undefined) ?? null;
}

function stripMeta(cmd: Document): Document {
  const out: Document = {};
  for (const [k, v] of Object.entries(cmd))
    if (!k.startsWith('$') && !['lsid', 'txnNumber', 'readConcern', 'writeConcern', 'apiVersion'].includes(k)) out[k] = v;
  return out;
}

/** The queries one command carries (an update or a delete can carry several statements). */
export function queriesOf(e: Pick<CommandStartedEvent, 'commandName' | 'command' | 'databaseName'>): RecordedQuery[] {
  const name = e.commandName;
  if (!QUERY_COMMANDS.has(name)) return [];
  const cmd = e.command;
  const collection = String(cmd[name]);
  const base = { db: e.databaseName, collection, command: name };
  const plain = stripMeta(cmd);
  switch (name) {
    case 'find':
      return [{ ...base, filter: cmd.filter ?? {}, sort: sortOf(cmd.sort), limit: cmd.limit ?? null, explainable: plain }];
    case 'findAndModify':
      return [{ ...base, filter: cmd.query ?? {}, sort: sortOf(cmd.sort), limit: 1, explainable: plain }];
    case 'count':
    case 'distinct':
      return [{ ...base, filter: cmd.query ?? {}, sort: null, limit: null, explainable: plain }];
    case 'update':
      return (cmd.updates as Document[]).map((u) => ({
        ...base,
        filter: u.q ?? {},
        sort: null,
        limit: u.multi ? null : 1,
        explainable: { ...plain, updates: [u] },
      }));
    case 'delete':
      return (cmd.deletes as Document[]).map((d) => ({
        ...base,
        filter: d.q ?? {},
        sort: null,
        limit: d.limit === 1 ? 1 : null,
        explainable: { ...plain, deletes: [d] },
      }));
    case 'aggregate': {
      const pipeline = cmd.pipeline as Document[];
      const match = pipeline[0]?.$match ?? {};
      const sort = sortOf(pipeline.find((s) => s.$sort)?.$sort);
      const limit = (pipeline.find((s) => s.$limit)?.$limit as number | undefined) ?? null;
      return [{ ...base, filter: match, sort, limit, explainable: plain }];
    }
    default:
      return [];
  }
}

interface Conditions {
  eq: Set<string>;
  range: Set<string>;
  ors: Document[][];
}

const isOperatorObject = (v: unknown): v is Document =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof Date) &&
  Object.keys(v).length > 0 &&
  Object.keys(v).every((k) => k.startsWith('$'));

function conditionsOf(filter: Document, into: Conditions = { eq: new Set(), range: new Set(), ors: [] }): Conditions {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and') for (const f of v as Document[]) conditionsOf(f, into);
    else if (k === '$or') into.ors.push(v as Document[]);
    else if (k.startsWith('$'))
      continue; // $nor, $expr, $comment: no index use claimed for them
    else if (isOperatorObject(v) && !('$eq' in v) && !('$in' in v)) into.range.add(k);
    else into.eq.add(k);
  }
  return into;
}

/** The declared index that serves `q` (by the rules at the top), or why none does. */
export function servingIndex(q: Pick<RecordedQuery, 'collection' | 'filter' | 'sort'>, indexes: DeclaredIndex[]): { index: string } | { missing: string } {
  const c = conditionsOf(q.filter);
  if (c.eq.has('_id')) return { index: '_id_' };
  const own = [...indexes.filter((i) => i.collection === q.collection), { collection: q.collection, name: '_id_', key: { _id: 1 } as Key }];
  const sort = q.sort ? Object.entries(q.sort).filter(([f]) => !c.eq.has(f)) : [];
  // The index with the most leading equality fields first (the one a planner would take).
  const prefix = (i: DeclaredIndex) => {
    let n = 0;
    for (const [f] of Object.entries(i.key))
      if (c.eq.has(f)) n++;
      else break;
    return n;
  };
  own.sort((a, b) => prefix(b) - prefix(a));
  for (const i of own) {
    const keys = Object.entries(i.key);
    let p = 0;
    while (p < keys.length && c.eq.has(keys[p][0])) p++;
    if (sort.length > 0) {
      const next = keys.slice(p, p + sort.length);
      if (next.length < sort.length || next.some(([f], j) => f !== sort[j][0])) continue;
      const same = next.every(([, d], j) => d === sort[j][1]);
      const reversed = next.every(([, d], j) => d === -sort[j][1]);
      if (same || reversed) return { index: i.name };
    } else if (p > 0 || (keys.length > 0 && c.range.has(keys[0][0]))) {
      return { index: i.name };
    }
  }
  if (sort.length === 0 && c.ors.length > 0) {
    // Each branch of each $or, with the conditions beside it, on an index of its own.
    const names: string[] = [];
    for (const or of c.ors) {
      for (const branch of or) {
        const r = servingIndex({ collection: q.collection, filter: { ...branch, ...eqPlaceholders(c) }, sort: null }, indexes);
        if ('missing' in r) return { missing: `$or branch ${JSON.stringify(branch)}: ${r.missing}` };
        names.push(r.index);
      }
    }
    return { index: [...new Set(names)].join(' | ') };
  }
  const fields = `equality ${JSON.stringify([...c.eq])}, range ${JSON.stringify([...c.range])}`;
  return {
    missing: q.sort
      ? `no index has ${fields.replace('range', 'then sort')} ${JSON.stringify(q.sort)} by the prefix rule`
      : `no index starts with a field of the filter (${fields})`,
  };
}

/** The outer equality conditions again, as placeholders a branch is checked with. */
function eqPlaceholders(c: Conditions): Document {
  const out: Document = {};
  for (const f of c.eq) out[f] = 0;
  for (const f of c.range) out[f] = { $exists: true };
  return out;
}

/** Records the queries `client` sends from now on (needs monitorCommands=true in its connection string). */
export class QueryRecorder {
  readonly queries: RecordedQuery[] = [];
  private readonly clients = new Set<MongoClient>();

  watch(client: MongoClient): void {
    if (this.clients.has(client)) return;
    this.clients.add(client);
    client.on('commandStarted', (e: CommandStartedEvent) => this.queries.push(...queriesOf(e)));
  }

  /** The distinct queries by shape (collection, command, filter fields and operators, sort). */
  distinct(): RecordedQuery[] {
    const seen = new Map<string, RecordedQuery>();
    for (const q of this.queries) {
      const k = `${q.collection} ${q.command} ${shape(q.filter)} ${JSON.stringify(q.sort)}`;
      if (!seen.has(k)) seen.set(k, q);
    }
    return [...seen.values()];
  }
}

/** A filter's shape: its fields and operators, its values left out. */
export function shape(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(shape).join(',')}]`;
  if (typeof v === 'object' && v !== null && !(v instanceof Date) && v.constructor?.name === 'Object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}:${k.startsWith('$') || isOperatorObject(x) || k === '$or' || k === '$and' ? shape(x) : '?'}`)
      .join(',')}}`;
  }
  return '?';
}

/** The stages of a MongoDB explain's winning plan (classic or slot-based), or null when it has none. */
export function planStages(explained: Document): Array<{ stage: string; limitAmount?: number }> | null {
  const plan = explained.queryPlanner?.winningPlan ?? explained.stages?.[0]?.$cursor?.queryPlanner?.winningPlan;
  if (!plan || typeof plan !== 'object') return null;
  const out: Array<{ stage: string; limitAmount?: number }> = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const o = n as Document;
    if (typeof o.stage === 'string') out.push({ stage: o.stage, ...(typeof o.limitAmount === 'number' ? { limitAmount: o.limitAmount } : {}) });
    for (const [k, v] of Object.entries(o)) if (k !== 'filter' && k !== 'indexBounds' && k !== 'keyPattern') walk(v);
  };
  walk(plan);
  return out.length > 0 ? out : null;
}

/** What is wrong with a plan: a collection scan, or an in-memory sort of more than `page` documents. */
export function planProblems(stages: Array<{ stage: string; limitAmount?: number }>, page: number): string[] {
  const problems: string[] = [];
  for (const s of stages) {
    if (s.stage === 'COLLSCAN') problems.push('collection scan (COLLSCAN)');
    if (s.stage === 'SORT' && !(s.limitAmount !== undefined && s.limitAmount <= page))
      problems.push(`in-memory sort${s.limitAmount ? ` of ${s.limitAmount}` : ' without a limit'}`);
  }
  return problems;
}

/** Explains one recorded query on `db` (queryPlanner verbosity: plans, runs nothing). */
export async function explain(db: Db, q: RecordedQuery): Promise<Document> {
  return db.command({ explain: q.explainable, verbosity: 'queryPlanner' });
}

/** The largest page a query asks for (the API's limit), and the one row more that says whether there is a next page. */
export const PAGE = MAX_LIMIT + 1;

/**
 * The two halves as tests, to be called at the end of a test file (after the tests that drive the
 * stores, whose queries `recorder` holds). `db(name)` reads a database of the run's server.
 */
export function indexCoverageTests(label: string, recorder: QueryRecorder, db: (name: string) => Db, o: { atLeast: number }) {
  const kind = process.env.TEST_MONGODB_KIND ?? '';
  const noPlanner = /^FerretDB 1\./.test(kind);
  describe(`${label}: every query it sent is served by a declared index`, () => {
    it(`by the prefix rule (equality fields, then the sort), each of the distinct queries recorded (at least ${o.atLeast})`, () => {
      const queries = recorder.distinct();
      expect(queries.length).toBeGreaterThanOrEqual(o.atLeast);
      const indexes = declaredIndexes();
      const problems = queries.flatMap((q) => {
        const r = servingIndex(q, indexes);
        return 'missing' in r ? [`${q.collection}.${q.command} ${shape(q.filter)} sort ${JSON.stringify(q.sort)}: ${r.missing}`] : [];
      });
      expect(problems).toEqual([]);
    });

    const title = noPlanner
      ? `explain: not applicable on ${kind} (it does not plan; checked: its explain has no MongoDB plan), the prefix rule above stands for it`
      : 'explain (MongoDB plans): no collection scan, no in-memory sort of more than a page';
    it(title, async () => {
      const queries = recorder.distinct();
      expect(queries.length).toBeGreaterThanOrEqual(o.atLeast);
      const problems: string[] = [];
      let planned = 0;
      for (const q of queries) {
        const explained = await explain(db(q.db), q).catch((err: Error) => ({ error: err.message }));
        const stages = 'error' in explained ? null : planStages(explained);
        if (noPlanner) {
          // Should this engine ever plan, the test name above is wrong: it fails, to be looked at.
          if (stages) problems.push(`${q.collection}.${q.command}: a plan from an engine taken for one that does not plan: ${JSON.stringify(stages)}`);
          continue;
        }
        if (!stages) {
          problems.push(`${q.collection}.${q.command} ${shape(q.filter)}: no plan in its explain (${JSON.stringify(explained).slice(0, 300)})`);
          continue;
        }
        planned++;
        for (const p of planProblems(stages, PAGE)) problems.push(`${q.collection}.${q.command} ${shape(q.filter)} sort ${JSON.stringify(q.sort)}: ${p}`);
      }
      expect(problems).toEqual([]);
      if (noPlanner)
        process.stderr.write(`[query-indexes] ${label}: explain not applicable on ${kind}; ${queries.length} queries checked by the prefix rule only\n`);
      else expect(planned).toBe(queries.length);
    });
  });
}
