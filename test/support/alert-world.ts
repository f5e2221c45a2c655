import { PEOPLE, WORLD_CSV } from './world.js';

/** Teams channels of the alert world: a SOF team, the specialist unit, and a BIF team. */
export const CHANNELS = {
  rusTeamA: '19:rus-team-a@thread.tacv2',
  spec: '19:spec@thread.tacv2',
  teamNord: '19:team-nord@thread.tacv2',
  unlinked: '19:not-linked@thread.tacv2',
} as const;

export const TEAM_ID = '19:team-general@thread.tacv2';

/** What the connector answers for the team's channel list: its General channel, SOF Team A and the specialist unit. */
export const TEAM_CHANNELS = [
  { id: TEAM_ID, name: 'General' },
  { id: CHANNELS.rusTeamA, name: 'Team A advis' },
  { id: CHANNELS.spec, name: 'Specialenheden' },
];

export const ALERT_PEOPLE = {
  sofie: { id: 'E-SOFIE', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000007', name: 'Sofie Leder' },
  adam: { id: 'E-ADAM', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000008', name: 'Adam Admin' },
} as const;

const channelOf: Record<string, string> = { 'RUS-TEAM-A': CHANNELS.rusTeamA, SPEC: CHANNELS.spec, 'JC-UDSAT-NORD': CHANNELS.teamNord };

/** The shared test world plus Teams channels on units, a SOF manager (of RUS, Team A's parent) and an admin. */
export const ALERT_WORLD_CSV: Record<string, string> = {
  ...WORLD_CSV,
  'units.csv': WORLD_CSV['units.csv']!
    .trim()
    .split('\n')
    .map((line, index) => (index === 0 ? `${line},teams_channel_id` : `${line},${channelOf[line.split(',')[0]!] ?? ''}`))
    .join('\n')
    .concat('\n'),
  'employees.csv': `${WORLD_CSV['employees.csv']!.trim()}
${ALERT_PEOPLE.sofie.id},${ALERT_PEOPLE.sofie.name},sofie.leder@kk.dk,${ALERT_PEOPLE.sofie.aadObjectId},,RUS,manager,2025-01-01,
${ALERT_PEOPLE.adam.id},${ALERT_PEOPLE.adam.name},adam.admin@kk.dk,${ALERT_PEOPLE.adam.aadObjectId},,SPEC,admin,2020-01-01,
`,
};

export { PEOPLE };
