import { checkUnitsOfWork } from '../../data/store/unit-checks.js';
import { closeWorldsWithTests } from './opened-worlds.js';

// Vitest setup file (runs in every test file): the stores and PostgreSQL databases the worlds open are closed with
// the test (or the file) that opened them.
closeWorldsWithTests();

// The store called inside its own unit of work is refused (data/store/unit-checks.ts), here and in every bot or
// command the tests start (they inherit the environment); production leaves the check off for its cost.
process.env.BROBYGGER_CHECK_UNITS = '1';
checkUnitsOfWork(true);
