import { beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../domain/dates/iso-date.js';
import { whitelistByPhone, whitelistInTeams } from '../../../bot/hotline/whitelist.js';
import { normalisePhone } from '../../../domain/phone/normalise-phone.js';
import type { Store } from '../../../data/store/store.js';
import { CALLERS, HOTLINE_PEOPLE, HOTLINE_WORLD_CSV, PEOPLE } from '../../support/hotline-world.js';
import { worldStore } from '../../support/world.js';

const e164 = (raw: string) => {
  const parsed = normalisePhone(raw);
  if (!parsed.ok) throw new Error(raw);
  return parsed.e164;
};

describe('the hotline whitelist', () => {
  let store: Store;
  beforeAll(async () => {
    store = await worldStore(HOTLINE_WORLD_CSV);
  });
  const byPhone = (caller: string, asOf = '2025-06-02') => whitelistByPhone(store, e164(caller), asOf);

  it('lets an SOF employee through by their work phone, naming them by employee id only', async () => {
    expect(await byPhone(CALLERS.sofEmployee)).toEqual({ whitelisted: true, reason: 'sof-employee', employeeId: PEOPLE.mads.id });
  });

  it('does not let a BIF employee through (the hotline is for SOF staff)', async () => {
    expect(await byPhone(CALLERS.bifEmployee)).toEqual({ whitelisted: false, reason: 'not-listed', employeeId: PEOPLE.anna.id });
  });

  it('lets an SOF unit’s switchboard number through', async () => {
    expect(await byPhone(CALLERS.sofUnit)).toMatchObject({ whitelisted: true, reason: 'sof-unit' });
  });

  it('lets an explicit phone entry through, however the number is spelled', async () => {
    expect(await byPhone(CALLERS.explicitPhone)).toMatchObject({ whitelisted: true, reason: 'explicit-file' });
    expect(await byPhone('+45 70203040')).toMatchObject({ whitelisted: true, reason: 'explicit-file' });
  });

  it('honours an entry’s validity: in force on its last day, not after it expired', async () => {
    expect(await byPhone(CALLERS.expiredPhone, '2025-03-31')).toMatchObject({ whitelisted: true, reason: 'explicit-file' });
    expect(await byPhone(CALLERS.expiredPhone, '2025-04-01')).toEqual({ whitelisted: false, reason: 'not-listed', employeeId: null });
  });

  it('judges employees on the date: someone who moved from SOF to BIF is whitelisted before the move, not after', async () => {
    expect(await byPhone(CALLERS.mona, '2024-12-31')).toMatchObject({ whitelisted: true, reason: 'sof-employee', employeeId: HOTLINE_PEOPLE.mona.id });
    expect(await byPhone(CALLERS.mona, '2025-01-01')).toMatchObject({ whitelisted: false, employeeId: HOTLINE_PEOPLE.mona.id });
  });

  it('does not let an unknown number through', async () => {
    expect(await byPhone(CALLERS.unknown)).toEqual({ whitelisted: false, reason: 'not-listed', employeeId: null });
  });

  it('in Teams: SOF employee yes, BIF employee no, explicit identity yes, stranger no', async () => {
    const inTeams = async (aadObjectId: string) =>
      whitelistInTeams(store, { aadObjectId, employee: await store.employees.findByAadObjectId(aadObjectId, '2025-06-02') }, '2025-06-02');
    expect(await inTeams(PEOPLE.mads.aadObjectId)).toMatchObject({ whitelisted: true, reason: 'sof-employee' });
    expect(await inTeams(PEOPLE.anna.aadObjectId)).toMatchObject({ whitelisted: false });
    expect(await inTeams(HOTLINE_PEOPLE.partner.aadObjectId)).toMatchObject({ whitelisted: true, reason: 'explicit-file' });
    expect(await inTeams(PEOPLE.stranger.aadObjectId)).toEqual({ whitelisted: false, reason: 'not-listed', employeeId: null });
  });

  it('a chat entry holds from the day it is added until the day before it is removed', async () => {
    const value = e164('+45 22 33 44 55');
    const adminId = HOTLINE_PEOPLE.admin.id;
    await store.hotline.addChatEntry({ kind: 'phone', value, note: 'Krisecenter', byEmployeeId: adminId, from: '2025-06-02' as IsoDate, now: new Date('2025-06-02T10:00:00Z') });
    expect((await byPhone('22334455', '2025-06-01')).whitelisted).toBe(false);
    expect(await byPhone('22334455', '2025-06-02')).toMatchObject({ whitelisted: true, reason: 'explicit-chat' });
    expect(await store.hotline.endChatEntry({ kind: 'phone', value, from: '2025-06-10' as IsoDate, now: new Date('2025-06-10T10:00:00Z') })).toBe(true);
    expect((await byPhone('22334455', '2025-06-09')).whitelisted).toBe(true);
    expect((await byPhone('22334455', '2025-06-10')).whitelisted).toBe(false);
    expect(await store.hotline.endChatEntry({ kind: 'phone', value, from: '2025-06-11' as IsoDate, now: new Date('2025-06-11T10:00:00Z') })).toBe(false);
  });
});
