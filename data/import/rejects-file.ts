import type { ImportProblem } from './import-problem.js';

export type Reject = { problem: ImportProblem; raw: string[] | null };

/** The rejected rows, one line per problem: where, what is wrong, and the row as it was in the file. */
export function rejectsCsv(rejects: readonly Reject[]): string {
  const lines = ['file;line;column;problem;row'];
  for (const { problem, raw } of rejects) {
    lines.push([problem.file, String(problem.line), problem.column ?? '', problem.message, raw ? raw.join(';') : ''].map(quote).join(';'));
  }
  return `${lines.join('\n')}\n`;
}

function quote(value: string): string {
  return /[;"\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
