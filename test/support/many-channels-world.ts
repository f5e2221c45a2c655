import { openDatabase } from '../../data/store/open-database.js';
import { createStore, type Store } from '../../data/store/store.js';
import { TEST_TENANT } from './teams-activity.js';
import { WORLD_CSV } from './world.js';

/** A valid CPR number for citizen n (born 1 January 1960 + n days; 7th digit 0 or 1 → 1900s). */
export function syntheticCpr(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + n * 86_400_000);
  const dd = String(birth.getUTCDate()).padStart(2, '0');
  const mm = String(birth.getUTCMonth() + 1).padStart(2, '0');
  const yy = String(birth.getUTCFullYear() % 100).padStart(2, '0');
  return `${dd}${mm}${yy}${String(1000 + (n % 9000)).padStart(4, '0')}`;
}

export const channelOfTeam = (team: number) => `19:sof-team-${team}@thread.tacv2`;

/**
 * `teams` SOF teams, each with a Teams channel, and `citizens` citizens spread over them (citizen n has an open
 * SOF case in team n % teams): alerts for different citizens land in different channels.
 */
export function manyChannelsCsv(teams: number, citizens: number): Record<string, string> {
  const units = [WORLD_CSV['units.csv']!.trim().split('\n')[0] + ',teams_channel_id'];
  units.push('SOF,Socialforvaltningen,SOF,,,,2009-01-01,,,', 'SPEC,Specialenheden,BIF-SOF,,,,2009-01-01,,,19:spec@thread.tacv2');
  for (let team = 0; team < teams; team++) units.push(`T${team},SOF team ${team},SOF,SOF,,,2020-01-01,,,${channelOfTeam(team)}`);
  const people = ['cpr,name'];
  const cases = ['cpr,administration,unit_id,caseworker_id,category,green_line,valid_from,valid_to'];
  for (let n = 0; n < citizens; n++) {
    people.push(`${syntheticCpr(n)},Borger ${n}`);
    cases.push(`${syntheticCpr(n)},SOF,T${n % teams},,misbrug,nej,2020-01-01,`);
  }
  return {
    'units.csv': `${units.join('\n')}\n`,
    'employees.csv': 'id,name,upn,aad_object_id,phone,unit_id,roles,valid_from,valid_to\nE-1,Sara Sof,sara@kk.dk,,,T0,caseworker,2020-01-01,\n',
    'citizens.csv': `${people.join('\n')}\n`,
    'cases.csv': `${cases.join('\n')}\n`,
  };
}

/** Stores the channels' conversation references as if the bot had been installed in their team (in a SQLite file at a path, or a store). */
export async function rememberChannels(database: string | Store, serviceUrl: string, teams: number): Promise<void> {
  const store = typeof database === 'string' ? createStore(openDatabase(database)) : database;
  const now = new Date();
  for (const id of [...Array.from({ length: teams }, (_, team) => channelOfTeam(team)), '19:spec@thread.tacv2']) {
    await store.conversations.remember(
      {
        conversationId: id,
        scope: 'channel',
        tenantId: TEST_TENANT,
        serviceUrl,
        teamId: '19:team@thread.tacv2',
        aadObjectId: null,
        reference: { channelId: 'msteams', serviceUrl, conversation: { id, conversationType: 'channel', isGroup: true, tenantId: TEST_TENANT }, bot: { id: '28:brobygger-test-bot', name: 'Brobygger' } },
      },
      now,
    );
  }
  if (typeof database === 'string') await store.close();
}
