import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../data/postgres/open-postgres-store.js';
import { openStore, type Store } from '../../../data/store/store.js';
import { enginesUnderTest } from '../engines.js';
import { removeTempFolders, tempFolder } from '../import-fixtures.js';
import { scratchDatabase, type ScratchDatabase } from '../../support/postgres-scratch-database.js';

const NOW = new Date('2026-11-26T02:30:00Z');
const MINUTE = 60_000;
const later = (ms: number) => new Date(NOW.getTime() + ms);

for (const engine of enginesUnderTest()) {
  describe(`job leases (store.jobLeases) on ${engine.label}`, () => {
    let a: Store;
    let b: Store;
    let scratch: ScratchDatabase | undefined;
    let jobs = 0;
    const job = () => `job-${++jobs}`;

    beforeAll(async () => {
      if (engine.kind === 'postgres') {
        scratch = await scratchDatabase(engine.url, 'brobygger_leases');
        const options = { maxClients: 6, onIdleClientError: () => undefined };
        [a, b] = [await openPostgresStore(scratch.url, options), await openPostgresStore(scratch.url, options)];
      } else {
        const path = join(tempFolder('brobygger-leases-'), 'shared.sqlite');
        [a, b] = [await openStore(path), await openStore(path)];
      }
    }, 60_000);

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await scratch?.drop();
      removeTempFolders();
    });

    it('is taken by one owner; another gets it only once it has run out; the holder extends it', async () => {
      const name = job();
      expect(await a.jobLeases.tryLease(name, 'A', NOW, 10 * MINUTE)).toBe(true);
      expect(await b.jobLeases.tryLease(name, 'B', later(9 * MINUTE), 10 * MINUTE)).toBe(false);
      expect(await a.jobLeases.tryLease(name, 'A', later(9 * MINUTE), 10 * MINUTE)).toBe(true);
      expect(await b.jobLeases.tryLease(name, 'B', later(10 * MINUTE), 10 * MINUTE)).toBe(false);
      expect(await b.jobLeases.tryLease(name, 'B', later(19 * MINUTE), 10 * MINUTE)).toBe(true);
      expect(await a.jobLeases.tryLease(name, 'A', later(20 * MINUTE), 10 * MINUTE)).toBe(false);
    });

    it('is freed by its holder only: a release by another owner changes nothing', async () => {
      const name = job();
      expect(await a.jobLeases.tryLease(name, 'A', NOW, 10 * MINUTE)).toBe(true);
      await b.jobLeases.release(name, 'B');
      expect(await b.jobLeases.tryLease(name, 'B', NOW, 10 * MINUTE)).toBe(false);
      await a.jobLeases.release(name, 'A');
      expect(await b.jobLeases.tryLease(name, 'B', NOW, 10 * MINUTE)).toBe(true);
    });

    if (engine.kind === 'postgres') {
      it('goes to exactly one of many owners asking at the same moment from two instances', async () => {
        for (let round = 0; round < 5; round++) {
          const name = job();
          const asks = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).jobLeases.tryLease(name, `owner-${i}`, NOW, MINUTE));
          expect((await Promise.all(asks)).filter(Boolean)).toHaveLength(1);
        }
      });
    }
  });
}
