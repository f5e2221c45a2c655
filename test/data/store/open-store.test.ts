import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../data/migrations/index.js';
import { openDatabase } from '../../../data/store/open-database.js';
import { openStore, rawDb } from '../../../data/store/store.js';
import { emptyStore, removeTempFolders, tempFolder } from '../import-fixtures.js';

afterEach(removeTempFolders);

const latest = Math.max(...migrations.map((migration) => migration.version));

describe('openStore on a SQLite file', () => {
  it('opens an older database read-only without migrating it, and says which migrations it has', async () => {
    const path = join(tempFolder('brobygger-open-store-'), 'old.sqlite');
    openDatabase(path, { migrations: migrations.filter((migration) => migration.version <= 9) }).close();
    const store = await openStore(path, { readonly: true, waiting: 'command' });
    try {
      expect(await store.schema.version()).toBe(9);
      expect(await store.schema.has(9)).toBe(true);
      expect(await store.schema.has(10)).toBe(false);
      expect(await store.schema.isCurrent()).toBe(false);
      expect(await store.schema.latest()).toBe(latest);
      expect(() => rawDb(store).prepare("INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES ('x', 'y')").run()).toThrow(/readonly/);
    } finally {
      await store.close();
    }
    const migrated = await openStore(path);
    expect(await migrated.schema.version()).toBe(latest);
    expect(await migrated.schema.isCurrent()).toBe(true);
    await migrated.close();
    expect(await migrated.schema.isCurrent()).toBe(false);
  });

  it('read-only refuses a file that does not exist instead of creating it', async () => {
    const path = join(tempFolder('brobygger-open-store-'), 'missing.sqlite');
    await expect(openStore(path, { readonly: true })).rejects.toThrow();
    expect(existsSync(path)).toBe(false);
  });

});

describe('an empty store, on the engine under test', () => {
  it("answers the operator's reads on an empty database with zeros and nothing", async () => {
    const store = await emptyStore();
    expect(await Promise.all(['pending', 'sending', 'sent', 'dead'].map((state) => store.operations.outboxInState(state as 'pending')))).toEqual([0, 0, 0, 0]);
    expect(await store.operations.oldestPendingCreatedAt()).toBeNull();
    expect(await store.operations.lastImportFinishedAt()).toBeNull();
    expect([await store.operations.unroutedAlerts(), await store.operations.unclaimedAlerts()]).toEqual([0, 0]);
    expect(await store.operations.sofUnitsWithOpenCases('2026-11-26')).toEqual([]);
    expect(await store.operations.employeesWithoutTeams('2026-11-26')).toEqual([]);
    expect(await store.retention.lastRunDay()).toBeNull();
  });
});
