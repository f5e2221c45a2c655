/** One thing wrong with an import file, printed as `file:line: column: what is wrong`. */
export type ImportProblem = { file: string; line: number; column: string | null; message: string };

export function formatProblem(problem: ImportProblem): string {
  return `${problem.file}:${problem.line}: ${problem.column ? `${problem.column}: ` : ''}${problem.message}`;
}

/** A problem that makes the whole file unreadable (encoding, header). */
export class ImportFileError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(formatProblem(problem));
    this.name = 'ImportFileError';
  }
}
