/**
 * What any Store must do, whatever it stores in. Run against every adapter (test/store.test.ts).
 */
import type { ConversationRecord, InboundMessage, Store } from '../../src/store/store';
import type { Summary } from '../../src/summary/contract';
import { converse } from './converse';
import { REFERENCE } from '../scripts.reference';

export function storeContract(name: string, open: () => Promise<Store>) {
  describe(`${name} store`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(() => store.close());

    const key = { channel: 'sms' as const, address: '+17165550111' };
    const inbound = (id: string, text = 'hello', at = '2026-11-28T07:00:00.000Z'): InboundMessage => ({ ...key, id, at, text, media: [] });
    const record = (version: number, extra: Partial<ConversationRecord> = {}): ConversationRecord => ({
      ...key,
      id: 'conv-1',
      snapshot: { status: 'active', value: 'start', context: { n: version } } as never,
      version,
      createdAt: '2026-11-28T07:00:00.000Z',
      updatedAt: '2026-11-28T07:00:00.000Z',
      remindAt: null,
      abandonAt: null,
      ...extra,
    });
    const reply = (id: string, replyTo: string | null, text: string) => ({
      messageId: id,
      replyTo,
      at: '2026-11-28T07:00:01.000Z',
      language: 'en' as const,
      text,
      media: [],
    });

    it('receives an inbound message once', async () => {
      expect(await store.receive(inbound('SM1'))).toBe('new');
      expect(await store.receive(inbound('SM1'))).toBe('duplicate');
      expect(await store.isProcessed(key, 'SM1')).toBe(false);
      expect((await store.unprocessed(key)).map((m) => m.id)).toEqual(['SM1']);
    });

    it('commits a turn: the conversation, the message, the replies, in order', async () => {
      await store.receive({ ...inbound('SM1', 'photo'), media: ['https://example.com/m.jpg'] });
      expect(
        await store.commitTurn({
          conversation: record(1),
          expectedVersion: null,
          inboundId: 'SM1',
          replies: [reply('R1', 'SM1', 'one'), reply('R2', 'SM1', 'two')],
          summary: null,
        }),
      ).toBe(true);
      expect(await store.isProcessed(key, 'SM1')).toBe(true);
      expect(await store.unprocessed(key)).toEqual([]);
      const found = await store.findConversation(key);
      expect(found).toMatchObject({ id: 'conv-1', version: 1, snapshot: { context: { n: 1 } } });
      const t = await store.transcript('conv-1');
      expect(t.map((e) => [e.seq, e.direction, e.messageId, e.text])).toEqual([
        [1, 'in', 'SM1', 'photo'],
        [2, 'out', 'R1', 'one'],
        [3, 'out', 'R2', 'two'],
      ]);
      expect(t[0].media).toEqual(['https://example.com/m.jpg']);
      expect((await store.repliesTo(key, 'SM1')).map((e) => e.text)).toEqual(['one', 'two']);
      expect((await store.transcript('conv-1', 2)).map((e) => e.seq)).toEqual([3]);
    });

    it('refuses a turn on a conversation that changed meanwhile (compare-and-set)', async () => {
      await store.receive(inbound('SM1'));
      await store.receive(inbound('SM2'));
      await store.receive(inbound('SM3'));
      expect(await store.commitTurn({ conversation: record(1), expectedVersion: null, inboundId: 'SM1', replies: [], summary: null })).toBe(true);
      // A second creation of the same conversation loses.
      expect(await store.commitTurn({ conversation: record(1), expectedVersion: null, inboundId: 'SM2', replies: [], summary: null })).toBe(false);
      expect(await store.commitTurn({ conversation: record(2), expectedVersion: 1, inboundId: 'SM2', replies: [reply('R2', 'SM2', 'x')], summary: null })).toBe(
        true,
      );
      // Based on version 1 again: refused, and nothing of it is kept.
      expect(
        await store.commitTurn({ conversation: record(2), expectedVersion: 1, inboundId: 'SM3', replies: [reply('R3', 'SM3', 'lost')], summary: null }),
      ).toBe(false);
      expect(await store.isProcessed(key, 'SM3')).toBe(false);
      expect((await store.transcript('conv-1')).map((e) => e.messageId)).toEqual(['SM1', 'SM2', 'R2']);
      expect((await store.findConversation(key))!.version).toBe(2);
    });

    it('processes a message once even if two turns race for it', async () => {
      await store.receive(inbound('SM1'));
      expect(await store.commitTurn({ conversation: record(1), expectedVersion: null, inboundId: 'SM1', replies: [], summary: null })).toBe(true);
      expect(
        await store.commitTurn({ conversation: record(2), expectedVersion: 1, inboundId: 'SM1', replies: [reply('R9', 'SM1', 'twice')], summary: null }),
      ).toBe(false);
      expect((await store.findConversation(key))!.version).toBe(1);
    });

    it('processes a message once when a turn that read it as unprocessed tries again after its commit', async () => {
      await store.receive(inbound('SM1'));
      expect(await store.commitTurn({ conversation: record(1), expectedVersion: null, inboundId: 'SM1', replies: [], summary: null })).toBe(true);
      await store.receive(inbound('SM2'));
      // What a turn reads before it commits: the messages still unprocessed, then the conversation.
      expect((await store.unprocessed(key)).map((m) => m.id)).toEqual(['SM2']);
      expect((await store.findConversation(key))!.version).toBe(1);
      expect(
        await store.commitTurn({ conversation: record(2), expectedVersion: 1, inboundId: 'SM2', replies: [reply('R2', 'SM2', 'first')], summary: null }),
      ).toBe(true);
      // The same message again: on the version its turn made, then on the one read before, then
      // on the one read after.
      expect(
        await store.commitTurn({ conversation: record(3), expectedVersion: 2, inboundId: 'SM2', replies: [reply('R7', 'SM2', 'twice')], summary: null }),
      ).toBe(false);
      expect(
        await store.commitTurn({ conversation: record(2), expectedVersion: 1, inboundId: 'SM2', replies: [reply('R8', 'SM2', 'again')], summary: null }),
      ).toBe(false);
      expect((await store.findConversation(key))!.version).toBe(2);
      expect(
        await store.commitTurn({ conversation: record(3), expectedVersion: 2, inboundId: 'SM2', replies: [reply('R9', 'SM2', 'thrice')], summary: null }),
      ).toBe(false);
      expect((await store.transcript('conv-1')).map((e) => e.messageId)).toEqual(['SM1', 'SM2', 'R2']);
      expect((await store.repliesTo(key, 'SM2')).map((e) => e.text)).toEqual(['first']);
      expect((await store.findConversation(key))!.version).toBe(2);
    });

    it('processes the messages left unprocessed in the order they arrived, each with what it said', async () => {
      // Received before a crash, never processed; the next turn finds them.
      await store.receive(inbound('SM1', 'Hello', '2026-11-28T07:00:00.000Z'));
      await store.receive({ ...inbound('SM2', 'photo', '2026-11-28T07:00:01.000Z'), media: ['https://example.com/m.jpg'] });
      await store.receive(inbound('SM3', 'in Canada', '2026-11-28T07:00:02.000Z'));
      const pending = await store.unprocessed(key);
      expect(pending.map((m) => m.id)).toEqual(['SM1', 'SM2', 'SM3']);
      expect(await store.findConversation(key)).toBeNull();
      for (const [i, m] of pending.entries()) {
        const current = i === 0 ? null : await store.findConversation(key);
        expect(current?.version ?? null).toBe(i === 0 ? null : i);
        expect(
          await store.commitTurn({
            conversation: record(i + 1),
            expectedVersion: current?.version ?? null,
            inboundId: m.id,
            replies: [reply(`R${i + 1}`, m.id, `to ${m.text}`)],
            summary: null,
          }),
        ).toBe(true);
      }
      const t = await store.transcript('conv-1');
      expect(t.map((e) => [e.seq, e.direction, e.messageId, e.text])).toEqual([
        [1, 'in', 'SM1', 'Hello'],
        [2, 'out', 'R1', 'to Hello'],
        [3, 'in', 'SM2', 'photo'],
        [4, 'out', 'R2', 'to photo'],
        [5, 'in', 'SM3', 'in Canada'],
        [6, 'out', 'R3', 'to in Canada'],
      ]);
      expect(t[2].media).toEqual(['https://example.com/m.jpg']);
      expect(await store.unprocessed(key)).toEqual([]);
      for (const id of ['SM1', 'SM2', 'SM3']) expect(await store.isProcessed(key, id)).toBe(true);
    });

    it('forgets, when consent is declined, also what was received before and is processed after', async () => {
      await store.receive(inbound('SM1', 'my husband has a DUI from 2012', '2026-11-28T07:00:00.000Z'));
      await store.receive(inbound('SM2', 'and a second one in 2015', '2026-11-28T07:00:01.000Z'));
      expect((await store.unprocessed(key)).map((m) => m.id)).toEqual(['SM1', 'SM2']);
      expect(await store.findConversation(key)).toBeNull();
      expect(
        await store.commitTurn({
          conversation: record(1),
          expectedVersion: null,
          inboundId: 'SM1',
          replies: [reply('R1', 'SM1', 'notice')],
          summary: null,
          forget: true,
        }),
      ).toBe(true);
      expect((await store.findConversation(key))!.version).toBe(1);
      expect(
        await store.commitTurn({ conversation: record(2), expectedVersion: 1, inboundId: 'SM2', replies: [reply('R2', 'SM2', 'ok')], summary: null }),
      ).toBe(true);
      expect((await store.transcript('conv-1')).map((e) => e.text)).toEqual(['', 'notice', '', 'ok']);
      expect(JSON.stringify(await store.transcript('conv-1'))).not.toMatch(/DUI|2015/);
    });

    it('keeps the summary of the intake, and replaces it as the intake goes on', async () => {
      const summary: Summary = converse(REFERENCE.en).summary;
      await store.receive(inbound('SM1'));
      await store.commitTurn({ conversation: record(1), expectedVersion: null, inboundId: 'SM1', replies: [], summary: { ...summary, status: 'in_progress' } });
      expect((await store.getIntake(summary.intakeId))!.status).toBe('in_progress');
      await store.commitTurn({ conversation: record(2), expectedVersion: 1, inboundId: null, replies: [], summary });
      expect(await store.getIntake(summary.intakeId)).toEqual(summary);
      expect(await store.getIntake('nope')).toBeNull();
    });

    it('forgets what was written when consent is declined', async () => {
      await store.receive(inbound('SM1', 'my husband has a DUI from 2012'));
      await store.commitTurn({
        conversation: record(1),
        expectedVersion: null,
        inboundId: 'SM1',
        replies: [reply('R1', 'SM1', 'notice')],
        summary: null,
        forget: true,
      });
      const t = await store.transcript('conv-1');
      expect(t.map((e) => e.text)).toEqual(['', 'notice']);
      expect(JSON.stringify(await store.unprocessed(key))).not.toContain('DUI');
    });

    it('finds the conversations whose reminder or abandonment is due', async () => {
      await store.commitTurn({
        conversation: record(1, { remindAt: '2026-11-28T08:00:00.000Z' }),
        expectedVersion: null,
        inboundId: null,
        replies: [],
        summary: null,
      });
      expect(await store.dueForInactivity('2026-11-28T07:59:59.000Z')).toEqual([]);
      expect((await store.dueForInactivity('2026-11-28T08:00:00.000Z')).map((c) => c.id)).toEqual(['conv-1']);
      await store.commitTurn({
        conversation: record(2, { remindAt: null, abandonAt: '2026-11-29T08:00:00.000Z' }),
        expectedVersion: 1,
        inboundId: null,
        replies: [],
        summary: null,
      });
      expect(await store.dueForInactivity('2026-11-28T09:00:00.000Z')).toEqual([]);
      expect((await store.dueForInactivity('2026-11-29T08:00:00.000Z')).map((c) => c.version)).toEqual([2]);
    });

    it('lists the conversations stored without a status, oldest first, and gives one its lifetime without a turn', async () => {
      const commit = (c: ConversationRecord) => store.commitTurn({ conversation: c, expectedVersion: null, inboundId: null, replies: [], summary: null });
      const old = { channel: 'webchat' as const, address: 'dl-old' };
      const current = { channel: 'botframework' as const, address: 'emulator:now' };
      // Two as a release before this one stored them (no status, no due time), one as it is now.
      expect(await commit({ ...record(1), ...old, id: 'conv-old', updatedAt: '2026-11-28T06:00:00.000Z' })).toBe(true);
      expect(await commit({ ...record(1), id: 'conv-older', updatedAt: '2026-11-28T05:00:00.000Z' })).toBe(true);
      expect(
        await commit({ ...record(1), ...current, id: 'conv-now', status: 'in_progress', intakeId: 'int-now', abandonAt: '2026-11-29T07:00:00.000Z' }),
      ).toBe(true);
      expect((await store.withoutLifetime(10)).map((c) => c.id)).toEqual(['conv-older', 'conv-old']);
      expect((await store.withoutLifetime(1)).map((c) => c.id)).toEqual(['conv-older']);
      expect(await store.findConversation(current)).toMatchObject({
        status: 'in_progress',
        intakeId: 'int-now',
        remindAt: null,
        abandonAt: '2026-11-29T07:00:00.000Z',
      });
      expect(await store.findConversation(old)).toMatchObject({ status: null, intakeId: null });

      const lifetime = { status: 'in_progress' as const, intakeId: 'int-old', remindAt: null, abandonAt: '2026-11-28T07:00:00.000Z' };
      // Not at the version it was read at: a turn came meanwhile, and set it.
      expect(await store.setLifetime('conv-old', 2, lifetime)).toBe(false);
      expect(await store.setLifetime('conv-old', 1, lifetime)).toBe(true);
      // Not a turn: the version and the time of the last turn stay.
      expect(await store.findConversation(old)).toMatchObject({ ...lifetime, id: 'conv-old', version: 1, updatedAt: '2026-11-28T06:00:00.000Z' });
      expect((await store.withoutLifetime(10)).map((c) => c.id)).toEqual(['conv-older']);
      expect((await store.dueForInactivity('2026-11-28T06:59:59.000Z')).map((c) => c.id)).toEqual([]);
      expect((await store.dueForInactivity('2026-11-28T07:00:00.000Z')).map((c) => c.id)).toEqual(['conv-old']);
      // The next turn goes on from that version, and its lifetime replaces it.
      const abandoned = { ...record(2), ...old, id: 'conv-old', status: 'abandoned' as const, intakeId: 'int-old', updatedAt: '2026-11-28T07:00:00.000Z' };
      expect(await store.commitTurn({ conversation: abandoned, expectedVersion: 1, inboundId: null, replies: [], summary: null })).toBe(true);
      expect(await store.findConversation(old)).toMatchObject({ status: 'abandoned', version: 2, remindAt: null, abandonAt: null });
      expect((await store.dueForInactivity('2026-11-30T00:00:00.000Z')).map((c) => c.id)).toEqual(['conv-now']);
    });

    it('deletes the conversations that ended before consent past retention, with every word they wrote, and nothing else', async () => {
      const at = (d: string) => `2026-${d}T07:00:00.000Z`;
      const reference: Summary = converse(REFERENCE.en).summary;
      const retained = ['abandoned', 'opted_out', 'declined'] as const;
      /** A conversation whose one turn (a message, a reply) was its last, at `updatedAt`. */
      const ended = async (
        name: string,
        k: typeof key | { channel: 'webchat'; address: string },
        status: NonNullable<ConversationRecord['status']>,
        updatedAt: string,
        summary: Summary | null = null,
      ) => {
        await store.receive({ ...k, id: `in-${name}`, at: updatedAt, text: 'my son has leukemia', media: [] });
        const conversation = { ...record(1), ...k, id: `conv-${name}`, updatedAt, status, intakeId: summary?.intakeId ?? `int-${name}` };
        expect(
          await store.commitTurn({ conversation, expectedVersion: null, inboundId: `in-${name}`, replies: [reply(`R-${name}`, `in-${name}`, 'ok')], summary }),
        ).toBe(true);
        return { ...k, id: `conv-${name}`, message: { ...k, id: `in-${name}`, at: updatedAt, text: 'again', media: [] } };
      };
      const abandoned = await ended('abandoned', { channel: 'webchat', address: 'dl-abandoned' }, 'abandoned', at('01-10'));
      const declined = await ended('declined', { channel: 'webchat', address: 'dl-declined' }, 'declined', at('01-11'));
      const stopped = await ended('stopped', { channel: 'sms', address: '+17165550301' }, 'opted_out', at('01-12'));
      await store.setOptOut(stopped.address, true, at('01-12'));
      // An intake was stored (consent): purgeIntakes' to purge, keeping its minimal record.
      const withIntake = await ended('intake', { channel: 'webchat', address: 'dl-intake' }, 'abandoned', at('01-13'), {
        ...reference,
        intakeId: 'int-intake',
        status: 'abandoned',
        updatedAt: at('01-13'),
      });
      const recent = await ended('recent', { channel: 'webchat', address: 'dl-recent' }, 'abandoned', at('11-20'));
      // Still in progress, however old: the scheduler ends it first.
      const active = await ended('active', { channel: 'webchat', address: 'dl-active' }, 'in_progress', at('01-14'));
      // The family of the abandoned one writes again while the purge runs: that message is not its to take.
      await store.receive({ ...abandoned, id: 'in-late', at: at('11-27'), text: 'I am back', media: [] });

      expect(await store.purgeConversations({ statuses: [...retained], updatedBefore: at('08-30') })).toBe(3);
      expect((await store.unprocessed(abandoned)).map((m) => [m.id, m.text])).toEqual([['in-late', 'I am back']]);
      for (const gone of [abandoned, declined, stopped]) {
        expect(await store.findConversation(gone)).toBeNull();
        expect(await store.transcript(gone.id)).toEqual([]);
        // Its inbound message is gone too: the same id is new again.
        expect(await store.receive(gone.message)).toBe('new');
      }
      // Nothing is kept of them (no intake, no names to check conflicts against); the opt-out stays.
      expect(await store.getPurged('int-abandoned')).toBeNull();
      expect(await store.isOptedOut(stopped.address)).toBe(true);
      for (const kept of [withIntake, recent, active]) {
        expect(await store.findConversation(kept)).not.toBeNull();
        expect((await store.transcript(kept.id)).map((e) => e.text)).toEqual(['my son has leukemia', 'ok']);
        expect(await store.receive(kept.message)).toBe('duplicate');
      }
      expect(await store.getIntake('int-intake')).not.toBeNull();
      expect(await store.purgeConversations({ statuses: [...retained], updatedBefore: at('08-30') })).toBe(0);
    });

    it('records opt-outs and opt-ins', async () => {
      expect(await store.isOptedOut('+17165550111')).toBe(false);
      await store.setOptOut('+17165550111', true, '2026-11-28T07:00:00.000Z');
      expect(await store.isOptedOut('+17165550111')).toBe(true);
      expect(await store.isOptedOut('+17165550112')).toBe(false);
      await store.setOptOut('+17165550111', false, '2026-11-28T07:05:00.000Z');
      expect(await store.isOptedOut('+17165550111')).toBe(false);
    });

    it('purges abandoned and opted-out intakes past retention, keeping the names for conflict checks', async () => {
      const reference: Summary = converse(REFERENCE.en).summary;
      const at = (d: string) => `2026-${d}T07:00:00.000Z`;
      const intake = (id: string, status: Summary['status'], updatedAt: string): Summary => ({
        ...reference,
        intakeId: id,
        reference: `HP-${id}`,
        status,
        updatedAt,
      });
      const keys = ['+17165550201', '+17165550202', '+17165550203', '+17165550204'];
      const cases: Array<[string, Summary['status'], string]> = [
        ['old-abandoned', 'abandoned', at('01-10')],
        ['old-optedout', 'opted_out', at('01-11')],
        ['old-complete', 'complete', at('01-12')],
        ['new-abandoned', 'abandoned', at('11-20')],
      ];
      for (const [i, [id, status, updatedAt]] of cases.entries()) {
        const k = { channel: 'sms' as const, address: keys[i] };
        await store.receive({ ...k, id: `SM-${id}`, at: updatedAt, text: 'my son has leukemia', media: [] });
        const conv = { ...record(1), ...k, id: `conv-${id}` };
        expect(
          await store.commitTurn({
            conversation: conv,
            expectedVersion: null,
            inboundId: `SM-${id}`,
            replies: [reply(`R-${id}`, `SM-${id}`, 'ok')],
            summary: intake(id, status, updatedAt),
          }),
        ).toBe(true);
      }
      await store.setOptOut(keys[1], true, at('01-11'));

      const purged = await store.purgeIntakes({ statuses: ['abandoned', 'opted_out'], updatedBefore: at('08-30'), now: at('11-28') });
      expect(purged).toBe(2);
      for (const id of ['old-abandoned', 'old-optedout']) {
        expect(await store.getIntake(id)).toBeNull();
        expect(await store.transcript(`conv-${id}`)).toEqual([]);
        const kept = await store.getPurged(id);
        expect(kept).toEqual({
          intakeId: id,
          reference: `HP-${id}`,
          status: id === 'old-abandoned' ? 'abandoned' : 'opted_out',
          createdAt: reference.createdAt,
          purgedAt: at('11-28'),
          names: ['Marc Tremblay'],
        });
      }
      expect(await store.findConversation({ channel: 'sms', address: keys[0] })).toBeNull();
      expect(await store.unprocessed({ channel: 'sms', address: keys[0] })).toEqual([]);
      // The opt-out itself is kept: that number is still never messaged.
      expect(await store.isOptedOut(keys[1])).toBe(true);
      // A complete intake, and a recent abandoned one, are untouched.
      expect(await store.getIntake('old-complete')).not.toBeNull();
      expect(await store.getIntake('new-abandoned')).not.toBeNull();
      expect((await store.transcript('conv-new-abandoned')).length).toBe(2);
      expect(await store.getPurged('old-complete')).toBeNull();
      // Nothing more to purge the second time.
      expect(await store.purgeIntakes({ statuses: ['abandoned', 'opted_out'], updatedBefore: at('08-30'), now: at('11-28') })).toBe(0);
    });

    it('lets exactly one caller claim a job run, and records it', async () => {
      const claims = await Promise.all(['a', 'b', 'c'].map((by) => store.claimJob('retention:2026-11-28', 'retention', '2026-11-28T08:00:00.000Z', by)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      await store.finishJob('retention:2026-11-28', '2026-11-28T08:00:05.000Z', { purged: 3 });
      expect(await store.claimJob('retention:2026-11-28', 'retention', '2026-11-28T09:00:00.000Z', 'd')).toBe(false);
      expect(await store.claimJob('retention:2026-11-29', 'retention', '2026-11-29T08:00:00.000Z', 'd')).toBe(true);
      const runs = await store.jobRuns('retention');
      expect(runs.map((r) => [r.runKey, r.finishedAt, r.outcome])).toEqual([
        ['retention:2026-11-28', '2026-11-28T08:00:05.000Z', { purged: 3 }],
        ['retention:2026-11-29', null, null],
      ]);
      expect(['a', 'b', 'c']).toContain(runs[0].by);
    });

    it('knows a message by its conversation and id: two conversations sending the same id each get their own reply', async () => {
      // Bot Framework activity ids are unique only within a conversation, and every Bot
      // Framework channel is our one 'botframework' channel.
      const a = { channel: 'botframework' as const, address: 'msteams:19:a' };
      const b = { channel: 'botframework' as const, address: 'msteams:19:b' };
      const conv = (k: typeof a, id: string): ConversationRecord => ({ ...record(1), ...k, id });
      expect(await store.receive({ ...a, id: '1', at: '2026-11-28T07:00:00.000Z', text: 'hello from A', media: [] })).toBe('new');
      expect(await store.receive({ ...b, id: '1', at: '2026-11-28T07:00:01.000Z', text: 'hello from B', media: [] })).toBe('new');
      // Within one conversation an id is still received once.
      expect(await store.receive({ ...a, id: '1', at: '2026-11-28T07:00:02.000Z', text: 'hello from A', media: [] })).toBe('duplicate');
      expect(
        await store.commitTurn({ conversation: conv(a, 'conv-a'), expectedVersion: null, inboundId: '1', replies: [reply('RA', '1', 'to A')], summary: null }),
      ).toBe(true);
      // A's turn processed A's message only.
      expect(await store.isProcessed(a, '1')).toBe(true);
      expect(await store.isProcessed(b, '1')).toBe(false);
      expect((await store.unprocessed(b)).map((m) => [m.id, m.text])).toEqual([['1', 'hello from B']]);
      expect(await store.repliesTo(b, '1')).toEqual([]);
      expect(
        await store.commitTurn({ conversation: conv(b, 'conv-b'), expectedVersion: null, inboundId: '1', replies: [reply('RB', '1', 'to B')], summary: null }),
      ).toBe(true);
      expect((await store.repliesTo(a, '1')).map((e) => e.text)).toEqual(['to A']);
      expect((await store.repliesTo(b, '1')).map((e) => e.text)).toEqual(['to B']);
      expect((await store.transcript('conv-a')).map((e) => e.text)).toEqual(['hello from A', 'to A']);
      expect((await store.transcript('conv-b')).map((e) => e.text)).toEqual(['hello from B', 'to B']);
      expect((await store.inboundMessage(b, '1'))?.text).toBe('hello from B');
      expect(await store.inboundMessage({ ...b, address: 'msteams:19:c' }, '1')).toBeNull();
    });

    it("keeps a turn's replies unsent until they are marked sent, and lets one caller claim their sending", async () => {
      const since = '2026-11-28T07:00:01.000Z';
      await store.receive(inbound('SM1', 'Hello'));
      expect(
        await store.commitTurn({
          conversation: record(1),
          expectedVersion: null,
          inboundId: 'SM1',
          replies: [reply('R1', 'SM1', 'one')],
          summary: null,
          unsentSince: since,
        }),
      ).toBe(true);
      expect((await store.findConversation(key))!.unsent).toEqual({ inboundId: 'SM1', since, claimedUntil: null });
      const look = (before: string, now = '2026-11-28T07:05:00.000Z', channels: Array<'sms' | 'webchat'> = ['sms']) =>
        store.unsentReplies({ before, notBefore: '2026-11-28T06:00:00.000Z', now, channels, limit: 10 });
      expect(await look(since)).toEqual([]);
      expect(await look('2026-11-28T07:00:31.000Z', undefined, ['webchat'])).toEqual([]);
      expect(await look('2026-11-28T07:00:31.000Z')).toEqual([{ conversationId: 'conv-1', ...key, inboundId: 'SM1', since, claimedUntil: null }]);
      expect(
        await store.unsentReplies({ before: '2026-11-28T07:00:31.000Z', notBefore: '2026-11-28T07:00:02.000Z', now: since, channels: ['sms'], limit: 10 }),
      ).toEqual([]);

      // One claim wins until it lapses; given back, it can be taken again.
      const claims = await Promise.all([1, 2, 3].map(() => store.claimUnsent(key, 'SM1', '2026-11-28T07:01:00.000Z', '2026-11-28T07:03:00.000Z')));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await look('2026-11-28T07:00:31.000Z', '2026-11-28T07:02:00.000Z')).toEqual([]);
      expect(await store.claimUnsent(key, 'SM1', '2026-11-28T07:02:59.000Z', '2026-11-28T07:05:00.000Z')).toBe(false);
      expect(await store.claimUnsent(key, 'SM9', '2026-11-28T07:04:00.000Z', '2026-11-28T07:05:00.000Z')).toBe(false);
      // Another's claim is not given back by a stale holder.
      await store.releaseUnsent(key, 'SM1', '2026-11-28T07:09:00.000Z');
      expect(await store.claimUnsent(key, 'SM1', '2026-11-28T07:02:00.000Z', '2026-11-28T07:05:00.000Z')).toBe(false);
      await store.releaseUnsent(key, 'SM1', '2026-11-28T07:03:00.000Z');
      expect(await store.claimUnsent(key, 'SM1', '2026-11-28T07:02:00.000Z', '2026-11-28T07:04:00.000Z')).toBe(true);
      // Lapsed: taken again.
      expect(await store.claimUnsent(key, 'SM1', '2026-11-28T07:04:00.000Z', '2026-11-28T07:06:00.000Z')).toBe(true);

      // Marked sent for another message: nothing changes; for its own: nothing is unsent.
      await store.markSent(key, 'SM9');
      expect((await store.findConversation(key))!.unsent?.inboundId).toBe('SM1');
      await store.markSent(key, 'SM1');
      expect((await store.findConversation(key))!.unsent).toBeNull();
      expect(await look('2026-11-28T08:00:00.000Z', '2026-11-28T08:00:00.000Z')).toEqual([]);
      expect(await store.claimUnsent(key, 'SM1', '2026-11-28T08:00:00.000Z', '2026-11-28T08:02:00.000Z')).toBe(false);

      // A later message's turn replaces them; a turn without a message (a reminder) leaves them.
      await store.receive(inbound('SM2', 'yes'));
      expect(
        await store.commitTurn({
          conversation: record(2),
          expectedVersion: 1,
          inboundId: 'SM2',
          replies: [reply('R2', 'SM2', 'two')],
          summary: null,
          unsentSince: '2026-11-28T07:10:00.000Z',
        }),
      ).toBe(true);
      expect(
        await store.commitTurn({ conversation: record(3), expectedVersion: 2, inboundId: null, replies: [reply('R3', null, 'still there?')], summary: null }),
      ).toBe(true);
      expect((await store.findConversation(key))!.unsent).toEqual({ inboundId: 'SM2', since: '2026-11-28T07:10:00.000Z', claimedUntil: null });
      await store.receive(inbound('SM3', 'no'));
      expect(await store.commitTurn({ conversation: record(4), expectedVersion: 3, inboundId: 'SM3', replies: [], summary: null, unsentSince: null })).toBe(
        true,
      );
      expect((await store.findConversation(key))!.unsent).toBeNull();
    });

    it('counts failed attempts at a message atomically, and sets it aside with the turn that says so', async () => {
      await store.receive(inbound('SM1', 'Roswell Park'));
      await store.receive(inbound('SM2', 'later', '2026-11-28T07:00:05.000Z'));
      expect(await store.inboundMessage(key, 'SM1')).toMatchObject({ id: 'SM1', text: 'Roswell Park', attempts: 0, quarantine: null });
      // Three at once: each is counted once, whatever the order.
      expect((await Promise.all([1, 2, 3].map(() => store.failedAttempt(key, 'SM1')))).sort()).toEqual([1, 2, 3]);
      expect(await store.failedAttempt(key, 'SM1')).toBe(4);
      expect(await store.failedAttempt(key, 'SM-unknown')).toBe(0);
      // Counting is not processing: the message is still waiting.
      expect((await store.unprocessed(key)).map((m) => m.id)).toEqual(['SM1', 'SM2']);
      expect(await store.quarantined()).toEqual({ messages: 0, conversations: 0, latest: null });

      const setAside = { id: 'Q-ONE', at: '2026-11-28T07:00:02.000Z' };
      expect(
        await store.commitTurn({
          conversation: record(1),
          expectedVersion: null,
          inboundId: 'SM1',
          replies: [reply('R1', 'SM1', 'a person will follow up')],
          summary: null,
          quarantine: setAside,
        }),
      ).toBe(true);
      // Processed (no replay takes it again), marked, and kept with what it said.
      expect(await store.isProcessed(key, 'SM1')).toBe(true);
      expect((await store.unprocessed(key)).map((m) => m.id)).toEqual(['SM2']);
      expect(await store.inboundMessage(key, 'SM1')).toMatchObject({ text: 'Roswell Park', attempts: 4, quarantine: setAside });
      expect((await store.transcript('conv-1')).map((e) => e.text)).toEqual(['Roswell Park', 'a person will follow up']);
      expect(await store.quarantined()).toEqual({ messages: 1, conversations: 0, latest: setAside.at });
      // The next message's ordinary turn marks nothing.
      expect(await store.commitTurn({ conversation: record(2), expectedVersion: 1, inboundId: 'SM2', replies: [], summary: null })).toBe(true);
      expect(await store.inboundMessage(key, 'SM2')).toMatchObject({ attempts: 0, quarantine: null });
      expect(await store.quarantined()).toEqual({ messages: 1, conversations: 0, latest: setAside.at });
    });

    it('keeps a conversation set aside as a whole out of the scheduler, through every later turn', async () => {
      const whole = { id: 'Q-WHOLE', at: '2026-11-28T07:30:00.000Z', stage: 'restore', detail: 'context does not parse' };
      const other = { channel: 'webchat' as const, address: 'dl-ok' };
      const commit = (c: ConversationRecord, expectedVersion: number | null) =>
        store.commitTurn({ conversation: c, expectedVersion, inboundId: null, replies: [], summary: null });
      // Both due, both without a status (as a release before stored them).
      expect(await commit(record(1, { remindAt: '2026-11-28T08:00:00.000Z' }), null)).toBe(true);
      expect(await commit({ ...record(1, { remindAt: '2026-11-28T08:00:00.000Z' }), ...other, id: 'conv-ok' }, null)).toBe(true);
      expect((await store.dueForInactivity('2026-11-28T09:00:00.000Z')).map((c) => c.id).sort()).toEqual(['conv-1', 'conv-ok']);
      expect((await store.withoutLifetime(10)).map((c) => c.id).sort()).toEqual(['conv-1', 'conv-ok']);

      expect(await commit(record(2, { remindAt: '2026-11-28T08:00:00.000Z', quarantine: whole }), 1)).toBe(true);
      expect(await store.findConversation(key)).toMatchObject({ version: 2, quarantine: whole });
      expect((await store.findConversation(other))!.quarantine).toBeNull();
      expect((await store.dueForInactivity('2026-11-28T09:00:00.000Z')).map((c) => c.id)).toEqual(['conv-ok']);
      expect((await store.withoutLifetime(10)).map((c) => c.id)).toEqual(['conv-ok']);
      expect(await store.quarantined()).toEqual({ messages: 0, conversations: 1, latest: whole.at });
      // A later turn that carries the record keeps it set aside.
      await store.receive(inbound('SM1', 'are you there?'));
      expect(await store.commitTurn({ conversation: record(3, { quarantine: whole }), expectedVersion: 2, inboundId: 'SM1', replies: [], summary: null })).toBe(
        true,
      );
      expect(await store.findConversation(key)).toMatchObject({ version: 3, quarantine: whole });
      expect((await store.transcript('conv-1')).map((e) => e.text)).toEqual(['are you there?']);
    });

    it('answers a ping', async () => {
      expect(await store.ping()).toBe(true);
    });
  });
}
