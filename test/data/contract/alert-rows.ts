import type { ContractEngine } from './contract-engines.js';

/** An accepted event and its alert on 2 June 2025 at `time` (UTC), routed to a channel (or to none); the alert's id. */
export async function acceptedAlert(engine: ContractEngine, webhookId: string, channelId: string | null, time: string) {
  const at = new Date(`2025-06-02T${time}:00.000Z`);
  await engine.repositories.events.insertIfNew({
    webhookId,
    type: 'benefit.stopped',
    occurredAt: at.toISOString(),
    receivedAt: at.toISOString(),
    cpr: '0808009001', // made up, no real person's
    eventDate: '2025-06-02',
    data: {},
  });
  return engine.repositories.alerts.create({ webhookId, unitId: 'JC', channelId, routeReason: 'caseworker-unit', now: at });
}
