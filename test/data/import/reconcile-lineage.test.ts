import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../domain/dates/iso-date.js';
import { reconcileClosing, reconcileWithSource, type Version } from '../../../data/import/reconcile-lineage.js';

const d = (date: string) => date as IsoDate;
const version = (attributes: string, validFrom: string, validTo: string | null, versionId?: number): Version => ({
  ...(versionId === undefined ? {} : { versionId }),
  attributes,
  validFrom: d(validFrom),
  validTo: validTo === null ? null : d(validTo),
});

describe('reconcileWithSource', () => {
  it('inserts the source as it is for a fact the store does not know', () => {
    expect(reconcileWithSource([], version('A', '2024-01-01', null), d('2025-06-10'))).toEqual({ supersede: [], insert: [version('A', '2024-01-01', null)] });
  });

  it('changes nothing when the source says what the store believes', () => {
    expect(reconcileWithSource([version('A', '2024-01-01', null, 7)], version('A', '2024-01-01', null), d('2025-06-10'))).toEqual({ supersede: [], insert: [] });
  });

  it('closes the current version the day before and starts the new attributes today', () => {
    expect(reconcileWithSource([version('A', '2024-01-01', null, 7)], version('B', '2024-01-01', null), d('2025-06-10'))).toEqual({
      supersede: [7],
      insert: [version('A', '2024-01-01', '2025-06-09'), version('B', '2025-06-10', null)],
    });
  });

  it('moves only the end when the attributes are the same (a closed case), keeping earlier versions', () => {
    const current = [version('A', '2024-01-01', '2025-06-09', 7), version('B', '2025-06-10', null, 8)];
    expect(reconcileWithSource(current, version('B', '2024-01-01', '2025-12-31'), d('2025-07-01'))).toEqual({
      supersede: [8],
      insert: [version('B', '2025-06-10', '2025-12-31')],
    });
  });

  it('replaces a fact outright when it starts today or later', () => {
    expect(reconcileWithSource([version('A', '2025-06-10', null, 7)], version('B', '2025-06-10', null), d('2025-06-10'))).toEqual({
      supersede: [7],
      insert: [version('B', '2025-06-10', null)],
    });
  });
});

describe('reconcileClosing', () => {
  it('ends an open version the day before the closing date', () => {
    expect(reconcileClosing([version('A', '2024-01-01', null, 7)], d('2025-06-10'))).toEqual({ supersede: [7], insert: [version('A', '2024-01-01', '2025-06-09')] });
  });

  it('leaves a version alone that already ended before', () => {
    expect(reconcileClosing([version('A', '2024-01-01', '2024-12-31', 7)], d('2025-06-10'))).toEqual({ supersede: [], insert: [] });
  });

  it('withdraws a version that had not started, without inserting anything', () => {
    expect(reconcileClosing([version('A', '2024-01-01', '2025-06-30', 7), version('B', '2025-07-01', null, 8)], d('2025-06-10'))).toEqual({
      supersede: [7, 8],
      insert: [version('A', '2024-01-01', '2025-06-09')],
    });
  });
});
