import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { redactCprInText } from '../cpr/mask-cpr.js';

export type { Logger };

/**
 * Every serialised line passes through the CPR redactor before it leaves the process, so a CPR number cannot reach
 * the log whichever field carries it (message text, an error message, a stack trace, a nested object).
 */
export function cprRedactingStream(target: { write(chunk: string): unknown }): DestinationStream {
  return { write: (line: string) => void target.write(redactCprInText(line)) };
}

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
