import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Announcement, NewAnnouncement, NewRecipient } from '../../../data/repositories/announcements.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';

const at = (time: string, day = '2025-06-02') => new Date(`${day}T${time}:00.000Z`);
const iso = (time: string, day = '2025-06-02') => at(time, day).toISOString();

const draft = (createdBy: string, overrides: Partial<NewAnnouncement> = {}): NewAnnouncement => ({
  kind: 'message',
  state: 'draft',
  title: 'Ny procedure',
  body: 'Fra 1. juli ringer vi op inden for to dage.',
  url: null,
  audience: { units: ['JC'], contact_persons: true },
  delivery: 'both',
  sendAt: null,
  recurrence: null,
  source: 'chat',
  createdBy,
  senderConversationId: 'a:sender',
  now: at('08:00'),
  ...overrides,
});

for (const { label, open } of contractEngines()) {
  describe(`announcements on ${label}`, () => {
    let engine: ContractEngine;
    const announcements = () => engine.repositories.announcements;
    /** An outbox row as the delivery worker leaves it (same SQL on both engines). */
    const outboxRow = async (dedupeKey: string, conversationId: string, state: string, options: { lastError?: string; targetOf?: number } = {}) => {
      const row = await engine.sql.get<{ id: number }>(
        `INSERT INTO outbox (dedupe_key, operation, conversation_id, target_of, message, purpose, state, next_attempt_at, created_at, last_error)
         VALUES (@dedupeKey, @operation, @conversationId, @targetOf, '{}', 'announcement', @state, @now, @now, @lastError) RETURNING id`,
        {
          dedupeKey,
          operation: options.targetOf === undefined ? 'post' : 'update',
          conversationId,
          targetOf: options.targetOf ?? null,
          state,
          now: iso('09:00'),
          lastError: options.lastError ?? null,
        },
      );
      return row!.id;
    };
    /** A send of its own, fanned out (far from the other tests' due dates). */
    const fannedOutSend = async (createdBy: string, day: string) => {
      const id = await announcements().create(draft(createdBy, { state: 'active' }));
      await announcements().scheduleSend(id, at('07:00', day));
      const send = (await announcements().sends(id))[0]!;
      expect(await announcements().markFannedOut(send.id, at('07:01', day))).toBe(true);
      return { id, sendId: send.id };
    };

    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('creates an announcement with its first revision under a new id, and finds it as written', async () => {
      const recurrence = { every: 'month', day: 1 };
      const first = await announcements().create(draft('E-ANNA', { recurrence, sendAt: iso('12:00'), url: 'https://intra.example/ny' }));
      const second = await announcements().create(draft('E-ANNA'));
      expect(second).toBeGreaterThan(first);
      const expected: Announcement = {
        id: first,
        kind: 'message',
        state: 'draft',
        title: 'Ny procedure',
        body: 'Fra 1. juli ringer vi op inden for to dage.',
        url: 'https://intra.example/ny',
        audience: { units: ['JC'], contact_persons: true },
        delivery: 'both',
        sendAt: iso('12:00'),
        recurrence,
        correctsId: null,
        source: 'chat',
        createdBy: 'E-ANNA',
        senderConversationId: 'a:sender',
        reportOutboxId: null,
        revision: 1,
        revisedAt: iso('08:00'),
        createdAt: iso('08:00'),
        endedAt: null,
      };
      expect(await announcements().find(first)).toEqual(expected);
      expect(await announcements().find(second)).toMatchObject({ recurrence: null, url: null, correctsId: null });
      const correction = await announcements().create(draft('E-ANNA', { correctsId: first }));
      expect(await announcements().find(correction)).toMatchObject({ correctsId: first });
      expect(await announcements().find(999_999)).toBeNull();
    });

    it('appends corrected revisions and shows the newest; the earlier text stays recorded', async () => {
      const id = await announcements().create(draft('E-BO'));
      expect(await announcements().revise(id, { title: 'Rettet', body: 'Tre dage.', url: 'https://intra.example/r' }, 'E-CARL', at('10:00'))).toBe(2);
      expect(await announcements().revise(id, { title: 'Rettet igen', body: 'Fire dage.', url: null }, 'E-BO', at('11:00'))).toBe(3);
      expect(await announcements().find(id)).toMatchObject({ revision: 3, title: 'Rettet igen', body: 'Fire dage.', url: null, revisedAt: iso('11:00'), createdAt: iso('08:00') });
      const recorded = await engine.sql.all<{ revision: number; title: string; recorded_by: string }>(
        'SELECT revision, title, recorded_by FROM announcement_revisions WHERE announcement_id = @id ORDER BY revision',
        { id },
      );
      expect(recorded).toEqual([
        { revision: 1, title: 'Ny procedure', recorded_by: 'E-BO' },
        { revision: 2, title: 'Rettet', recorded_by: 'E-CARL' },
        { revision: 3, title: 'Rettet igen', recorded_by: 'E-BO' },
      ]);
    });

    it('leaves a draft once, ends an active announcement once, and records who ended it when', async () => {
      const sent = await announcements().create(draft('E-DITTE'));
      expect(await announcements().leaveDraft(sent, 'active')).toBe(true);
      expect(await announcements().leaveDraft(sent, 'discarded')).toBe(false);
      expect(await announcements().endActive(sent, 'withdrawn', 'E-DITTE', at('12:00'))).toBe(true);
      expect(await announcements().endActive(sent, 'cancelled', 'E-DITTE', at('12:01'))).toBe(false);
      expect(await announcements().find(sent)).toMatchObject({ state: 'withdrawn', endedAt: iso('12:00') });
      const endedBy = await engine.sql.get<{ ended_by: string }>('SELECT ended_by FROM announcements WHERE announcement_id = @id', { id: sent });
      expect(endedBy).toEqual({ ended_by: 'E-DITTE' });

      const dropped = await announcements().create(draft('E-DITTE'));
      expect(await announcements().leaveDraft(dropped, 'discarded')).toBe(true);
      expect(await announcements().endActive(dropped, 'cancelled', 'E-DITTE', at('12:02'))).toBe(false);
      expect(await announcements().find(dropped)).toMatchObject({ state: 'discarded', endedAt: null });
    });

    it('schedules each due time once, gives the due sends in due order, lets one fan-out claim a send, and cancels what is left', async () => {
      // 2001: earlier than every other test's sends, so the store-wide next due time and due list are this test's.
      const id = await announcements().create(draft('E-ERIK', { state: 'active' }));
      await announcements().scheduleSend(id, at('09:00', '2001-03-02'));
      await announcements().scheduleSend(id, at('08:00', '2001-03-01'));
      await announcements().scheduleSend(id, at('08:00', '2001-03-01'));
      await announcements().scheduleSend(id, at('08:00', '2001-03-03'));
      expect(await announcements().nextDueAt()).toEqual(at('08:00', '2001-03-01'));
      expect(await announcements().nextSendOf(id)).toBe(iso('08:00', '2001-03-01'));

      const due = await announcements().dueSends(at('12:00', '2001-03-02'));
      expect(due.map((send) => ({ dueAt: send.dueAt, state: send.state, announcementId: send.announcementId, fannedOutAt: send.fannedOutAt }))).toEqual([
        { dueAt: iso('08:00', '2001-03-01'), state: 'scheduled', announcementId: id, fannedOutAt: null },
        { dueAt: iso('09:00', '2001-03-02'), state: 'scheduled', announcementId: id, fannedOutAt: null },
      ]);
      const both = await Promise.all([announcements().markFannedOut(due[0]!.id, at('12:00', '2001-03-02')), announcements().markFannedOut(due[0]!.id, at('12:00', '2001-03-02'))]);
      expect(both.filter(Boolean)).toEqual([true]);
      expect((await announcements().dueSends(at('12:00', '2001-03-02'))).map((send) => send.id)).toEqual([due[1]!.id]);
      expect(await announcements().nextSendOf(id)).toBe(iso('09:00', '2001-03-02'));

      expect(await announcements().cancelScheduledSends(id)).toBe(2);
      expect(await announcements().cancelScheduledSends(id)).toBe(0);
      expect(await announcements().nextSendOf(id)).toBeNull();
      expect((await announcements().sends(id)).map((send) => [send.dueAt, send.state, send.fannedOutAt])).toEqual([
        [iso('08:00', '2001-03-01'), 'fanned-out', iso('12:00', '2001-03-02')],
        [iso('09:00', '2001-03-02'), 'cancelled', null],
        [iso('08:00', '2001-03-03'), 'cancelled', null],
      ]);
      expect(await announcements().nextDueAt()).not.toEqual(at('08:00', '2001-03-01'));
    });

    it('gives the recipients in the order they were recorded (not the key order), each with where its message is now', async () => {
      const { id, sendId } = await fannedOutSend('E-FIE', '2025-07-01');
      const sent = await outboxRow('rcpt-sent', '19:zeta', 'sent');
      const failed = await outboxRow('rcpt-failed', 'a:bo', 'dead', { lastError: '403 Forbidden' });
      const sending = await outboxRow('rcpt-sending', 'a:anna', 'sending');
      // As the fan-out records them: the groups in the order the sender named them, a unit's channels before its people.
      const recorded: NewRecipient[] = [
        { sendId, kind: 'channel', target: '19:zeta', group: 'unit:ZETA', label: 'Zeta', outboxId: sent },
        { sendId, kind: 'personal', target: 'E-BO', group: 'unit:ZETA', label: 'Bo', outboxId: failed },
        { sendId, kind: 'channel', target: 'unit:ALFA', group: 'unit:ALFA', label: 'Alfa', outboxId: null },
        { sendId, kind: 'personal', target: 'E-ANNA', group: 'role:contact_person', label: 'Anna', outboxId: sending },
      ];
      for (const recipient of recorded) await announcements().addRecipient(recipient);
      expect(await announcements().recipients(sendId)).toEqual([
        { ...recorded[0], outboxState: 'sent', lastError: null },
        { ...recorded[1], outboxState: 'dead', lastError: '403 Forbidden' },
        { ...recorded[2], outboxState: null, lastError: null },
        { ...recorded[3], outboxState: 'sending', lastError: null },
      ]);
      expect(await announcements().postedMessages(id)).toEqual([
        { id: sent, state: 'sent', conversationId: '19:zeta' },
        { id: failed, state: 'dead', conversationId: 'a:bo' },
        { id: sending, state: 'sending', conversationId: 'a:anna' },
      ]);
      expect(await announcements().deliveredIn(id, '19:zeta')).toBe(true);
      expect(await announcements().deliveredIn(id, 'a:anna')).toBe(true);
      expect(await announcements().deliveredIn(id, 'a:bo')).toBe(false);
      expect(await announcements().deliveredIn(id, '19:elsewhere')).toBe(false);
      await expect(announcements().addRecipient(recorded[0]!)).rejects.toThrow(/UNIQUE|unique/);
      expect(await announcements().recipients(999_999)).toEqual([]);
    });

    it('keeps the report post, numbers its updates and sees a waiting update of it', async () => {
      const id = await announcements().create(draft('E-GUS', { state: 'active' }));
      const report = await outboxRow('report-post', 'a:sender', 'sent');
      await announcements().setReportOutbox(id, report);
      expect(await announcements().find(id)).toMatchObject({ reportOutboxId: report });
      expect(await announcements().nextReportUpdate(id)).toBe(1);
      expect(await announcements().nextReportUpdate(id)).toBe(2);
      expect(await announcements().hasPendingUpdateOf(report)).toBe(false);
      await outboxRow('report-update-1', 'a:sender', 'sent', { targetOf: report });
      expect(await announcements().hasPendingUpdateOf(report)).toBe(false);
      await outboxRow('report-update-2', 'a:sender', 'pending', { targetOf: report });
      expect(await announcements().hasPendingUpdateOf(report)).toBe(true);
    });

    it('counts one read per person, the first time only, and tells when a person read it', async () => {
      const id = await announcements().create(draft('E-HANS', { state: 'active' }));
      expect(await announcements().readCount(id)).toBe(0);
      expect(await announcements().markRead(id, 'aad-anna', at('10:00'))).toBe(true);
      expect(await announcements().markRead(id, 'aad-anna', at('10:05'))).toBe(false);
      expect(await announcements().markRead(id, 'aad-bo', at('10:10'))).toBe(true);
      expect(await announcements().readCount(id)).toBe(2);
      expect(await announcements().readAt(id, 'aad-anna')).toEqual(at('10:00'));
      expect(await announcements().readAt(id, 'aad-carl')).toBeNull();
    });

    it('lists the recent published ones newest first: scheduled, or created, sent or ended since; everyone’s or one author’s chat ones', async () => {
      const author = 'E-IDA';
      const since = at('00:00', '2025-08-01');
      const old = (overrides: Partial<NewAnnouncement> = {}) => announcements().create(draft(author, { state: 'active', now: at('08:00', '2025-01-10'), ...overrides }));
      const oldQuiet = await old();
      const oldScheduled = await old();
      await announcements().scheduleSend(oldScheduled, at('08:00', '2031-01-01'));
      const oldEnded = await old();
      await announcements().endActive(oldEnded, 'cancelled', author, at('09:00', '2025-08-02'));
      const oldEndedBefore = await old();
      await announcements().endActive(oldEndedBefore, 'withdrawn', author, at('09:00', '2025-07-02'));
      const oldSent = await old();
      await announcements().scheduleSend(oldSent, at('08:00', '2025-08-03'));
      await announcements().markFannedOut((await announcements().sends(oldSent))[0]!.id, at('08:01', '2025-08-03'));
      const oldSentBefore = await old();
      await announcements().scheduleSend(oldSentBefore, at('08:00', '2025-07-03'));
      await announcements().markFannedOut((await announcements().sends(oldSentBefore))[0]!.id, at('08:01', '2025-07-03'));
      const fresh = await old({ now: at('08:00', '2025-08-04') });
      const freshDraft = await old({ now: at('08:00', '2025-08-04'), state: 'draft' });
      const freshApi = await old({ now: at('08:00', '2025-08-04'), source: 'api' });
      const other = await announcements().create(draft('E-JENS', { state: 'active', now: at('08:00', '2025-08-04') }));

      const expectedOwn = [fresh, oldSent, oldEnded, oldScheduled];
      expect(await announcements().recentIds({ createdBy: author, since, limit: 100 })).toEqual(expectedOwn);
      expect(await announcements().recentIds({ createdBy: author, since, limit: 2 })).toEqual(expectedOwn.slice(0, 2));
      const everyone = await announcements().recentIds({ createdBy: null, since, limit: 1000 });
      const mine = [oldQuiet, oldScheduled, oldEnded, oldEndedBefore, oldSent, oldSentBefore, fresh, freshDraft, freshApi, other];
      expect(everyone.filter((id) => mine.includes(id))).toEqual([other, freshApi, fresh, oldSent, oldEnded, oldScheduled]);
    });

    it('lists the active announcements of a kind by id', async () => {
      const status = (state: 'draft' | 'active') => announcements().create(draft('system', { kind: 'goal-status', state, source: 'system' }));
      const first = await status('active');
      await status('draft');
      const second = await status('active');
      await announcements().endActive(await status('active'), 'cancelled', 'system', at('09:00'));
      expect(await announcements().activeOfKind('goal-status')).toEqual([first, second]);
      expect(await announcements().activeOfKind('message')).not.toContain(first);
    });

    it('writes an announcement with its first revision together with the unit of work, or not at all', async () => {
      let created = 0;
      await expect(
        engine.transaction(async (tx) => {
          created = await tx.announcements.create(draft('E-KAJ'));
          throw new Error('the unit fails after the create');
        }),
      ).rejects.toThrow('the unit fails after the create');
      expect(await announcements().find(created)).toBeNull();
      const orphans = await engine.sql.get<{ n: number }>('SELECT count(*) AS n FROM announcement_revisions WHERE announcement_id = @id', { id: created });
      expect(orphans).toEqual({ n: 0 });

      const kept = await engine.transaction(async (tx) => {
        const id = await tx.announcements.create(draft('E-KAJ'));
        await tx.announcements.revise(id, { title: 'Rettet', body: 'Straks.', url: null }, 'E-KAJ', at('08:30'));
        return id;
      });
      expect(await announcements().find(kept)).toMatchObject({ revision: 2, title: 'Rettet', createdBy: 'E-KAJ' });
    });
  });
}
