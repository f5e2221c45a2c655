import type { z } from 'zod';
import { envSchema, SECRET_VARIABLES, type Env } from './env-schema.js';

export type Config = Omit<Env, 'HOST'> & {
  /** Interface to listen on: loopback in local mode unless HOST says otherwise, else every interface. */
  HOST: string;
  /** LOCAL_MODE=true (never with MicrosoftAppId): unauthenticated activities are accepted (Playground, tests). */
  localMode: boolean;
  /** Tenants whose activities are answered, lower-cased; undefined = any (only in local mode). */
  allowedTenantIds: readonly string[] | undefined;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once at start-up; every bad variable gets its own line naming it. */
export function loadConfig(environment: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(environment);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error.issues, environment));
  const env = parsed.data;
  const allowedTenantIds = (env.ALLOWED_TENANT_IDS ?? (env.MicrosoftAppTenantId ? [env.MicrosoftAppTenantId] : undefined))?.map(normaliseTenantId);
  const localMode = env.LOCAL_MODE;
  return { ...env, HOST: env.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0'), localMode, allowedTenantIds };
}

/** Tenant ids are GUIDs, which compare without regard to case (Entra ID writes them lower-case). */
export function normaliseTenantId(id: string): string {
  return id.trim().toLowerCase();
}

/** One line per bad variable, however many checks it failed. */
function describeIssues(issues: z.core.$ZodIssue[], environment: NodeJS.ProcessEnv): string[] {
  const byVariable = new Map<string, string[]>();
  for (const issue of issues) {
    const name = String(issue.path[0] ?? 'environment');
    const messages = byVariable.get(name) ?? [];
    if (!messages.includes(issue.message)) messages.push(issue.message);
    byVariable.set(name, messages);
  }
  return [...byVariable].map(([name, messages]) => {
    const raw = environment[name];
    const shown = raw === undefined || SECRET_VARIABLES.has(name) ? '' : ` (got "${raw}")`;
    return `${name}${shown}: ${messages.join('; ')}`;
  });
}
