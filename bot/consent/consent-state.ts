import type { ConsentRecord } from '../../data/repositories/consents.js';
import type { ConsentAnswer } from './consent-source.js';

/** A consent counts on `day` from the day it was given up to, not including, the day it expires or is withdrawn. */
function countsOn(record: ConsentRecord, day: string): boolean {
  return record.givenOn <= day && (record.expiresOn === null || day < record.expiresOn) && (record.withdrawnOn === null || day < record.withdrawnOn);
}

/**
 * What the records say for a lookup about `asOf`, answered `today`. Sharing happens today, so consent must be in
 * force today as well as on the date asked (by the same consent or by its renewal): a withdrawal stops all sharing
 * from its day, also of answers about earlier dates.
 */
export function consentState(records: readonly ConsentRecord[], asOf: string, today: string): ConsentAnswer {
  const answer = (state: ConsentAnswer['state'], record: ConsentRecord | undefined): ConsentAnswer => ({
    state,
    givenOn: record?.givenOn ?? null,
    expiresOn: record?.expiresOn ?? null,
    withdrawnOn: record?.withdrawnOn ?? null,
    source: record?.source ?? null,
    reference: record?.reference ?? null,
  });
  const latestFirst = [...records].sort((a, b) => b.givenOn.localeCompare(a.givenOn));
  const inForceToday = latestFirst.find((record) => countsOn(record, today));
  const inForceThen = latestFirst.find((record) => countsOn(record, asOf));
  if (inForceToday && inForceThen) return answer('given', inForceToday);
  if (!inForceToday) {
    const ended = latestFirst.find((record) => record.givenOn <= today);
    if (ended) return answer(ended.withdrawnOn !== null && ended.withdrawnOn <= today && (ended.expiresOn === null || ended.withdrawnOn < ended.expiresOn) ? 'withdrawn' : 'expired', ended);
  }
  // The first consent given after the date asked (or a consent dated to start in the future) is the one to come.
  const next = latestFirst.filter((record) => record.givenOn > asOf).at(-1);
  return next ? answer('not-yet', next) : answer('none', undefined);
}
