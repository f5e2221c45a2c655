import type { Unit } from '../../data/repositories/units.js';
import type { Messages } from '../i18n/messages.js';
import { formatPhone } from '../../domain/phone/normalise-phone.js';
import { unitContactActions, type ContactAction } from '../contact/contact-actions.js';

export type UnitContact = { facts: { title: string; value: string }[]; actions: ContactAction[] };

/** A unit as a way in: its name, phone and e-mail, with buttons to call and write. */
export function unitContact(unit: Unit, m: Messages): UnitContact {
  const facts = [{ title: m.lookup.unit, value: unit.name }];
  if (unit.phone) facts.push({ title: m.lookup.phone, value: formatPhone(unit.phone) });
  if (unit.email) facts.push({ title: m.lookup.email, value: unit.email });
  return { facts, actions: unitContactActions(unit, m) };
}
