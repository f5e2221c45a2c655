import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { CaseRepository } from '../../../data/repositories/cases.js';
import type { Store } from '../../../data/store/store.js';
import { ask, cardOf, chatRequest } from '../../support/chat.js';
import { rawSql } from '../../support/raw-sql.js';
import { CITIZENS, PEOPLE, worldDatabase } from '../../support/world.js';

/**
 * What an import's switch does to one citizen, from another store on the same database (another process): the name
 * in force is superseded by a new version, in one commit.
 */
async function renameInAnotherProcess(other: Store, cpr: string, name: string): Promise<void> {
  await rawSql(other).atomic(async (sql) => {
    const current = (await sql.get<Record<string, unknown>>('SELECT * FROM citizen_versions WHERE cpr = @cpr AND superseded_at IS NULL', { cpr }))!;
    await sql.run("UPDATE citizen_versions SET superseded_at = '2025-06-03T01:00:00.000Z' WHERE version_id = @id", { id: current.version_id });
    await sql.run(
      "INSERT INTO citizen_versions (cpr, name, source_from, source_to, valid_from, valid_to, recorded_at) VALUES (@cpr, @name, @sourceFrom, @sourceTo, @validFrom, @validTo, '2025-06-03T01:00:00.000Z')",
      { cpr, name, sourceFrom: current.source_from, sourceTo: current.source_to, validFrom: current.valid_from, validTo: current.valid_to },
    );
  });
}

describe('a lookup reads one committed state', () => {
  it('shows the name and the cases as they were together, though an import switches between its reads', async () => {
    const database = await worldDatabase();
    const other = await database.open();
    // The engine's repository is wrapped (before the store's facade takes its methods), so the commit happens
    // between the lookup's reads, whichever facade (the snapshot's or the store's) they go through.
    const openCasesOf = CaseRepository.prototype.openCasesOf;
    let switched = false;
    const spy = vi.spyOn(CaseRepository.prototype, 'openCasesOf').mockImplementation(async function (this: CaseRepository, cpr, asOf) {
      const cases = await openCasesOf.call(this, cpr, asOf);
      if (!switched) await renameInAnotherProcess(other, CITIZENS.shared, 'Birte Nyt-Navn');
      switched = true;
      return cases;
    });
    onTestFinished(() => spy.mockRestore());
    const store = await database.open();
    const first = cardOf((await ask(store, chatRequest(PEOPLE.anna, 'hvem har 010190-1234?'))).replies[0], 'citizen-lookup');
    expect(switched).toBe(true);
    expect(first.citizen.name).toBe('Birte Fællesborger');
    const next = cardOf((await ask(store, chatRequest(PEOPLE.anna, 'hvem har 010190-1234?'))).replies[0], 'citizen-lookup');
    expect(next.citizen.name).toBe('Birte Nyt-Navn');
    await store.close();
  });
});
