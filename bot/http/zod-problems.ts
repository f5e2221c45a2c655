import type { z } from 'zod';

/** Zod issues as `path: message` lines a developer calling the API can act on. */
export function zodProblems(error: z.ZodError, prefix?: string): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}` : issue.message;
    return `${path || 'body'}: ${message}`;
  });
}
