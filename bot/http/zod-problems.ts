import type { z } from 'zod';
import { redactCprInText } from '../../domain/cpr/mask-cpr.js';

/** An unknown field's name is the caller's text: quoted only this far, and never with a CPR number in it. */
const QUOTED_KEY_LENGTH = 60;
const QUOTED_KEYS = 10;

/** Zod issues as `path: message` lines a developer calling the API can act on. */
export function zodProblems(error: z.ZodError, prefix?: string): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map((part) => String(part).slice(0, QUOTED_KEY_LENGTH))].filter(Boolean).join('.');
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${quotedKeys(issue.keys)}` : issue.message;
    return redactCprInText(`${path || 'body'}: ${message}`);
  });
}

function quotedKeys(keys: readonly string[]): string {
  const quoted = keys.slice(0, QUOTED_KEYS).map((key) => `"${key.slice(0, QUOTED_KEY_LENGTH)}"`).join(', ');
  return keys.length > QUOTED_KEYS ? `${quoted} and ${keys.length - QUOTED_KEYS} more` : quoted;
}
