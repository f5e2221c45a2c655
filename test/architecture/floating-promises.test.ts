import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../bot/paths/project-root.js';

const root = projectRoot();
const checkedFolders = ['bot', 'data', 'domain', 'cards', 'test'];

function projectProgram(): ts.Program {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error(`cannot read ${configPath}`);
  return ts.createProgram({ rootNames: config.fileNames, options: config.options });
}

/** A promise or any other thenable (its `then` is callable), also as one member of a union such as `Promise<T> | undefined`. */
function isThenable(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): boolean {
  return (type.isUnion() ? type.types : [type]).some((member) => {
    const then = member.getProperty('then');
    return then !== undefined && checker.getTypeOfSymbolAtLocation(then, at).getCallSignatures().length > 0;
  });
}

/** `await p`, `void p`, `p.catch(...)` and `p.then(...)` decide what happens to a rejection; an assignment keeps the promise. */
function isHandled(expression: ts.Expression): boolean {
  const inner = ts.skipPartiallyEmittedExpressions(ts.isParenthesizedExpression(expression) ? expression.expression : expression);
  if (ts.isAwaitExpression(inner) || ts.isVoidExpression(inner)) return true;
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && inner.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  return ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && ['catch', 'then'].includes(inner.expression.name.text);
}

/** Every expression statement whose value is a thenable nobody awaits, voids or attaches a handler to, as `file:line  text`. */
function floatingPromises(program: ts.Program, base: string, folders: readonly string[]): string[] {
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const file of program.getSourceFiles()) {
    const path = relative(base, file.fileName);
    if (file.isDeclarationFile || !folders.some((folder) => path.startsWith(`${folder}/`))) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isExpressionStatement(node) && !isHandled(node.expression) && isThenable(checker, checker.getTypeAtLocation(node.expression), node.expression)) {
        const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
        found.push(`${path}:${line}  ${node.expression.getText(file).replace(/\s+/g, ' ').slice(0, 160)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

const sample = `
declare function save(): Promise<number>;
declare const maybe: { save(): Promise<number> } | undefined;
type Thenable = { then(onFulfilled: (value: number) => void): void };
declare function thenable(): Thenable;
declare function plain(): number;
export async function caller(): Promise<void> {
  save();
  maybe?.save();
  thenable();
  plain() > 0 && save();
  await save();
  void save();
  save().catch(() => {});
  save().then(() => {}, () => {});
  const kept = save();
  let later: Promise<number>;
  later = save();
  plain();
  await Promise.all([kept, later]);
}
`;

/** The detector on a small program of known cases, so a detector that finds nothing cannot pass the check above unnoticed. */
function sampleFindings(): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'floating-'));
  try {
    const path = join(folder, 'src', 'sample.ts');
    mkdirSync(join(folder, 'src'));
    writeFileSync(path, sample);
    const program = ts.createProgram({ rootNames: [path], options: { strict: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2023.d.ts'], types: [], noEmit: true } });
    return floatingPromises(program, folder, ['src']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('floating promises', () => {
  it('finds an unawaited call, an optional call, a bare thenable and one behind &&, and nothing awaited, voided, handled or assigned', () => {
    expect(sampleFindings()).toEqual(['src/sample.ts:8  save()', 'src/sample.ts:9  maybe?.save()', 'src/sample.ts:10  thenable()', 'src/sample.ts:11  plain() > 0 && save()']);
  });

  it('every promise-valued expression statement in bot/, data/, domain/, cards/ and test/ is awaited, voided or given a catch/then handler', () => {
    expect(floatingPromises(projectProgram(), root, checkedFolders), 'unhandled promises (await them, or `void` a deliberate fire-and-forget)').toEqual([]);
  }, 120_000);
});
