import { closeWorldsWithTests } from './opened-worlds.js';

// Vitest setup file (runs in every test file): the stores and PostgreSQL databases the worlds open are closed with
// the test (or the file) that opened them.
closeWorldsWithTests();
