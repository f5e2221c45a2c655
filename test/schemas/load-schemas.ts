/**
 * Offline validation against the official schemas (copies in manifest/schemas of ../shared/schemas; see its README.md).
 * Each validator returns readable error strings; an empty list means valid.
 *
 *   validateManifest(obj)      Teams app manifest 1.25 (draft-04, ajv-draft-04 + ajv-formats)
 *   validateLocalization(obj)  Teams manifest localisation file 1.25 (same)
 *   validateAdaptiveCard(obj)  Adaptive Card 1.5 (draft-06 with `id`, plain ajv); Teams' root `msteams`
 *                              property (width, entities for mentions) is not part of that schema and is ignored,
 *                              and Teams' chart elements are checked on their own and replaced by their fallback
 *                              (what a host without charts renders) before the schema check (see teams-charts.ts).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { formatAjvErrors, readSchema } from '../../bot/cli/manifest-schema.js';
import { withoutTeamsCharts } from './teams-charts.js';

export { validateManifest, validateLocalization, schemaDir, readSchema } from '../../bot/cli/manifest-schema.js';

export const ADAPTIVE_CARD_SCHEMA_FILE = 'adaptive-card-1.5.schema.json';

let cardValidator: ValidateFunction | undefined;

function adaptiveCardValidator(): ValidateFunction {
  if (!cardValidator) {
    const schema = readSchema(ADAPTIVE_CARD_SCHEMA_FILE);
    // draft-06 written with `id`: ajv (draft-07) understands it once `$schema` is gone and `id` is `$id`.
    delete schema.$schema;
    schema.$id = schema.id;
    delete schema.id;
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    ajvFormats.default(ajv);
    cardValidator = ajv.compile(schema);
  }
  return cardValidator;
}

/**
 * Errors against the Adaptive Card 1.5 schema; empty means valid. A root `msteams` property is allowed, and so are
 * Teams' Chart.* elements that Teams documents and that carry a fallback: the card is validated as a host without
 * charts renders it.
 */
export function validateAdaptiveCard(card: unknown): string[] {
  const problems: string[] = [];
  let candidate = withoutTeamsCharts(card, problems);
  if (candidate !== null && typeof candidate === 'object' && !Array.isArray(candidate) && 'msteams' in candidate) {
    const { msteams: _teamsOnly, ...rest } = candidate as Record<string, unknown>;
    candidate = rest;
  }
  const validate = adaptiveCardValidator();
  return validate(candidate) ? problems : [...problems, ...formatAjvErrors(validate.errors)];
}
