import { runDoctor } from '../doctor/run-doctor.js';
import { findingLine } from '../doctor/finding.js';
import { print } from './cli-output.js';
import { HELP_OPTION, parseCommandLine } from './command-line.js';

const USAGE = `Brug: npm run doctor

Efterprøver konfigurationen (miljøvariablerne, som botten læser dem ved start) og databasen i DATABASE_PATH:
migrationer, reserveenheden og om botten er installeret i dens kanal, SOF-enheder uden kanal, webhook-hemmelighed
og API-nøgler, medarbejdere uden Teams-identitet, seneste import, dead letters og adviser uden kanal, fri diskplads.
Én linje pr. fund med, hvad der skal gøres. Ændrer intet. Afslutter med 1, når et fund er en FEJL, ellers 0.`;

export async function runDoctorCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseCommandLine(argv, { ...HELP_OPTION }, USAGE);
  if (typeof args === 'number') return args;
  const findings = await runDoctor(env);
  for (const finding of findings) print(findingLine(finding));
  return findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runDoctorCommand(process.argv.slice(2));
}
