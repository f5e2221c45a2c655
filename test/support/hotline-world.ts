import { PEOPLE, WORLD_CSV } from './world.js';

/** Hotline agents (unit HOTLINE) with skills and work phones, and people whose numbers test the whitelist. */
export const AGENTS = {
  agnete: { id: 'E-AGNETE', name: 'Agnete Andersen', aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000001', phone: '+4533664401' },
  bent: { id: 'E-BENT', name: 'Bent Borg', aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000002', phone: '+4533664402' },
  carla: { id: 'E-CARLA', name: 'Carla Cortes', aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000003', phone: '+4533664403' },
} as const;

export const HOTLINE_PEOPLE = {
  admin: { id: 'E-ADMIN', name: 'Adam Admin', aadObjectId: 'bbbbbbbb-0000-4000-8000-0000000000ad' },
  /** SOF until 2024-12-31, BIF from 2025-01-01, same work phone. */
  mona: { id: 'E-MONA', name: 'Mona Skifter', aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000004', phone: '+4533170909' },
  /** Not an employee; on the whitelist by Teams identity. */
  partner: { id: null, name: 'Pia Partner', aadObjectId: 'bbbbbbbb-0000-4000-8000-0000000000aa' },
} as const;

/** Numbers as a telephony system would send them. */
export const CALLERS = {
  sofEmployee: '+45 33 17 01 01', // Mads (SOF)
  bifEmployee: '0045 33 66 01 01', // Anna (BIF)
  sofUnit: '33171000', // RUS's switchboard
  explicitPhone: '70-20-30-40', // hotline_whitelist.csv, in force
  expiredPhone: '+45 40 50 60 70', // hotline_whitelist.csv, ended 2025-03-31
  mona: '33 17 09 09',
  unknown: '+45 99 88 77 66',
} as const;

const withSkills = (csv: string) =>
  csv
    .trim()
    .split('\n')
    .map((line, index) => (index === 0 ? `${line},skills` : `${line},`))
    .join('\n');

export const HOTLINE_WORLD_CSV = {
  ...WORLD_CSV,
  'units.csv': `${WORLD_CSV['units.csv']}HOTLINE,Hotline for SOF-medarbejdere,BIF,CALL,33 66 44 44,hotline-sof@kk.dk,2009-01-01,,
`,
  'employees.csv': `${withSkills(WORLD_CSV['employees.csv'])}
${AGENTS.agnete.id},${AGENTS.agnete.name},agnete@kk.dk,${AGENTS.agnete.aadObjectId},${AGENTS.agnete.phone},HOTLINE,hotline_agent,2020-01-01,,sygedagpenge|ressourceforløb
${AGENTS.bent.id},${AGENTS.bent.name},bent@kk.dk,${AGENTS.bent.aadObjectId},${AGENTS.bent.phone},HOTLINE,hotline_agent,2020-01-01,,kontanthjælp|sanktioner
${AGENTS.carla.id},${AGENTS.carla.name},carla@kk.dk,${AGENTS.carla.aadObjectId},${AGENTS.carla.phone},HOTLINE,hotline_agent,2020-01-01,,Uddannelseshjælp
${HOTLINE_PEOPLE.admin.id},${HOTLINE_PEOPLE.admin.name},adam@kk.dk,${HOTLINE_PEOPLE.admin.aadObjectId},,SPEC,admin,2020-01-01,,
${HOTLINE_PEOPLE.mona.id},${HOTLINE_PEOPLE.mona.name},mona@kk.dk,${HOTLINE_PEOPLE.mona.aadObjectId},${HOTLINE_PEOPLE.mona.phone},BC-VOKSNE,caseworker,2020-01-01,2024-12-31,
${HOTLINE_PEOPLE.mona.id},${HOTLINE_PEOPLE.mona.name},mona@kk.dk,${HOTLINE_PEOPLE.mona.aadObjectId},${HOTLINE_PEOPLE.mona.phone},JC-UDSAT-NORD,caseworker,2025-01-01,,
`,
  'hotline_whitelist.csv': `kind,value,note,valid_from,valid_to
phone,+45 70 20 30 40,Botilbud Lindehuset,2025-01-01,
phone,0045 40-50-60-70,Udløbet aftale med forsorgshjem,2024-01-01,2025-03-31
aad,${HOTLINE_PEOPLE.partner.aadObjectId},Ekstern samarbejdspartner,2025-01-01,
`,
};

export const HOTLINE_UNITS = { hotline: 'HOTLINE', callCentre: 'CALL' } as const;

export { PEOPLE };
