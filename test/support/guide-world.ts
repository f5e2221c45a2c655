import { WORLD_CSV } from './world.js';

/** A small guide over the test world's units, with two dated entries on the same topic (ESY → YDS). */
export const GUIDE_WORLD_CSV = {
  ...WORLD_CSV,
  'units.csv': `${WORLD_CSV['units.csv']}ESY,Enheden for Sociale Ydelser,SOF,SOF,33 17 55 00,esy@kk.dk,2010-01-01,2024-12-31,
YDS-SOC,YDS – Enkeltydelser,BIF,BIF,33 66 55 00,yds-enkelt@kk.dk,2025-01-01,,
`,
  'guide.csv': `id,title,body,keywords,unit_id,url,valid_from,valid_to
rusmiddel,Rusmiddelbehandling,"Center for Rusmiddelbehandling giver **ambulant behandling** for stofmisbrug og alkohol. Ring til modtagelsen for visitation.",misbrug|stofmisbrug|alkohol|behandling,RUS,https://portal.demo.kk.dk/vejviser/rusmiddel,2025-01-01,
handleplan,Sociale handleplaner og procesnotater,"SOF tilbyder en social handleplan efter serviceloven § 141. Siger borgeren nej, skrives et procesnotat.",handleplan|§ 141|procesnotat,SOF-INDGANG,,2009-01-01,
groen-linie,Grøn linie,"For nogle fælles borgere aftaler sagsbehandlerne i BIF og SOF et håndholdt forløb.",grøn linie|angst|socialfobi,,,2009-01-01,
hotline,Hotline til BIF for SOF-medarbejdere,"SOF-medarbejdere ringer direkte til en kvalificeret medarbejder i BIF's callcenter.",hotline|telefon|callcenter,CALL,,2009-01-01,
reconnect,Reconnect,"Reconnect er et forløb for unge med psykiske vanskeligheder, der vil i job eller uddannelse.",unge|psykisk sårbar|uddannelse,JC-UDSAT,,2023-01-01,
esy-enkeltydelser,Enkeltydelser i SOF (ESY),"Enheden for Sociale Ydelser behandler ansøgninger om enkeltydelser og personlige tillæg.",enkeltydelser|personlige tillæg|hjælp i særlige tilfælde,ESY,,2010-01-01,2024-12-31
yds-enkeltydelser,Enkeltydelser i BIF (YDS),"Fra 1. januar 2025 behandler YDS i BIF enkeltydelser og personlige tillæg.",enkeltydelser|personlige tillæg|hjælp i særlige tilfælde,YDS-SOC,,2025-01-01,
`,
};
