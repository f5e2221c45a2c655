import { format } from 'node:util';
import type { Logger } from './logger.js';
import { RefusalLog } from './refusal-log.js';

/** A library's console line is cut here: botframework-connector prints whole key sets on every forged token. */
const MAX_CONSOLE_TEXT = 500;
const METHODS = ['error', 'warn', 'info', 'log', 'debug'] as const;

/**
 * Sends what libraries print with `console.*` (botframework-connector writes a line to stderr for every expired or
 * badly signed token) through the logger instead: JSON, CPR-redacted, cut to a bounded length and sampled like
 * refusals, so nobody can fill the disk by sending forged tokens. Returns a function that restores the console.
 */
export function routeConsoleToLog(log: Logger, sampler = new RefusalLog()): () => void {
  const originals = METHODS.map((method) => [method, console[method]] as const);
  const consoleLog = log.child({ component: 'console' });
  for (const method of METHODS) {
    console[method] = (...args: unknown[]) => {
      const text = format(...args);
      const cut = text.length > MAX_CONSOLE_TEXT ? `${text.slice(0, MAX_CONSOLE_TEXT)}… (${text.length} characters)` : text;
      sampler.warn(consoleLog, { method, text: cut }, `a library wrote to console.${method}`);
    };
  }
  return () => {
    for (const [method, original] of originals) console[method] = original;
  };
}
