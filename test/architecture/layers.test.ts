import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../bot/paths/project-root.js';

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

/** Folder → the folders its files import (relative imports between different folders only). */
function folderGraph(tops: readonly string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of tops.flatMap(sourceFiles)) {
    const from = dirname(file);
    const targets = graph.get(from) ?? graph.set(from, new Set()).get(from)!;
    for (const target of importsOf(file)) if (tops.some((top) => target.startsWith(`${top}/`)) && dirname(target) !== from) targets.add(dirname(target));
  }
  return graph;
}

/** The strongly connected components with more than one folder (Tarjan): each is a set of folders importing each other in a cycle. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (folder: string): void => {
    index.set(folder, next);
    low.set(folder, next++);
    stack.push(folder);
    onStack.add(folder);
    for (const target of graph.get(folder) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(folder, Math.min(low.get(folder)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(folder, Math.min(low.get(folder)!, index.get(target)!));
    }
    if (low.get(folder) !== index.get(folder)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== folder);
    if (component.length > 1) found.push(component.sort());
  };
  for (const folder of [...graph.keys()].sort()) if (!index.has(folder)) visit(folder);
  return found;
}

describe('layers', () => {
  it('the folder graph of bot/, cards/, data/ and domain/ has no cycle (capabilities are composed in bot/compose/ and app.ts; data/ from data/sql up to data/store and data/postgres)', () => {
    const graph = folderGraph(['bot', 'cards', 'data', 'domain']);
    expect(graph.size).toBeGreaterThan(40);
    expect(cycles(new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]]))).toEqual([['a', 'b', 'c']]);
    expect([...graph.keys()].filter((folder) => folder.startsWith('data/'))).toEqual(expect.arrayContaining(['data/sql', 'data/sqlite', 'data/repositories', 'data/store', 'data/postgres']));
    expect(cycles(graph)).toEqual([]);
  });

  it('bot/chat/ imports no capability: the route table and the welcome card are given to it (bot/compose/, app.ts)', () => {
    const allowed = ['bot/chat/', 'bot/i18n/', 'bot/log/', 'cards/', 'data/', 'domain/'];
    const wrong = sourceFiles('bot/chat').flatMap((file) => importsOf(file).filter((target) => /^(bot|cards|data|domain)\//.test(target) && !allowed.some((prefix) => target.startsWith(prefix))).map((target) => `${file} → ${target}`));
    expect(wrong).toEqual([]);
  });


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

  it('bot/compose/ and bot/app.ts import each capability only through its module.ts', () => {
    const capabilities = readdirSync(join(root, 'bot')).filter((name) => statSync(join(root, 'bot', name)).isDirectory() && sourceFiles(`bot/${name}`).includes(`bot/${name}/module.ts`));
    expect(capabilities.length).toBeGreaterThanOrEqual(15);
    const wrong = [...sourceFiles('bot/compose'), 'bot/app.ts'].flatMap((file) =>
      importsOf(file)
        .filter((target) => capabilities.some((name) => target.startsWith(`bot/${name}/`) && target !== `bot/${name}/module.ts`))
        .map((target) => `${file} → ${target}`),
    );
    expect(wrong).toEqual([]);
  });

  it('only bot/teams/ imports botbuilder', () => {
    const wrong = ['bot', 'data', 'domain'].flatMap(sourceFiles).filter((file) => !file.startsWith('bot/teams/') && importsOf(file).some((target) => /^botbuilder|^botframework-/.test(target)));
    expect(wrong).toEqual([]);
  });

  it('no bot/ file touches a driver handle (store.db, Db, rawDb, rawSql, better-sqlite3, openDatabase, db.prepare/transaction/pragma/exec): units of work use store.transaction, commitGrouped and writesSoFar', () => {
    const handle = /store\.db\b|\bDb\b|\brawDb\b|\brawSql\b|better-sqlite3|openDatabase\(|\bdb\.(prepare|transaction|pragma|exec)\b/;
    const files = sourceFiles('bot');
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => handle.test(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });
});
