import type { Employee } from '../../data/repositories/employees.js';
import type { Messages } from '../i18n/messages.js';

type Section = { title: string; text: string };

/** Who a section is for. A null asker (not a registered employee) gets the general help. */
type Audience = (asker: Employee) => boolean;

const role = (...roles: Employee['roles'][number][]): Audience => (asker) => roles.some((r) => asker.roles.includes(r));
const inSof: Audience = (asker) => asker.administration === 'SOF';
const everyone: Audience = () => true;
const either = (...audiences: Audience[]): Audience => (asker) => audiences.some((audience) => audience(asker));

/**
 * The help card's sections for the person asking, in the order shown: the everyday caseworker commands first, then
 * the commands of the asker's other roles, the guide and the privacy note last. `general` marks what an unknown user
 * sees: what Brobygger does, not the commands of roles they do not have.
 */
export function helpSections(asker: Employee | null, m: Messages): Section[] {
  const h = m.help;
  const sections: { section: Section; for: Audience; general: boolean }[] = [
    { section: { title: h.lookupTitle, text: h.lookupText }, for: role('caseworker', 'specialist'), general: true },
    { section: { title: h.asOfTitle, text: h.asOfText }, for: role('caseworker', 'specialist'), general: true },
    { section: { title: h.alertsTitle, text: h.alertsText }, for: either(inSof, role('specialist')), general: true },
    { section: { title: h.hotlineTitle, text: h.hotlineText }, for: inSof, general: true },
    { section: { title: h.markTitle, text: h.markText }, for: role('specialist'), general: false },
    { section: { title: h.sampleCheckTitle, text: h.sampleCheckText }, for: role('specialist'), general: false },
    { section: { title: h.statusTitle, text: h.statusText }, for: role('manager', 'specialist'), general: false },
    { section: { title: h.hotlineAgentTitle, text: h.hotlineAgentText }, for: role('hotline_agent'), general: false },
    { section: { title: h.announcementsTitle, text: h.announcementsText }, for: role('specialist', 'admin'), general: false },
    { section: { title: h.guideReportTitle, text: h.guideReportText }, for: role('specialist', 'admin'), general: false },
    { section: { title: h.adminTitle, text: h.adminText }, for: role('admin'), general: false },
    // The examples are topics of the other administration: BIF's for someone in SOF, SOF's for everyone else.
    { section: { title: h.guideTitle, text: asker?.administration === 'SOF' ? h.guideTextForSof : h.guideText }, for: everyone, general: true },
    { section: { title: h.privacyTitle, text: h.privacyText }, for: role('caseworker', 'specialist'), general: true },
  ];
  return sections.filter((s) => (asker ? s.for(asker) : s.general)).map((s) => s.section);
}
