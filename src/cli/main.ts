/**
 * `noctiluca <command> [args]`: each command is a module in ./commands exporting
 * `run(args): Promise<number>` (the exit code), a one-line `summary` and its `usage` text.
 * `noctiluca <command> --help` prints the usage and exits 0, for every command; unknown options are
 * refused by each command (./args.ts).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { print, printError } from './output.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Older command names still taken: `render` became `stills` ("render" is the GPU stage, src/render/). */
const ALIASES: Record<string, string> = { render: 'stills' };

interface Command {
  run(args: string[]): Promise<number>;
  summary: string;
  /** The command's usage text (options and all); without one, --help prints the summary. */
  usage?: string;
}

function commandNames(): string[] {
  return readdirSync(join(here, 'commands'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

async function usage(): Promise<string> {
  const lines = ['usage: noctiluca <command> [options]', '', 'commands:'];
  for (const name of commandNames()) {
    const mod = (await import(join(here, 'commands', `${name}.ts`))) as Command;
    lines.push(`  ${name.padEnd(10)} ${mod.summary}`);
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [given, ...rest] = argv;
  const name = given ? (ALIASES[given] ?? given) : given;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    print(await usage());
    return name ? 0 : 2;
  }
  if (!commandNames().includes(name)) {
    printError(`noctiluca: unknown command "${name}"\n\n${await usage()}`);
    return 2;
  }
  const mod = (await import(join(here, 'commands', `${name}.ts`))) as Command;
  if (rest.includes('--help') || rest.includes('-h')) {
    print(mod.usage ?? `usage: noctiluca ${name} [options]\n\n${mod.summary}`);
    return 0;
  }
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    printError(`noctiluca: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
