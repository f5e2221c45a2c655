import { statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '../../data/store/store.js';
import { channelOfUnit, fallbackUnitOf } from '../routing/route-alert.js';
import { error, ok, warning, type Finding } from './finding.js';

/** A daily import older than this means the organisation and caseload the bot answers from are out of date. */
const IMPORT_STALE_HOURS = 36;
const MB = 1_000_000;
const SHOWN = 5;

const list = (ids: string[]) => `${ids.slice(0, SHOWN).join(', ')}${ids.length > SHOWN ? ` og ${ids.length - SHOWN} til` : ''}`;

export async function migrationCheck(store: Store): Promise<Finding> {
  if (await store.schema.isCurrent()) return ok('migrations', `Databasen har alle ${await store.schema.latest()} migrationer.`);
  const latest = await store.schema.latest();
  const current = await store.schema.version();
  return error('migrations', `Databasen er på migration ${current}, men denne version har ${latest}: start botten eller kør npm run import, så anvendes de manglende.`);
}

/** Whether a channel is reachable: linked to the unit (chat or units.csv) and the bot installed there. */
async function reachable(store: Store, unitId: string, today: string): Promise<boolean> {
  const channelId = await channelOfUnit(store, unitId, today);
  return channelId !== null && ((await store.conversations.find(channelId))?.active ?? false);
}

export async function fallbackCheck(store: Store, configured: string | undefined, today: string): Promise<Finding> {
  const unitId = await fallbackUnitOf(store, configured, today);
  if (!unitId) return error('fallback-unit', 'Der er ingen reserveenhed til adviser uden en kanal: sæt ALERT_FALLBACK_UNIT_ID, eller importer en enhed med forvaltning BIF-SOF.');
  const unit = await store.units.findById(unitId, today);
  if (!unit) return error('fallback-unit', `Reserveenheden ${unitId} (ALERT_FALLBACK_UNIT_ID) findes ikke i units.csv i dag: ret variablen eller importer enheden.`);
  const channelId = await channelOfUnit(store, unitId, today);
  if (!channelId) return error('fallback-channel', `Reserveenheden ${unitId} har ingen Teams-kanal: skriv "tilknyt ${unitId}" i enhedens kanal, eller sæt teams_channel_id i units.csv. Indtil da går adviser uden kanal ingen steder hen.`);
  if (!(await store.conversations.find(channelId))?.active) {
    return error('fallback-channel', `Botten er ikke installeret i reserveenheden ${unitId}s kanal (eller er fjernet derfra): tilføj appen Brobygger til teamet, så kan adviser uden kanal nå frem.`);
  }
  return ok('fallback-channel', `Reserveenheden ${unitId} har en kanal, hvor botten er installeret.`);
}

async function anyReachable(store: Store, units: readonly { id: string }[], today: string): Promise<boolean> {
  for (const unit of units) if (await reachable(store, unit.id, today)) return true;
  return false;
}

/** SOF units with open cases today where neither the unit nor any unit above it has a reachable channel. */
export async function unitsWithoutChannelCheck(store: Store, today: string): Promise<Finding> {
  const units = await store.operations.sofUnitsWithOpenCases(today);
  const without: string[] = [];
  for (const unitId of units) {
    if (!(await anyReachable(store, await store.units.withAncestors(unitId, today), today))) without.push(unitId);
  }
  if (without.length === 0) return ok('units-without-channel', `Alle ${units.length} SOF-enheder med sager har en kanal på vejen op.`);
  return warning('units-without-channel', `${without.length} SOF-enhed${without.length === 1 ? '' : 'er'} med sager har ingen kanal med botten på vejen op (${list(without)}): deres adviser går til reserveenheden. Skriv "tilknyt <enhed>" i enhedens kanal.`);
}

/** Run only on a database with every migration (runDoctor checks that first), so employee_aad_links exists. */
export async function employeesWithoutTeamsCheck(store: Store, today: string): Promise<Finding> {
  const ids = await store.operations.employeesWithoutTeams(today);
  if (ids.length === 0) return ok('employees-without-teams', 'Alle medarbejdere har en Teams-identitet.');
  return warning('employees-without-teams', `${ids.length} medarbejder${ids.length === 1 ? '' : 'e'} har endnu ingen Teams-identitet (${list(ids)}): de genkendes, første gang de skriver til botten, hvis deres upn i employees.csv er rigtig; ellers ret employees.csv.`);
}

export async function lastImportCheck(store: Store, now: Date): Promise<Finding> {
  const finished = await store.operations.lastImportFinishedAt();
  if (!finished) return error('last-import', 'Der er aldrig importeret data: kør npm run import -- <mappe> med CSV-filerne.');
  const hours = (now.getTime() - Date.parse(finished)) / 3_600_000;
  const age = hours < 48 ? `${Math.floor(hours)} timer` : `${Math.floor(hours / 24)} dage`;
  if (hours > IMPORT_STALE_HOURS) return warning('last-import', `Seneste import sluttede for ${age} siden (${finished}): botten svarer ud fra forældede data. Se efter, om den daglige import kører.`);
  return ok('last-import', `Seneste import sluttede for ${age} siden.`);
}

export async function deliveryCheck(store: Store): Promise<Finding[]> {
  const dead = await store.operations.outboxInState('dead');
  const unrouted = await store.operations.unroutedAlerts();
  return [
    dead > 0
      ? warning('dead-letters', `${dead} besked${dead === 1 ? '' : 'er'} kunne ikke leveres (dead letters): se dem med "advis fejlet" i chatten og send dem igen, når årsagen er rettet.`)
      : ok('dead-letters', 'Ingen beskeder venter som dead letters.'),
    unrouted > 0
      ? error('unrouted-alerts', `${unrouted} åbne advis${unrouted === 1 ? '' : 'er'} har ingen kanal at gå til: giv reserveenheden eller enhederne en kanal med botten installeret; så sendes de med det samme.`)
      : ok('unrouted-alerts', 'Alle åbne adviser har en kanal.'),
  ];
}

/** Room for the WAL, a backup beside the file and the next import: at least the database's size again. */
export function diskSpaceCheck(databasePath: string): Finding {
  const stats = statfsSync(dirname(databasePath));
  const free = stats.bavail * stats.bsize;
  const size = statSync(databasePath).size;
  const freeText = `${Math.floor(free / MB).toLocaleString('da-DK')} MB`;
  if (free < Math.max(100 * MB, size)) return error('disk-space', `Kun ${freeText} fri plads ved databasen (${dirname(databasePath)}), som fylder ${Math.ceil(size / MB)} MB: skaf plads, før skrivninger og sikkerhedskopier fejler.`);
  if (free < Math.max(1000 * MB, 3 * size)) return warning('disk-space', `${freeText} fri plads ved databasen (${dirname(databasePath)}): mindre end 1 GB eller tre gange databasens størrelse. Skaf plads snart.`);
  return ok('disk-space', `${freeText} fri plads ved databasen.`);
}
