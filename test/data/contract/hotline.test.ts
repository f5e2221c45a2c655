import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../domain/dates/iso-date.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';
import { versionRows } from './version-rows.js';

const day = (value: string) => value as IsoDate;
const chatEntry = (value: string, from: string, note: string | null = 'botilbud') => ({
  kind: 'phone' as const,
  value,
  note,
  byEmployeeId: 'E-ADMIN',
  from: day(from),
  now: new Date(`${from}T09:00:00Z`),
});

for (const { label, open } of contractEngines()) {
  describe(`hotline on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
      const rows = versionRows(engine.sql);
      await rows.whitelisted({ kind: 'phone', value: '+4533000001', note: 'Forsorgshjem', from: '2025-01-01' });
      await rows.whitelisted({ kind: 'aad', value: 'aad-partner', from: '2025-01-01', to: '2025-05-31' });
      await rows.unit({ unitId: 'H-SOF', name: 'Bostøtte', administration: 'SOF', phone: '+4533000099', from: '2020-01-01' });
      await rows.unit({ unitId: 'H-BIF', name: 'Jobcenter', administration: 'BIF', phone: '+4533000098', from: '2020-01-01' });
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('finds an explicit entry from the file first, then from chat, as in force on the date', async () => {
      await engine.repositories.hotline.addChatEntry(chatEntry('+4533000001', '2025-06-02', 'også i chat'));
      expect(await engine.repositories.hotline.explicitEntry('phone', '+4533000001', '2025-06-02')).toEqual({
        kind: 'phone',
        value: '+4533000001',
        note: 'Forsorgshjem',
        source: 'file',
        validFrom: '2025-01-01',
        validTo: null,
      });
      await engine.repositories.hotline.addChatEntry(chatEntry('+4533000002', '2025-06-02'));
      expect(await engine.repositories.hotline.explicitEntry('phone', '+4533000002', '2025-06-02')).toMatchObject({ source: 'chat', note: 'botilbud' });
      expect(await engine.repositories.hotline.explicitEntry('phone', '+4533000002', '2025-06-01')).toBeNull();
      expect(await engine.repositories.hotline.explicitEntry('aad', 'aad-partner', '2025-06-01')).toBeNull();
    });

    it('lists every entry in force by kind and value, file and chat alike', async () => {
      await engine.repositories.hotline.addChatEntry({ ...chatEntry('aad-chat', '2025-06-03'), kind: 'aad' });
      const entries = await engine.repositories.hotline.entriesInForce('2025-06-03');
      expect(entries.map((entry) => [entry.kind, entry.value, entry.source])).toEqual([
        ['aad', 'aad-chat', 'chat'],
        ['phone', '+4533000001', 'chat'],
        ['phone', '+4533000001', 'file'],
        ['phone', '+4533000002', 'chat'],
      ]);
    });

    it('replaces an open chat entry from a later date and ends one the day before; ending none says false', async () => {
      await engine.repositories.hotline.addChatEntry(chatEntry('+4533000003', '2025-06-02', 'først'));
      await engine.repositories.hotline.addChatEntry(chatEntry('+4533000003', '2025-07-01', 'siden'));
      expect((await engine.repositories.hotline.explicitEntry('phone', '+4533000003', '2025-06-30'))?.note).toBe('først');
      expect((await engine.repositories.hotline.explicitEntry('phone', '+4533000003', '2025-07-01'))?.note).toBe('siden');
      expect(await engine.repositories.hotline.endChatEntry({ kind: 'phone', value: '+4533000003', from: day('2025-08-01'), now: new Date('2025-08-01T09:00:00Z') })).toBe(true);
      expect(await engine.repositories.hotline.explicitEntry('phone', '+4533000003', '2025-07-31')).toMatchObject({ note: 'siden', validTo: '2025-07-31' });
      expect(await engine.repositories.hotline.explicitEntry('phone', '+4533000003', '2025-08-01')).toBeNull();
      expect(await engine.repositories.hotline.endChatEntry({ kind: 'phone', value: '+4533000003', from: day('2025-09-01'), now: new Date('2025-09-01T09:00:00Z') })).toBe(false);
    });

    it('keeps what each agent said last today, and when each was last routed to', async () => {
      await engine.repositories.hotline.setPresence('E-ANNA', 'available', new Date('2025-06-02T08:00:00Z'), day('2025-06-02'));
      await engine.repositories.hotline.setPresence('E-ANNA', 'busy', new Date('2025-06-02T09:00:00Z'), day('2025-06-02'));
      await engine.repositories.hotline.setPresence('E-BO', 'away', new Date('2025-06-01T09:00:00Z'), day('2025-06-01'));
      expect(await engine.repositories.hotline.presenceOn(day('2025-06-02'))).toEqual(new Map([['E-ANNA', 'busy']]));
      expect(await engine.repositories.hotline.lastRoutedAt('E-ANNA')).toBeNull();
      await engine.repositories.hotline.recordRouting('E-ANNA', new Date('2025-06-02T10:00:00Z'), 'api', 'bolig');
      await engine.repositories.hotline.recordRouting('E-ANNA', new Date('2025-06-02T11:00:00Z'), 'chat', null);
      expect(await engine.repositories.hotline.lastRoutedAt('E-ANNA')).toBe('2025-06-02T11:00:00.000Z');
    });

    it("gives the SOF unit whose switchboard number it is, and no other administration's", async () => {
      expect(await engine.repositories.hotline.sofUnitWithPhone('+4533000099', '2025-06-02')).toBe('H-SOF');
      expect(await engine.repositories.hotline.sofUnitWithPhone('+4533000098', '2025-06-02')).toBeNull();
    });

    it('writes nothing of a chat entry when the unit of work it is part of rolls back', async () => {
      await expect(
        engine.transaction(async (tx) => {
          await tx.hotline.addChatEntry(chatEntry('+4533000004', '2025-06-02'));
          throw new Error('the confirmation failed');
        }),
      ).rejects.toThrow('the confirmation failed');
      expect(await engine.repositories.hotline.explicitEntry('phone', '+4533000004', '2025-06-02')).toBeNull();
    });
  });
}
