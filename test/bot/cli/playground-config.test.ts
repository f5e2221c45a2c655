import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { playgroundConfig } from '../../../bot/cli/playground.js';
import { projectFile } from '../../../bot/paths/project-root.js';

const EMPLOYEES = parse(readFileSync(projectFile('data', 'demo', 'employees.csv')), { columns: true }) as { aad_object_id: string; roles: string; valid_to: string }[];
const rolesOf = (aadObjectId: string) => EMPLOYEES.filter((row) => row.aad_object_id === aadObjectId && row.valid_to === '').map((row) => row.roles);

describe('the Playground mock users of npm run dev -- --as <user>', () => {
  it('gives the Playground exactly five other users, whoever chats (its config is refused otherwise)', () => {
    for (const as of [undefined, 'anna', 'mads', 'hanne', 'lars']) expect(playgroundConfig(as).users).toHaveLength(5);
    expect(playgroundConfig().currentUser.name).toBe('Anna Jensen');
  });

  it('has a hotline agent (hanne) and an admin (lars) who are the demo employees with those roles', () => {
    expect(rolesOf(playgroundConfig('hanne').currentUser.aadObjectId)).toEqual(['hotline_agent']);
    const lars = playgroundConfig('lars');
    expect(lars.currentUser.name).toBe('Lars Bøgh');
    expect(rolesOf(lars.currentUser.aadObjectId)).toEqual(['admin']);
    expect(lars.users.map((user) => user.name)).not.toContain('Lars Bøgh');
  });

  it('an unknown user is refused with the names to choose from', () => {
    expect(() => playgroundConfig('nobody')).toThrow(/choose one of: anna, mads, fatima, jonas, birgitte, hanne, lars/);
  });
});
