import { addDays, type IsoDate } from '../../domain/dates/iso-date.js';

/** A version of one source fact: its attributes (compared as a whole) and its inclusive validity period. */
export type Version = { versionId?: number; attributes: string; validFrom: IsoDate; validTo: IsoDate | null };

export type Reconciliation = { supersede: number[]; insert: Version[] };

/**
 * What the store should believe after the source sent `source` again for a fact it already knows (`current`:
 * the versions now believed, oldest first). History is kept: when the attributes change while the fact is in
 * force, the old versions are closed the day before `today` and a new version starts `today`. A change to a fact
 * that has not started yet, or that ended before today, is a correction and replaces the belief outright.
 */
export function reconcileWithSource(current: readonly Version[], source: Version, today: IsoDate): Reconciliation {
  const latest = current.at(-1);
  if (!latest) return { supersede: [], insert: [source] };
  let desired: Version[];
  if (latest.attributes === source.attributes) {
    desired = current.map((version, index) =>
      index === current.length - 1 ? { ...version, validTo: source.validTo } : clip(version, source.validFrom, source.validTo),
    );
  } else if (today <= source.validFrom || (source.validTo !== null && source.validTo < today)) {
    desired = [source];
  } else {
    const yesterday = addDays(today, -1);
    desired = [...current.map((version) => clip(version, source.validFrom, yesterday)), { ...source, validFrom: today }];
  }
  return diff(current, desired.filter(isNonEmpty));
}

/**
 * The source no longer sends this fact: it ends the day before `closeFrom` (what already ended stays as it was;
 * what had not started yet is withdrawn).
 */
export function reconcileClosing(current: readonly Version[], closeFrom: IsoDate): Reconciliation {
  const lastDay = addDays(closeFrom, -1);
  const desired = current.map((version) => clip(version, version.validFrom, lastDay)).filter(isNonEmpty);
  return diff(current, desired);
}

function clip(version: Version, from: IsoDate, to: IsoDate | null): Version {
  const validFrom = version.validFrom > from ? version.validFrom : from;
  const validTo = to === null ? version.validTo : version.validTo === null || version.validTo > to ? to : version.validTo;
  return { ...version, validFrom, validTo };
}

function isNonEmpty(version: Version): boolean {
  return version.validTo === null || version.validTo >= version.validFrom;
}

function same(a: Version, b: Version): boolean {
  return a.attributes === b.attributes && a.validFrom === b.validFrom && a.validTo === b.validTo;
}

/** Versions that are unchanged stay; every other current version is superseded and the rest inserted. */
function diff(current: readonly Version[], desired: readonly Version[]): Reconciliation {
  const remaining = [...desired];
  const supersede: number[] = [];
  for (const version of current) {
    const index = remaining.findIndex((wanted) => wanted.versionId === version.versionId && same(wanted, version));
    if (index >= 0) remaining.splice(index, 1);
    else if (version.versionId !== undefined) supersede.push(version.versionId);
  }
  return { supersede, insert: remaining.map(({ versionId: _unused, ...rest }) => rest) };
}
