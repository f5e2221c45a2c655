import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../data/repositories/alerts.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';
import { acceptedAlert } from './alert-rows.js';

const at = (time: string) => new Date(`2025-06-02T${time}:00.000Z`);
const iso = (time: string) => at(time).toISOString();

for (const { label, open } of contractEngines()) {
  describe(`alerts on ${label}`, () => {
    let engine: ContractEngine;
    /** An accepted event and its alert, routed to a channel (or to none). */
    const alertFor = (webhookId: string, channelId: string | null = '19:jc', time = '08:00') => acceptedAlert(engine, webhookId, channelId, time);

    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('creates an open alert under a new id and finds it by id and by webhook id', async () => {
      const first = await alertFor('wh-a1');
      const second = await alertFor('wh-a2');
      expect(second).toBeGreaterThan(first);
      const expected: Alert = {
        id: first,
        webhookId: 'wh-a1',
        unitId: 'JC',
        channelId: '19:jc',
        routeReason: 'caseworker-unit',
        state: 'open',
        claimedBy: null,
        claimedAt: null,
        resolvedBy: null,
        resolvedAt: null,
        resolutionNote: null,
        deliveredAt: null,
        remindAt: null,
        escalateAt: null,
        remindedAt: null,
        escalatedAt: null,
        version: 1,
        createdAt: iso('08:00'),
      };
      expect(await engine.repositories.alerts.find(first)).toEqual(expected);
      expect(await engine.repositories.alerts.findByWebhookId('wh-a1')).toEqual(expected);
      expect(await engine.repositories.alerts.find(999_999)).toBeNull();
    });

    it('lets the first claim win, and resolves a claimed or open alert once (a resolve without claim claims it too)', async () => {
      const claimed = await alertFor('wh-claim');
      expect(await engine.repositories.alerts.tryClaim(claimed, 'E-ANNA', at('09:00'))).toBe(true);
      expect(await engine.repositories.alerts.tryClaim(claimed, 'E-BO', at('09:01'))).toBe(false);
      expect(await engine.repositories.alerts.tryResolve(claimed, 'E-BO', 'ringet op', at('09:30'))).toBe(true);
      expect(await engine.repositories.alerts.tryResolve(claimed, 'E-ANNA', null, at('09:31'))).toBe(false);
      expect(await engine.repositories.alerts.find(claimed)).toMatchObject({
        state: 'resolved',
        claimedBy: 'E-ANNA',
        resolvedBy: 'E-BO',
        resolutionNote: 'ringet op',
        version: 3,
      });
      const direct = await alertFor('wh-direct');
      expect(await engine.repositories.alerts.tryResolve(direct, 'E-BO', null, at('10:00'))).toBe(true);
      expect(await engine.repositories.alerts.find(direct)).toMatchObject({ state: 'resolved', claimedBy: 'E-BO', claimedAt: iso('10:00'), version: 2 });
      expect(await engine.repositories.alerts.tryClaim(direct, 'E-ANNA', at('10:01'))).toBe(false);
    });

    it('lets only one of two claims at the same moment win', async () => {
      const id = await alertFor('wh-race');
      const both = await Promise.all([
        engine.repositories.alerts.tryClaim(id, 'E-ANNA', at('11:00')),
        engine.repositories.alerts.tryClaim(id, 'E-BO', at('11:00')),
      ]);
      expect(both.filter(Boolean)).toEqual([true]);
    });

    it('starts the clock at the first delivery only, and gives the reminders and escalations due, each marked once', async () => {
      const early = await alertFor('wh-due-early');
      const late = await alertFor('wh-due-late');
      expect(await engine.repositories.alerts.markDelivered(late, at('12:00'), { remindAt: at('14:00'), escalateAt: at('16:00') })).toBe(true);
      expect(await engine.repositories.alerts.markDelivered(early, at('12:00'), { remindAt: at('13:00'), escalateAt: at('15:00') })).toBe(true);
      expect(await engine.repositories.alerts.markDelivered(early, at('12:30'), { remindAt: null, escalateAt: null })).toBe(false);
      const due = async () => ({
        reminders: (await engine.repositories.alerts.remindersDue(at('16:00'))).map((alert) => alert.id).filter((id) => id === early || id === late),
        escalations: (await engine.repositories.alerts.escalationsDue(at('15:30'))).map((alert) => alert.id).filter((id) => id === early || id === late),
      });
      expect(await due()).toEqual({ reminders: [early, late], escalations: [early] });
      expect(await engine.repositories.alerts.markReminded(early, at('16:00'))).toBe(true);
      expect(await engine.repositories.alerts.markReminded(early, at('16:01'))).toBe(false);
      expect(await engine.repositories.alerts.markEscalated(early, at('16:00'))).toBe(true);
      expect(await engine.repositories.alerts.markEscalated(early, at('16:01'))).toBe(false);
      expect(await due()).toEqual({ reminders: [late], escalations: [] });
    });

    it('lists open alerts without a channel oldest first, and a rerouted one leaves the list', async () => {
      const stranded = [await alertFor('wh-stranded-1', null), await alertFor('wh-stranded-2', null), await alertFor('wh-stranded-3', null)];
      const listed = await engine.repositories.alerts.unroutedIds(100);
      expect(listed.filter((id) => stranded.includes(id))).toEqual(stranded);
      expect(await engine.repositories.alerts.unroutedIds(1)).toHaveLength(1);
      await engine.repositories.alerts.rerouted(stranded[0]!, '19:fallback', 'fallback-unit');
      expect(await engine.repositories.alerts.find(stranded[0]!)).toMatchObject({ channelId: '19:fallback', routeReason: 'fallback-unit' });
      expect((await engine.repositories.alerts.unroutedIds(100)).filter((id) => stranded.includes(id))).toEqual(stranded.slice(1));
    });

    it('routes an alert without a channel once: routeIfUnrouted is false for one that has a channel or is no longer open', async () => {
      const [first, claimed] = [await alertFor('wh-route-once', null), await alertFor('wh-route-claimed', null)];
      expect(await engine.repositories.alerts.routeIfUnrouted(first, '19:first', 'fallback-unit')).toBe(true);
      expect(await engine.repositories.alerts.routeIfUnrouted(first, '19:second', 'fallback-unit')).toBe(false);
      expect(await engine.repositories.alerts.find(first)).toMatchObject({ channelId: '19:first' });
      await engine.repositories.alerts.tryClaim(claimed, 'E-1', at('09:00'));
      expect(await engine.repositories.alerts.routeIfUnrouted(claimed, '19:first', 'fallback-unit')).toBe(false);
    });

    it('refuses a second alert for one event, and an alert for an event never accepted', async () => {
      await alertFor('wh-once');
      await expect(engine.repositories.alerts.create({ webhookId: 'wh-once', unitId: 'JC', channelId: null, routeReason: 'again', now: at('08:00') })).rejects.toThrow(
        /UNIQUE|unique/,
      );
      await expect(engine.repositories.alerts.create({ webhookId: 'wh-never', unitId: 'JC', channelId: null, routeReason: 'none', now: at('08:00') })).rejects.toThrow(
        /FOREIGN KEY|foreign key/,
      );
    });
  });
}
