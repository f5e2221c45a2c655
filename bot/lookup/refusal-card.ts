import type { Employee } from '../../data/repositories/employees.js';
import type { Store } from '../../data/store/store.js';
import type { Locale } from '../i18n/locale.js';
import { card, type Reply } from '../chat/reply.js';
import { messages } from '../i18n/messages.js';
import { SIDES } from './citizen-overview.js';
import { unitContact, type UnitContact } from './unit-contact.js';

const SPECIALIST_UNIT_ADMINISTRATION = 'BIF-SOF';

/**
 * The answer to a lookup that is not allowed, or of a citizen who is not known: the same words and the same
 * contacts either way. The contacts depend only on who asks (the other administration's entry points, and the
 * specialist unit), never on the citizen, so the card reveals nothing about whether the citizen exists.
 */
export async function refusalCard(asker: Employee, maskedCpr: string, today: string, store: Store, locale: Locale): Promise<Reply> {
  const m = messages(locale);
  const nameOf = async (code: string) => (await store.units.administrationNames(code))?.[locale] ?? code;
  const otherSides = SIDES.filter((side) => side !== asker.administration);
  const contacts: (UnitContact & { heading: string })[] = [];
  for (const side of otherSides) {
    const heading = m.lookup.entryPointOf(`${await nameOf(side)} (${side})`);
    contacts.push(...(await store.units.entryPointsOf(side, today)).map((unit) => ({ heading, ...unitContact(unit, m) })));
  }
  if (asker.administration !== SPECIALIST_UNIT_ADMINISTRATION) {
    const specialistUnits = (await store.units.unitsOf(SPECIALIST_UNIT_ADMINISTRATION, today)).filter((unit) => unit.parentId === null);
    contacts.push(...specialistUnits.map((unit) => ({ heading: m.lookup.specialistUnit, ...unitContact(unit, m) })));
  }
  return card('lookup-refused', { lang: locale, text: m.lookup.refused(maskedCpr), contacts });
}
