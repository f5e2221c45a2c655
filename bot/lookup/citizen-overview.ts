import type { OpenCase } from '../../data/repositories/cases.js';
import type { Unit } from '../../data/repositories/units.js';
import type { Locale } from '../i18n/locale.js';
import { categoryText } from '../categories/describe-category.js';
import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { formatDate } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import { formatPhone } from '../../domain/phone/normalise-phone.js';
import type { SharedStatus } from '../citizen-status/shared-status.js';
import { personContactActions, unitContactActions, type ContactAction } from '../contact/contact-actions.js';
import { unitContact } from './unit-contact.js';

/** The administrations the single point of entry answers for, in the order shown. */
export const SIDES = ['BIF', 'SOF'] as const;

export type OverviewInput = {
  cpr: string;
  citizenName: string;
  asOf: string;
  today: string;
  cases: readonly OpenCase[];
  status: SharedStatus;
  entryPoints: Readonly<Record<(typeof SIDES)[number], readonly Unit[]>>;
  administrationNames: Readonly<Record<string, string>>;
  /** SOF target groups are health and social data (GDPR art. 9): shown only to SOF and the specialist unit. */
  showSofTargetGroup: boolean;
  /** The consent line, and the sides the asker may see only the entry point of (no consent in force while it is required). */
  consent: { text: string; withheldSides: readonly Side[] };
  locale: Locale;
};

type Side = (typeof SIDES)[number];

type Fact = { title: string; value: string };
type CaseView = { facts: Fact[]; actions: ContactAction[] };
type SideView = { heading: string; cases: CaseView[]; noCaseText: string | null; entryPoints: CaseView[] };

/** The answer card's data, and the list of what it shows (for the audit log: fields, never values). */
export function buildCitizenOverview(input: OverviewInput): { data: Record<string, unknown>; shown: string[] } {
  const m = messages(input.locale);
  const shown = new Set<string>(['citizen.name', 'citizen.cpr_masked', 'consent']);
  const date = formatDate(input.asOf, input.locale);
  const sides: SideView[] = SIDES.map((side) => {
    const cases = input.cases.filter((c) => c.administration === side);
    const name = input.administrationNames[side] ?? side;
    const heading = `${name} (${side})`;
    if (input.consent.withheldSides.includes(side)) {
      // Only the way in: nothing on the card says whether this side has a case, let alone which unit or caseworker.
      shown.add(`${side}.entry_point`);
      return {
        heading,
        cases: [],
        noCaseText: `${m.lookup.consentMissing(side)} ${input.entryPoints[side].length > 0 ? m.lookup.entryPointIntro(side) : m.lookup.noEntryPoint}`,
        entryPoints: input.entryPoints[side].map((unit) => unitContact(unit, m)),
      };
    }
    if (cases.length === 0) {
      shown.add(`${side}.entry_point`);
      return {
        heading,
        cases: [],
        noCaseText: `${m.lookup.noCaseIn(side, date)} ${input.entryPoints[side].length > 0 ? m.lookup.entryPointIntro(side) : m.lookup.noEntryPoint}`,
        entryPoints: input.entryPoints[side].map((unit) => unitContact(unit, m)),
      };
    }
    return {
      heading,
      noCaseText: null,
      entryPoints: [],
      cases: cases.map((c) => {
        shown.add(`${side}.unit`).add(`${side}.caseworker`);
        const category = c.category && (side === 'BIF' || input.showSofTargetGroup) ? categoryText(c.category, m) : null;
        if (category) shown.add(`${side}.category`);
        const facts = compact([
          { title: m.lookup.unit, value: [c.parentUnitName, c.unitName ?? c.unitId].filter(Boolean).join(' › ') },
          { title: m.lookup.caseworker, value: c.caseworkerName ?? m.lookup.noCaseworker },
          phoneOf(c) ? { title: m.lookup.phone, value: formatPhone(phoneOf(c)!) } : null,
          (c.caseworkerEmail ?? c.unitEmail) ? { title: m.lookup.email, value: (c.caseworkerEmail ?? c.unitEmail)! } : null,
          category ? { title: m.lookup.category, value: category } : null,
          { title: m.lookup.since, value: formatDate(c.openedOn, input.locale) },
        ]);
        const actions = c.caseworkerName
          ? personContactActions({ upn: c.caseworkerUpn, phone: c.caseworkerPhone ?? c.unitPhone, email: c.caseworkerEmail }, m)
          : unitContactActions({ phone: c.unitPhone, email: c.unitEmail }, m);
        return { facts, actions };
      }),
    };
  });

  const badges: { text: string; style: 'accent' | 'good' }[] = [];
  // Shared status and the green line tell of a case on the other side: not shown while that side is withheld.
  const withheld = input.consent.withheldSides.length > 0;
  if (!withheld) {
    shown.add('shared_status');
    if (input.status.override) badges.push({ text: input.status.shared ? m.lookup.sharedCitizenManual : m.lookup.notSharedManual, style: 'accent' });
    else if (input.status.shared) badges.push({ text: m.lookup.sharedCitizen, style: 'accent' });
  }
  const caseworkersOf = (side: string) => input.cases.filter((c) => c.administration === side && c.caseworkerName).map((c) => c.caseworkerName!);
  // A green line is an agreement between two named caseworkers: before one side's case exists (or without a
  // caseworker on it) there is no one to agree with, whatever the flag on the other side's case says.
  const [bifCaseworkers, sofCaseworkers] = [caseworkersOf('BIF'), caseworkersOf('SOF')];
  const greenLine =
    !withheld && input.cases.some((c) => c.greenLine) && bifCaseworkers.length > 0 && sofCaseworkers.length > 0
      ? m.lookup.greenLineText(m.lookup.greenLineBothCaseworkers(bifCaseworkers.join(', '), sofCaseworkers.join(', ')))
      : null;
  if (greenLine) {
    badges.push({ text: m.lookup.greenLine, style: 'good' });
    shown.add('green_line');
  }

  return {
    data: {
      lang: input.locale,
      title: m.lookup.cardTitle,
      citizen: { name: input.citizenName, maskedCpr: maskCpr(input.cpr) },
      asOfLabel: input.asOf === input.today ? m.lookup.asOfToday(date) : m.lookup.asOfDate(date),
      consent: { text: input.consent.text, style: withheld ? 'warning' : 'default' },
      badges,
      greenLine,
      sides,
      privacyNote: m.lookup.privacyNote,
    },
    shown: [...shown],
  };
}

function phoneOf(c: OpenCase): string | null {
  return c.caseworkerPhone ?? c.unitPhone;
}

function compact<T>(items: (T | null)[]): T[] {
  return items.filter((item): item is T => item !== null);
}
