import { readdirSync, readFileSync } from 'node:fs';
import { projectFile } from '../../bot/paths/project-root.js';

/** The demo data (data/demo, as `npm run dev` imports it) as a world's files: `worldStore(DEMO_CSV, now)`. */
export const DEMO_CSV: Record<string, string> = Object.fromEntries(
  readdirSync(projectFile('data', 'demo'))
    .filter((name) => name.endsWith('.csv'))
    .map((name) => [name, readFileSync(projectFile('data', 'demo', name), 'utf8')]),
);
