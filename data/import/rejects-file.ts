import type { ImportProblem } from './import-problem.js';

export type Reject = { problem: ImportProblem; raw: string[] | null };

/**
 * The rejected rows, one line per problem: where, what is wrong, and the row as it was in the file (its cells
 * joined with `;`). Operators open this file in Excel, so every cell, and every cell of the row, is neutralised.
 */
export function rejectsCsv(rejects: readonly Reject[]): string {
  const lines = ['file;line;column;problem;row'];
  for (const { problem, raw } of rejects) {
    const row = raw ? raw.map(neutralise).join(';') : '';
    lines.push([problem.file, String(problem.line), problem.column ?? '', problem.message, row].map(neutralise).map(quote).join(';'));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * CSV injection (OWASP): a spreadsheet reads a cell starting with = + - @, a tab or a carriage return as a formula,
 * so such a cell gets a leading `'`. A phone number like +4533663366 or a negative number gets it too.
 */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quote(value: string): string {
  return /[;"\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
