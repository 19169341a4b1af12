/**
 * Intake benchmark: events per second for CSV intake and for the bake at each size, the load
 * (decode) time of the baked artefact, each next to baselines measured in the same run: a bare
 * d3-dsv parse of the same file (read as text + csvParse; the intake and it take turns, three
 * times each by default, and the medians count), and the bake as it was
 * before disclosure control (bench/baseline/bakeV1.ts), so the cost of the disclosure stage is a
 * ratio of two times measured minutes apart (goal: at most 1.5 at 1M events). Each bake runs
 * three times, alternating with the baseline, and the fastest run of each counts (a shared machine's
 * load comes in bursts).
 *
 *   npx tsx bench/intake.ts [--events 100000,1000000] [--repetitions 3]
 *
 * The CSV comes from scripts/generate-sample-data.ts (--events N --out FILE) when it exists, else
 * from a small seeded generator (src/data/testing.ts). Files go to a temp folder, removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { csvParse } from 'd3-dsv';
import { createBaker } from '../src/bake/bake';
import { createBakerV1 } from './baseline/bakeV1';
import { decodeBake, encodeBake } from '../src/bake/codec';
import { readEventLog } from '../src/data/eventLog';
import { syntheticEventLogCsv } from '../src/data/testing';
import { defaultDataSpec } from '../src/node/dataSpec';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface IntakeBenchOptions {
  /** Event counts to run, default [100_000, 1_000_000]. */
  events?: number[];
  /** Print progress and the table (default true). */
  log?: boolean;
  /** Use the built-in generator even when scripts/generate-sample-data.ts exists. */
  builtinGenerator?: boolean;
  /** Turns each of the intake and the d3-dsv baseline take, alternating (default 3); rates are medians. */
  repetitions?: number;
}

export interface IntakeBenchRun {
  events: number;
  journeys: number;
  fileMB: number;
  generator: 'generate-sample-data' | 'builtin';
  /** Baseline: read the file as text and d3-dsv's csvParse it (median of the turns). */
  d3dsvMs: number;
  d3dsvEventsPerSec: number;
  /** readEventLog streaming the file into a counting sink (parse + validate; median of the turns). */
  intakeMs: number;
  intakeEventsPerSec: number;
  /** Every turn, ms, in the order they ran (intake and baseline alternate). */
  turns: { d3dsv: number[]; intake: number[] };
  /** readEventLog into createBaker, finish() and encodeBake(): the bake with disclosure control. */
  bakeMs: number;
  bakeEventsPerSec: number;
  /** The same with the bake before disclosure control (bench/baseline/bakeV1.ts, main at 76a234c). */
  bakeV1Ms: number;
  bakeV1EventsPerSec: number;
  /** bakeMs / bakeV1Ms (goal ≤ 1.5 at 1M events). */
  bakeOverV1: number;
  artefactMB: number;
  /** decodeBake of the artefact bytes. */
  decodeMs: number;
  /** Largest heap growth seen during the bake (sampled every 65,536 events and after each stage), garbage included. */
  heapPeakBakeMB: number;
}

async function generate(events: number, file: string, builtin: boolean): Promise<IntakeBenchRun['generator']> {
  const script = join(root, 'scripts', 'generate-sample-data.ts');
  if (!builtin && existsSync(script)) {
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const r = spawnSync(process.execPath, [tsx, script, '--events', String(events), '--out', file], { stdio: 'pipe', encoding: 'utf8' });
    if (r.status === 0 && existsSync(file)) return 'generate-sample-data';
    console.warn(`bench/intake: generate-sample-data failed (${(r.stderr || '').trim().split('\n')[0]}); using the built-in generator`);
  }
  const out = createWriteStream(file);
  for (const chunk of syntheticEventLogCsv(events, 42, 20_000)) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r, j) => out.end((err?: Error | null) => (err ? j(err) : r())));
  return 'builtin';
}

const ms = (t0: number) => performance.now() - t0;

/** Each bake, and the bake before disclosure control, runs this many times, alternating; the fastest of each counts. */
const BAKE_ROUNDS = 3;

/** A full garbage collection between phases, so one phase's garbage does not bill the next. */
const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const f = runInNewContext('gc') as (() => void) | undefined;
  return typeof f === 'function' ? f : () => {};
})();

const heapMB = () => process.memoryUsage().heapUsed / 1e6;

/** Baseline in its own scope, so d3-dsv's row objects are garbage before the next phase. */
function d3dsvBaseline(file: string): { rows: number; ms: number } {
  const t = performance.now();
  const rows = csvParse(readFileSync(file, 'utf8'));
  return { rows: rows.length, ms: ms(t) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rate = (n: number, t: number) => Math.round(n / (t / 1000));

export async function runIntakeBench(opts: IntakeBenchOptions = {}): Promise<{ runs: IntakeBenchRun[]; table: string }> {
  const sizes = opts.events ?? [100_000, 1_000_000];
  const log = opts.log ?? true;
  const dir = mkdtempSync(join(tmpdir(), 'noctiluca-bench-'));
  const runs: IntakeBenchRun[] = [];
  try {
    for (const events of sizes) {
      const file = join(dir, `events-${events}.csv`);
      if (log) console.error(`bench/intake: generating ${events.toLocaleString('en-US')} events…`);
      const generator = await generate(events, file, opts.builtinGenerator ?? false);
      const spec = defaultDataSpec({ source: file, window: { start: null, end: null } });

      // The baseline and the intake take turns (baseline first on odd turns, intake first on even),
      // so a machine that gets busier or quieter during the run bills both alike.
      const turns = { d3dsv: [] as number[], intake: [] as number[] };
      let rows = 0;
      let count = 0;
      const baselineTurn = () => {
        gc();
        const r = d3dsvBaseline(file);
        rows = r.rows;
        turns.d3dsv.push(r.ms);
      };
      const intakeTurn = async () => {
        gc();
        count = 0;
        const t = performance.now();
        await readEventLog(file, spec, { event: () => void count++, issue: () => {} });
        turns.intake.push(ms(t));
      };
      for (let k = 0; k < Math.max(1, opts.repetitions ?? 3); k++) {
        if (k % 2 === 0) {
          baselineTurn();
          await intakeTurn();
        } else {
          await intakeTurn();
          baselineTurn();
        }
      }
      const d3dsvMs = median(turns.d3dsv);
      const intakeMs = median(turns.intake);

      // The bake, timed against the bake before disclosure control, alternating, the fastest of BAKE_ROUNDS each.
      const timeBake = async (make: () => Omit<ReturnType<typeof createBaker>, 'fork'>, sample: boolean) => {
        gc();
        const heapBefore = heapMB();
        let peak = heapBefore;
        const t0 = performance.now();
        const baker = make();
        let seen = 0;
        const summary = await readEventLog(file, spec, {
          event: (e) => {
            baker.event(e);
            if (sample && (++seen & 0xffff) === 0) peak = Math.max(peak, heapMB());
          },
          issue: (i) => baker.issue(i),
        });
        peak = Math.max(peak, heapMB());
        const mosaic = baker.finish({ rowsRead: summary.rowsRead });
        peak = Math.max(peak, heapMB());
        const bytes = encodeBake(mosaic);
        const took = ms(t0);
        peak = Math.max(peak, heapMB());
        return { took, mosaic, bytes, heap: peak - heapBefore };
      };
      const secret = 'bench'.padEnd(64, '0');
      const v1: number[] = [];
      const now: Array<Awaited<ReturnType<typeof timeBake>>> = [];
      for (let round = 0; round < BAKE_ROUNDS; round++) {
        v1.push((await timeBake(() => createBakerV1(spec, 'bench'), false)).took);
        now.push(await timeBake(() => createBaker(spec, 'bench', { secret }), true));
      }
      const bakeMs = Math.min(...now.map((r) => r.took));
      const bakeV1Ms = Math.min(...v1);
      const { mosaic, bytes } = now[now.length - 1];
      // The heap of the first bake, as a single bake would see it (later rounds run in a heap already grown).
      const heapPeakBakeMB = now[0].heap;

      const buffer = bytes.slice().buffer;
      gc();
      const t = performance.now();
      const decoded = decodeBake(buffer);
      const decodeMs = ms(t);
      if (decoded.journeyCount !== mosaic.journeyCount) throw new Error('bench/intake: decode mismatch');

      runs.push({
        events: rows,
        journeys: mosaic.journeyCount,
        fileMB: statSync(file).size / 1e6,
        generator,
        d3dsvMs,
        d3dsvEventsPerSec: rate(rows, d3dsvMs),
        intakeMs,
        intakeEventsPerSec: rate(count, intakeMs),
        turns,
        bakeMs,
        bakeEventsPerSec: rate(count, bakeMs),
        bakeV1Ms,
        bakeV1EventsPerSec: rate(count, bakeV1Ms),
        bakeOverV1: bakeMs / bakeV1Ms,
        artefactMB: bytes.byteLength / 1e6,
        decodeMs,
        heapPeakBakeMB,
      });
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const f = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const lines = [
    '| events | journeys | CSV MB | d3-dsv baseline | intake | intake / d3-dsv | bake (+encode) | bake before disclosure control | bake / before | artefact MB | decode | heap peak during bake |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map(
      (r) =>
        `| ${f(r.events)} | ${f(r.journeys)} | ${r.fileMB.toFixed(1)} | ${f(r.d3dsvEventsPerSec)} ev/s (${f(r.d3dsvMs)} ms) | ` +
        `${f(r.intakeEventsPerSec)} ev/s (${f(r.intakeMs)} ms) | ${(r.intakeEventsPerSec / r.d3dsvEventsPerSec).toFixed(2)} | ${f(r.bakeEventsPerSec)} ev/s (${f(r.bakeMs)} ms) | ` +
        `${f(r.bakeV1EventsPerSec)} ev/s (${f(r.bakeV1Ms)} ms) | ${r.bakeOverV1.toFixed(2)} | ` +
        `${r.artefactMB.toFixed(1)} | ${r.decodeMs.toFixed(2)} ms | ${f(r.heapPeakBakeMB)} MB |`,
    ),
  ];
  lines.push(
    '',
    `CSV from ${[...new Set(runs.map((r) => r.generator))].join(', ')}; baselines: read as text + d3-dsv csvParse of the same file (intake and it alternating, ${Math.max(1, opts.repetitions ?? 3)} turns each, medians), and bench/baseline/bakeV1.ts (the bake before disclosure control); bakes best of three, alternating; rates are events per second.`,
  );
  const table = lines.join('\n');
  if (log) console.log(table);
  return { runs, table };
}

const USAGE = 'usage: npx tsx bench/intake.ts [--events 100000,1000000] [--repetitions 3] [--builtin-generator]';

function numbersArg(argv: string[], name: string): number[] | undefined {
  const at = argv.indexOf(name);
  if (at === -1) return undefined;
  const values = (argv[at + 1] ?? '').split(',').map((s) => Number(s.replace(/_/g, '')));
  if (!values.length || values.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(USAGE);
    process.exit(2);
  }
  return values;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  runIntakeBench({ events: numbersArg(argv, '--events'), repetitions: numbersArg(argv, '--repetitions')?.[0], builtinGenerator: argv.includes('--builtin-generator') }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
