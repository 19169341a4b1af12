/**
 * Synthea CSV export → care events: one journey per patient with dental or oral care.
 * Reads `patients.csv`, `encounters.csv`, `procedures.csv`, `conditions.csv` from a folder,
 * streaming each file (procedures and conditions twice), so exports of any size fit in memory.
 * Mapping and privacy rules live in clinical.ts and dentalCodes.ts; see docs/IMPORTS.md.
 */
import { readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { DataSpec, EventReader, EventSink, SourcePosition } from '../events.ts';
import { fileMsg } from '../files.ts';
import { DataError, msg } from '../messages.ts';
import { ClinicalJourneys, communitySource, isIdentifyingField, parseClinicalDate } from './clinical.ts';
import { type ColumnSpec, Header, cell, eachCsvRow, isBlankRow } from './csvRows.ts';
import { codeTable, incomeBand } from './dentalCodes.ts';

const PATIENT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'Id', aliases: ['PATIENT_ID', 'PATIENT'], required: true },
  { name: 'BIRTHDATE', aliases: ['BIRTH_DATE', 'DOB'] },
  { name: 'DEATHDATE', aliases: ['DEATH_DATE', 'DOD'] },
  { name: 'INCOME' },
];

const ENCOUNTER_COLUMNS: readonly ColumnSpec[] = [
  { name: 'Id', aliases: ['ENCOUNTER_ID', 'ENCOUNTER'], required: true },
  { name: 'START', aliases: ['DATE', 'START_DATE'], required: true },
  { name: 'PATIENT', aliases: ['PATIENT_ID'], required: true },
  { name: 'ENCOUNTERCLASS', aliases: ['CLASS', 'ENCOUNTER_CLASS'] },
  { name: 'SYSTEM' },
  { name: 'CODE' },
  { name: 'DESCRIPTION' },
  { name: 'REASONCODE', aliases: ['REASON_CODE'] },
  { name: 'TOTAL_CLAIM_COST', aliases: ['TOTAL_COST', 'CLAIM_COST'] },
  { name: 'PAYER_COVERAGE', aliases: ['COVERAGE'] },
];

/** Procedures and conditions share a shape. */
const CODED_COLUMNS: readonly ColumnSpec[] = [
  { name: 'START', aliases: ['DATE', 'START_DATE', 'ONSET'], required: true },
  { name: 'PATIENT', aliases: ['PATIENT_ID'], required: true },
  { name: 'ENCOUNTER', aliases: ['ENCOUNTER_ID'] },
  { name: 'SYSTEM' },
  { name: 'CODE', required: true },
  { name: 'DESCRIPTION', aliases: ['DISPLAY'] },
];

type FileName = 'patients.csv' | 'encounters.csv' | 'procedures.csv' | 'conditions.csv';

/** The export's files, found case-insensitively (`Patients.csv` works too). */
function exportFiles(folder: string): Partial<Record<FileName, string>> {
  const found: Partial<Record<FileName, string>> = {};
  for (const entry of readdirSync(folder)) {
    const lower = entry.toLowerCase();
    if (lower === 'patients.csv' || lower === 'encounters.csv' || lower === 'procedures.csv' || lower === 'conditions.csv') {
      found[lower] = join(folder, entry);
    }
  }
  return found;
}

/** One pass over a file's data rows: header checked, blank, ragged and broken rows reported, callback per good row. */
async function eachRow(
  file: string,
  folder: string,
  label: string,
  columns: readonly ColumnSpec[],
  journeys: ClinicalJourneys,
  report: boolean,
  onHeader: ((header: Header, at: SourcePosition) => void) | null,
  onRow: (header: Header, fields: string[], at: SourcePosition) => void,
): Promise<void> {
  let header: Header | undefined;
  let headerBroken = false;
  await eachCsvRow(file, folder, label, {
    row: ({ line, fields }) => {
      const at = { file: label, line };
      if (!header) {
        if (headerBroken) return false;
        header = new Header(fields, columns);
        if (header.missing.length > 0) {
          if (report) {
            journeys.issue('error', 'missing-column', at, msg.missingColumns(header.missing));
          }
          return false;
        }
        onHeader?.(header, at);
        return true;
      }
      if (isBlankRow(fields)) return true;
      if (report) journeys.rowsRead += 1;
      if (fields.length !== header.width) {
        if (report) journeys.issue('error', 'wrong-column-count', at, msg.wrongColumnCount(fields.length, header.width));
        return true;
      }
      onRow(header, fields, at);
      return true;
    },
    problem: (p) => {
      const at = { file: label, line: p.line };
      if (!header) {
        // The header itself is broken: nothing in this file can be matched to its columns.
        headerBroken = true;
        if (report) journeys.issue('error', 'broken-header', at, msg.brokenHeader(p, 'the file is skipped'));
        return;
      }
      if (report) {
        journeys.rowsRead += 1;
        journeys.issue('error', p.code, at, msg.csvProblem(p));
      }
    },
  });
}

function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Read a Synthea CSV export folder (or any file inside it). `spec.communityFrom` picks the
 * community: a patients.csv column ("COUNTY" by default, "CITY", …) or "income-band".
 */
export const readSyntheaCsv: EventReader = async (path: string, spec: DataSpec, sink: EventSink) => {
  const st = await stat(path).catch(() => null);
  if (!st) throw new DataError(fileMsg.notFound(path));
  const folder = st.isDirectory() ? path : dirname(path);
  const files = exportFiles(folder);
  const journeys = new ClinicalJourneys(sink, codeTable(spec.codes?.snomed));
  const label = (file: string) => relative(folder, file) || file;

  const patientsFile = files['patients.csv'];
  if (!patientsFile) throw new DataError(msg.noPatientsFile(folder));
  for (const name of ['encounters.csv', 'procedures.csv', 'conditions.csv'] as const) {
    if (!files[name]) {
      journeys.issue('warning', 'missing-file', { file: name, line: 0 }, msg.missingFile(name, folder));
    }
  }

  // Stage 1: patients, with the configured community column.
  let from = communitySource(spec);
  let communityColumn: number | undefined;
  const incomeMode = from.toLowerCase() === 'income-band';
  await eachRow(
    patientsFile,
    folder,
    label(patientsFile),
    PATIENT_COLUMNS,
    journeys,
    true,
    (header, at) => {
      if (!incomeMode && isIdentifyingField(from)) {
        journeys.issue('warning', 'identifying-community', at, msg.identifyingCommunity(from, 'COUNTY'));
        from = 'COUNTY';
      }
      if (incomeMode) {
        if (!header.has('INCOME')) journeys.issue('warning', 'missing-column', at, msg.noIncomeColumn());
        return;
      }
      communityColumn = header.locate(from);
      if (communityColumn === undefined) {
        journeys.issue('warning', 'missing-column', at, msg.missingCommunityColumn(from));
      }
    },
    (header, fields, at) => {
      const id = header.get(fields, 'Id');
      if (!id) {
        journeys.issue('error', 'missing-id', at, msg.missingValue('patient row', 'Id'));
        return;
      }
      const birthText = header.get(fields, 'BIRTHDATE');
      const birth = parseClinicalDate(birthText);
      if (birthText !== undefined && birth === undefined) {
        journeys.issue('warning', 'bad-date', at, msg.badBirthDate('BIRTHDATE', birthText));
      }
      const deathText = header.get(fields, 'DEATHDATE');
      const death = parseClinicalDate(deathText);
      if (deathText !== undefined && death === undefined) {
        journeys.issue('warning', 'bad-date', at, msg.badDeathDate('DEATHDATE', deathText));
      }
      const community = incomeMode
        ? incomeBand(header.get(fields, 'INCOME'))
        : communityColumn === undefined
          ? undefined
          : cell(fields, communityColumn);
      journeys.addPatient({ id, birth, death, community, source: at });
    },
  );

  // Stage 2: which encounters hold dental rows (procedures that mark a visit, dental conditions).
  const procedures = files['procedures.csv'];
  const conditions = files['conditions.csv'];
  if (procedures) {
    await eachRow(procedures, folder, label(procedures), CODED_COLUMNS, journeys, false, null, (h, f) => {
      const code = h.get(f, 'CODE');
      if (code) journeys.noteProcedure(h.get(f, 'ENCOUNTER'), h.get(f, 'SYSTEM'), code);
    });
  }
  if (conditions) {
    await eachRow(conditions, folder, label(conditions), CODED_COLUMNS, journeys, false, null, (h, f) => {
      const code = h.get(f, 'CODE');
      if (code) journeys.noteCondition(h.get(f, 'ENCOUNTER'), h.get(f, 'SYSTEM'), code);
    });
  }

  // Stage 3: encounters (class, cost, dental reason).
  const encounters = files['encounters.csv'];
  if (encounters) {
    await eachRow(encounters, folder, label(encounters), ENCOUNTER_COLUMNS, journeys, true, null, (h, f, at) => {
      const id = h.get(f, 'Id');
      const patient = h.get(f, 'PATIENT');
      const startText = h.get(f, 'START');
      const time = parseClinicalDate(startText);
      if (!id || !patient) {
        journeys.issue('error', 'missing-id', at, msg.missingValue('encounter row', id ? 'PATIENT' : 'Id'));
        return;
      }
      if (time === undefined) {
        journeys.issue('error', 'bad-date', at, msg.badRecordDate('START', startText));
        return;
      }
      journeys.addEncounter({
        id,
        patient,
        time,
        encounterClass: h.get(f, 'ENCOUNTERCLASS'),
        system: h.get(f, 'SYSTEM'),
        code: h.get(f, 'CODE'),
        display: h.get(f, 'DESCRIPTION'),
        reasonCode: h.get(f, 'REASONCODE'),
        // Synthea CSVs give one SYSTEM per row, for CODE; reasons are SNOMED CT.
        reasonSystem: undefined,
        totalCost: parseNumber(h.get(f, 'TOTAL_CLAIM_COST')),
        payerCoverage: parseNumber(h.get(f, 'PAYER_COVERAGE')),
        source: at,
      });
    });
  }

  // Stage 4: procedures and conditions become events.
  for (const [file, resource] of [
    [procedures, 'procedure'],
    [conditions, 'condition'],
  ] as const) {
    if (!file) continue;
    await eachRow(file, folder, label(file), CODED_COLUMNS, journeys, true, null, (h, f, at) => {
      const patient = h.get(f, 'PATIENT');
      const code = h.get(f, 'CODE');
      const startText = h.get(f, 'START');
      const time = parseClinicalDate(startText);
      if (!patient) {
        journeys.issue('error', 'missing-patient', at, msg.missingValue(`${resource} row`, 'PATIENT'));
        return;
      }
      if (!code) {
        journeys.issue('error', 'missing-code', at, msg.missingValue(`${resource} row`, 'CODE'));
        return;
      }
      if (time === undefined) {
        journeys.issue('error', 'bad-date', at, msg.badRecordDate('START', startText));
        return;
      }
      journeys.addRecord({
        resource,
        patient,
        encounter: h.get(f, 'ENCOUNTER'),
        time,
        system: h.get(f, 'SYSTEM'),
        code,
        display: h.get(f, 'DESCRIPTION') ?? '',
        source: at,
      });
    });
  }

  return journeys.summary();
};
