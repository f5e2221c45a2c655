/**
 * `npm run package`: builds the Teams app package dist/brobygger-teams-app.zip from manifest/.
 *
 *   MicrosoftAppId=<bot app GUID> [TEAMS_APP_ID=<app GUID>] npm run package
 *
 * Fills the placeholders in manifest/manifest.json ({{TEAMS_APP_ID}}, {{BOT_ID}}), validates the manifest and its
 * localisation files against the official 1.25 schemas, checks the icon sizes, and zips manifest.json, the
 * localisation files and the icons at the root of the zip (the layout Teams expects).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { checkCommandCoverage, validateLocalization, validateManifest } from './manifest-schema.js';
import { projectRoot } from '../paths/project-root.js';
import { print, printError } from './cli-output.js';

/** The Teams app id used when TEAMS_APP_ID is not set. Keep it stable: Teams identifies the app (and updates) by it. */
export const DEFAULT_TEAMS_APP_ID = '0abc8ac4-0cf4-47f7-ba4e-23bebd58f74c';

export const PACKAGE_FILE_NAME = 'brobygger-teams-app.zip';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Fixed timestamp for the zip entries, so the same input always gives the same bytes. */
const ZIP_MTIME = new Date(2025, 0, 1);

/** Icon sizes required by Teams, per manifest `icons` key. */
const ICON_SIZES: Record<string, number> = { color: 192, outline: 32, color32x32: 32 };

/** A problem the user can fix (missing variable, invalid manifest …): printed without a stack trace. */
export class PackageError extends Error {
  override name = 'PackageError';
}

export interface AppPackage {
  /** The zip file's bytes. */
  zip: Uint8Array;
  /** The manifest as written into the zip, with the placeholders filled. */
  manifest: Record<string, unknown>;
  /** The files in the zip, in order (all at the root). */
  files: string[];
  teamsAppId: string;
  botId: string;
}

type Env = Record<string, string | undefined>;

function readGuid(env: Env, name: string, fallback?: string): string {
  const value = env[name]?.trim();
  if (!value) {
    if (fallback !== undefined) return fallback;
    throw new PackageError(
      `${name} mangler: sæt den til bottens Microsoft App ID (en GUID som 00000000-0000-0000-0000-000000000000), fx\n  ${name}=<guid> npm run package`,
    );
  }
  if (!GUID.test(value)) {
    throw new PackageError(`${name} er ikke en GUID: "${value}". Forventet fx 00000000-0000-0000-0000-000000000000.`);
  }
  return value;
}

function fillPlaceholders(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match);
  if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillPlaceholders(item, values)]));
  }
  return value;
}

function readJson(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new PackageError(`Filen findes ikke: ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new PackageError(`${path} er ikke gyldig JSON: ${(error as Error).message}`);
  }
}

/** Width and height from a PNG's IHDR chunk; undefined if the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((byte, i) => bytes[i] !== byte)) return undefined;
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function assertRootFile(file: unknown, what: string): string {
  if (typeof file !== 'string' || file === '' || /[\\/]/.test(file)) {
    throw new PackageError(`${what} skal være et filnavn i manifest-mappen (ingen undermapper): ${JSON.stringify(file)}`);
  }
  return file;
}

function failIfAny(problems: string[], heading: string): void {
  if (problems.length > 0) throw new PackageError(`${heading}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** Builds the app package in memory. Throws PackageError for anything the user must fix. */
export function buildAppPackage(env: Env = process.env, manifestDir: string = join(projectRoot(), 'manifest')): AppPackage {
  const botId = readGuid(env, 'MicrosoftAppId');
  const teamsAppId = readGuid(env, 'TEAMS_APP_ID', DEFAULT_TEAMS_APP_ID);

  const template = readJson(join(manifestDir, 'manifest.json'));
  const manifest = fillPlaceholders(template, { TEAMS_APP_ID: teamsAppId, BOT_ID: botId }) as Record<string, unknown>;
  const leftover = JSON.stringify(manifest).match(/\{\{\w+\}\}/g);
  if (leftover) throw new PackageError(`manifest.json har ukendte pladsholdere: ${[...new Set(leftover)].join(', ')}`);
  failIfAny(validateManifest(manifest), 'manifest.json overholder ikke Teams-manifestskemaet 1.25:');

  const entries: Zippable = { 'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`) };

  const localizationInfo = manifest.localizationInfo as
    | { defaultLanguageFile?: string; additionalLanguages?: { languageTag: string; file: string }[] }
    | undefined;
  const languageFiles = [
    ...(localizationInfo?.defaultLanguageFile ? [localizationInfo.defaultLanguageFile] : []),
    ...(localizationInfo?.additionalLanguages ?? []).map((language) => language.file),
  ];
  for (const entry of languageFiles) {
    const file = assertRootFile(entry, 'Sprogfilen');
    const localization = readJson(join(manifestDir, file));
    failIfAny(
      [...validateLocalization(localization), ...checkCommandCoverage(manifest, localization)],
      `${file} overholder ikke Teams-lokaliseringsskemaet 1.25 eller passer ikke til manifestets kommandoer:`,
    );
    entries[file] = strToU8(`${JSON.stringify(localization, null, 2)}\n`);
  }

  const icons = (manifest.icons ?? {}) as Record<string, string>;
  for (const [kind, entry] of Object.entries(icons)) {
    const file = assertRootFile(entry, `Ikonet "${kind}"`);
    const path = join(manifestDir, file);
    if (!existsSync(path)) throw new PackageError(`Ikonet "${kind}" findes ikke: ${path}`);
    const bytes = new Uint8Array(readFileSync(path));
    const size = pngSize(bytes);
    const expected = ICON_SIZES[kind];
    if (!size) throw new PackageError(`Ikonet ${file} er ikke en PNG-fil.`);
    if (expected !== undefined && (size.width !== expected || size.height !== expected)) {
      throw new PackageError(`Ikonet ${file} skal være ${expected}×${expected} pixel, men er ${size.width}×${size.height}.`);
    }
    entries[file] = bytes;
  }

  const zip = zipSync(entries, { level: 9, mtime: ZIP_MTIME });
  return { zip, manifest, files: Object.keys(entries), teamsAppId, botId };
}

/** The command: builds the package and writes it to dist/. Returns the exit code. */
export function runPackage(env: Env = process.env): number {
  let appPackage: AppPackage;
  try {
    appPackage = buildAppPackage(env);
  } catch (error) {
    if (error instanceof PackageError) {
      printError(error.message);
      return 1;
    }
    throw error;
  }
  const root = projectRoot();
  const outFile = join(root, 'dist', PACKAGE_FILE_NAME);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, appPackage.zip);
  print(`Teams-app-pakken er skrevet: ${relative(root, outFile)} (${appPackage.zip.length} bytes)`);
  print(`  Indhold: ${appPackage.files.join(', ')}`);
  print(`  Teams-app-id: ${appPackage.teamsAppId}${env.TEAMS_APP_ID?.trim() ? '' : ' (standard; sæt TEAMS_APP_ID for et andet)'}`);
  print(`  Bot-id (MicrosoftAppId): ${appPackage.botId}`);
  print('Upload zip-filen i Teams Admin Center (Teams-apps → Administrer apps → Upload ny app).');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = runPackage(process.env);
}
