import type { CprProblem } from '../../domain/cpr/validate-cpr.js';
import type { Messages } from '../i18n/messages.js';

/** A short explanation of what is wrong with a number that looked like a CPR number. */
export function describeCprProblem(shown: string, problem: CprProblem, m: Messages): string {
  switch (problem.kind) {
    case 'length':
      return m.cpr.invalidLength(shown, problem.digits);
    case 'format':
      return m.cpr.invalidFormat(shown);
    case 'date':
      return m.cpr.invalidDate(shown);
    case 'future':
      return m.cpr.futureDate(shown);
  }
}
