import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../bot/project-root.js';

const root = projectRoot();

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = join(folder, name);
    return statSync(join(root, path)).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports: relative ones as project paths (e.g. `domain/cpr/mask-cpr.ts`), packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(([, specifier]) =>
    specifier!.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), specifier!)).replace(/\.js$/, '.ts') : specifier!,
  );
}

describe('layers', () => {
  it('domain/ holds pure rules: it imports only domain/ and npm packages, never bot/ or data/', () => {
    const files = sourceFiles('domain');
    expect(files.length).toBeGreaterThan(15);
    const wrong = files.flatMap((file) => importsOf(file).filter((target) => target.startsWith('bot/') || target.startsWith('data/') || target.startsWith('..')).map((target) => `${file} → ${target}`));
    expect(wrong).toEqual([]);
  });

  it('data/ never imports bot/ (the store is below the capabilities)', () => {
    const wrong = sourceFiles('data').flatMap((file) => importsOf(file).filter((target) => target.startsWith('bot/')).map((target) => `${file} → ${target}`));
    expect(wrong).toEqual([]);
  });

  it('bot/i18n/ and bot/consent/ do not import bot/chat/ (Locale lives in bot/i18n/locale.ts)', () => {
    const wrong = ['bot/i18n', 'bot/consent'].flatMap(sourceFiles).flatMap((file) => importsOf(file).filter((target) => target.startsWith('bot/chat/')).map((target) => `${file} → ${target}`));
    expect(wrong).toEqual([]);
  });

  it('the services several capabilities share (bot/routing, bot/citizen-status, bot/contact) import no capability: only data/, domain/, bot/i18n/ and packages', () => {
    const files = ['bot/routing', 'bot/citizen-status', 'bot/contact'].flatMap(sourceFiles);
    expect(files.length).toBeGreaterThanOrEqual(3);
    const wrong = files.flatMap((file) => importsOf(file).filter((target) => target.startsWith('bot/') && !target.startsWith(dirname(file) + '/') && !target.startsWith('bot/i18n/')).map((target) => `${file} → ${target}`));
    expect(wrong).toEqual([]);
  });

  it('bot/delivery/ knows no capability: capabilities bring their DeliveryHooks (bot/delivery/delivery-hooks.ts) and the admin commands live in bot/dead-letters/', () => {
    const allowed = ['bot/delivery/', 'bot/chat/reply.ts', 'bot/log/', 'data/', 'domain/'];
    const wrong = sourceFiles('bot/delivery').flatMap((file) => importsOf(file).filter((target) => /^(bot|data|domain)\//.test(target) && !allowed.some((prefix) => target.startsWith(prefix))).map((target) => `${file} → ${target}`));
    expect(wrong).toEqual([]);
  });

  it('only bot/teams/ imports botbuilder', () => {
    const wrong = ['bot', 'data', 'domain'].flatMap(sourceFiles).filter((file) => !file.startsWith('bot/teams/') && importsOf(file).some((target) => /^botbuilder|^botframework-/.test(target)));
    expect(wrong).toEqual([]);
  });
});
