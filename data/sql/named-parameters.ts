/**
 * The repositories write SQL with SQLite's `@name` parameters; `pg` takes only `$1…$n`. One compiler keeps the SQL
 * text shared by both engines: `@name` becomes `$n` (the same name always the same `$n`), except inside string
 * literals, quoted identifiers, dollar-quoted bodies and comments, and in the operators `@@`, `<@` and `@>`.
 */
export type CompiledSql = {
  /** The SQL with `$1…$n` in place of the `@name`s. */
  readonly text: string;
  /** The parameter names in `$n` order: `names[0]` is `$1`. */
  readonly names: readonly string[];
};

export type NamedParameters = Readonly<Record<string, unknown>>;

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
/** Bounded so that SQL built at run time cannot grow the cache without end; the repositories' texts are far fewer. */
const CACHE_LIMIT = 2000;
const cache = new Map<string, CompiledSql>();

export function compileNamed(sql: string): CompiledSql {
  let compiled = cache.get(sql);
  if (!compiled) {
    compiled = compile(sql);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(sql, compiled);
  }
  return compiled;
}

/** The values in `$n` order. A name the statement needs but `params` lacks (or has as undefined) is an error. */
export function bindNamed(compiled: CompiledSql, params: NamedParameters = {}): unknown[] {
  return compiled.names.map((name) => {
    const value = params[name];
    if (value === undefined) {
      const given = Object.keys(params).filter((key) => params[key] !== undefined);
      throw new Error(
        `The SQL parameter @${name} has no value (the statement uses ${compiled.names.map((n) => `@${n}`).join(', ')}; ` +
          `given: ${given.length > 0 ? given.join(', ') : 'none'}). Pass null for an SQL NULL.`,
      );
    }
    return value;
  });
}

function compile(sql: string): CompiledSql {
  const names: string[] = [];
  let text = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped > i) {
      text += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const char = sql[i]!;
    if (char === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      throw new Error(`SQL with @name parameters may not also use $n parameters (at "${sql.slice(i, i + 12)}").`);
    }
    if (char === '@' && NAME_START.test(sql[i + 1] ?? '') && !isOperatorPart(sql[i - 1])) {
      let end = i + 2;
      while (end < sql.length && NAME_PART.test(sql[end]!)) end++;
      const name = sql.slice(i + 1, end);
      let position = names.indexOf(name);
      if (position < 0) position = names.push(name) - 1;
      text += `$${position + 1}`;
      i = end;
      continue;
    }
    text += char;
    i++;
  }
  return { text, names };
}

/** `@@` (text search) and `<@` (contained by): an `@` right after these is an operator, not a parameter. */
function isOperatorPart(previous: string | undefined): boolean {
  return previous === '@' || previous === '<';
}

/** The index just past the literal, quoted identifier or comment that starts at `i`, or `i` when none starts there. */
function skipQuotedOrComment(sql: string, i: number): number {
  const char = sql[i];
  const next = sql[i + 1];
  if (char === "'") return skipQuoted(sql, i, "'", isEscapeStringStart(sql, i));
  if (char === '"') return skipQuoted(sql, i, '"', false);
  if (char === '-' && next === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end;
  }
  if (char === '/' && next === '*') return skipBlockComment(sql, i);
  if (char === '$' && !NAME_PART.test(sql[i - 1] ?? ' ')) {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
    if (tag) {
      const end = sql.indexOf(tag, i + tag.length);
      return end < 0 ? sql.length : end + tag.length;
    }
  }
  return i;
}

/** E'…' strings take backslash escapes (`E'it\'s'`). */
function isEscapeStringStart(sql: string, quote: number): boolean {
  return /[eE]/.test(sql[quote - 1] ?? '') && !NAME_PART.test(sql[quote - 2] ?? ' ');
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    if (backslashEscapes && sql[i] === '\\') {
      i += 2;
    } else if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2; // a doubled quote stands for one
    } else {
      i++;
    }
  }
  return sql.length;
}

/** PostgreSQL's block comments nest. */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return sql.length;
}
