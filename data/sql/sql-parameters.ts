import { bindNamed, compileNamed } from './named-parameters.js';
import type { SqlParams } from './sql.js';

/**
 * The statement's `@name` values in order, checked the same way on both engines: a name without a value (or with
 * undefined) is an error, and so is a boolean, a Date or an object, which one engine would bind and the other refuse
 * or store differently (better-sqlite3 binds undefined as NULL and refuses booleans; pg turns true into 'true').
 */
export function checkedValues(sql: string, params: SqlParams | undefined): unknown[] {
  const compiled = compileNamed(sql);
  const values = bindNamed(compiled, params);
  values.forEach((value, index) => {
    if (!isBindable(value)) {
      throw new Error(
        `The SQL parameter @${compiled.names[index]} is ${describe(value)}: pass text, a number, a bigint, a Buffer or null ` +
          '(a flag as 1/0, a date as its ISO text, a list as JSON text).',
      );
    }
  });
  return values;
}

function isBindable(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || Buffer.isBuffer(value);
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'a Date';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
