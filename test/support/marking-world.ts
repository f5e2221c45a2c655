import { ALERT_WORLD_CSV, CHANNELS } from './alert-world.js';
import { WORLD_CSV } from './world.js';

/**
 * Citizens for the marking command besides the shared world's: `noCase` is known but has no case at all;
 * `unknownTwin` is in no file and shares `noCase`'s birth date, so both mask to the same `200280-xxxx` and their
 * answers can be compared byte for byte; `closingCase` has a BIF case that ends on 2025-06-02 (the tests' today).
 */
export const MARKING_CITIZENS = {
  noCase: '2002801234',
  unknownTwin: '2002801236',
  closingCase: '2103811234',
} as const;

const extraCitizens = `200280-1234,Gitte Ingensag
210381-1234,Hans Lukkesag
`;
const extraCases = `210381-1234,BIF,JC-UDSAT-NORD,E-BO,jobparat,nej,2024-01-01,2025-06-02
`;

const withMarkingCitizens = (files: Record<string, string>): Record<string, string> => ({
  ...files,
  'citizens.csv': `${files['citizens.csv']}${extraCitizens}`,
  'cases.csv': `${files['cases.csv']}${extraCases}`,
});

/** The shared world, whose specialist unit (SPEC) has no channel. */
export const MARKING_WORLD_CSV = withMarkingCitizens(WORLD_CSV);

/** The alert world, where SPEC's channel is `CHANNELS.spec`. */
export const MARKING_CHANNEL_WORLD_CSV = withMarkingCitizens(ALERT_WORLD_CSV);

export const SPEC_CHANNEL = CHANNELS.spec;
