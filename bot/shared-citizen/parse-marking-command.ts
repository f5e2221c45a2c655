import { findCprSpellings } from '../../domain/cpr/find-cpr.js';
import { maskCpr, redactCprInText } from '../../domain/cpr/mask-cpr.js';
import { validateCpr, type Cpr, type CprProblem } from '../../domain/cpr/validate-cpr.js';

export const MARKING_COMMAND = /^(afmarker|unmark|marker|mark)(?=\s|$)/i;

export type MarkingCommand =
  | { kind: 'marking'; verb: string; shared: boolean; cpr: Cpr; reason: string }
  | { kind: 'bad-cpr'; verb: string; shown: string; problem: CprProblem }
  | { kind: 'no-cpr'; verb: string };

/** `marker 010190-1234 <begrundelse>` / `afmarker 010190-1234 <begrundelse>` (English: mark / unmark). */
export function parseMarkingCommand(text: string): MarkingCommand | null {
  const command = MARKING_COMMAND.exec(text.trim());
  if (!command) return null;
  const verb = command[1]!.toLowerCase();
  const shared = verb === 'marker' || verb === 'mark';
  const rest = text.trim().slice(command[0].length);
  const match = findCprSpellings(rest)[0];
  if (!match) return { kind: 'no-cpr', verb };
  const digits = match.digits;
  const validation = validateCpr(digits);
  if (!validation.ok) return { kind: 'bad-cpr', verb, shown: maskCpr(digits), problem: validation.problem };
  const reason = `${rest.slice(0, match.start)} ${rest.slice(match.end)}`.replace(/\s+/g, ' ').replace(/^[\s:,.-]+/, '').trim();
  // The reason is stored, audited and posted to the specialist unit's channel: another CPR number in it is masked.
  return { kind: 'marking', verb, shared, cpr: validation.cpr, reason: redactCprInText(reason) };
}
