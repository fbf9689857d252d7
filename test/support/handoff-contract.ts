/**
 * What any firm-side store (HandoffStore) and account store (AccountStore) must do, whatever they
 * store in, beside the conversation store they share a connection with. Run against every backend
 * (test/handoff-store.test.ts).
 */
import type { AccountStore, ApiToken, Attorney, LoginRules, Session } from '../../src/store/account-store';
import { CursorError } from '../../src/store/cursor';
import {
  NEW_HANDLING,
  type EscalationRecord,
  type Handling,
  type HandoffStore,
  type IntakeQuery,
  type ListedIntake,
  type NewOutboxItem,
  type SentSms,
} from '../../src/store/handoff-store';
import type { ConversationRecord, Store, TurnCommit } from '../../src/store/store';
import type { Summary, Tier } from '../../src/summary/contract';
import { converse } from './converse';
import { REFERENCE } from '../scripts.reference';

export interface OpenedStores {
  store: Store;
  handoff: HandoffStore;
  accounts: AccountStore;
  /** Everything the backend holds, as raw text (the file's bytes, every document): for privacy checks. */
  raw(): Promise<string>;
  close(): Promise<void>;
}

const BASE: Summary = converse(REFERENCE.en).summary;
const at = (hhmm: string, day = '28') => `2026-11-${day}T${hhmm}:00.000Z`;

/** An intake as the conversation store would save it, with what the listing reads. */
export function intakeSummary(
  id: string,
  o: { tier?: Tier | null; createdAt?: string; updatedAt?: string; status?: Summary['status']; escalated?: boolean } = {},
): Summary {
  return {
    ...BASE,
    intakeId: id,
    reference: `HP-${id.toUpperCase()}`,
    status: o.status ?? 'complete',
    createdAt: o.createdAt ?? at('07:00'),
    updatedAt: o.updatedAt ?? o.createdAt ?? at('07:00'),
    triage: { ...BASE.triage, tier: o.tier === undefined ? 'U2' : o.tier, escalationReasons: o.escalated ? ['at_border'] : [] },
  };
}

const claimed = (by: string, when: string): Handling => ({
  ...NEW_HANDLING,
  status: 'claimed',
  claimedBy: by,
  claimedAt: when,
  updatedAt: when,
  updatedBy: by,
});

export function handoffContract(name: string, open: () => Promise<OpenedStores>) {
  describe(`${name} firm-side stores`, () => {
    let s: OpenedStores;
    let store: Store;
    let handoff: HandoffStore;
    let accounts: AccountStore;
    /** conversation id → [address, version] */
    const conversations = new Map<string, [string, number]>();
    beforeEach(async () => {
      s = await open();
      ({ store, handoff, accounts } = s);
      conversations.clear();
    });
    afterEach(() => s.close());

    const conversation = (id: string, version: number, address: string): ConversationRecord => ({
      id,
      channel: 'sms',
      address,
      snapshot: { status: 'active', value: 'x', context: { n: version } } as never,
      version,
      createdAt: at('07:00'),
      updatedAt: at('07:00'),
      remindAt: null,
      abandonAt: null,
    });
    /** The next turn of conversation `conv-<intakeId>`, as the conversation service commits it. */
    const turnOf = (summary: Summary | null, conv: string, outbox?: NewOutboxItem[]): TurnCommit => {
      const [address, version] = conversations.get(conv) ?? [`+1716555${String(3000 + conversations.size).padStart(4, '0')}`, 0];
      conversations.set(conv, [address, version]);
      return {
        conversation: conversation(conv, version + 1, address),
        expectedVersion: version === 0 ? null : version,
        inboundId: null,
        replies: [],
        summary,
        ...(outbox ? { outbox } : {}),
      };
    };
    const commit = async (t: TurnCommit) => {
      const ok = await store.commitTurn(t);
      if (ok) conversations.set(t.conversation.id, [t.conversation.address, t.conversation.version]);
      return ok;
    };
    const save = async (summary: Summary) => expect(await commit(turnOf(summary, `conv-${summary.intakeId}`))).toBe(true);

    // ---- handling ---------------------------------------------------------------------------------

    describe('handling', () => {
      it('starts as new, and a claim by two attorneys at once lets exactly one win', async () => {
        expect(await handoff.getHandling('nope')).toEqual(NEW_HANDLING);
        await save(intakeSummary('a1'));
        expect(await handoff.getHandling('a1')).toEqual(NEW_HANDLING);
        for (let i = 0; i < 5; i++) {
          const id = `race${i}`;
          await save(intakeSummary(id));
          const results = await Promise.all([
            handoff.setHandling(id, claimed('att-a', at('08:00')), 'new'),
            handoff.setHandling(id, claimed('att-b', at('08:00')), 'new'),
          ]);
          expect(results.filter(Boolean)).toHaveLength(1);
          expect(await handoff.getHandling(id)).toEqual(claimed(results[0] ? 'att-a' : 'att-b', at('08:00')));
        }
        // A later step needs the status it expects; an unknown intake has none.
        expect(await handoff.setHandling('a1', { ...claimed('att-a', at('08:00')), status: 'contacted', contactedAt: at('08:10') }, 'claimed')).toBe(false);
        expect(await handoff.setHandling('nope', claimed('att-a', at('08:00')), 'new')).toBe(false);
        expect(await handoff.getHandling('nope')).toEqual(NEW_HANDLING);
      });

      it('keeps the handling through later summary saves, and follows it through contacted and closed', async () => {
        await save(intakeSummary('h1', { status: 'in_progress', tier: null }));
        expect(await handoff.setHandling('h1', claimed('att-a', at('08:00')), 'new')).toBe(true);
        await save(intakeSummary('h1', { status: 'complete', tier: 'E1', updatedAt: at('09:00') }));
        expect(await handoff.getHandling('h1')).toEqual(claimed('att-a', at('08:00')));
        const contacted: Handling = { ...claimed('att-a', at('08:00')), status: 'contacted', contactedAt: at('09:30'), updatedAt: at('09:30') };
        expect(await handoff.setHandling('h1', contacted, 'claimed')).toBe(true);
        const closed: Handling = { ...contacted, status: 'closed', closedAt: at('10:00'), updatedAt: at('10:00'), updatedBy: 'token:crm' };
        expect(await handoff.setHandling('h1', closed, 'contacted')).toBe(true);
        await save(intakeSummary('h1', { status: 'complete', tier: 'E1', updatedAt: at('10:30') }));
        expect(await handoff.getHandling('h1')).toEqual(closed);
        const page = await handoff.listIntakes({ order: 'updated', limit: 10 });
        expect(page.items.map((i) => [i.summary.intakeId, i.summary.updatedAt, i.summary.triage.tier, i.handling])).toEqual([
          ['h1', at('10:30'), 'E1', closed],
        ]);
        expect(page.items[0].summary).toEqual(intakeSummary('h1', { status: 'complete', tier: 'E1', updatedAt: at('10:30') }));
      });
    });

    // ---- holding the conversation -----------------------------------------------------------------

    describe('hold', () => {
      it('is taken by one attorney of two at once, survives summary saves and the handling, and is released by its holder only', async () => {
        expect(await handoff.getHold('nope')).toBeNull();
        expect(await handoff.setHold('nope', { by: 'att-a', at: at('08:00') }, null)).toBe(false);
        for (let i = 0; i < 5; i++) {
          const id = `hold${i}`;
          await save(intakeSummary(id));
          expect(await handoff.getHold(id)).toBeNull();
          const results = await Promise.all([
            handoff.setHold(id, { by: 'att-a', at: at('08:00') }, null),
            handoff.setHold(id, { by: 'att-b', at: at('08:01') }, null),
          ]);
          expect(results.filter(Boolean)).toHaveLength(1);
          expect(await handoff.getHold(id)).toEqual(results[0] ? { by: 'att-a', at: at('08:00') } : { by: 'att-b', at: at('08:01') });
        }
        await save(intakeSummary('h2', { status: 'in_progress' }));
        expect(await handoff.setHold('h2', { by: 'att-a', at: at('08:00') }, null)).toBe(true);
        // A second take, as if nobody held it, is refused: the hold stays.
        expect(await handoff.setHold('h2', { by: 'att-b', at: at('08:05') }, null)).toBe(false);
        // The conversation goes on (the family's replies are kept) and the handling changes: the hold stays.
        await save(intakeSummary('h2', { status: 'in_progress', updatedAt: at('08:30') }));
        expect(await handoff.setHandling('h2', claimed('att-a', at('08:31')), 'new')).toBe(true);
        expect(await handoff.getHold('h2')).toEqual({ by: 'att-a', at: at('08:00') });
        expect(await handoff.getHandling('h2')).toEqual(claimed('att-a', at('08:31')));
        expect(await handoff.quietOf('h2')).toEqual({ handling: claimed('att-a', at('08:31')), hold: { by: 'att-a', at: at('08:00') } });
        expect(await handoff.quietOf('nope')).toEqual({ handling: NEW_HANDLING, hold: null });
        // Released only on the holder it expects.
        expect(await handoff.setHold('h2', null, 'att-b')).toBe(false);
        expect(await handoff.setHold('h2', null, 'att-a')).toBe(true);
        expect(await handoff.getHold('h2')).toBeNull();
        // And taken again once free.
        expect(await handoff.setHold('h2', { by: 'att-b', at: at('09:00') }, null)).toBe(true);
        expect(await handoff.getHold('h2')).toEqual({ by: 'att-b', at: at('09:00') });
      });
    });

    // ---- texts to the family -----------------------------------------------------------------------

    describe('sent texts', () => {
      const sms = (sid: string, o: Partial<SentSms> = {}): SentSms => ({
        sid,
        intakeId: 's1',
        conversationId: 'conv-s1',
        kind: 'attorney',
        messageId: `m-${sid}`,
        state: 'queued',
        errorCode: null,
        createdAt: at('08:00'),
        updatedAt: at('08:00'),
        ...o,
      });

      it('records each once and moves its state only forward, whatever order the callbacks come in', async () => {
        await handoff.recordSms(sms('SM1'));
        await handoff.recordSms(sms('SM2', { kind: 'reminder', messageId: null, createdAt: at('08:05'), updatedAt: at('08:05') }));
        await handoff.recordSms(sms('SM1', { state: 'failed', createdAt: at('09:00') }));
        await handoff.recordSms(sms('SM3', { intakeId: 'other' }));
        expect((await handoff.smsOf('s1')).map((m) => [m.sid, m.kind, m.state])).toEqual([
          ['SM1', 'attorney', 'queued'],
          ['SM2', 'reminder', 'queued'],
        ]);
        // delivered arrives before sent: sent no longer applies.
        expect(await handoff.updateSms('SM1', { state: 'delivered', errorCode: null, at: at('08:02') })).toBe(true);
        expect(await handoff.updateSms('SM1', { state: 'sent', errorCode: null, at: at('08:03') })).toBe(false);
        expect(await handoff.updateSms('SM1', { state: 'failed', errorCode: '30003', at: at('08:04') })).toBe(false);
        expect(await handoff.updateSms('SM2', { state: 'sent', errorCode: null, at: at('08:06') })).toBe(true);
        expect(await handoff.updateSms('SM2', { state: 'failed', errorCode: '30005', at: at('08:07') })).toBe(true);
        expect(await handoff.updateSms('SM-unknown', { state: 'sent', errorCode: null, at: at('08:07') })).toBe(false);
        expect(await handoff.smsOf('s1')).toEqual([
          sms('SM1', { state: 'delivered', updatedAt: at('08:02') }),
          sms('SM2', { kind: 'reminder', messageId: null, state: 'failed', errorCode: '30005', createdAt: at('08:05'), updatedAt: at('08:07') }),
        ]);
      });
    });

    // ---- listing ----------------------------------------------------------------------------------

    describe('listIntakes', () => {
      // id, tier, createdAt, updatedAt, intake status, escalated
      const CASES: Array<[string, Tier | null, string, string, Summary['status'], boolean]> = [
        ['i-r', 'R', at('07:00'), at('07:30'), 'complete', false],
        ['i-u1b', 'U1', at('07:10'), at('07:40'), 'complete', false],
        ['i-u1a', 'U1', at('07:10'), at('07:40'), 'complete', false], // same times as i-u1b: the id decides
        ['i-e0', 'E0', at('07:20'), at('07:25'), 'in_progress', true],
        ['i-none', null, at('07:05'), at('07:50'), 'in_progress', false],
        ['i-u1c', 'U1', at('06:00'), at('08:00'), 'abandoned', false],
        ['i-e1', 'E1', at('07:15'), at('07:15'), 'complete', false],
      ];
      const QUEUE = ['i-e0', 'i-e1', 'i-u1c', 'i-u1a', 'i-u1b', 'i-r', 'i-none'];
      const UPDATED = ['i-u1c', 'i-none', 'i-u1b', 'i-u1a', 'i-r', 'i-e0', 'i-e1'];
      const ids = (items: ListedIntake[]) => items.map((i) => i.summary.intakeId);

      beforeEach(async () => {
        for (const [id, tier, createdAt, updatedAt, status, escalated] of CASES)
          await save(intakeSummary(id, { tier, createdAt, updatedAt, status, escalated }));
        expect(await handoff.setHandling('i-u1a', claimed('att-a', at('08:05')), 'new')).toBe(true);
        expect(await handoff.setHandling('i-r', claimed('att-b', at('08:06')), 'new')).toBe(true);
        expect(await handoff.setHandling('i-r', { ...claimed('att-b', at('08:06')), status: 'closed', closedAt: at('08:07') }, 'claimed')).toBe(true);
      });

      /** Every page of a query, following `next`; checks no page is longer than the limit. */
      async function allPages(q: IntakeQuery): Promise<{ ids: string[]; pages: number }> {
        const out: string[] = [];
        let cursor: string | null = q.cursor ?? null;
        let pages = 0;
        do {
          const page = await handoff.listIntakes({ ...q, cursor });
          expect(page.items.length).toBeLessThanOrEqual(q.limit);
          out.push(...ids(page.items));
          cursor = page.next;
          pages++;
          expect(pages).toBeLessThan(20);
        } while (cursor !== null);
        return { ids: out, pages };
      }

      it('orders by queue (urgent tier first, oldest first, id last) and by most recently updated', async () => {
        const queue = await handoff.listIntakes({ order: 'queue', limit: 50 });
        expect(ids(queue.items)).toEqual(QUEUE);
        expect(queue.next).toBeNull();
        expect(ids((await handoff.listIntakes({ order: 'updated', limit: 50 })).items)).toEqual(UPDATED);
        // Each item comes whole: its summary and its handling.
        const r = queue.items.find((i) => i.summary.intakeId === 'i-r')!;
        expect(r.summary).toEqual(intakeSummary('i-r', { tier: 'R', createdAt: at('07:00'), updatedAt: at('07:30'), status: 'complete' }));
        expect(r.handling).toMatchObject({ status: 'closed', claimedBy: 'att-b', closedAt: at('08:07') });
        expect(queue.items.find((i) => i.summary.intakeId === 'i-e0')!.handling).toEqual(NEW_HANDLING);
      });

      it('pages through either order with no duplicate and no gap, whatever the page size', async () => {
        for (const limit of [1, 2, 3, 7]) {
          const q = await allPages({ order: 'queue', limit });
          expect(q.ids).toEqual(QUEUE);
          expect(q.pages).toBe(Math.ceil(QUEUE.length / limit));
          expect((await allPages({ order: 'updated', limit })).ids).toEqual(UPDATED);
        }
        // Filtered too.
        expect((await allPages({ order: 'queue', limit: 1, tier: ['U1'] })).ids).toEqual(['i-u1c', 'i-u1a', 'i-u1b']);
        // A page that ends exactly at the end says so.
        expect((await handoff.listIntakes({ order: 'queue', limit: 7 })).next).toBeNull();
        expect((await handoff.listIntakes({ order: 'queue', limit: 6 })).next).not.toBeNull();
      });

      it('keeps its place when an intake is added between two pages', async () => {
        const first = await handoff.listIntakes({ order: 'queue', limit: 3 });
        expect(ids(first.items)).toEqual(QUEUE.slice(0, 3));
        // Sorts before the cursor (E0): not on the next pages. Sorts after it (R): it is.
        await save(intakeSummary('i-e0-late', { tier: 'E0', createdAt: at('09:00') }));
        await save(intakeSummary('i-r-late', { tier: 'R', createdAt: at('09:00') }));
        const rest = await allPages({ order: 'queue', limit: 3, cursor: first.next });
        expect(rest.ids).toEqual(['i-u1a', 'i-u1b', 'i-r', 'i-r-late', 'i-none']);
      });

      it('filters by handling status, tier (and no tier), time of update and queue', async () => {
        const list = async (q: Omit<IntakeQuery, 'order' | 'limit'>) => ids((await handoff.listIntakes({ order: 'queue', limit: 50, ...q })).items);
        expect(await list({ handling: ['new'] })).toEqual(QUEUE.filter((i) => i !== 'i-u1a' && i !== 'i-r'));
        expect(await list({ handling: ['claimed', 'closed'] })).toEqual(['i-u1a', 'i-r']);
        expect(await list({ handling: ['contacted'] })).toEqual([]);
        expect(await list({ tier: ['U1', null] })).toEqual(['i-u1c', 'i-u1a', 'i-u1b', 'i-none']);
        expect(await list({ tier: [null] })).toEqual(['i-none']);
        expect(await list({ tier: ['E0', 'R'] })).toEqual(['i-e0', 'i-r']);
        expect(await list({ since: at('07:40') })).toEqual(['i-u1c', 'i-u1a', 'i-u1b', 'i-none']);
        // Queued: finished, or escalated while in progress.
        expect(await list({ queued: true })).toEqual(['i-e0', 'i-e1', 'i-u1c', 'i-u1a', 'i-u1b', 'i-r']);
        expect(await list({ queued: false })).toEqual(['i-none']);
        expect(await list({ queued: true, handling: ['new'], tier: ['U1'], since: at('07:40') })).toEqual(['i-u1c', 'i-u1b']);
      });

      it('refuses a cursor that is not one of its own', async () => {
        const page = await handoff.listIntakes({ order: 'queue', limit: 2 });
        await expect(handoff.listIntakes({ order: 'updated', limit: 2, cursor: page.next })).rejects.toBeInstanceOf(CursorError);
        await expect(handoff.listIntakes({ order: 'queue', limit: 2, cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(CursorError);
      });

      it('leaves out purged intakes, and what they had of a handling', async () => {
        await save(intakeSummary('i-old', { tier: 'E0', createdAt: at('07:00', '01'), updatedAt: at('07:00', '01'), status: 'abandoned' }));
        expect(await handoff.setHandling('i-old', claimed('att-a', at('08:00', '01')), 'new')).toBe(true);
        expect(ids((await handoff.listIntakes({ order: 'queue', limit: 50 })).items)).toEqual(['i-old', ...QUEUE]);
        // Its notifications may carry what the family wrote: they go with it; others stay.
        const note = (id: string, intakeId: string): NewOutboxItem => ({
          id,
          kind: 'email',
          intakeId,
          payload: { x: 1 },
          createdAt: at('07:00'),
          dueAt: at('07:00'),
        });
        await handoff.enqueue([note('old:email', 'i-old'), note('e0:email', 'i-e0')]);
        expect(await store.purgeIntakes({ statuses: ['abandoned'], updatedBefore: at('00:00', '15'), now: at('10:00') })).toBe(1);
        expect((await allPages({ order: 'queue', limit: 2 })).ids).toEqual(QUEUE);
        expect((await allPages({ order: 'updated', limit: 2 })).ids).toEqual(UPDATED);
        expect(ids((await handoff.listIntakes({ order: 'queue', limit: 50, handling: ['claimed'] })).items)).toEqual(['i-u1a']);
        expect(await handoff.setHandling('i-old', { ...claimed('att-a', at('08:00', '01')), status: 'closed' }, 'claimed')).toBe(false);
        expect(await handoff.getHandling('i-old')).toEqual(NEW_HANDLING);
        expect((await handoff.outboxItems()).map((i) => i.id)).toEqual(['e0:email']);
      });
    });

    // ---- escalations ------------------------------------------------------------------------------

    describe('escalations', () => {
      const escalation = (id: string, o: Partial<EscalationRecord> = {}): EscalationRecord => ({
        id,
        intakeId: 'e-intake',
        reference: 'HP-E',
        tier: 'E0',
        reasons: ['at_border', 'detained'],
        createdAt: at('07:00'),
        level: 'oncall',
        reescalateAt: at('07:15'),
        acknowledgedAt: null,
        acknowledgedBy: null,
        nobodyPaged: false,
        ...o,
      });

      it('creates each once, and lists them oldest first', async () => {
        expect(await handoff.createEscalation(escalation('esc-2', { createdAt: at('07:05') }))).toBe(true);
        expect(await handoff.createEscalation(escalation('esc-1'))).toBe(true);
        expect(await handoff.createEscalation(escalation('esc-3', { intakeId: 'other', tier: null, reasons: ['asked_for_human'] }))).toBe(true);
        expect(await handoff.createEscalation(escalation('esc-1', { reference: 'changed', reasons: [] }))).toBe(false);
        expect(await handoff.getEscalation('esc-1')).toEqual(escalation('esc-1'));
        expect(await handoff.getEscalation('esc-3')).toEqual(escalation('esc-3', { intakeId: 'other', tier: null, reasons: ['asked_for_human'] }));
        expect(await handoff.getEscalation('nope')).toBeNull();
        expect((await handoff.escalationsOf('e-intake')).map((e) => e.id)).toEqual(['esc-1', 'esc-2']);
        expect(await handoff.escalationsOf('nobody')).toEqual([]);
        expect((await handoff.unacknowledgedEscalations()).map((e) => e.id)).toEqual(['esc-1', 'esc-3', 'esc-2']);
      });

      it('keeps the first acknowledgement, even of two at once', async () => {
        await handoff.createEscalation(escalation('esc-1'));
        await handoff.createEscalation(escalation('esc-2'));
        const first = await handoff.acknowledgeEscalation('esc-1', 'att-a', at('07:03'));
        expect(first).toEqual(escalation('esc-1', { acknowledgedAt: at('07:03'), acknowledgedBy: 'att-a', reescalateAt: null }));
        expect(await handoff.acknowledgeEscalation('esc-1', 'sms:backup', at('07:04'))).toEqual(first);
        expect(await handoff.getEscalation('esc-1')).toEqual(first);
        const both = await Promise.all([
          handoff.acknowledgeEscalation('esc-2', 'att-a', at('07:05')),
          handoff.acknowledgeEscalation('esc-2', 'att-b', at('07:06')),
        ]);
        expect(both[0]).toEqual(both[1]);
        expect([
          ['att-a', at('07:05')],
          ['att-b', at('07:06')],
        ]).toContainEqual([both[0]!.acknowledgedBy, both[0]!.acknowledgedAt]);
        expect(await handoff.acknowledgeEscalation('nope', 'att-a', at('07:05'))).toBeNull();
        expect(await handoff.unacknowledgedEscalations()).toEqual([]);
      });

      it('re-escalates once what nobody acknowledged in time, and nothing else', async () => {
        await handoff.createEscalation(escalation('due'));
        await handoff.createEscalation(escalation('later', { reescalateAt: at('07:30') }));
        await handoff.createEscalation(escalation('acked'));
        await handoff.createEscalation(escalation('backup', { level: 'backup', reescalateAt: at('07:10') }));
        await handoff.createEscalation(escalation('never', { reescalateAt: null }));
        await handoff.acknowledgeEscalation('acked', 'att-a', at('07:10'));
        expect(await handoff.dueReescalations(at('07:14'))).toEqual([]);
        expect((await handoff.dueReescalations(at('07:15'))).map((e) => e.id)).toEqual(['due']);
        expect((await handoff.dueReescalations(at('08:00'))).map((e) => e.id)).toEqual(['due', 'later']);
        const twice = await Promise.all([handoff.markReescalated('due'), handoff.markReescalated('due')]);
        expect(twice.filter(Boolean)).toHaveLength(1);
        expect(await handoff.markReescalated('due')).toBe(false);
        expect(await handoff.getEscalation('due')).toEqual(escalation('due', { level: 'backup', reescalateAt: null }));
        expect(await handoff.markReescalated('acked')).toBe(false);
        expect(await handoff.markReescalated('nope')).toBe(false);
        expect((await handoff.dueReescalations(at('08:00'))).map((e) => e.id)).toEqual(['later']);
        // Acknowledged at the backup level.
        expect(await handoff.acknowledgeEscalation('due', 'sms:backup', at('08:01'))).toMatchObject({ level: 'backup', acknowledgedBy: 'sms:backup' });
      });

      it('keeps that nobody was paged: at creation, and at a re-escalation with no backup', async () => {
        await handoff.createEscalation(escalation('nobody', { nobodyPaged: true, reescalateAt: null }));
        expect(await handoff.getEscalation('nobody')).toEqual(escalation('nobody', { nobodyPaged: true, reescalateAt: null }));
        await handoff.createEscalation(escalation('no-backup'));
        expect(await handoff.markReescalated('no-backup', { nobodyPaged: true })).toBe(true);
        expect(await handoff.getEscalation('no-backup')).toMatchObject({ level: 'backup', nobodyPaged: true, reescalateAt: null });
        expect((await handoff.unacknowledgedEscalations()).map((e) => [e.id, e.nobodyPaged])).toEqual([
          ['no-backup', true],
          ['nobody', true],
        ]);
      });

      it('gives each reason of an intake to one escalation: the first to claim it, again to that one, never to another, even at once', async () => {
        const claim = (escalationId: string, reasons: EscalationRecord['reasons'], intakeId = 'r-intake') =>
          handoff.claimEscalationReasons({ intakeId, reasons, escalationId, at: at('07:00') });
        expect(await claim('esc-a', ['at_border'])).toEqual(['at_border']);
        // The same reason raised again for the intake: nothing to page.
        expect(await claim('esc-b', ['at_border'])).toEqual([]);
        // A new reason with it: only the new one.
        expect(await claim('esc-b', ['at_border', 'detained'])).toEqual(['detained']);
        // A retry of the first escalation holds what it held.
        expect(await claim('esc-a', ['at_border', 'detained'])).toEqual(['at_border']);
        // Another intake is apart.
        expect(await claim('esc-c', ['at_border'], 'other-intake')).toEqual(['at_border']);
        // Two escalations claiming one reason at once: exactly one gets it.
        const both = await Promise.all([claim('esc-x', ['asked_for_human']), claim('esc-y', ['asked_for_human'])]);
        expect(both.flat()).toEqual(['asked_for_human']);
      });
    });

    // ---- outbox -----------------------------------------------------------------------------------

    describe('outbox', () => {
      const item = (id: string, o: Partial<NewOutboxItem> = {}): NewOutboxItem => ({
        id,
        kind: 'email',
        intakeId: 'o-intake',
        payload: { to: 'oncall', note: `secret-${id}` },
        createdAt: at('07:00'),
        dueAt: at('07:00'),
        ...o,
      });

      it('keeps one of an item enqueued twice, as it was first', async () => {
        await handoff.enqueue([item('o1'), item('o2', { intakeId: null, kind: 'webhook', createdAt: at('07:01') })]);
        await handoff.enqueue([item('o1', { payload: { changed: true } }), item('o3', { intakeId: 'other', createdAt: at('07:02') })]);
        const all = await handoff.outboxItems();
        expect(all.map((i) => i.id)).toEqual(['o1', 'o2', 'o3']);
        expect(all[0]).toEqual({ ...item('o1'), state: 'pending', attempts: 0, lastError: null, doneAt: null, leasedBy: null, leaseUntil: null });
        expect(all[1]).toMatchObject({ intakeId: null, kind: 'webhook' });
        expect((await handoff.outboxItems({ intakeId: 'o-intake' })).map((i) => i.id)).toEqual(['o1']);
        expect((await handoff.outboxItems({ state: 'pending' })).map((i) => i.id)).toEqual(['o1', 'o2', 'o3']);
        expect(await handoff.outboxItems({ state: 'done' })).toEqual([]);
        await handoff.enqueue([]);
      });

      it('leases each due item to one of two callers at once, oldest due first, up to the limit', async () => {
        const items = Array.from({ length: 12 }, (_, i) => item(`c${String(i).padStart(2, '0')}`, { dueAt: at(`07:${String(30 - i).padStart(2, '0')}`) }));
        await handoff.enqueue([...items, item('future', { dueAt: at('09:00') })]);
        const claim = (by: string, limit: number) => handoff.claimDue({ now: at('08:00'), by, leaseUntil: at('08:05'), limit });
        const [a, b] = await Promise.all([claim('a', 5), claim('b', 5)]);
        expect(a).toHaveLength(5);
        expect(b).toHaveLength(5);
        const got = [...a, ...b].map((i) => i.id);
        expect(new Set(got).size).toBe(10);
        // The ten due soonest (the later ids are due earlier).
        expect(got.sort()).toEqual(
          items
            .slice(2)
            .map((i) => i.id)
            .sort(),
        );
        expect(a.map((i) => i.dueAt)).toEqual([...a.map((i) => i.dueAt)].sort());
        for (const i of a) expect(i).toMatchObject({ leasedBy: 'a', leaseUntil: at('08:05'), state: 'pending', payload: { note: `secret-${i.id}` } });
        const rest = await claim('c', 10);
        expect(rest.map((i) => i.id).sort()).toEqual(['c00', 'c01']);
        // Everything due is leased now; the future one is not due.
        expect(await claim('d', 10)).toEqual([]);
        expect(await handoff.claimDue({ now: at('09:00'), by: 'd', leaseUntil: at('09:05'), limit: 1 })).toMatchObject([{ id: 'c11' }]);
      });

      it('gives an item whose lease ran out to another caller; only the holder completes it', async () => {
        await handoff.enqueue([item('x', { dueAt: at('07:10') })]);
        expect(await handoff.claimDue({ now: at('07:09'), by: 'a', leaseUntil: at('07:20'), limit: 5 })).toEqual([]);
        expect((await handoff.claimDue({ now: at('07:10'), by: 'a', leaseUntil: at('07:20'), limit: 5 })).map((i) => i.id)).toEqual(['x']);
        expect(await handoff.claimDue({ now: at('07:19'), by: 'b', leaseUntil: at('07:30'), limit: 5 })).toEqual([]);
        expect(await handoff.claimDue({ now: at('07:20'), by: 'b', leaseUntil: at('07:30'), limit: 5 })).toMatchObject([
          { id: 'x', leasedBy: 'b', attempts: 0 },
        ]);
        expect(await handoff.completeOutbox('x', 'a', at('07:21'))).toBe(false);
        expect(await handoff.retryOutbox('x', 'a', { dueAt: at('07:40'), error: '500' })).toBe(false);
        expect(await handoff.failOutbox('x', 'a', { at: at('07:21'), error: '500' })).toBe(false);
        expect(await handoff.completeOutbox('x', 'b', at('07:22'))).toBe(true);
        expect(await handoff.completeOutbox('x', 'b', at('07:23'))).toBe(false);
        const [done] = await handoff.outboxItems();
        expect(done).toMatchObject({ id: 'x', state: 'done', attempts: 1, doneAt: at('07:22'), leasedBy: null, leaseUntil: null, lastError: null });
        expect(await handoff.claimDue({ now: at('09:00'), by: 'c', leaseUntil: at('09:05'), limit: 5 })).toEqual([]);
        expect(await handoff.outboxItems({ state: 'done' })).toHaveLength(1);
      });

      it('counts attempts through retries, and fails an item for good', async () => {
        await handoff.enqueue([item('r')]);
        const lease = (now: string, by = 'w') => handoff.claimDue({ now, by, leaseUntil: at('23:59'), limit: 1 });
        await lease(at('07:00'));
        expect(await handoff.retryOutbox('r', 'w', { dueAt: at('07:05'), error: '421' })).toBe(true);
        expect((await handoff.outboxItems())[0]).toMatchObject({
          state: 'pending',
          attempts: 1,
          dueAt: at('07:05'),
          lastError: '421',
          leasedBy: null,
          leaseUntil: null,
        });
        expect(await lease(at('07:04'))).toEqual([]);
        expect(await lease(at('07:05'))).toMatchObject([{ id: 'r', attempts: 1 }]);
        expect(await handoff.retryOutbox('r', 'w', { dueAt: at('07:15'), error: '503' })).toBe(true);
        await lease(at('07:15'));
        expect(await handoff.failOutbox('r', 'w', { at: at('07:16'), error: '550' })).toBe(true);
        expect((await handoff.outboxItems({ state: 'failed' }))[0]).toMatchObject({
          id: 'r',
          state: 'failed',
          attempts: 3,
          lastError: '550',
          doneAt: at('07:16'),
          leasedBy: null,
        });
        expect(await handoff.retryOutbox('r', 'w', { dueAt: at('08:00'), error: '1' })).toBe(false);
        expect(await lease(at('09:00'))).toEqual([]);
      });

      it('ends an item as it ended: done, nobody to reach, or a repeat; none is leased again', async () => {
        await handoff.enqueue([item('d'), item('n', { createdAt: at('07:01') }), item('x', { createdAt: at('07:02') })]);
        expect(await handoff.claimDue({ now: at('07:00'), by: 'w', leaseUntil: at('23:59'), limit: 3 })).toHaveLength(3);
        expect(await handoff.completeOutbox('d', 'w', at('07:01'))).toBe(true);
        expect(await handoff.completeOutbox('n', 'w', at('07:01'), 'not_configured')).toBe(true);
        expect(await handoff.completeOutbox('x', 'w', at('07:01'), 'repeated')).toBe(true);
        expect((await handoff.outboxItems()).map((i) => [i.id, i.state, i.attempts, i.doneAt])).toEqual([
          ['d', 'done', 1, at('07:01')],
          ['n', 'not_configured', 1, at('07:01')],
          ['x', 'repeated', 1, at('07:01')],
        ]);
        expect((await handoff.outboxItems({ state: 'not_configured' })).map((i) => i.id)).toEqual(['n']);
        expect(await handoff.claimDue({ now: at('09:00'), by: 'w2', leaseUntil: at('23:59'), limit: 3 })).toEqual([]);
        expect(await handoff.nextDue()).toBeNull();
      });

      it('tells when to look again: the earliest due time, or the end of a lease past it', async () => {
        expect(await handoff.nextDue()).toBeNull();
        await handoff.enqueue([item('n1', { dueAt: at('07:30') }), item('n2', { dueAt: at('07:20') })]);
        expect(await handoff.nextDue()).toBe(at('07:20'));
        await handoff.claimDue({ now: at('07:25'), by: 'w', leaseUntil: at('07:40'), limit: 1 });
        expect(await handoff.nextDue()).toBe(at('07:30'));
        await handoff.claimDue({ now: at('07:30'), by: 'w', leaseUntil: at('07:45'), limit: 1 });
        expect(await handoff.nextDue()).toBe(at('07:40'));
        await handoff.completeOutbox('n2', 'w', at('07:31'));
        await handoff.failOutbox('n1', 'w', { at: at('07:31'), error: 'x' });
        expect(await handoff.nextDue()).toBeNull();
      });

      it('writes the notifications of a turn with it, and none of a turn that conflicts', async () => {
        const summary = intakeSummary('t1', { tier: 'E0', escalated: true });
        expect(
          await commit(
            turnOf(summary, 'conv-t1', [item('t1:escalated', { intakeId: 't1', kind: 'escalated' }), item('t1:webhook', { intakeId: 't1', kind: 'webhook' })]),
          ),
        ).toBe(true);
        expect((await handoff.outboxItems({ intakeId: 't1' })).map((i) => [i.id, i.kind, i.payload])).toEqual([
          ['t1:escalated', 'escalated', { to: 'oncall', note: 'secret-t1:escalated' }],
          ['t1:webhook', 'webhook', { to: 'oncall', note: 'secret-t1:webhook' }],
        ]);
        // A stale turn (the version it read is gone): nothing of it is written.
        const stale = turnOf(summary, 'conv-t1', [item('t1:stale', { intakeId: 't1' })]);
        expect(await commit({ ...stale, expectedVersion: 0 })).toBe(false);
        expect(await commit({ ...stale, conversation: { ...stale.conversation, id: 'conv-other' }, expectedVersion: null })).toBe(false);
        // The next turn plans the same notification again (a retried step): it stays one.
        expect(
          await commit(
            turnOf(summary, 'conv-t1', [
              item('t1:escalated', { intakeId: 't1', payload: { again: true } }),
              item('t1:submitted', { intakeId: 't1', kind: 'submitted' }),
            ]),
          ),
        ).toBe(true);
        const items = await handoff.outboxItems({ intakeId: 't1' });
        expect(items.map((i) => i.id)).toEqual(['t1:escalated', 't1:submitted', 't1:webhook']);
        expect(items[0].payload).toEqual({ to: 'oncall', note: 'secret-t1:escalated' });
        // A turn without notifications writes none.
        expect(await commit(turnOf(summary, 'conv-t1'))).toBe(true);
        expect(await handoff.outboxItems()).toHaveLength(3);
      });

      it('seals what an item carries: the raw data never holds it', async () => {
        const secret = 'Leukemia-Roswell-7731';
        await handoff.enqueue([item('p1', { payload: { body: secret } })]);
        expect(await commit(turnOf(intakeSummary('p2'), 'conv-p2', [item('p2:note', { payload: { body: `${secret}-turn` } })]))).toBe(true);
        expect((await handoff.outboxItems()).map((i) => i.payload.body)).toEqual([secret, `${secret}-turn`]);
        const raw = await s.raw();
        expect(raw).toContain('p2:note');
        expect(raw).not.toContain(secret);
        expect(raw).not.toContain('Roswell');
      });
    });

    // ---- paging caps ------------------------------------------------------------------------------

    describe('page counters', () => {
      it('gives each of many escalations counted at once a place of its own, the same place when counted again, and counts past the places kept', async () => {
        const key = 'oncall:E0:2026-11-28T07';
        const keep = 11;
        const ids = Array.from({ length: 30 }, (_, i) => `esc_${i}`);
        // All at once, as 30 escalations taken by several workers (one connection's requests interleave on the server).
        const places = await Promise.all(ids.map((member) => handoff.countPage({ key, member, keep, at: at('07:10') })));
        const kept = places.filter((p) => p <= keep).sort((a, b) => a - b);
        expect(kept).toEqual(Array.from({ length: keep }, (_, i) => i + 1));
        expect(places.filter((p) => p > keep).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 - keep }, (_, i) => keep + i + 1));
        expect(await handoff.pagesCounted(key)).toBe(30);
        // Counted again (a retried step, another instance): a kept member keeps its place, and the count does not move.
        const again = await Promise.all(
          ids.map((member, i) => (places[i] <= keep ? handoff.countPage({ key, member, keep, at: at('07:20') }) : Promise.resolve(places[i]))),
        );
        expect(again).toEqual(places);
        expect(await handoff.pagesCounted(key)).toBe(30);
        // Another tier, another level, another hour: counters of their own.
        expect(await handoff.countPage({ key: 'oncall:E1:2026-11-28T07', member: 'esc_0', keep, at: at('07:30') })).toBe(1);
        expect(await handoff.countPage({ key: 'backup:E0:2026-11-28T07', member: 'esc_0', keep, at: at('07:30') })).toBe(1);
        expect(await handoff.countPage({ key: 'oncall:E0:2026-11-28T08', member: 'esc_0', keep, at: at('08:00') })).toBe(1);
        expect(await handoff.pagesCounted('oncall:E0:2026-11-28T09')).toBe(0);
      });

      it('forgets counters two days old when a new one starts', async () => {
        await handoff.countPage({ key: 'oncall:E0:2026-11-20T07', member: 'old', keep: 3, at: '2026-11-20T07:00:00.000Z' });
        await handoff.countPage({ key: 'oncall:E0:2026-11-27T07', member: 'recent', keep: 3, at: at('07:00', '27') });
        await handoff.countPage({ key: 'oncall:E0:2026-11-28T07', member: 'now', keep: 3, at: at('07:00') });
        expect(await handoff.pagesCounted('oncall:E0:2026-11-20T07')).toBe(0);
        expect(await handoff.pagesCounted('oncall:E0:2026-11-27T07')).toBe(1);
      });
    });

    // ---- audit ------------------------------------------------------------------------------------

    describe('audit', () => {
      it('lists entries newest first, by intake, up to a limit', async () => {
        const entry = (n: number, intakeId: string | null) => ({
          at: at(`07:${String(n).padStart(2, '0')}`),
          actor: `att-${n}`,
          action: 'viewed',
          intakeId,
          detail: { n, tier: 'E0', none: null },
        });
        for (const n of [1, 3, 2, 4]) await handoff.audit(entry(n, n % 2 ? 'a' : null));
        // Two at the same time: the one written last comes first.
        await handoff.audit({ ...entry(4, 'a'), actor: 'later' });
        expect((await handoff.auditLog()).map((e) => e.actor)).toEqual(['later', 'att-4', 'att-3', 'att-2', 'att-1']);
        expect(await handoff.auditLog({ limit: 2 })).toEqual([{ ...entry(4, 'a'), actor: 'later' }, entry(4, null)]);
        expect((await handoff.auditLog({ intakeId: 'a' })).map((e) => e.actor)).toEqual(['later', 'att-3', 'att-1']);
        expect((await handoff.auditLog({ intakeId: 'a', limit: 1 })).map((e) => e.actor)).toEqual(['later']);
        expect(await handoff.auditLog({ intakeId: 'none' })).toEqual([]);
      });
    });

    // ---- accounts ---------------------------------------------------------------------------------

    describe('accounts', () => {
      const attorney = (id: string, email: string, o: Partial<Attorney> = {}): Attorney => ({
        id,
        email,
        name: `Name ${id}`,
        passwordHash: `scrypt$${id}`,
        createdAt: at('07:00'),
        failedLogins: 0,
        lockedUntil: null,
        disabled: false,
        ...o,
      });

      it('keeps one account per email, whatever its case', async () => {
        expect(await accounts.createAttorney(attorney('a1', 'Ann.Lee@Firm.Example'))).toBe('created');
        expect(await accounts.createAttorney(attorney('a2', 'ann.lee@firm.example'))).toBe('exists');
        expect(await accounts.createAttorney(attorney('a1', 'other@firm.example'))).toBe('exists');
        expect(await accounts.createAttorney(attorney('b1', 'bo@firm.example', { name: null, createdAt: at('07:01') }))).toBe('created');
        expect(await accounts.getAttorney('a1')).toEqual(attorney('a1', 'ann.lee@firm.example'));
        expect(await accounts.findAttorneyByEmail('ANN.LEE@firm.example')).toEqual(attorney('a1', 'ann.lee@firm.example'));
        expect(await accounts.findAttorneyByEmail('other@firm.example')).toBeNull();
        expect(await accounts.getAttorney('a2')).toBeNull();
        expect((await accounts.listAttorneys()).map((a) => [a.id, a.email, a.name])).toEqual([
          ['a1', 'ann.lee@firm.example', 'Name a1'],
          ['b1', 'bo@firm.example', null],
        ]);
      });

      /** The lock-out rules at `hhmm`: LOGIN_MAX_FAILURES `max`, LOCKOUT_MINUTES 15. */
      const rules = (hhmm: string, max = 3): LoginRules => {
        const now = Date.parse(at(hhmm));
        return {
          now: at(hhmm),
          maxFailures: max,
          lockUntil: new Date(now + 15 * 60_000).toISOString(),
          staleBefore: new Date(now - 15 * 60_000).toISOString(),
        };
      };

      it('reserves sign-in attempts atomically: no more at once than the limit, a failure counts, a success gives back and clears', async () => {
        await accounts.createAttorney(attorney('a1', 'a@firm.example'));
        // Ten at once: three reserved, whatever the interleaving.
        const first = await Promise.all(Array.from({ length: 10 }, () => accounts.reserveLoginAttempt('a1', rules('07:00'))));
        expect(first.filter((r) => r === 'reserved')).toHaveLength(3);
        expect(first.filter((r) => r === 'locked')).toHaveLength(7);
        // Two of them fail, the third was right: the failures are cleared and every place is free again.
        expect(await accounts.failLoginAttempt('a1', rules('07:00'))).toEqual({ failures: 1, locked: false });
        expect(await accounts.failLoginAttempt('a1', rules('07:00'))).toEqual({ failures: 2, locked: false });
        expect(await accounts.getAttorney('a1')).toMatchObject({ failedLogins: 2, lockedUntil: null });
        expect(await accounts.passLoginAttempt('a1', rules('07:01'))).toBe('signed_in');
        expect(await accounts.getAttorney('a1')).toMatchObject({ failedLogins: 0, lockedUntil: null });
        const again = await Promise.all(Array.from({ length: 5 }, () => accounts.reserveLoginAttempt('a1', rules('07:02'))));
        expect(again.filter((r) => r === 'reserved')).toHaveLength(3);

        // The three fail at once: counted 1, 2, 3, and exactly one of them locks the account.
        const failed = await Promise.all([1, 2, 3].map(() => accounts.failLoginAttempt('a1', rules('07:02'))));
        expect(failed.map((f) => f.failures).sort()).toEqual([1, 2, 3]);
        expect(failed.filter((f) => f.locked)).toHaveLength(1);
        expect(await accounts.getAttorney('a1')).toMatchObject({ failedLogins: 3, lockedUntil: rules('07:02').lockUntil });
        expect(await accounts.reserveLoginAttempt('a1', rules('07:10'))).toBe('locked');
        // A success never lifts a lock that was earned.
        expect(await accounts.passLoginAttempt('a1', rules('07:10'))).toBe('locked');
        expect(await accounts.getAttorney('a1')).toMatchObject({ failedLogins: 3, lockedUntil: rules('07:02').lockUntil });

        // Once the lock has run out: a fresh count.
        expect(await accounts.reserveLoginAttempt('a1', rules('07:17'))).toBe('reserved');
        expect(await accounts.getAttorney('a1')).toMatchObject({ failedLogins: 0, lockedUntil: null });
        expect(await accounts.reserveLoginAttempt('a1', rules('07:17'))).toBe('reserved');
        expect(await accounts.reserveLoginAttempt('a1', rules('07:17'))).toBe('reserved');
        expect(await accounts.reserveLoginAttempt('a1', rules('07:17'))).toBe('locked');
        expect(await accounts.reserveLoginAttempt('nope', rules('07:17'))).toBe('locked');
      });

      it('frees an account from reservations never settled (an instance died during the check) after a lock time, and at a password reset', async () => {
        await accounts.createAttorney(attorney('a1', 'a@firm.example'));
        await accounts.createAttorney(attorney('a2', 'b@firm.example'));
        for (const id of ['a1', 'a2']) for (let i = 0; i < 3; i++) expect(await accounts.reserveLoginAttempt(id, rules('07:00'))).toBe('reserved');
        expect(await accounts.reserveLoginAttempt('a1', rules('07:14'))).toBe('locked');
        expect(await accounts.reserveLoginAttempt('a1', rules('07:16'))).toBe('reserved');
        expect(await accounts.setPassword('a2', 'scrypt$new')).toBe(true);
        expect(await accounts.reserveLoginAttempt('a2', rules('07:01'))).toBe('reserved');
      });

      it('counts failed sign-ins of an account created with some, and keeps disabling and password resets apart', async () => {
        await accounts.createAttorney(attorney('a1', 'a@firm.example', { failedLogins: 2 }));
        expect(await accounts.reserveLoginAttempt('a1', rules('07:00'))).toBe('reserved');
        expect(await accounts.reserveLoginAttempt('a1', rules('07:00'))).toBe('locked');
        expect(await accounts.failLoginAttempt('a1', rules('07:00'))).toEqual({ failures: 3, locked: true });
        expect(await accounts.setPassword('a1', 'scrypt$new')).toBe(true);
        expect(await accounts.getAttorney('a1')).toMatchObject({ passwordHash: 'scrypt$new', failedLogins: 0, lockedUntil: null });
        expect(await accounts.setPassword('nope', 'x')).toBe(false);
        expect(await accounts.setDisabled('a1', true)).toBe(true);
        expect(await accounts.getAttorney('a1')).toMatchObject({ disabled: true });
        expect(await accounts.setDisabled('a1', false)).toBe(true);
        expect((await accounts.findAttorneyByEmail('a@firm.example'))!.disabled).toBe(false);
        expect(await accounts.setDisabled('nope', true)).toBe(false);
      });

      it('counts failed sign-ins per address and window up to a bound, atomically; gives one back; deletes them once expired', async () => {
        const w1 = at('07:00');
        const w2 = at('08:00');
        // Ten at once on a count that does not exist yet: four counted.
        const adds = await Promise.all(Array.from({ length: 10 }, () => accounts.addLoginFailure('k1', w1, 4, at('09:00'))));
        expect(adds.filter(Boolean)).toHaveLength(4);
        expect(await accounts.loginFailures('k1', w1)).toBe(4);
        expect(await accounts.addLoginFailure('k1', w1, 4, at('09:00'))).toBe(false);
        expect(await accounts.addLoginFailure('k1', w1, 5, at('09:00'))).toBe(true);
        expect(await accounts.addLoginFailure('k1', w1, 0, at('09:00'))).toBe(false);
        expect(await accounts.addLoginFailure('k2', w1, 0, at('09:00'))).toBe(false);
        expect(await accounts.loginFailures('k2', w1)).toBe(0);
        // Other addresses and windows count apart.
        expect(await accounts.addLoginFailure('k2', w1, 1, at('09:00'))).toBe(true);
        expect(await accounts.addLoginFailure('k2', w1, 1, at('09:00'))).toBe(false);
        expect(await accounts.addLoginFailure('k1', w2, 1, at('10:00'))).toBe(true);
        expect(await accounts.loginFailures('k1', w1)).toBe(5);

        await accounts.removeLoginFailure('k2', w1);
        await accounts.removeLoginFailure('k2', w1);
        await accounts.removeLoginFailure('nope', w1);
        expect(await accounts.loginFailures('k2', w1)).toBe(0);
        expect(await accounts.addLoginFailure('k2', w1, 1, at('09:00'))).toBe(true);

        expect(await accounts.deleteExpiredLoginFailures(at('08:59'))).toBe(0);
        expect(await accounts.deleteExpiredLoginFailures(at('09:00'))).toBe(2);
        expect(await accounts.loginFailures('k1', w1)).toBe(0);
        expect(await accounts.loginFailures('k1', w2)).toBe(1);
      });

      it('ends every open session of an account whose password is reset, and only of that account', async () => {
        const session = (idHash: string, attorneyId: string): Session => ({
          idHash,
          attorneyId,
          csrfToken: `csrf-${idHash}`,
          createdAt: at('07:00'),
          expiresAt: at('23:00'),
        });
        await accounts.createAttorney(attorney('a1', 'a@firm.example'));
        await accounts.createAttorney(attorney('a2', 'b@firm.example'));
        await accounts.createSession(session('r1', 'a1'));
        await accounts.createSession(session('r2', 'a1'));
        await accounts.createSession(session('r3', 'a2'));
        expect(await accounts.setPassword('a1', 'scrypt$reset')).toBe(true);
        expect(await accounts.getSession('r1')).toBeNull();
        expect(await accounts.getSession('r2')).toBeNull();
        expect(await accounts.getSession('r3')).toEqual(session('r3', 'a2'));
      });

      it('keeps sessions until deleted or expired', async () => {
        const session = (idHash: string, expiresAt: string): Session => ({
          idHash,
          attorneyId: 'a1',
          csrfToken: `csrf-${idHash}`,
          createdAt: at('07:00'),
          expiresAt,
        });
        await accounts.createSession(session('s1', at('08:00')));
        await accounts.createSession(session('s2', at('09:00')));
        await accounts.createSession(session('s3', at('10:00')));
        expect(await accounts.getSession('s1')).toEqual(session('s1', at('08:00')));
        expect(await accounts.getSession('nope')).toBeNull();
        await accounts.deleteSession('s3');
        expect(await accounts.getSession('s3')).toBeNull();
        await accounts.deleteSession('s3');
        expect(await accounts.deleteExpiredSessions(at('07:59'))).toBe(0);
        expect(await accounts.deleteExpiredSessions(at('08:00'))).toBe(1);
        expect(await accounts.getSession('s1')).toBeNull();
        expect(await accounts.getSession('s2')).toEqual(session('s2', at('09:00')));
      });

      it('keeps API tokens by unique name with their scopes, finds them by hash, revokes and touches them', async () => {
        const token = (id: string, name: string, tokenHash: string, scopes: ApiToken['scopes'] = ['read', 'write']): ApiToken => ({
          id,
          name,
          tokenHash,
          createdAt: at('07:00'),
          lastUsedAt: null,
          revokedAt: null,
          scopes,
        });
        expect(await accounts.createApiToken(token('t1', 'crm', 'hash-1'))).toBe('created');
        expect(await accounts.createApiToken(token('t2', 'crm', 'hash-2'))).toBe('exists');
        expect(await accounts.createApiToken(token('t3', 'billing', 'hash-3', ['read']))).toBe('created');
        expect(await accounts.createApiToken(token('t5', 'pager', 'hash-5', ['write']))).toBe('created');
        expect(await accounts.findApiToken('hash-1')).toEqual(token('t1', 'crm', 'hash-1'));
        expect((await accounts.findApiToken('hash-3'))!.scopes).toEqual(['read']);
        expect((await accounts.findApiToken('hash-5'))!.scopes).toEqual(['write']);
        expect(await accounts.findApiToken('hash-2')).toBeNull();
        expect((await accounts.listApiTokens()).map((t) => t.name)).toEqual(['billing', 'crm', 'pager']);
        await accounts.touchApiToken('t1', at('07:30'));
        expect(await accounts.findApiToken('hash-1')).toMatchObject({ lastUsedAt: at('07:30'), revokedAt: null });
        expect(await accounts.revokeApiToken('crm', at('08:00'))).toBe(true);
        expect(await accounts.revokeApiToken('crm', at('08:01'))).toBe(false);
        expect(await accounts.revokeApiToken('nope', at('08:01'))).toBe(false);
        expect(await accounts.findApiToken('hash-1')).toMatchObject({ revokedAt: at('08:00') });
        // The name stays taken by the revoked token.
        expect(await accounts.createApiToken(token('t4', 'crm', 'hash-4'))).toBe('exists');
      });
    });
  });
}
