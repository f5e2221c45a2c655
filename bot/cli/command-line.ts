import { parseArgs, type ParseArgsConfig } from 'node:util';
import { print, printError } from './cli-output.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Every command's help flag. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

/**
 * Parses a command's arguments (`options` should include HELP_OPTION); `--help` prints the usage. Returns the
 * parsed arguments, or the exit code when the command should stop: 0 after help, 2 after a usage error (printed
 * with the usage).
 */
export function parseCommandLine<const O extends Options>(argv: string[], options: O, usage: string, allowPositionals = false) {
  let args;
  try {
    args = parseArgs({ args: argv, options, allowPositionals });
  } catch (error) {
    printError(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if ((args.values as { help?: boolean }).help) {
    print(usage);
    return 0;
  }
  return args;
}
