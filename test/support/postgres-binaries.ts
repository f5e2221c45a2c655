import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const NEEDED = ['initdb', 'pg_ctl', 'psql'] as const;
const DEBIAN_ROOT = '/usr/lib/postgresql';

/** PostgreSQL's server programs could not be found; the message says how to install them. */
export class PostgresBinariesMissing extends Error {
  override readonly name = 'PostgresBinariesMissing';
}

function holdsAll(folder: string): boolean {
  return NEEDED.every((program) => existsSync(join(folder, program)));
}

/** Debian keeps the server programs off PATH, in /usr/lib/postgresql/<major>/bin: the newest major wins. */
function debianBinFolders(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => join(root, major, 'bin'));
}

/**
 * The folder holding initdb, pg_ctl and psql: `POSTGRES_BIN` if set, else Debian's newest
 * /usr/lib/postgresql/<major>/bin, else the first folder on PATH that has all three.
 */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env, debianRoot = DEBIAN_ROOT): string {
  const chosen = env.POSTGRES_BIN?.trim();
  if (chosen) {
    if (holdsAll(chosen)) return chosen;
    throw new PostgresBinariesMissing(
      `POSTGRES_BIN=${chosen} does not hold ${NEEDED.join(', ')}: point it at the folder with PostgreSQL's server ` +
        'programs (on Debian /usr/lib/postgresql/<version>/bin), or unset it to look there and on PATH.',
    );
  }
  const candidates = [...debianBinFolders(debianRoot), ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  const found = candidates.find(holdsAll);
  if (found) return found;
  throw new PostgresBinariesMissing(
    `PostgreSQL's server programs (${NEEDED.join(', ')}) were not found in ${debianRoot}/<version>/bin or on PATH. ` +
      "On Debian or Ubuntu install them as root with `apt-get update && apt-get install -y postgresql`; elsewhere " +
      "install your system's PostgreSQL server package, or set POSTGRES_BIN to the folder that holds them.",
  );
}
