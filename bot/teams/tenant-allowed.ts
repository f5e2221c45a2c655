import { normaliseTenantId } from '../config/load-config.js';

/**
 * Whether an activity's tenant may be answered. `allowed` is lower-cased by loadConfig; the activity's id is
 * lower-cased here, since a GUID's case carries no meaning and an upper-case id must not silently drop all traffic.
 * `undefined` = any tenant (local mode only).
 */
export function isTenantAllowed(tenant: string | null, allowed: readonly string[] | undefined): boolean {
  if (!allowed) return true;
  return tenant !== null && allowed.includes(normaliseTenantId(tenant));
}
