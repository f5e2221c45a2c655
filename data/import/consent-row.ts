import { CONSENT_PURPOSES, type ConsentPurpose } from '../../domain/consent/consent-purpose.js';
import { dateColumn, openEndDateColumn } from './validity-columns.js';
import { cell, CellProblem, cprColumn, optionalText, rowSchema } from './cell-schemas.js';

const PURPOSE_HELP = 'bif_sof_sharing (deling af kontakt- og sagsbehandleroplysninger mellem BIF og SOF)';

const purposeColumn = cell((raw) => {
  const purpose = raw.trim().toLowerCase();
  if (purpose === '') return new CellProblem(`mangler et formål: ${PURPOSE_HELP}`);
  return (CONSENT_PURPOSES as readonly string[]).includes(purpose)
    ? (purpose as ConsentPurpose)
    : new CellProblem(`"${raw.trim().slice(0, 40)}" er ikke et formål for samtykke; brug ${PURPOSE_HELP}`);
});

/** consents.csv: one consent per row; an empty `expires_on` or `withdrawn_on` means it has not expired or been withdrawn. */
export const consentRow = rowSchema({
  cpr: cprColumn,
  purpose: purposeColumn,
  given_on: dateColumn,
  expires_on: openEndDateColumn,
  withdrawn_on: openEndDateColumn,
  reference: optionalText(100),
}).superRefine((row, ctx) => {
  if (row.expires_on !== null && row.expires_on < row.given_on) {
    ctx.addIssue({ code: 'custom', path: ['expires_on'], message: `udløbsdatoen ${row.expires_on} ligger før datoen ${row.given_on}, hvor samtykket blev givet` });
  }
  if (row.withdrawn_on !== null && row.withdrawn_on < row.given_on) {
    ctx.addIssue({ code: 'custom', path: ['withdrawn_on'], message: `tilbagetrækningsdatoen ${row.withdrawn_on} ligger før datoen ${row.given_on}, hvor samtykket blev givet` });
  }
});
