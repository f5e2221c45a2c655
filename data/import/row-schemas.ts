import { z } from 'zod';
import { isBifCategory, isSofTargetGroup, BIF_CATEGORIES, SOF_TARGET_GROUPS } from '../../bot/categories/categories.js';
import { normaliseCategory } from '../../bot/categories/normalise-category.js';
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

export const employeeRow = rowSchema({
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
