import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { CaseRepository } from '../../../data/repositories/cases.js';
import { openDatabase } from '../../../data/store/open-database.js';
import { createStore } from '../../../data/store/store.js';
import { ask, cardOf, chatRequest } from '../../support/chat.js';
import { CITIZENS, PEOPLE, worldDatabaseFile } from '../../support/world.js';

/** What an import's switch does to one citizen: the name in force is superseded by a new version, in one commit. */
function renameInAnotherProcess(path: string, cpr: string, name: string): void {
  const other = new Database(path);
  other.pragma('busy_timeout = 0');
  other.transaction(() => {
    const current = other.prepare('SELECT * FROM citizen_versions WHERE cpr = ? AND superseded_at IS NULL').get(cpr) as Record<string, unknown>;
    other.prepare("UPDATE citizen_versions SET superseded_at = '2025-06-03T01:00:00.000Z' WHERE version_id = ?").run(current.version_id);
    other
      .prepare("INSERT INTO citizen_versions (cpr, name, source_from, source_to, valid_from, valid_to, recorded_at) VALUES (?, ?, ?, ?, ?, ?, '2025-06-03T01:00:00.000Z')")
      .run(cpr, name, current.source_from, current.source_to, current.valid_from, current.valid_to);
  })();
  other.close();
}

describe('a lookup reads one committed state', () => {
  it('shows the name and the cases as they were together, though an import switches between its reads', async () => {
    const path = await worldDatabaseFile();
    // The engine's repository is wrapped (before the store's facade takes its methods), so the commit happens
    // between the lookup's reads, whichever facade (the snapshot's or the store's) they go through.
    const openCasesOf = CaseRepository.prototype.openCasesOf;
    let switched = false;
    const spy = vi.spyOn(CaseRepository.prototype, 'openCasesOf').mockImplementation(async function (this: CaseRepository, cpr, asOf) {
      const cases = await openCasesOf.call(this, cpr, asOf);
      if (!switched) renameInAnotherProcess(path, CITIZENS.shared, 'Birte Nyt-Navn');
      switched = true;
      return cases;
    });
    onTestFinished(() => spy.mockRestore());
    const store = createStore(openDatabase(path));
    const first = cardOf((await ask(store, chatRequest(PEOPLE.anna, 'hvem har 010190-1234?'))).replies[0], 'citizen-lookup');
    expect(switched).toBe(true);
    expect(first.citizen.name).toBe('Birte Fællesborger');
    const next = cardOf((await ask(store, chatRequest(PEOPLE.anna, 'hvem har 010190-1234?'))).replies[0], 'citizen-lookup');
    expect(next.citizen.name).toBe('Birte Nyt-Navn');
    await store.close();
  });
});
