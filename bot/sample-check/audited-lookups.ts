/** The audit row of each citizen a `stikprøve` card shows. */
export const SAMPLE_CHECK_ACTION = 'citizen.sample-check';
export const SAMPLE_CHECK_PURPOSE = 'stikprøvekontrol';

/** The audit actions that are looks at a citizen: a lookup (also "Vis borger" on an alert) and a sample check. */
export const LOOKUP_ACTIONS = ['citizen.lookup', SAMPLE_CHECK_ACTION] as const;

/** The need-to-know rule behind a result, in the words the data controller reads (detail.basis or detail.reason). */
const RULES: Record<string, string> = {
  caseworker: 'sagsbehandler med åben sag i egen forvaltning',
  specialist: 'specialenheden, fællesborger',
  'not-an-employee': 'ikke registreret medarbejder',
  'no-lookup-role': 'rollen må ikke slå op',
  'no-open-case-in-own-administration': 'ingen åben sag i egen forvaltning',
  'not-a-shared-citizen': 'ikke fællesborger',
};

/** "tilladt (…)" or "afvist (…)" with the rule the audit row names; a result without a rule is given as it is. */
export function describeRule(result: string, detail: Record<string, unknown>): string {
  const rule = typeof detail.basis === 'string' ? detail.basis : typeof detail.reason === 'string' ? detail.reason : null;
  const verdict = result === 'shown' ? 'tilladt' : result === 'refused' ? 'afvist' : result;
  const withheld = Array.isArray(detail.withheld) && detail.withheld.length > 0 ? `; uden samtykke kun indgang for ${detail.withheld.join(' og ')}` : '';
  return `${verdict}${rule ? ` (${RULES[rule] ?? rule})` : ''}${withheld}`;
}
