/**
 * The data formats: the only list. Each gives its name (config `data.format`, `--format`), what it
 * reads (the docs), how to recognise it (`detect`, over a probe of the source: `noctiluca inspect`
 * and `bake` find the format themselves) and its reader, loaded on first use.
 *
 * The list itself is browser-safe (the config schema reads the names); the readers are Node-only,
 * so they are named by module and export and loaded with an import the page's bundler leaves alone:
 * no reader is ever bundled into the site (a test loads every one).
 */
import type { CostFlag } from '../bake/artefact.ts';
import type { EventReader } from './events.ts';

/** A reader module of src/data/ (relative to this file) and the EventReader it exports; Node only. */
function nodeReader(module: string, exportName: string): () => Promise<EventReader> {
  return async () => {
    const mod = (await import(/* @vite-ignore */ module)) as Record<string, unknown>;
    const reader = mod[exportName];
    if (typeof reader !== 'function') throw new Error(`data formats: ${module} does not export ${exportName}`);
    return reader as EventReader;
  };
}

/** What detection sees of a data source: the file, or a folder's file names and a few of its files. */
export interface SourceProbe {
  kind: 'file' | 'folder';
  /** Base name of the file or folder. */
  name: string;
  /** A folder's entries, lower-cased (a file: empty). */
  entries: string[];
  /** The file itself, or a folder's first data files (.csv .tsv .json .ndjson .jsonl, by name): name and first 4 KB. */
  samples: { name: string; head: string }[];
}

/** How sure a format is that a source is its own: no, by the file names, or by the content. */
export type Certainty = 0 | 1 | 2;

export interface DataFormat {
  name: string;
  description: string;
  detect(probe: SourceProbe): Certainty;
  reader(): Promise<EventReader>;
  /** What its events' cost flag records (docs/DATA.md, docs/IMPORTS.md): the artefact and the card say it. */
  costFlag: CostFlag;
}

const ext = (name: string) => name.toLowerCase().replace(/^.*(\.[^.]+)$/, '$1');
const EVENT_LOG_EXTENSIONS = ['.csv', '.tsv', '.json', '.ndjson', '.jsonl'];
const SYNTHEA_FILES = ['patients.csv', 'encounters.csv', 'procedures.csv', 'conditions.csv'];
/** A FHIR resource names its type near its start; an event log never has this key. */
const FHIR_RESOURCE = /"resourceType"\s*:\s*"[A-Z][A-Za-z]+"/;
/** An event log's header (CSV) or first record (JSON) names its journey column. */
const EVENT_LOG_HEAD = /journey[ _-]?id/i;

export const DATA_FORMATS = [
  {
    name: 'event-log',
    description: 'care events as CSV or TSV (a header row), JSON (an array of records) or NDJSON (one record a line); a file or a folder of them',
    detect(p: SourceProbe): Certainty {
      const data = p.samples.filter((s) => EVENT_LOG_EXTENSIONS.includes(ext(s.name)));
      if (data.length === 0) return 0;
      if (data.some((s) => FHIR_RESOURCE.test(s.head))) return 0;
      return data.some((s) => EVENT_LOG_HEAD.test(s.head.slice(0, 2000))) ? 2 : 1;
    },
    reader: nodeReader('./eventLog.ts', 'readEventLog'),
    costFlag: 'barrier',
  },
  {
    name: 'synthea-csv',
    description: 'a Synthea CSV export folder (patients.csv, encounters.csv, procedures.csv, conditions.csv), or any file in it',
    detect(p: SourceProbe): Certainty {
      if (p.kind === 'folder') return p.entries.includes('patients.csv') ? 2 : 0;
      return SYNTHEA_FILES.includes(p.name.toLowerCase()) && /\bId\b.*\bBIRTHDATE\b|\bPATIENT\b/i.test(p.samples[0]?.head ?? '') ? 2 : 0;
    },
    reader: nodeReader('./import/synthea.ts', 'readSyntheaCsv'),
    // PAYER_COVERAGE below half of TOTAL_CLAIM_COST: the bill was large, not that care was put off.
    costFlag: 'large-bill',
  },
  {
    name: 'fhir',
    description: 'FHIR R4 resources: a Bundle (.json), a folder of bundles, or a bulk-export folder of .ndjson files',
    detect(p: SourceProbe): Certainty {
      return p.samples.some((s) => ['.json', '.ndjson'].includes(ext(s.name)) && FHIR_RESOURCE.test(s.head)) ? 2 : 0;
    },
    reader: nodeReader('./import/fhir.ts', 'readFhir'),
    // No flag is read from FHIR (costs live in Claim resources); a clinical import's flag would be the bill's.
    costFlag: 'large-bill',
  },
] as const satisfies readonly DataFormat[];

export type DataFormatName = (typeof DATA_FORMATS)[number]['name'];

/** Every format (read at call time, so a test fixture that adds one is seen). */
export function dataFormats(): readonly DataFormat[] {
  return DATA_FORMATS;
}

export function dataFormatNames(): string[] {
  return dataFormats().map((f) => f.name);
}

/** A format by name, or undefined. */
export function dataFormat(name: string): DataFormat | undefined {
  return dataFormats().find((f) => f.name === name);
}

/**
 * The format a probe is in: the most certain one (the list order breaks ties), or null when no
 * format recognises it.
 */
export function detectFormat(probe: SourceProbe): { format: DataFormat; certainty: Certainty } | null {
  let best: { format: DataFormat; certainty: Certainty } | null = null;
  for (const format of dataFormats()) {
    const certainty = format.detect(probe);
    if (certainty > 0 && (!best || certainty > best.certainty)) best = { format, certainty };
  }
  return best;
}
