import { z } from 'zod';
import { isBifCategory, isSofTargetGroup, BIF_CATEGORIES, SOF_TARGET_GROUPS } from '../../domain/categories/categories.js';
import { normaliseCategory } from '../../domain/categories/normalise-category.js';
import { BareMatchGroup, readBareMatchGroup, resolveMatchGroup } from '../../domain/categories/bare-match-group.js';
import { allSkillNames, skillFromText, type Skill } from '../../domain/skills/skills.js';
import { queryTerms, words } from '../../domain/text/normalise-danish.js';
import { ROLES } from '../repositories/employees.js';
import { GOAL_KINDS, type GoalKind } from '../repositories/goal-status.js';
import type { IsoDate } from '../../domain/dates/iso-date.js';
import { checkPeriod, dateColumn, openEndDateColumn, validityColumns } from './validity-columns.js';
import {
  aadObjectIdColumn,
  cell,
  CellProblem,
  administrationColumn,
  cprColumn,
  cprReferenceColumn,
  emailColumn,
  LIST_MAX,
  NAME_MAX,
  flagColumn,
  idColumn,
  listColumn,
  optionalId,
  optionalText,
  phoneColumn,
  requiredText,
  rowSchema,
} from './cell-schemas.js';

const teamsChannelColumn = cell((raw) => {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  return /^19:[^\s]+@thread\.(tacv2|skype|v2)$/.test(trimmed) ? trimmed : new CellProblem(`"${trimmed}" er ikke et Teams-kanal-id (fx 19:abc…@thread.tacv2)`);
}, 200);

export const unitRow = rowSchema({
  id: idColumn('et enheds-id'),
  name: requiredText('et navn', NAME_MAX),
  administration: administrationColumn,
  parent_id: optionalId('enheds-id'),
  phone: phoneColumn,
  email: emailColumn,
  teams_channel_id: teamsChannelColumn,
  entry_point: flagColumn,
  ...validityColumns,
})
  .superRefine(checkPeriod)
  .superRefine((row, ctx) => {
    if (row.parent_id === row.id) ctx.addIssue({ code: 'custom', path: ['parent_id'], message: 'en enhed kan ikke være sin egen overordnede' });
  });

/** Hotline agents' skills, `|`-separated: each must name a known skill (its Danish name, id or an alias). */
const skillsColumn = cell((raw) => {
  const items = raw.split('|').map((item) => item.trim()).filter(Boolean);
  const skills = items.map((item) => skillFromText(item, { exact: true }));
  const unknown = items.filter((_, index) => skills[index] === null);
  if (unknown.length > 0) return new CellProblem(`ukendt kompetence: ${unknown.map((item) => `"${item}"`).join(', ')} (kendte: ${allSkillNames('da')})`);
  return [...new Set(skills as Skill[])].sort();
}, LIST_MAX);

export const employeeRow = rowSchema({
  id: idColumn('et medarbejder-id'),
  name: requiredText('et navn', NAME_MAX),
  upn: emailColumn,
  aad_object_id: aadObjectIdColumn,
  phone: phoneColumn,
  email: emailColumn,
  unit_id: idColumn('et enheds-id'),
  roles: listColumn(ROLES, 'rolle'),
  skills: skillsColumn,
  ...validityColumns,
})
  .superRefine(checkPeriod)
  .superRefine((row, ctx) => {
    // Without an object id the bot can only know the person in Teams by their UPN.
    if (row.aad_object_id === null && row.upn === null) ctx.addIssue({ code: 'custom', path: ['upn'], message: 'mangler en UPN (den kræves, når aad_object_id er tom)' });
  });

export const citizenRow = rowSchema({
  cpr: cprColumn,
  name: requiredText('et navn', NAME_MAX),
});

const categoryColumn = cell((raw) => {
  if (raw.trim() === '') return null;
  return (
    normaliseCategory(raw) ??
    readBareMatchGroup(raw) ??
    new CellProblem(`ukendt kategori "${raw}" (BIF: ${BIF_CATEGORIES.join(', ')} eller matchgruppe 1–5; SOF: ${SOF_TARGET_GROUPS.join(', ')})`)
  );
});

export const caseRow = rowSchema({
  cpr: cprReferenceColumn,
  administration: administrationColumn,
  unit_id: idColumn('et enheds-id'),
  caseworker_id: optionalId('medarbejder-id'),
  category: categoryColumn,
  green_line: flagColumn,
  ...validityColumns,
})
  .superRefine(checkPeriod)
  .transform((row) => ({
    ...row,
    category: row.category instanceof BareMatchGroup ? resolveMatchGroup(row.category, row.valid_from) : row.category,
  }))
  .superRefine((row, ctx) => {
    if (row.category === null) return;
    if (row.administration === 'BIF' && !isBifCategory(row.category)) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: `"${row.category}" er en SOF-målgruppe; en BIF-sag skal have en matchgruppe eller jobparat/aktivitetsparat/uddannelsesparat` });
    }
    if (row.administration === 'SOF' && !isSofTargetGroup(row.category)) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: `"${row.category}" er en BIF-kategori; en SOF-sag skal have en målgruppe (${SOF_TARGET_GROUPS.join(', ')})` });
    }
  });

export type UnitRow = z.infer<typeof unitRow>;
export type EmployeeRow = z.infer<typeof employeeRow>;
export type CitizenRow = z.infer<typeof citizenRow>;
export type CaseRow = z.infer<typeof caseRow>;

const whitelistKindColumn = cell((raw) => {
  const kind = raw.trim().toLowerCase();
  return kind === 'phone' || kind === 'aad' ? kind : new CellProblem(`"${raw}" er ikke en type; brug phone (telefonnummer) eller aad (Entra ID-objekt-id)`);
});

export const hotlineWhitelistRow = rowSchema({
  kind: whitelistKindColumn,
  value: requiredText('et telefonnummer eller et Entra ID-objekt-id', 100),
  note: optionalText(500),
  ...validityColumns,
})
  .superRefine(checkPeriod)
  .transform((row, ctx) => {
    const value = row.kind === 'phone' ? phoneColumn(row.value) : aadObjectIdColumn(row.value);
    if (value instanceof CellProblem || value === null) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: value instanceof CellProblem ? value.message : 'mangler en værdi' });
      return z.NEVER;
    }
    return { ...row, value };
  });

const keywordsColumn = cell((raw) => {
  const items = raw.split('|').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) return new CellProblem('mangler mindst ét søgeord (adskilt med |)');
  const long = items.find((item) => item.length > 80);
  return long ? new CellProblem(`søgeordet "${long.slice(0, 40)}…" er for langt (højst 80 tegn)`) : items.join('|');
}, 1000);

const urlColumn = cell((raw) => {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  return /^https:\/\/[^\s]+$/.test(trimmed) && URL.canParse(trimmed) ? trimmed : new CellProblem(`"${trimmed}" er ikke et https-link`);
}, 2000);

export const guideRow = rowSchema({
  id: idColumn('et opslags-id'),
  title: requiredText('en titel', 120),
  body: requiredText('en tekst', 1000),
  keywords: keywordsColumn,
  unit_id: optionalId('enheds-id'),
  url: urlColumn,
  ...validityColumns,
}).superRefine(checkPeriod);

/** A lexicon word is matched against one to three words in a row of the question (see bot/guide/synonyms.ts). */
const SYNONYM_MAX_WORDS = 3;
const ONLY_SMALL_WORDS = 'består kun af småord (fx og, på, til), som står i næsten alle spørgsmål';

/** guide_synonyms.csv `word`: what people type, one word or a phrase; kept trimmed, spaces folded, lower case. */
const synonymWordColumn = cell((raw) => {
  const word = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  if (word === '') return new CellProblem('mangler et ord eller udtryk, som folk skriver (fx hash eller sover på gaden)');
  if (word.includes('|')) {
    return new CellProblem(`ét ord eller udtryk pr. række: skriv ${word.split('|').map((part) => `"${part.trim()}"`).join(' og ')} på hver sin række`);
  }
  const count = words(word).length;
  if (count === 0) return new CellProblem(`"${word}" indeholder hverken bogstaver eller tal`);
  if (count > SYNONYM_MAX_WORDS) return new CellProblem(`"${word.slice(0, 40)}" er ${count} ord; et udtryk kan højst være ${SYNONYM_MAX_WORDS} ord i træk`);
  return queryTerms(word).length > 0 ? word : new CellProblem(`"${word}" ${ONLY_SMALL_WORDS}`);
}, 80);

/** guide_synonyms.csv `means`: what the word means in the guide's own words, `|`-separated. */
const synonymMeansColumn = cell((raw) => {
  const items = [...new Set(raw.split('|').map((item) => item.trim().replace(/\s+/g, ' ').toLowerCase()).filter(Boolean))];
  if (items.length === 0) return new CellProblem('mangler hvad ordet betyder med vejviserens ord, adskilt med | (fx misbrug|rusmiddel)');
  const long = items.find((item) => item.length > 80);
  if (long) return new CellProblem(`betydningen "${long.slice(0, 40)}…" er for lang (højst 80 tegn)`);
  const small = items.find((item) => queryTerms(item).length === 0);
  return small === undefined ? items.join('|') : new CellProblem(`betydningen "${small}" ${ONLY_SMALL_WORDS}`);
}, 1000);

export const guideSynonymRow = rowSchema({
  word: synonymWordColumn,
  means: synonymMeansColumn,
  ...validityColumns,
})
  .superRefine(checkPeriod)
  .superRefine((row, ctx) => {
    const word = words(row.word).join(' ');
    const same = row.means.split('|').find((item) => words(item).join(' ') === word);
    if (same !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['means'], message: `"${same}" er det samme ord som "${row.word}"; skriv de ord, vejviserens opslag selv bruger` });
    }
  });

/** The other files name their period columns valid_from / valid_to; activations.csv calls them from / to. */
const checkFromTo = (row: { from: IsoDate; to: IsoDate | null }, ctx: z.RefinementCtx) => {
  if (row.to !== null && row.to < row.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `slutdatoen ${row.to} ligger før startdatoen ${row.from}` });
};

const OUTCOMES: Record<string, 'accepted' | 'declined'> = { accepted: 'accepted', declined: 'declined' };

const outcomeColumn = cell((raw) => {
  const outcome = OUTCOMES[raw.trim().toLowerCase()];
  if (outcome) return outcome;
  return new CellProblem(
    raw.trim() === ''
      ? 'mangler et udfald: accepted (borgeren tog imod tilbuddet) eller declined (borgeren sagde nej; procesnotat)'
      : `"${raw.trim().slice(0, 40)}" er ikke et udfald; brug accepted (borgeren tog imod tilbuddet) eller declined (borgeren sagde nej; procesnotat)`,
  );
});

/** action_plans.csv: one offer of a social action plan per row. */
export const actionPlanRow = rowSchema({
  cpr: cprColumn,
  offered_date: dateColumn,
  outcome: outcomeColumn,
  completed_date: openEndDateColumn,
}).superRefine((row, ctx) => {
  if (row.completed_date !== null && row.completed_date < row.offered_date) {
    ctx.addIssue({ code: 'custom', path: ['completed_date'], message: `afslutningsdatoen ${row.completed_date} ligger før tilbudsdatoen ${row.offered_date}` });
  }
});

/** An activation's type (e.g. virksomhedspraktik, løntilskud): part of its identity, so spacing and case are folded. */
const activationTypeColumn = cell((raw) => {
  const type = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  if (type === '') return new CellProblem('mangler en aktiveringstype (fx virksomhedspraktik eller løntilskud)');
  return type.length <= 60 ? type : new CellProblem(`aktiveringstypen er ${type.length} tegn; højst 60`);
}, 200);

/** activations.csv: one activation period per row; an empty `to` means it is still going on. */
export const activationRow = rowSchema({
  cpr: cprColumn,
  from: dateColumn,
  to: openEndDateColumn,
  type: activationTypeColumn,
}).superRefine(checkFromTo);

const goalKindColumn = cell((raw) => {
  const kind = raw.trim().toLowerCase();
  return (GOAL_KINDS as readonly string[]).includes(kind)
    ? (kind as GoalKind)
    : new CellProblem(`"${raw.trim().slice(0, 40)}" er ikke et mål; brug action_plan_offers (antal tilbud om social handleplan pr. år) eller activation_rate (aktiveringsgrad i procent)`);
});

/** A number written the Danish or the English way (`42,5` or `42.5`); the row decides what range is allowed. */
const targetValueColumn = cell((raw) => {
  const text = raw.trim().replace(/\s/g, '');
  if (text === '') return new CellProblem('mangler en værdi');
  if (!/^\d+(?:[.,]\d+)?$/.test(text)) return new CellProblem(`"${raw.trim().slice(0, 40)}" er ikke et tal (fx 1500 eller 42,5)`);
  return Number(text.replace(',', '.'));
});

/** goal_targets.csv: the strategy's yearly targets, with the period each applies to (an empty end: until further notice). */
export const goalTargetRow = rowSchema({
  kind: goalKindColumn,
  value: targetValueColumn,
  ...validityColumns,
})
  .superRefine(checkPeriod)
  .superRefine((row, ctx) => {
    if (row.kind === 'action_plan_offers' && !Number.isInteger(row.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'antal tilbud skal være et helt tal uden punktum eller komma (fx 1500)' });
    }
    if (row.kind === 'activation_rate' && row.value > 100) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `aktiveringsgraden er i procent og kan højst være 100, ikke ${row.value}` });
    }
  });
