import type { ChainBreak, ChainVerification, LoggedHead } from '../../data/repositories/verify-audit-chain.js';

const COUNT = new Intl.NumberFormat('da-DK');

/** What `npm run audit -- --verify` prints: one line when the chain holds, else the first row that breaks it and why. */
export function verificationText(result: ChainVerification, logged?: LoggedHead): { intact: boolean; lines: string[] } {
  const problems = [
    ...(result.firstBreak ? [breakText(result.firstBreak)] : []),
    ...(logged && (result.loggedHead === 'differs' || result.loggedHead === 'missing') ? [loggedHeadText(result.loggedHead, logged)] : []),
    ...result.missingTriggers.map((name) => `Triggeren ${name} mangler: databasens skema er ændret uden om appen, så rækkerne kan være ændret.`),
  ];
  if (problems.length === 0) {
    const from = result.anchor && result.anchor.lastId > 0 ? ` (fra ankeret efter række ${result.anchor.lastId})` : '';
    const checked =
      logged && result.loggedHead === 'matches'
        ? [`Det loggede hoved (række ${logged.lastId}) findes uændret i kæden.`]
        : logged && result.loggedHead === 'before-anchor'
          ? [`Det loggede hoved (række ${logged.lastId}) ligger før kædens anker og er slettet efter reglerne for opbevaring; det kan ikke efterprøves.`]
          : [];
    return { intact: true, lines: [`Intakt: ${COUNT.format(result.rows)} rækker, hoved ${result.head.hash}${from}`, ...checked] };
  }
  return { intact: false, lines: [`Revisionsloggen er ikke intakt (${COUNT.format(result.rows)} rækker gennemgået):`, ...problems.map((problem) => `  ${problem}`)] };
}

function breakText(problem: ChainBreak): string {
  switch (problem.kind) {
    case 'no-anchor':
      return 'Kæden kan ikke efterprøves: tabellen audit_chain_anchor eller dens anker mangler.';
    case 'before-anchor':
      return `Række ${problem.id} verificerer ikke: den ligger før kædens anker (række ${problem.anchorLastId}) og skulle være slettet.`;
    case 'missing-rows': {
      const last = problem.id - 1;
      return `Række ${problem.id} verificerer ikke: ${last > problem.expectedId ? `rækkerne ${problem.expectedId}–${last} mangler` : `række ${problem.expectedId} mangler`} (slettet).`;
    }
    case 'wrong-prev':
      return `Række ${problem.id} verificerer ikke: dens forrige hash passer ikke med rækken før (en række er ændret, indsat eller flyttet).`;
    case 'unchained':
      return `Række ${problem.id} verificerer ikke: den har ingen hash (indsat uden om appen).`;
    case 'unknown-version':
      return `Række ${problem.id} verificerer ikke: ukendt kædeversion ${String(problem.version)}.`;
    case 'content-changed':
      return `Række ${problem.id} verificerer ikke: indholdet passer ikke med rækkens hash (rækken eller dens hash er ændret).`;
  }
}

function loggedHeadText(check: 'differs' | 'missing', logged: LoggedHead): string {
  return check === 'differs'
    ? `Række ${logged.lastId} har ikke længere det loggede hoveds hash: kæden er skrevet om fra den række eller før.`
    : `Række ${logged.lastId} fra det loggede hoved findes ikke: kæden er afkortet.`;
}
