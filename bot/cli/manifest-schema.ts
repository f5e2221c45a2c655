/**
 * Validation of the Teams app manifest and its localisation files against Microsoft's official JSON schemas,
 * read offline from manifest/schemas (byte-identical copies of ../shared/schemas; see manifest/schemas/README.md).
 * Used by `npm run package` before zipping, and by the tests (test/schemas/load-schemas.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { projectRoot } from '../paths/project-root.js';

export const MANIFEST_SCHEMA_FILE = 'teams-manifest-v1.25.schema.json';
export const LOCALIZATION_SCHEMA_FILE = 'teams-manifest-localization-v1.25.schema.json';

/** The official schemas: TEAMS_SCHEMA_DIR, or the copies in manifest/schemas (see its README.md). */
export function schemaDir(): string {
  return process.env.TEAMS_SCHEMA_DIR?.trim() || join(projectRoot(), 'manifest', 'schemas');
}

export function readSchema(file: string): Record<string, unknown> {
  const path = join(schemaDir(), file);
  if (!existsSync(path)) {
    throw new Error(`Skemaet ${file} findes ikke i ${schemaDir()}. Sæt TEAMS_SCHEMA_DIR til mappen med Microsofts officielle skemaer (teams-manifest-v1.25.schema.json m.fl.).`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** One readable line per ajv error, e.g. `/bots/0/botId: must match pattern "…"`. */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  if (!errors) return [];
  const lines = errors.map((error) => {
    const where = error.instancePath === '' ? '(root)' : error.instancePath;
    const params = error.params as Record<string, unknown>;
    let detail = '';
    if (typeof params.additionalProperty === 'string') detail = `: "${params.additionalProperty}"`;
    else if (Array.isArray(params.allowedValues)) detail = `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    else if ('allowedValue' in params) detail = `: ${JSON.stringify(params.allowedValue)}`;
    return `${where}: ${error.message ?? error.keyword}${detail}`;
  });
  return [...new Set(lines)];
}

// ajv-draft-04 and ajv-formats are CommonJS; under NodeNext their default import is `module.exports`,
// whose `.default` is the class/plugin (at runtime both are the same function).
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

let draft04Validators: { manifest: ValidateFunction; localization: ValidateFunction } | undefined;

function teamsValidators(): { manifest: ValidateFunction; localization: ValidateFunction } {
  if (!draft04Validators) {
    // Per ../shared/schemas/README.md: draft-04; unicodeRegExp off because one pattern uses an escape that is
    // invalid in unicode mode.
    const ajv = new Ajv04({ strict: false, allErrors: true, unicodeRegExp: false, logger: false });
    addFormats(ajv);
    draft04Validators = {
      manifest: ajv.compile(readSchema(MANIFEST_SCHEMA_FILE)),
      localization: ajv.compile(readSchema(LOCALIZATION_SCHEMA_FILE)),
    };
  }
  return draft04Validators;
}

/** Errors against teams-manifest-v1.25.schema.json; empty means valid. */
export function validateManifest(manifest: unknown): string[] {
  const validate = teamsValidators().manifest;
  return validate(manifest) ? [] : formatAjvErrors(validate.errors);
}

/** Errors against teams-manifest-localization-v1.25.schema.json; empty means valid. */
export function validateLocalization(localization: unknown): string[] {
  const validate = teamsValidators().localization;
  return validate(localization) ? [] : formatAjvErrors(validate.errors);
}

interface ManifestCommands {
  bots?: { commandLists?: { commands?: { title?: string; description?: string }[] }[] }[];
}

/** The localisation keys for every bot command in the manifest, e.g. `bots[0].commandLists[0].commands[0].title`. */
export function commandLocalizationKeys(manifest: unknown): string[] {
  const keys: string[] = [];
  ((manifest as ManifestCommands).bots ?? []).forEach((bot, b) =>
    (bot.commandLists ?? []).forEach((list, l) =>
      (list.commands ?? []).forEach((_command, c) => {
        keys.push(`bots[${b}].commandLists[${l}].commands[${c}].title`, `bots[${b}].commandLists[${l}].commands[${c}].description`);
      }),
    ),
  );
  return keys;
}

/**
 * Checks that a localisation file translates exactly the manifest's bot commands: no command left in the default
 * language, and no key pointing at a command that does not exist (Teams would ignore it silently).
 */
export function checkCommandCoverage(manifest: unknown, localization: Record<string, unknown>): string[] {
  const expected = new Set(commandLocalizationKeys(manifest));
  const present = new Set(Object.keys(localization).filter((key) => key.startsWith('bots[')));
  const problems: string[] = [];
  for (const key of expected) if (!present.has(key)) problems.push(`missing translation: "${key}"`);
  for (const key of present) if (!expected.has(key)) problems.push(`translation for a command that is not in the manifest: "${key}"`);
  return problems;
}
