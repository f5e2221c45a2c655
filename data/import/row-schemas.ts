import { z } from 'zod';
import { isBifCategory, isSofTargetGroup, BIF_CATEGORIES, SOF_TARGET_GROUPS } from '../../bot/categories/categories.js';
import { normaliseCategory } from '../../bot/categories/normalise-category.js';
import { ROLES } from '../repositories/employees.js';
import { checkPeriod, validityColumns } from '../validity/validity-schema.js';
import {
  aadObjectIdColumn,
  administrationColumn,
  cprColumn,
  emailColumn,
  flagColumn,
  idColumn,
  listColumn,
  optionalId,
  optionalText,
  phoneColumn,
  requiredText,
} from './cell-schemas.js';

const teamsChannelColumn = z.string().transform((value, ctx) => {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!/^19:[^\s]+@thread\.(tacv2|skype|v2)$/.test(trimmed)) {
    ctx.addIssue({ code: 'custom', message: `"${trimmed}" er ikke et Teams-kanal-id (fx 19:abc…@thread.tacv2)` });
    return z.NEVER;
  }
  return trimmed;
});

export const administrationRow = z.object({
  code: administrationColumn,
  name_da: requiredText('et dansk navn'),
  name_en: optionalText,
});

export const unitRow = z
  .object({
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

export const employeeRow = z
  .object({
    id: idColumn('et medarbejder-id'),
    name: requiredText('et navn'),
    upn: emailColumn,
    aad_object_id: aadObjectIdColumn,
    phone: phoneColumn,
    email: emailColumn,
    unit_id: idColumn('et enheds-id'),
    roles: listColumn(ROLES, 'rolle'),
    ...validityColumns,
  })
  .superRefine(checkPeriod);

export const citizenRow = z.object({
  cpr: cprColumn,
  name: requiredText('et navn'),
});

const categoryColumn = z.string().transform((value, ctx) => {
  if (value.trim() === '') return null;
  const category = normaliseCategory(value);
  if (category) return category;
  ctx.addIssue({
    code: 'custom',
    message: `ukendt kategori "${value}" (BIF: ${BIF_CATEGORIES.join(', ')}; SOF: ${SOF_TARGET_GROUPS.join(', ')})`,
  });
  return z.NEVER;
});

export const caseRow = z
  .object({
    cpr: cprColumn,
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

export type AdministrationRow = z.infer<typeof administrationRow>;
export type UnitRow = z.infer<typeof unitRow>;
export type EmployeeRow = z.infer<typeof employeeRow>;
export type CitizenRow = z.infer<typeof citizenRow>;
export type CaseRow = z.infer<typeof caseRow>;
