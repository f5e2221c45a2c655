import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../cards/render-card.js';
import type { OpenCase } from '../../../data/repositories/cases.js';
import { sampleCheckCardData, sampledCitizenView } from '../../../bot/sample-check/sample-check-card.js';
import { MAX_SAMPLE_CHECK } from '../../../bot/sample-check/sample-check-route.js';

const TEAMS_CARD_LIMIT = 28 * 1024;

describe('the sample-check card', () => {
  it(`stays under Teams' 28 KB with ${MAX_SAMPLE_CHECK} citizens, each with long names and two cases on each side`, () => {
    const openCase = (administration: string): OpenCase =>
      ({ administration, unitId: 'U', unitName: 'Jobcenter København – udsatte borgere, Team Nordvest og Omegn', caseworkerName: 'Christina Margrethe Vestergaard-Andersen', greenLine: true }) as OpenCase;
    const citizen = sampledCitizenView(
      {
        cpr: '0101901234',
        name: 'Anne-Marie Kristiansen Vestergaard Holm',
        cases: ['BIF', 'BIF', 'SOF', 'SOF'].map(openCase),
        offers: [{ offeredOn: '2026-03-03', outcome: 'declined', completedOn: null }],
        alerts: { open: 12, unclaimed: 3 },
        consentText: 'Samtykke til deling: givet 1. marts 2026, udløber 1. marts 2027',
        withheldSides: [],
      },
      'da',
    ).data;
    const card = renderCard('sample-check', sampleCheckCardData(Array.from({ length: MAX_SAMPLE_CHECK }, () => citizen), 3500, '2026-11-26', 'da'));
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(TEAMS_CARD_LIMIT);
  });
});
