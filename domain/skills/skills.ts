import { queryTerms, stem, words } from '../text/normalise-danish.js';

/** The topics hotline agents are qualified in; an employee's `skills` and a caller's topic both map to these ids. */
export const HOTLINE_SKILLS = {
  kontanthjaelp: { da: 'Kontanthjælp', en: 'Social assistance (kontanthjælp)', also: ['uddannelseshjælp', 'overgangsydelse', 'selvforsørgelsesydelse', 'hjemrejseydelse', 'integrationsydelse'] },
  sygedagpenge: { da: 'Sygedagpenge', en: 'Sickness benefit', also: ['sygemelding', 'sygemeldt', 'jobafklaring', 'jobafklaringsforløb'] },
  ressourceforloeb: { da: 'Ressourceforløb', en: 'Resource programme', also: ['ressourceforløbsydelse', 'rehabiliteringsteam'] },
  ledighedsydelse: { da: 'Ledighedsydelse', en: 'Flexjob unemployment benefit', also: ['fleksjob'] },
  revalidering: { da: 'Revalidering', en: 'Rehabilitation benefit', also: ['revalideringsydelse'] },
  sanktioner: { da: 'Sanktioner', en: 'Sanctions', also: ['sanktion', 'udeblivelse', 'fradrag', 'sanktionering'] },
  ydelsesstop: { da: 'Ydelsesstop', en: 'Benefit stops', also: ['stop', 'stoppet', 'standset'] },
  enkeltydelser: { da: 'Enkeltydelser', en: 'One-off benefits', also: ['enkeltydelse', 'personlige tillæg', 'tillæg'] },
} as const;

export type Skill = keyof typeof HOTLINE_SKILLS;

export const SKILL_IDS = Object.keys(HOTLINE_SKILLS) as Skill[];

const STEMS: readonly [string, Skill][] = SKILL_IDS.flatMap((id) =>
  [id, HOTLINE_SKILLS[id].da, ...HOTLINE_SKILLS[id].also].flatMap((name) => words(name).map((word) => [stem(word), id] as [string, Skill])),
);

/**
 * The skill a caller's words name ("Uddannelseshjælp", "sygedagpenge", "udeblivelser", "sygedag"), or null.
 * `exact` (for import files) accepts only a skill's own name or an alias, not the start of one.
 */
export function skillFromText(text: string, options: { exact?: boolean } = {}): Skill | null {
  for (const term of queryTerms(text)) {
    const exact = STEMS.find(([known]) => known === term);
    if (exact) return exact[1];
    const prefix = !options.exact && term.length >= 4 ? STEMS.find(([known]) => known.startsWith(term)) : undefined;
    if (prefix) return prefix[1];
  }
  return null;
}

export function skillName(skill: Skill, locale: 'da' | 'en'): string {
  return HOTLINE_SKILLS[skill][locale];
}

export function allSkillNames(locale: 'da' | 'en'): string {
  return SKILL_IDS.map((id) => skillName(id, locale).toLowerCase()).join(', ');
}
