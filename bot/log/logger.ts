import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { replaceCprNumbers } from '../../domain/cpr/mask-cpr.js';

export type { Logger };

/**
 * Every serialised line passes through the CPR redactor before it leaves the process, so a CPR number cannot reach
 * the log whichever field carries it (message text, an error message, a stack trace, a nested object, a URL).
 */
export function cprRedactingStream(target: { write(chunk: string): unknown }): DestinationStream {
  return { write: (line: string) => void target.write(redactCprInLogLine(line)) };
}

/** A CPR number logged as a bare JSON number (`"value":1203851127`) becomes a string, so the line stays JSON. */
function redactCprInLogLine(line: string): string {
  return replaceCprNumbers(line, (span, masked) => (isBareJsonNumber(line, span.start, span.end) ? `"${masked}"` : masked));
}

function isBareJsonNumber(line: string, start: number, end: number): boolean {
  if (!BEFORE_JSON_VALUE.test(line[start - 1] ?? '') || !AFTER_JSON_VALUE.test(line[end] ?? '')) return false;
  let quotes = 0;
  for (let i = 0; i < start; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') quotes++;
  }
  return quotes % 2 === 0;
}

const BEFORE_JSON_VALUE = /^[:,[]$/;
const AFTER_JSON_VALUE = /^[,}\]]$/;

export function createLogger(options: { level: LevelWithSilent; destination?: { write(chunk: string): unknown } }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'brobygger' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['authorization', 'headers.authorization', 'req.headers.authorization', 'MicrosoftAppPassword'],
        censor: '[redacted]',
      },
    },
    cprRedactingStream(options.destination ?? process.stdout),
  );
}
