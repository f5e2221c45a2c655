import { runImport } from '../../bot/cli/import.js';

/** Runs the real import command and reports its own peak memory (maxRSS) on the last line. */
const started = performance.now();
const code = await runImport(process.argv.slice(2));
process.stdout.write(`${JSON.stringify({ bench: 'import', code, seconds: (performance.now() - started) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
process.exit(code);
