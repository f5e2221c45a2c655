import { z } from 'zod';
import { isBifCategory, isSofTargetGroup, BIF_CATEGORIES, SOF_TARGET_GROUPS } from '../../bot/categories/categories.js';
import { normaliseCategory } from '../../bot/categories/normalise-category.js';
import { allSkillNames, skillFromText, type Skill } from '../../bot/hotline/skills.js';
import { ROLES } from '../repositories/employees.js';
import { checkPeriod, validityColumns } from '../validity/validity-schema.js';
import {
  aadObjectIdColumn,
  cell,
  CellProblem,
  administrationColumn,
  cprColumn,
  cprReferenceColumn,
  emailColumn,
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
});

export const unitRow = rowSchema({
  id: idColumn('et enheds-id'),
  name: requiredText('et navn'),
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
});

export const employeeRow = rowSchema({
  id: idColumn('et medarbejder-id'),
  name: requiredText('et navn'),
  upn: emailColumn,
  aad_object_id: aadObjectIdColumn,
  phone: phoneColumn,
  email: emailColumn,
  unit_id: idColumn('et enheds-id'),
  roles: listColumn(ROLES, 'rolle'),
  skills: skillsColumn,
  ...validityColumns,
})
  .superRefine(checkPeriod);

export const citizenRow = rowSchema({
  cpr: cprColumn,
  name: requiredText('et navn'),
});

const categoryColumn = cell((raw) => {
  if (raw.trim() === '') return null;
  return normaliseCategory(raw) ?? new CellProblem(`ukendt kategori "${raw}" (BIF: ${BIF_CATEGORIES.join(', ')}; SOF: ${SOF_TARGET_GROUPS.join(', ')})`);
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
  value: requiredText('et telefonnummer eller et Entra ID-objekt-id'),
  note: optionalText,
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
});

const boundedText = (what: string, max: number) =>
  cell((raw) => {
    const trimmed = raw.trim();
    if (trimmed === '') return new CellProblem(`mangler ${what}`);
    return trimmed.length <= max ? trimmed : new CellProblem(`${what} er ${trimmed.length} tegn; højst ${max}`);
  });

const urlColumn = cell((raw) => {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  return /^https:\/\/[^\s]+$/.test(trimmed) && URL.canParse(trimmed) ? trimmed : new CellProblem(`"${trimmed}" er ikke et https-link`);
});

export const guideRow = rowSchema({
  id: idColumn('et opslags-id'),
  title: boundedText('en titel', 120),
  body: boundedText('en tekst', 1000),
  keywords: keywordsColumn,
  unit_id: optionalId('enheds-id'),
  url: urlColumn,
  ...validityColumns,
}).superRefine(checkPeriod);
