import { describe, expect, it } from 'vitest';
import { bindNamed, compileNamed } from '../../../data/sql/named-parameters.js';

describe('compiling @name parameters to $n', () => {
  it('numbers the names in order of first use and gives a repeated name the same $n', () => {
    const compiled = compileNamed('SELECT * FROM alerts WHERE unit_id = @unit AND (@asOf >= valid_from) AND @unit <> @other_1');
    expect(compiled.text).toBe('SELECT * FROM alerts WHERE unit_id = $1 AND ($2 >= valid_from) AND $1 <> $3');
    expect(compiled.names).toEqual(['unit', 'asOf', 'other_1']);
  });

  it('leaves @ alone inside string literals, quoted identifiers, dollar quotes and comments', () => {
    const sql = [
      "SELECT 'mail@host', 'it''s @not', E'back\\'slash @not', \"col@not\", $$ @not $$, $tag$ @not $tag$ -- @not",
      '/* @not /* nested @not */ still @not */ @yes',
    ].join('\n');
    const compiled = compileNamed(sql);
    expect(compiled.names).toEqual(['yes']);
    expect(compiled.text).toBe(sql.replace('@yes', '$1'));
  });

  it('leaves the operators @@, <@ and @> alone', () => {
    const compiled = compileNamed('SELECT 1 WHERE doc @@ to_tsquery(@q) AND tags <@ @tags AND a @>b');
    expect(compiled.text).toBe('SELECT 1 WHERE doc @@ to_tsquery($1) AND tags <@ $2 AND a @>b');
    expect(compiled.names).toEqual(['q', 'tags']);
  });

  it('compiles each SQL text once', () => {
    const sql = 'SELECT @cached';
    expect(compileNamed(sql)).toBe(compileNamed(sql));
  });

  it('refuses SQL that mixes $n with @name', () => {
    expect(() => compileNamed('SELECT $1, @a')).toThrow('SQL with @name parameters may not also use $n parameters');
  });
});

describe('binding values by name', () => {
  it('gives the values in $n order, null as a value, and ignores names the statement does not use', () => {
    const compiled = compileNamed('UPDATE t SET a = @a, b = @b WHERE id = @id');
    expect(bindNamed(compiled, { id: 7, b: null, a: 'x', unused: 1 })).toEqual(['x', null, 7]);
  });

  it('refuses a missing or undefined parameter with a message that names it and what was given', () => {
    const compiled = compileNamed('SELECT @first, @second');
    expect(() => bindNamed(compiled, { first: 1 })).toThrow(
      'The SQL parameter @second has no value (the statement uses @first, @second; given: first). Pass null for an SQL NULL.',
    );
    expect(() => bindNamed(compiled, { first: 1, second: undefined })).toThrow('The SQL parameter @second has no value');
    expect(() => bindNamed(compiled)).toThrow('given: none');
  });
});
