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

const CONDITION_OPERATORS = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);
const PREDICATE_METHODS = new Set(['filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);

/** Where a value is tested for truth: a promise there is always true (`if (tx.alerts.tryClaim(…))` always wins). */
function testedForTruth(node: ts.Node): ts.Expression | undefined {
  if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) return node.expression;
  if (ts.isForStatement(node)) return node.condition;
  if (ts.isConditionalExpression(node)) return node.condition;
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return node.operand;
  if (ts.isBinaryExpression(node) && CONDITION_OPERATORS.has(node.operatorToken.kind)) return node.left;
  return undefined;
}

/** An async predicate given to filter/some/every/find…: every element passes, and the work runs after the caller moved on. */
function asyncPredicate(checker: ts.TypeChecker, node: ts.Node): ts.Expression | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || !PREDICATE_METHODS.has(node.expression.name.text)) return undefined;
  const predicate = node.arguments[0];
  if (!predicate) return undefined;
  const returns = checker.getTypeAtLocation(predicate).getCallSignatures().map((signature) => signature.getReturnType());
  return returns.some((type) => isThenable(checker, type, predicate)) ? predicate : undefined;
}

/** A thenable that cannot be null or undefined: testing it for truth tests nothing (`p: Promise | null` is a fair test). */
function isAlwaysTruthyThenable(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): boolean {
  const nullish = ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void;
  if ((type.isUnion() ? type.types : [type]).some((member) => (member.flags & nullish) !== 0)) return false;
  return isThenable(checker, type, at);
}

type Findings = { floating: string[]; misused: string[] };

/**
 * Expression statements whose value is a thenable nobody awaits, voids or attaches a handler to (floating), and
 * promises tested for truth or used as predicates (misused), each as `file:line  text`.
 */
function promiseFindings(program: ts.Program, base: string, folders: readonly string[]): Findings {
  const checker = program.getTypeChecker();
  const findings: Findings = { floating: [], misused: [] };
  for (const file of program.getSourceFiles()) {
    const path = relative(base, file.fileName);
    if (file.isDeclarationFile || !folders.some((folder) => path.startsWith(`${folder}/`))) continue;
    const at = (node: ts.Node) => `${path}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}  ${node.getText(file).replace(/\s+/g, ' ').slice(0, 160)}`;
    const visit = (node: ts.Node): void => {
      if (ts.isExpressionStatement(node) && !isHandled(node.expression) && isThenable(checker, checker.getTypeAtLocation(node.expression), node.expression)) {
        findings.floating.push(at(node.expression));
      }
      const tested = testedForTruth(node);
      if (tested && isAlwaysTruthyThenable(checker, checker.getTypeAtLocation(tested), tested)) findings.misused.push(at(tested));
      const predicate = asyncPredicate(checker, node);
      if (predicate) findings.misused.push(at(predicate));
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return findings;
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
  if (save()) plain();
  const either = !save() ? 1 : 2;
  while (maybe?.save()) break;
  let pending: Promise<number> | null = null;
  if (pending) await pending;
  pending = null;
  const first = save() || plain();
  [1, 2].filter(async (n) => n > (await save()));
  if (await save()) plain();
  [1, 2].filter((n) => n > 1);
  void either;
  void first;
}
`;

/** The detector on a small program of known cases, so a detector that finds nothing cannot pass the check above unnoticed. */
function sampleFindings(): Findings {
  const folder = mkdtempSync(join(tmpdir(), 'floating-'));
  try {
    const path = join(folder, 'src', 'sample.ts');
    mkdirSync(join(folder, 'src'));
    writeFileSync(path, sample);
    const program = ts.createProgram({ rootNames: [path], options: { strict: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2023.d.ts'], types: [], noEmit: true } });
    return promiseFindings(program, folder, ['src']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('promises', () => {
  it('finds an unawaited call, an optional call, a bare thenable and one behind &&, and nothing awaited, voided, handled or assigned', () => {
    expect(sampleFindings().floating).toEqual(['src/sample.ts:8  save()', 'src/sample.ts:9  maybe?.save()', 'src/sample.ts:10  thenable()', 'src/sample.ts:11  plain() > 0 && save()']);
  });

  it('finds promises tested for truth (if, !, ||) and an async predicate, and not a promise-or-null, an awaited value or a synchronous predicate', () => {
    expect(sampleFindings().misused).toEqual([
      'src/sample.ts:21  save()',
      'src/sample.ts:22  save()',
      'src/sample.ts:27  save()',
      'src/sample.ts:28  async (n) => n > (await save())',
    ]);
  });

  it('in bot/, data/, domain/, cards/ and test/ every promise-valued statement is awaited, voided or handled, and no promise is tested for truth', () => {
    const { floating, misused } = promiseFindings(projectProgram(), root, checkedFolders);
    expect(floating, 'unhandled promises (await them, or `void` a deliberate fire-and-forget)').toEqual([]);
    expect(misused, 'promises tested for truth or used as predicates (await the value first)').toEqual([]);
  }, 240_000);
});
