import type { Messages } from '../i18n/messages.js';

export type ContactAction = { title: string; url: string };

/** Buttons to reach a person: chat and call in Teams (or by phone), and e-mail. */
export function personContactActions(person: { upn: string | null; phone: string | null; email: string | null }, m: Messages): ContactAction[] {
  const actions: ContactAction[] = [];
  if (person.upn) actions.push({ title: m.lookup.chat, url: `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(person.upn)}` });
  if (person.phone) actions.push({ title: m.lookup.call, url: `tel:${person.phone}` });
  else if (person.upn) actions.push({ title: m.lookup.call, url: `https://teams.microsoft.com/l/call/0/0?users=${encodeURIComponent(person.upn)}` });
  if (person.email) actions.push({ title: m.lookup.mail, url: `mailto:${person.email}` });
  return actions;
}

export function unitContactActions(unit: { phone: string | null; email: string | null }, m: Messages): ContactAction[] {
  const actions: ContactAction[] = [];
  if (unit.phone) actions.push({ title: m.lookup.call, url: `tel:${unit.phone}` });
  if (unit.email) actions.push({ title: m.lookup.mail, url: `mailto:${unit.email}` });
  return actions;
}
