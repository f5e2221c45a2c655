/** One result of the self-check: what was found and what to do about it, in Danish. */
export type Severity = 'error' | 'warning' | 'ok';

export type Finding = {
  severity: Severity;
  /** A stable name for the check (log field, tests): e.g. `fallback-channel`. */
  check: string;
  text: string;
};

export const error = (check: string, text: string): Finding => ({ severity: 'error', check, text });
export const warning = (check: string, text: string): Finding => ({ severity: 'warning', check, text });
export const ok = (check: string, text: string): Finding => ({ severity: 'ok', check, text });

const LABEL: Record<Severity, string> = { error: 'FEJL', warning: 'ADVARSEL', ok: 'OK' };

/** The line `npm run doctor` prints for a finding. */
export function findingLine(finding: Finding): string {
  return `${LABEL[finding.severity].padEnd(8)} ${finding.text}`;
}
