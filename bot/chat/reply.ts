import type { CardName } from '../../cards/card-names.js';

/** What a capability answers; the Teams layer turns it into activities. */
export type Reply =
  | { kind: 'text'; text: string }
  | { kind: 'card'; card: CardName; data: Record<string, unknown> }
  /**
   * Replace the card whose button was pressed (e.g. a confirmation that has been answered). With `onlyForPresser`
   * the new card is a view for the presser alone (an Action.Execute answer); a press that came as a message gets
   * that text instead, and the card everyone sees stays as it is.
   */
  | { kind: 'replace-card'; card: CardName; data: Record<string, unknown>; onlyForPresser?: { text: string } };

export const text = (value: string): Reply => ({ kind: 'text', text: value });
export const card = (name: CardName, data: Record<string, unknown>): Reply => ({ kind: 'card', card: name, data });
export const replaceCard = (name: CardName, data: Record<string, unknown>): Reply => ({ kind: 'replace-card', card: name, data });
export const presserView = (name: CardName, data: Record<string, unknown>, text: string): Reply => ({ kind: 'replace-card', card: name, data, onlyForPresser: { text } });

/** The same card as a new message, or as the replacement of the card whose button was pressed. */
export const asNewCard = (reply: Reply): Reply => (reply.kind === 'replace-card' ? card(reply.card, reply.data) : reply);
export const asReplacement = (reply: Reply): Reply => (reply.kind === 'card' ? replaceCard(reply.card, reply.data) : reply);
