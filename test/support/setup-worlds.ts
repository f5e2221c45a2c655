import { checkUnitsOfWork } from '../../data/store/unit-checks.js';
import { closeWorldsWithTests } from './opened-worlds.js';

// Vitest setup file (runs in every test file): the stores and PostgreSQL databases the worlds open are closed with
// the test (or the file) that opened them.
closeWorldsWithTests();

// The store's own calls inside its units of work are refused (unit-checks.ts), here and in the processes tests start.
checkUnitsOfWork(true);
process.env.BROBYGGER_CHECK_UNITS = '1';
