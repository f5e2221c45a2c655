import { describe, expect, it } from 'vitest';
import { stem } from '../../../domain/text/normalise-danish.js';
import { migrations } from '../../../data/migrations/index.js';
import { GuideRepository } from '../../../data/repositories/guide.js';
import { applyMigrations, openDatabase } from '../../../data/store/open-database.js';

/** A database whose guide index was built by the hand-written stemmer, which cut "borgerne" to "borger". */
function databaseIndexedByTheOldStemmer() {
  const db = openDatabase(':memory:', { migrations: migrations.filter((migration) => migration.version < 14) });
  const version = db
    .prepare(
      `INSERT INTO guide_entry_versions (entry_id, title, body, keywords, source_from, valid_from, recorded_at)
       VALUES ('faelles-borgere', 'Fælles borgere', 'Borgerne har en sag i begge forvaltninger.', 'fællesborgere', '2024-01-01', '2024-01-01', '2024-01-01')`,
    )
    .run().lastInsertRowid;
  db.prepare('INSERT INTO guide_search (rowid, title, keywords, body) VALUES (?, ?, ?, ?)').run(version, 'fælles borger', 'fællesborger', 'borger har en sag i begg forvaltning');
  return db;
}

describe('migration 014: the guide index is rebuilt with the Snowball stemmer', () => {
  it('an index built by the old stemmer does not meet the new query terms until the migration runs', () => {
    const db = databaseIndexedByTheOldStemmer();
    expect(stem('borgerne')).toBe('borg');
    expect(new GuideRepository(db).candidates([stem('borgerne')], '2026-01-01')).toHaveLength(0);

    expect(applyMigrations(db, migrations.filter((migration) => migration.version <= 14))).toEqual([14]);

    const found = new GuideRepository(db).candidates([stem('borgerne')], '2026-01-01');
    expect(found.map((candidate) => candidate.entry.id)).toEqual(['faelles-borgere']);
    expect(found[0]!.indexed.body.split(' ')).toContain('borg');
    db.close();
  });
});
