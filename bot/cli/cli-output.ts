import { redactCprInText } from '../cpr/mask-cpr.js';

/** Command-line output: like a log line, it never carries a full CPR number. */
export function print(text: string): void {
  process.stdout.write(`${redactCprInText(text)}\n`);
}

export function printError(text: string): void {
  process.stderr.write(`${redactCprInText(text)}\n`);
}
