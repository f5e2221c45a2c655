import type { z } from 'zod';
import { normalisePhone } from '../../domain/phone/normalise-phone.js';
import { consents } from './consent-spec.js';
import { actionPlanRow, activationRow, caseRow, citizenRow, employeeRow, goalTargetRow, guideRow, guideSynonymRow, hotlineWhitelistRow, unitRow } from './row-schemas.js';

/**
 * How one import file maps onto one version table. Column names here are fixed identifiers (never user input),
 * so the SQL built from them is safe.
 */
export type EntitySpec = {
  file: string;
  required: readonly string[];
  optional: readonly string[];
  schema: z.ZodType<Record<string, unknown>>;
  table: string;
  stage: string;
  /** Columns that identify the thing (a source fact is the key plus its source valid_from). */
  key: readonly string[];
  attributes: readonly string[];
  /** Maps a validated row to version-table columns, including source_from / source_to. */
  toColumns(row: Record<string, unknown>): Record<string, string | number | null>;
  /** The file is the source's full picture: facts it no longer lists end the day before the import. */
  absentFactsEnd: boolean;
  /** Several facts for the same key may be in force at once; only the same start twice is a duplicate. */
  overlapsAllowed?: boolean;
  /** Shown in problems about duplicate keys, e.g. "id" or "cpr, administration, unit_id, valid_from". */
  keyLabel: string;
  /** The file's column holding the start of the period, named in problems about overlaps (default valid_from). */
  fromColumn?: string;
  /**
   * The key as best it can be read from a row that was rejected, so the stored fact it refers to is held back
   * rather than ended as "no longer listed"; null when the key itself is unreadable.
   */
  rawKey(cells: Record<string, string>): string[] | null;
  /** The guide's search index is rebuilt inside the import's transaction after this file was merged. */
  rebuildsGuideIndex?: boolean;
};

const text = (value: string | undefined) => value?.trim() || null;
const digits = (value: string | undefined) => value?.replace(/[-\s]/g, '') || null;
const present = (parts: (string | null)[]) => (parts.every((part) => part !== null) ? (parts as string[]) : null);

const period = (row: Record<string, unknown>) => ({ source_from: row.valid_from as string, source_to: (row.valid_to as string | null) ?? null });

export const units: EntitySpec = {
  file: 'units.csv',
  required: ['id', 'name', 'administration', 'parent_id', 'phone', 'email', 'valid_from', 'valid_to'],
  optional: ['teams_channel_id', 'entry_point'],
  schema: unitRow as unknown as z.ZodType<Record<string, unknown>>,
  table: 'unit_versions',
  stage: 'stage_units',
  key: ['unit_id'],
  attributes: ['name', 'administration', 'parent_id', 'phone', 'email', 'teams_channel_id', 'entry_point'],
  toColumns: (row) => ({
    unit_id: row.id as string,
    name: row.name as string,
    administration: row.administration as string,
    parent_id: row.parent_id as string | null,
    phone: row.phone as string | null,
    email: row.email as string | null,
    teams_channel_id: row.teams_channel_id as string | null,
    entry_point: row.entry_point ? 1 : 0,
    ...period(row),
  }),
  absentFactsEnd: true,
  keyLabel: 'id',
  rawKey: (cells) => present([text(cells.id)]),
};

export const employees: EntitySpec = {
  file: 'employees.csv',
  required: ['id', 'name', 'upn', 'phone', 'unit_id', 'roles', 'valid_from', 'valid_to'],
  optional: ['aad_object_id', 'email', 'skills'],
  schema: employeeRow as unknown as z.ZodType<Record<string, unknown>>,
  table: 'employee_versions',
  stage: 'stage_employees',
  key: ['employee_id'],
  attributes: ['name', 'upn', 'aad_object_id', 'phone', 'email', 'unit_id', 'roles', 'skills'],
  toColumns: (row) => ({
    employee_id: row.id as string,
    name: row.name as string,
    upn: row.upn as string | null,
    aad_object_id: row.aad_object_id as string | null,
    phone: row.phone as string | null,
    email: row.email as string | null,
    unit_id: row.unit_id as string,
    roles: (row.roles as string[]).join('|'),
    skills: (row.skills as string[]).join('|'),
    ...period(row),
  }),
  absentFactsEnd: true,
  keyLabel: 'id',
  rawKey: (cells) => present([text(cells.id)]),
};

export const citizens: EntitySpec = {
  file: 'citizens.csv',
  required: ['cpr', 'name'],
  optional: [],
  schema: citizenRow as unknown as z.ZodType<Record<string, unknown>>,
  table: 'citizen_versions',
  stage: 'stage_citizens',
  key: ['cpr'],
  attributes: ['name'],
  // A citizen's name has no period in the file: it holds "always" until the file says otherwise.
  toColumns: (row) => ({ cpr: row.cpr as string, name: row.name as string, source_from: '0001-01-01', source_to: null }),
  // Citizens do not stop existing because a file leaves them out.
  absentFactsEnd: false,
  keyLabel: 'cpr',
  rawKey: (cells) => present([digits(cells.cpr)]),
};

export const cases: EntitySpec = {
  file: 'cases.csv',
  required: ['cpr', 'administration', 'unit_id', 'caseworker_id', 'category', 'green_line', 'valid_from', 'valid_to'],
  optional: [],
  schema: caseRow as unknown as z.ZodType<Record<string, unknown>>,
  table: 'case_versions',
  stage: 'stage_cases',
  key: ['cpr', 'administration', 'unit_id'],
  attributes: ['caseworker_id', 'category', 'green_line'],
  toColumns: (row) => ({
    cpr: row.cpr as string,
    administration: row.administration as string,
    unit_id: row.unit_id as string,
    caseworker_id: row.caseworker_id as string | null,
    category: row.category as string | null,
    green_line: row.green_line ? 1 : 0,
    ...period(row),
  }),
  absentFactsEnd: true,
  keyLabel: 'cpr, administration, unit_id',
  rawKey: (cells) => present([digits(cells.cpr), text(cells.administration)?.toUpperCase() ?? null, text(cells.unit_id)]),
};

export const hotlineWhitelist: EntitySpec = {
  file: 'hotline_whitelist.csv',
  required: ['kind', 'value', 'note', 'valid_from', 'valid_to'],
  optional: [],
  schema: hotlineWhitelistRow as unknown as z.ZodType<Record<string, unknown>>,
  table: 'hotline_whitelist_versions',
  stage: 'stage_hotline_whitelist',
  key: ['kind', 'value'],
  attributes: ['note'],
  toColumns: (row) => ({ kind: row.kind as string, value: row.value as string, note: row.note as string | null, ...period(row) }),
  // The file is the whole explicit whitelist (entries made in chat are kept elsewhere and are not affected).
  absentFactsEnd: true,
  keyLabel: 'kind, value',
  rawKey: (cells) => {
    const kind = text(cells.kind)?.toLowerCase() ?? null;
    const value = text(cells.value);
    if (kind === 'phone' && value) {
      const phone = normalisePhone(value);
      return phone.ok ? [kind, phone.e164] : null;
    }
    return present([kind, value?.toLowerCase() ?? null]);
  },
};

export const guide: EntitySpec = {
  file: 'guide.csv',
  required: ['id', 'title', 'body', 'keywords', 'unit_id', 'url', 'valid_from', 'valid_to'],
  optional: [],
  schema: guideRow as unknown as z.ZodType<Record<string, unknown>>,
  table: 'guide_entry_versions',
  stage: 'stage_guide',
  key: ['entry_id'],
  attributes: ['title', 'body', 'keywords', 'unit_id', 'url'],
  toColumns: (row) => ({
    entry_id: row.id as string,
    title: row.title as string,
    body: row.body as string,
    keywords: row.keywords as string,
    unit_id: row.unit_id as string | null,
    url: row.url as string | null,
    ...period(row),
  }),
  absentFactsEnd: true,
  keyLabel: 'id',
  rawKey: (cells) => present([text(cells.id)]),
  rebuildsGuideIndex: true,
};

/**
 * The guide's synonym lexicon: a word or phrase people type and what it means in the guide's words. The file is the
 * content owner's whole lexicon, so a word it no longer lists stops widening searches the day before the import.
 * The search reads the lexicon in force on the date asked and folds it like the query (bot/guide/synonyms.ts).
 */
export const guideSynonyms: EntitySpec = {
  file: 'guide_synonyms.csv',
  required: ['word', 'means', 'valid_from', 'valid_to'],
  optional: [],
  schema: guideSynonymRow as unknown as z.ZodType<Record<string, unknown>>,
  table: 'guide_synonym_versions',
  stage: 'stage_guide_synonyms',
  key: ['word'],
  attributes: ['means'],
  toColumns: (row) => ({ word: row.word as string, means: row.means as string, ...period(row) }),
  absentFactsEnd: true,
  keyLabel: 'word',
  rawKey: (cells) => present([text(cells.word)?.replace(/\s+/g, ' ').toLowerCase() ?? null]),
};

/**
 * Offers of a social action plan. An offer is an event, so it is a one-day fact: its period is the offer's date,
 * and (cpr, offered_date) identifies it. Sending the row again with another outcome or completion date corrects it.
 */
export const actionPlans: EntitySpec = {
  file: 'action_plans.csv',
  required: ['cpr', 'offered_date', 'outcome', 'completed_date'],
  optional: [],
  schema: actionPlanRow as unknown as z.ZodType<Record<string, unknown>>,
  table: 'action_plan_versions',
  stage: 'stage_action_plans',
  key: ['cpr'],
  attributes: ['outcome', 'completed_date'],
  toColumns: (row) => ({
    cpr: row.cpr as string,
    outcome: row.outcome as string,
    completed_date: row.completed_date as string | null,
    source_from: row.offered_date as string,
    source_to: row.offered_date as string,
  }),
  // An offer that was made stays made: a file may hold only the latest offers, and leaving one out ends nothing.
  absentFactsEnd: false,
  keyLabel: 'cpr, offered_date',
  rawKey: (cells) => present([digits(cells.cpr)]),
};

/** Activation periods, identified by (cpr, type, from); the file is BIF's full picture, like cases.csv. */
export const activations: EntitySpec = {
  file: 'activations.csv',
  required: ['cpr', 'from', 'to', 'type'],
  optional: [],
  schema: activationRow as unknown as z.ZodType<Record<string, unknown>>,
  table: 'activation_versions',
  stage: 'stage_activations',
  key: ['cpr', 'type'],
  attributes: [],
  toColumns: (row) => ({ cpr: row.cpr as string, type: row.type as string, source_from: row.from as string, source_to: (row.to as string | null) ?? null }),
  absentFactsEnd: true,
  keyLabel: 'cpr, type',
  fromColumn: 'from',
  rawKey: (cells) => present([digits(cells.cpr), text(cells.type)?.replace(/\s+/g, ' ').toLowerCase() ?? null]),
};

/** The yearly targets (kind, value, period). The file is the full list: a target it no longer lists ends. */
export const goalTargets: EntitySpec = {
  file: 'goal_targets.csv',
  required: ['kind', 'value', 'valid_from', 'valid_to'],
  optional: [],
  schema: goalTargetRow as unknown as z.ZodType<Record<string, unknown>>,
  table: 'goal_target_versions',
  stage: 'stage_goal_targets',
  key: ['kind'],
  attributes: ['value'],
  toColumns: (row) => ({ kind: row.kind as string, value: row.value as number, ...period(row) }),
  absentFactsEnd: true,
  keyLabel: 'kind',
  rawKey: (cells) => present([text(cells.kind)?.toLowerCase() ?? null]),
};

/** In dependency order: later files refer to earlier ones. */
export const ENTITY_SPECS: readonly EntitySpec[] = [units, employees, citizens, cases, hotlineWhitelist, guide, guideSynonyms, actionPlans, activations, goalTargets, consents];
