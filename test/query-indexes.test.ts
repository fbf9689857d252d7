/**
 * The rules test/support/query-indexes.ts applies to every query the MongoDB stores send (there,
 * on the recorded queries): here on queries and plans written out, so that each rule is seen to
 * refuse what it must. The explain samples have the shape MongoDB's explain returns
 * (queryPlanner.winningPlan, classic and slot-based).
 */
import { planProblems, planStages, queriesOf, servingIndex, type DeclaredIndex } from './support/query-indexes';

const indexes: DeclaredIndex[] = [
  { collection: 'intakes', name: 'tierRank_createdAt_id', key: { tierRank: 1, createdAt: 1, _id: 1 } },
  { collection: 'intakes', name: 'updatedAt_id', key: { updatedAt: 1, _id: 1 } },
  { collection: 'intakes', name: 'status_updatedAt', key: { status: 1, updatedAt: 1 } },
  { collection: 'audit', name: 'intakeId_at_id', key: { intakeId: 1, at: -1, _id: -1 } },
  { collection: 'conversations', name: 'remindAt', key: { remindAt: 1 } },
  { collection: 'conversations', name: 'abandonAt', key: { abandonAt: 1 } },
];
const served = (collection: string, filter: object, sort: Record<string, 1 | -1> | null = null) => servingIndex({ collection, filter, sort }, indexes);

describe('the prefix rule', () => {
  it('serves a sort from the index whose keys follow the equality fields, in its direction or all reversed', () => {
    expect(served('intakes', { summary: { $exists: true } }, { tierRank: 1, createdAt: 1, _id: 1 })).toEqual({ index: 'tierRank_createdAt_id' });
    expect(served('intakes', { summary: { $exists: true } }, { updatedAt: -1, _id: -1 })).toEqual({ index: 'updatedAt_id' });
    expect(served('audit', { intakeId: 'i' }, { at: -1, _id: -1 })).toEqual({ index: 'intakeId_at_id' });
    expect(served('audit', { intakeId: 'i' }, { at: 1, _id: 1 })).toEqual({ index: 'intakeId_at_id' });
    expect(served('intakes', { status: { $in: ['complete'] } }, { updatedAt: 1 })).toEqual({ index: 'status_updatedAt' });
  });

  it('refuses a sort the index does not end with, one in mixed directions, and one after a field the filter does not fix', () => {
    expect(served('intakes', {}, { tierRank: 1, createdAt: 1, reference: 1 })).toHaveProperty('missing');
    expect(served('intakes', {}, { updatedAt: -1, _id: 1 })).toHaveProperty('missing');
    expect(served('audit', {}, { at: -1, _id: -1 })).toHaveProperty('missing');
    expect(served('intakes', { status: 'complete' }, { reference: 1 })).toHaveProperty('missing');
  });

  it('serves a filter whose first index key it names; an $or when every branch is served; `_id` always', () => {
    expect(served('intakes', { status: 'complete', updatedAt: { $lt: 'x' } })).toEqual({ index: 'status_updatedAt' });
    expect(served('conversations', { $or: [{ remindAt: { $lte: 'x' } }, { abandonAt: { $lte: 'x' } }], quarantine: null })).toEqual({
      index: 'remindAt | abandonAt',
    });
    expect(served('conversations', { $or: [{ remindAt: { $lte: 'x' } }, { updatedAt: { $lte: 'x' } }] })).toHaveProperty('missing');
    expect(served('conversations', { quarantine: null })).toHaveProperty('missing');
    expect(served('sessions', { attorneyId: 'a' })).toHaveProperty('missing');
    expect(served('sessions', { _id: 'h' })).toEqual({ index: '_id_' });
  });

  it('reads the filter and sort of each kind of command as the driver sends them (a sort as a Map)', () => {
    const [find] = queriesOf({
      commandName: 'find',
      databaseName: 'd',
      command: {
        find: 'audit',
        filter: { intakeId: 'i' },
        sort: new Map([
          ['at', -1],
          ['_id', -1],
        ]),
        limit: 51,
      },
    });
    expect(find).toMatchObject({ collection: 'audit', filter: { intakeId: 'i' }, sort: { at: -1, _id: -1 }, limit: 51 });
    const updates = queriesOf({
      commandName: 'update',
      databaseName: 'd',
      command: {
        update: 'c',
        updates: [
          { q: { a: 1 }, u: {} },
          { q: { b: 1 }, u: {}, multi: true },
        ],
      },
    });
    expect(updates.map((q) => [q.filter, q.limit])).toEqual([
      [{ a: 1 }, 1],
      [{ b: 1 }, null],
    ]);
    const [count] = queriesOf({
      commandName: 'aggregate',
      databaseName: 'd',
      command: { aggregate: 'c', pipeline: [{ $match: { x: 1 } }, { $group: { _id: 1, n: { $sum: 1 } } }] },
    });
    expect(count.filter).toEqual({ x: 1 });
    expect(queriesOf({ commandName: 'insert', databaseName: 'd', command: { insert: 'c', documents: [] } })).toEqual([]);
  });
});

describe('explain plans', () => {
  const classic = (winningPlan: object) => ({ queryPlanner: { winningPlan } });
  it('finds a collection scan or an unbounded sort in memory, wherever it sits in the plan', () => {
    const scan = planStages(classic({ stage: 'FETCH', inputStage: { stage: 'COLLSCAN', direction: 'forward' } }))!;
    expect(planProblems(scan, 101)).toEqual(['collection scan (COLLSCAN)']);
    const sorted = planStages(classic({ stage: 'SORT', sortPattern: { at: -1 }, inputStage: { stage: 'IXSCAN', indexName: 'x' } }))!;
    expect(planProblems(sorted, 101)).toEqual(['in-memory sort without a limit']);
    const big = planStages(classic({ stage: 'SORT', limitAmount: 5000, inputStage: { stage: 'IXSCAN' } }))!;
    expect(planProblems(big, 101)).toEqual(['in-memory sort of 5000']);
    // $or: each branch on an index.
    const or = planStages(classic({ stage: 'FETCH', inputStage: { stage: 'OR', inputStages: [{ stage: 'IXSCAN' }, { stage: 'COLLSCAN' }] } }))!;
    expect(planProblems(or, 101)).toEqual(['collection scan (COLLSCAN)']);
  });

  it('passes an index scan, a top-k sort of a page, and reads slot-based and aggregate plans', () => {
    expect(
      planProblems(
        planStages(classic({ stage: 'LIMIT', inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', keyPattern: { at: -1, _id: -1 } } } }))!,
        101,
      ),
    ).toEqual([]);
    expect(planProblems(planStages(classic({ stage: 'SORT', limitAmount: 101, inputStage: { stage: 'IXSCAN' } }))!, 101)).toEqual([]);
    expect(planStages(classic({ queryPlan: { stage: 'FETCH', inputStage: { stage: 'IXSCAN' } }, slotBasedPlan: { stages: '[1] nlj' } }))).toEqual([
      { stage: 'FETCH' },
      { stage: 'IXSCAN' },
    ]);
    expect(planStages({ stages: [{ $cursor: { queryPlanner: { winningPlan: { stage: 'COLLSCAN' } } } }, { $group: {} }] })).toEqual([{ stage: 'COLLSCAN' }]);
    // An engine without MongoDB's planner (FerretDB 1.24 answers with its own fields).
    expect(planStages({ queryPlanner: { Plan: 'Scan on documents' }, pushdown: false })).toBeNull();
  });
});
