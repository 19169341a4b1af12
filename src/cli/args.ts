/**
 * One argument parser for the commands (node:util parseArgs, strict): an unknown option or a
 * missing value is refused with a message naming it and the options the command takes, never
 * ignored. `--help` is handled by main.ts for every command.
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What it does, for the usage text. */
  help: string;
  /** The value's placeholder in the usage text: "NAME". */
  value?: string;
}

export class CommandUsageError extends Error {}

/** The options' lines for a usage text. */
export function optionLines(options: Record<string, OptionSpec>): string[] {
  return Object.entries(options).map(([k, o]) => `  --${`${k}${o.value ? ` ${o.value}` : ''}`.padEnd(18)} ${o.help}`);
}

/** Parses `args`; throws CommandUsageError with the reason. */
export function parseCommandArgs(args: string[], options: Record<string, OptionSpec>): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const known = Object.keys(options).map((k) => `--${k}`);
  const known_ = known.length ? `it takes ${known.join(', ')} and --help` : 'it takes no options but --help';
  try {
    const r = parseArgs({
      args,
      options: Object.fromEntries(Object.entries(options).map(([k, o]) => [k, { type: o.type }])),
      allowPositionals: true,
      strict: true,
    });
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    const unknown = /Unknown option '([^']+)'/.exec(text);
    if (unknown) throw new CommandUsageError(`unknown option ${unknown[1]}; ${known_}`);
    const missing = /Option '(?:-\w, )?(--[\w-]+)(?: <value>)?' argument missing/.exec(text);
    if (missing) throw new CommandUsageError(`${missing[1]} needs a value`);
    throw new CommandUsageError(text.split('\n')[0]);
  }
}
