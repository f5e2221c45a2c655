import { GUIDE_SEARCH_COMMAND } from '../../bot/teams/message-extension.js';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import pngjs from 'pngjs';
import { buildAppPackage, DEFAULT_TEAMS_APP_ID, PackageError } from '../../bot/cli/package-app.js';
import { checkCommandCoverage } from '../../bot/cli/manifest-schema.js';
import { projectRoot } from '../../bot/paths/project-root.js';
import { validateAdaptiveCard, validateLocalization, validateManifest } from '../schemas/load-schemas.js';

const MANIFEST_DIR = join(projectRoot(), 'manifest');
const BOT_ID = '7e3c1a52-5f0d-4b8e-9a61-2d4c8b9e0f13';
const APP_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';

interface Command {
  title: string;
  description: string;
}
interface Manifest {
  id: string;
  manifestVersion: string;
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: { languageTag: string; file: string }[] };
  name: { short: string; full: string };
  icons: { color: string; outline: string };
  permissions: string[];
  bots: { botId: string; scopes: string[]; supportsFiles: boolean; isNotificationOnly: boolean; commandLists: { scopes: string[]; commands: Command[] }[] }[];
}

const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(MANIFEST_DIR, file), 'utf8')) as Record<string, unknown>;
const build = (env: Record<string, string | undefined> = { MicrosoftAppId: BOT_ID }, dir = MANIFEST_DIR) => buildAppPackage(env, dir);
const manifestOf = () => build().manifest as unknown as Manifest;

/** Width and height straight from the IHDR chunk of a PNG file. */
function pngHeaderSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('Teams app manifest', () => {
  it('validates against the Teams manifest schema 1.25 once the placeholders are filled', () => {
    expect(validateManifest(build().manifest)).toEqual([]);
  });

  it('the schema validator does catch mistakes (sanity check of the helper)', () => {
    const broken = structuredClone(build().manifest) as unknown as Manifest;
    broken.bots[0]!.botId = 'not-a-guid';
    broken.name.short = 'x'.repeat(31);
    const errors = validateManifest(broken);
    expect(errors.some((e) => e.startsWith('/bots/0/botId'))).toBe(true);
    expect(errors.some((e) => e.startsWith('/name/short'))).toBe(true);
  });

  it('is Danish by default with English as an additional language', () => {
    const manifest = manifestOf();
    expect(manifest.manifestVersion).toBe('1.25');
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('da-dk');
    expect(manifest.localizationInfo.additionalLanguages).toEqual([{ languageTag: 'en', file: 'en.json' }]);
    expect(manifest.name).toEqual({ short: 'Brobygger', full: 'Brobygger – BIF og SOF finder hinanden' });
    expect(manifest.permissions).toEqual(['identity', 'messageTeamMembers']);
  });

  it('has one conversational bot with the command menus per scope', () => {
    const [bot, ...others] = manifestOf().bots;
    expect(others).toHaveLength(0);
    expect(bot!.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot!.supportsFiles).toBe(false);
    expect(bot!.isNotificationOnly).toBe(false);
    const menu = Object.fromEntries(bot!.commandLists.map((list) => [list.scopes.join(','), list.commands.map((c) => c.title)]));
    expect(menu).toEqual({
      personal: ['hjælp', 'hvem har', 'hotline', 'vejviser', 'marker', 'afmarker'],
      team: ['hjælp', 'vejviser'],
      groupChat: ['hjælp', 'vejviser'],
    });
    // The localisation schema is stricter than the manifest schema: titles ≤ 32 and descriptions ≤ 128 characters.
    for (const command of bot!.commandLists.flatMap((list) => list.commands)) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
    }
  });
});

describe('the guide’s message extension', () => {
  it('is one search command on the same bot, with the id and parameter the bot answers', () => {
    const manifest = manifestOf() as any;
    expect(manifest.composeExtensions).toHaveLength(1);
    const [extension] = manifest.composeExtensions;
    expect(extension.botId).toBe(manifest.bots[0].botId);
    expect(extension.commands).toHaveLength(1);
    expect(extension.commands[0]).toMatchObject({ id: GUIDE_SEARCH_COMMAND, type: 'query', initialRun: true });
    expect(extension.commands[0].parameters.map((parameter: any) => parameter.name)).toEqual(['query']);
  });
});

describe('English localisation file', () => {
  const localization = readJson('en.json');

  it('validates against the Teams localisation schema 1.25', () => {
    expect(validateLocalization(localization)).toEqual([]);
  });

  it('translates exactly the commands in the manifest', () => {
    expect(checkCommandCoverage(manifestOf(), localization)).toEqual([]);
    expect(localization['bots[0].commandLists[0].commands[0].title']).toBe('help');
    expect(localization['bots[0].commandLists[1].commands[0].title']).toBe('help');
    expect(localization['bots[0].commandLists[2].commands[0].title']).toBe('help');
  });

  it('the coverage check notices a missing or stray command translation', () => {
    const { ['bots[0].commandLists[0].commands[3].title']: _dropped, ...missingOne } = localization;
    expect(checkCommandCoverage(manifestOf(), missingOne)).toEqual(['missing translation: "bots[0].commandLists[0].commands[3].title"']);
    const stray = { ...localization, 'bots[0].commandLists[0].commands[9].title': 'extra' };
    expect(checkCommandCoverage(manifestOf(), stray)).toHaveLength(1);
  });

  it('the schema validator rejects a title that is too long', () => {
    const errors = validateLocalization({ ...localization, 'bots[0].commandLists[0].commands[0].title': 'x'.repeat(33) });
    expect(errors.join('\n')).toMatch(/commandLists\[0\]\.commands\[0\]\.title/);
  });
});

describe('icons', () => {
  it('are 192×192 (colour) and 32×32 (outline)', () => {
    expect(pngHeaderSize(join(MANIFEST_DIR, 'color.png'))).toEqual({ width: 192, height: 192 });
    expect(pngHeaderSize(join(MANIFEST_DIR, 'outline.png'))).toEqual({ width: 32, height: 32 });
  });

  it('the outline icon uses only white and transparent pixels, and draws something', () => {
    const png = pngjs.PNG.sync.read(readFileSync(join(MANIFEST_DIR, 'outline.png')));
    let white = 0;
    let transparent = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a === 0) transparent++;
      else if (r === 255 && g === 255 && b === 255) white++;
      else throw new Error(`pixel ${i / 4} is rgba(${r},${g},${b},${a}), neither white nor transparent`);
    }
    expect(white).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(50);
  });

  it('the colour icon is opaque and in colour', () => {
    const png = pngjs.PNG.sync.read(readFileSync(join(MANIFEST_DIR, 'color.png')));
    const colours = new Set<string>();
    let notOpaque = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      if (png.data[i + 3] !== 255) notOpaque++;
      colours.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
    }
    expect(notOpaque).toBe(0);
    expect(colours.size).toBeGreaterThan(3);
  });
});

describe('app package (npm run package)', () => {
  let tmp: string | undefined;
  afterEach(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    tmp = undefined;
  });

  it('zips exactly manifest.json, the localisation file and both icons at the root', () => {
    const files = unzipSync(build().zip);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    expect(files['color.png']).toEqual(new Uint8Array(readFileSync(join(MANIFEST_DIR, 'color.png'))));
    expect(files['outline.png']).toEqual(new Uint8Array(readFileSync(join(MANIFEST_DIR, 'outline.png'))));
    expect(JSON.parse(strFromU8(files['en.json']!))).toEqual(readJson('en.json'));
  });

  it("the zipped manifest carries the bot id from MicrosoftAppId and the default Teams app id", () => {
    const zipped = JSON.parse(strFromU8(unzipSync(build().zip)['manifest.json']!)) as Manifest;
    expect(zipped.bots[0]!.botId).toBe(BOT_ID);
    expect(zipped.id).toBe(DEFAULT_TEAMS_APP_ID);
    expect(JSON.stringify(zipped)).not.toContain('{{');
    expect(validateManifest(zipped)).toEqual([]);
  });

  it('uses TEAMS_APP_ID when set', () => {
    const { manifest } = build({ MicrosoftAppId: ` ${BOT_ID} `, TEAMS_APP_ID: APP_ID });
    expect((manifest as unknown as Manifest).id).toBe(APP_ID);
    expect((manifest as unknown as Manifest).bots[0]!.botId).toBe(BOT_ID);
  });

  it('is reproducible: the same input gives the same bytes', () => {
    expect(build().zip).toEqual(build().zip);
  });

  it.each([
    ['missing', {}],
    ['empty', { MicrosoftAppId: '  ' }],
  ])('a %s MicrosoftAppId is a clear error naming the variable', (_label, env) => {
    expect(() => build(env)).toThrow(PackageError);
    expect(() => build(env)).toThrow(/^MicrosoftAppId mangler/);
  });

  it.each(['not-a-guid', '7e3c1a52-5f0d-4b8e-9a61-2d4c8b9e0f1', `{${BOT_ID}}`])('a malformed MicrosoftAppId (%s) is a clear error', (value) => {
    expect(() => build({ MicrosoftAppId: value })).toThrow(/^MicrosoftAppId er ikke en GUID/);
  });

  it('a malformed TEAMS_APP_ID is a clear error naming the variable', () => {
    expect(() => build({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: 'brobygger' })).toThrow(/^TEAMS_APP_ID er ikke en GUID/);
  });

  it('refuses to package a manifest that breaks the schema', () => {
    tmp = mkdtempSync(join(tmpdir(), 'brobygger-manifest-'));
    cpSync(MANIFEST_DIR, tmp, { recursive: true });
    const template = readJson('manifest.json') as unknown as Manifest;
    template.name.short = 'Brobygger med et alt for langt kort navn';
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(template));
    expect(() => build({ MicrosoftAppId: BOT_ID }, tmp)).toThrow(/\/name\/short: must NOT have more than 30 characters/);
  });

  it('refuses to package a wrongly sized icon', () => {
    tmp = mkdtempSync(join(tmpdir(), 'brobygger-manifest-'));
    cpSync(MANIFEST_DIR, tmp, { recursive: true });
    cpSync(join(MANIFEST_DIR, 'outline.png'), join(tmp, 'color.png'));
    expect(() => build({ MicrosoftAppId: BOT_ID }, tmp)).toThrow(/color\.png skal være 192×192 pixel, men er 32×32/);
  });
});

describe('validateAdaptiveCard (Adaptive Card 1.5 schema helper)', () => {
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Brobygger', weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: [{ title: 'Team', value: 'SOF Team Nord' }] },
    ],
    actions: [{ type: 'Action.Submit', title: 'OK', data: { verb: 'ok' } }],
    msteams: { width: 'Full' },
  };

  it('accepts a valid card, including Teams’ root msteams property', () => {
    expect(validateAdaptiveCard(card)).toEqual([]);
  });

  it('rejects an invalid card', () => {
    expect(validateAdaptiveCard({ ...card, type: 'Card' })).not.toEqual([]);
    expect(validateAdaptiveCard({ ...card, body: [{ type: 'TextBlock', text: 'x', weight: 'Heavy' }] })).not.toEqual([]);
    expect(validateAdaptiveCard({ ...card, colour: 'blue' })).not.toEqual([]);
  });
});
