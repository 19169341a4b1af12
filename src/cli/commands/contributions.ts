/**
 * `noctiluca contributions <action>`: residents' contributions (docs/CONTRIBUTIONS.md), on the
 * embedded database by default (no server needed) or an external PostgreSQL (--database, or
 * $NOCTILUCA_DATABASE_URL).
 *
 *   serve <installation…>          the contributions server for the residents' site: the build, the form, moderation
 *   moderator add|passwd <name>    a moderator (the password is read from standard input, twice on a terminal)
 *   moderator remove <name> | list
 *   status                         counts by installation and state, the last publications
 *   publish <installation>         publish now (into the data folder: what the servers serve)
 *   export [--out FILE]            a backup: every table as JSON lines (holds health data: keep it safe)
 *   import FILE                    restore a backup into an empty database
 *   migrate                        bring the schema up to date (every other action does too)
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { INSTALLATIONS_DIR } from '../../node/config.ts';
import { hashPassword, moderatorNameProblem, passwordProblem } from '../../node/contributions/auth.ts';
import { DatabaseError, defaultDataDir, openDatabase } from '../../node/contributions/db.ts';
import { Publisher } from '../../node/contributions/publish.ts';
import { ContributionsError, dataDirProblem, startContributionsServer } from '../../node/contributions/server.ts';
import { ContributionStore, StoreRefusal } from '../../node/contributions/store.ts';
import { createLog } from '../../node/venue/log.ts';
import { CommandUsageError, optionLines, parseCommandArgs, type OptionSpec } from '../args.ts';
import { print, printError } from '../output.ts';

export const summary = 'residents\' contributions: the form\'s server, moderators, publication, backups';

export const options: Record<string, OptionSpec> = {
  database: { type: 'string', value: 'URL', help: 'an external PostgreSQL (postgres://…; default: $NOCTILUCA_DATABASE_URL, else the embedded one)' },
  'data-dir': { type: 'string', value: 'DIR', help: 'the embedded database and published artefacts (default: $NOCTILUCA_DATA_DIR, else ~/.local/share/noctiluca)' },
  installations: { type: 'string', value: 'DIR', help: 'the installations folder (default: the repository\'s)' },
  dist: { type: 'string', value: 'DIR', help: 'serve: the built site (default: dist)' },
  host: { type: 'string', value: 'ADDRESS', help: 'serve: address to listen on (default: 127.0.0.1)' },
  port: { type: 'string', value: 'N', help: 'serve: HTTP port (default: 8090)' },
  kiosk: { type: 'boolean', help: 'serve: /contribute opens as a kiosk page' },
  out: { type: 'string', value: 'FILE', help: 'export: write here (default: standard output)' },
};

export const usage = [
  'usage: noctiluca contributions <action> [options]',
  '',
  summary,
  '',
  'actions:',
  '  serve <installation…>         the residents\' site with the form (/contribute) and moderation (/moderate)',
  '  moderator add <name>          add a moderator (or change a password: moderator passwd <name>); password from standard input',
  '  moderator remove <name>       remove one;  moderator list: every one',
  '  status                        contributions by installation and state, and the last publications',
  '  publish <installation>        publish now: the installation\'s data and every approved contribution, through the bake',
  '  export [--out FILE]           a backup as JSON lines (it holds health data: keep it as safe as the database)',
  '  import FILE                   restore a backup into an empty database',
  '  migrate                       bring the schema up to date',
  '',
  ...optionLines(options),
].join('\n');

async function readPassword(twice: boolean): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  const ask = (q: string) => new Promise<string>((resolve) => rl.question(q, resolve));
  try {
    const a = await ask('password: ');
    if (twice && process.stdin.isTTY) {
      const b = await ask('again: ');
      if (a !== b) throw new ContributionsError('the two passwords differ; nothing changed');
    }
    return a;
  } finally {
    rl.close();
  }
}

export async function run(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseCommandArgs(args, options));
    if (!positionals.length) throw new CommandUsageError('name an action');
  } catch (err) {
    if (!(err instanceof CommandUsageError)) throw err;
    printError(`noctiluca contributions: ${err.message}\n\n${usage}`);
    return 2;
  }
  const [action, ...rest] = positionals;
  const database = (values.database as string | undefined) ?? (process.env.NOCTILUCA_DATABASE_URL || null);
  const dataDir = (values['data-dir'] as string | undefined) ?? defaultDataDir();
  const installationsDir = (values.installations as string | undefined) ?? process.env.NOCTILUCA_INSTALLATIONS ?? INSTALLATIONS_DIR;
  const fail = (m: string, code = 1) => (printError(`noctiluca contributions: ${m}`), code);
  const problem = dataDirProblem(dataDir, installationsDir);
  if (problem) return fail(problem.replace(/^contributions: /, ''));
  try {
    if (action === 'serve') {
      if (!rest.length) return fail('serve: name the installations that take contributions (e.g. serve harmonia)', 2);
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) return fail(`--port: expected a port number, got "${values.port}"`, 2);
      const { log, close: closeLog } = await createLog({ name: 'contributions', dir: null });
      const server = await startContributionsServer({ settings: { installations: rest, database, dataDir }, installationsDir, dist: (values.dist as string | undefined) ?? 'dist', log, host: values.host as string | undefined, port, kiosk: values.kiosk === true });
      printError(`contributions: serving ${server.url} (the form at ${server.url}/contribute, moderation at ${server.url}/moderate; ${server.contributions.db.kind} database at ${server.contributions.db.where})`);
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
      });
      await server.close();
      await closeLog();
      return 0;
    }
    const db = await openDatabase({ url: database, dataDir });
    try {
      const store = await ContributionStore.open(db);
      switch (action) {
        case 'migrate':
          print(`schema up to date (${db.kind} database at ${db.where})`);
          return 0;
        case 'moderator': {
          const [sub, name] = rest;
          if (sub === 'list') {
            for (const m of await store.moderators()) print(m);
            return 0;
          }
          if (!name || !['add', 'passwd', 'remove'].includes(sub)) return fail('moderator: expected add <name>, passwd <name>, remove <name> or list', 2);
          const bad = moderatorNameProblem(name);
          if (bad) return fail(bad, 2);
          if (sub === 'remove') {
            if (!(await store.removeModerator(name))) return fail(`no moderator "${name}"`);
            print(`removed moderator ${name}`);
            return 0;
          }
          const password = await readPassword(true);
          const weak = passwordProblem(password);
          if (weak) return fail(weak, 2);
          print(`${await store.setModerator(name, await hashPassword(password))} moderator ${name}`);
          return 0;
        }
        case 'status': {
          const rows = await db.query<{ installation: string; status: string; n: number }>('SELECT installation, status, count(*)::int AS n FROM contribution GROUP BY installation, status ORDER BY installation, status');
          for (const r of rows) print(`${r.installation}\t${r.status}\t${r.n}`);
          for (const r of await db.query<{ installation: string; rev: number; at: Date; contributions: number }>('SELECT installation, rev, at, contributions FROM publication ORDER BY installation')) {
            print(`${r.installation}\tpublication ${r.rev}\t${new Date(r.at).toISOString()}\t${r.contributions} contributions`);
          }
          if (!rows.length) print(`no contributions yet (${db.kind} database at ${db.where})`);
          return 0;
        }
        case 'publish': {
          const [name] = rest;
          if (!name) return fail('publish: name the installation', 2);
          const log = { info: (_o: object, m: string) => printError(m), warn: (_o: object, m: string) => printError(m), error: (_o: object, m: string) => printError(m) };
          const p = await new Publisher({ store, installationsDir, dataDir, installations: [name], log }).publish(name);
          print(`published ${name}: rev ${p.rev}, ${p.cells} cells, ${p.contributions} contributions (${dataDir}/published/${name}/mosaic.bin)`);
          return 0;
        }
        case 'export': {
          const out = values.out ? createWriteStream(values.out as string, { mode: 0o600 }) : process.stdout;
          for await (const line of store.exportLines()) out.write(`${line}\n`);
          if (out !== process.stdout) await new Promise((r) => (out as ReturnType<typeof createWriteStream>).end(r));
          if (values.out) printError(`exported to ${values.out as string} (it holds health data and moderators' password hashes: keep it as safe as the database)`);
          return 0;
        }
        case 'import': {
          const [file] = rest;
          if (!file) return fail('import: name the export file', 2);
          const counts = await store.importLines(readFileSync(file, 'utf8').split('\n'));
          print(`restored ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')}`);
          return 0;
        }
        default:
          return fail(`unknown action "${action}"\n\n${usage}`, 2);
      }
    } finally {
      await db.close();
    }
  } catch (e) {
    if (e instanceof ContributionsError || e instanceof DatabaseError || e instanceof StoreRefusal) return fail(e.message.replace(/^contributions: /, ''));
    throw e;
  }
}
