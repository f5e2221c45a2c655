import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore, rawDb } from '../../../data/store/store.js';
import { openDatabase } from '../../../data/store/open-database.js';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function storeWithNeighbour() {
  const folder = mkdtempSync(join(tmpdir(), 'brobygger-snapshot-'));
  folders.push(folder);
  const store = createStore(openDatabase(join(folder, 'store.sqlite')));
  const neighbour = new Database(join(folder, 'store.sqlite'));
  neighbour.pragma('busy_timeout = 0');
  return { store, neighbour };
}

const greeted = (db: Database.Database) => db.prepare('SELECT count(*) FROM greeted_users').pluck().get() as number;
const greetSomeone = (db: Database.Database, id: string) => db.prepare("INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES (?, '2026-11-26T08:00:00.000Z')").run(id);

describe('store.readSnapshot on SQLite (a second connection to the file commits in between)', () => {
  it('shows every read the same committed state, though another process commits in between', async () => {
    const { store, neighbour } = storeWithNeighbour();
    const counts = await store.readSnapshot(async () => {
      const first = greeted(rawDb(store));
      greetSomeone(neighbour, 'a');
      return [first, greeted(rawDb(store))];
    });
    expect(counts).toEqual([0, 0]);
    expect(greeted(rawDb(store))).toBe(1);
    neighbour.close();
    await store.close();
  });

  it('without it, the second read already sees the other commit (what the snapshot prevents)', async () => {
    const { store, neighbour } = storeWithNeighbour();
    const first = greeted(rawDb(store));
    greetSomeone(neighbour, 'a');
    expect([first, greeted(rawDb(store))]).toEqual([0, 1]);
    neighbour.close();
    await store.close();
  });

  it('holds no write lock: the other process writes while the snapshot is open', async () => {
    const { store, neighbour } = storeWithNeighbour();
    await store.readSnapshot(async () => {
      greeted(rawDb(store));
      expect(() => greetSomeone(neighbour, 'b')).not.toThrow();
    });
    neighbour.close();
    await store.close();
  });
});
