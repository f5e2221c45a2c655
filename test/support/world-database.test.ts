import { describe, expect, it } from 'vitest';
import { worldEngine } from '../data/engines.js';
import { sqlValue } from './raw-sql.js';
import { CITIZENS, worldDatabase, worldStore } from './world.js';

// Runs on the engine under test (TEST_STORE_ENGINE): what every other test relies on from the worlds.
describe(`the test worlds (${worldEngine().label})`, () => {
  it('a world store holds the imported world', async () => {
    const store = await worldStore();
    expect(await sqlValue(store, 'SELECT name FROM citizen_versions WHERE cpr = @cpr', { cpr: CITIZENS.shared })).toBe('Birte Fællesborger');
    expect(await sqlValue(store, 'SELECT count(*) FROM case_versions')).toBe(8);
  });

  it('two stores on one world database see each other’s writes, as two instances do; another world sees none', async () => {
    const world = await worldDatabase();
    const [first, second] = [await world.open(), await world.open()];
    expect(await first.greetedUsers.markGreeted('aaaaaaaa-0000-4000-8000-0000000000aa', new Date('2025-06-02T10:00:00Z'))).toBe(true);
    expect(await second.greetedUsers.markGreeted('aaaaaaaa-0000-4000-8000-0000000000aa', new Date('2025-06-02T10:01:00Z'))).toBe(false);
    const other = await (await worldDatabase()).open();
    expect(await other.greetedUsers.markGreeted('aaaaaaaa-0000-4000-8000-0000000000aa', new Date('2025-06-02T10:02:00Z'))).toBe(true);
  });

  it('names its database for a bot’s configuration: DATABASE_PATH on SQLite, DATABASE_URL on PostgreSQL', async () => {
    const world = await worldDatabase();
    expect(Object.keys(world.env)).toEqual([world.engine === 'postgres' ? 'DATABASE_URL' : 'DATABASE_PATH']);
    expect(world.engine).toBe(worldEngine().kind);
  });
});
