/**
 * Every message the clinical importers (Synthea CSV, FHIR) show to people, in one place. Each says
 * what was wrong and what happens now; the RowIssue around it names the file and line. Issue codes
 * and their meaning are listed in docs/IMPORTS.md.
 */

export const importMsg = {
  // Whole files and folders
  noPatientsFile: (folder: string) =>
    `synthea-csv: no patients.csv in ${folder}; a Synthea CSV export folder holds patients.csv, encounters.csv, procedures.csv and conditions.csv. Nothing was loaded.`,
  noFhirFiles: (path: string) =>
    `fhir: no .json bundles or .ndjson files at ${path}; point data.source at a Bundle file, a folder of bundles or a bulk-export folder. Nothing was loaded.`,
  missingFile: (name: string, folder: string) => `no ${name} in ${folder}; importing without it`,
  missingColumns: (file: string, columns: string[]) =>
    `${file} has no ${columns.join(', ')} column (looked for these names and their aliases in any case); the file is skipped`,
  brokenHeader: (file: string, problem: string) => `${file}: the header row cannot be read: ${problem.replace(/; row skipped.*$/, '')}; the file is skipped`,
  notJsonFile: (reason: string, line: number, column: number) => `not valid JSON (${reason}, at line ${line}, column ${column}); the file is skipped`,
  notABundle: () => 'expected a FHIR Bundle with an entry array; the file is skipped',

  // Rows and resources that are skipped
  wrongColumnCount: (expected: number, found: number) =>
    `expected ${expected} fields as in the header, found ${found}; the row is skipped`,
  missingValue: (what: string, field: string) => `${what} has no ${field}; it is skipped`,
  badRecordDate: (field: string, value: string | undefined) =>
    value === undefined
      ? `${field} is missing; the record is skipped`
      : `${field} "${value}" is not a date or date-time; the record is skipped`,
  unknownPatient: (what: string, patient: string) =>
    `${what} names patient "${patient}", who is not among the patients read; it is skipped`,
  duplicatePatient: (id: string) => `patient "${id}" was already read; this second record is skipped`,
  notJsonLine: (reason: string, column: number) => `line is not valid JSON (${reason}, at column ${column}); it is skipped`,
  lineTooLong: (max: number) => `the line is longer than ${max.toLocaleString('en-US')} characters; it is skipped`,
  notAResource: () => 'line is not a FHIR resource (no resourceType); it is skipped',
  emptyBundleEntry: (index: number) => `Bundle entry ${index} has no resource with a resourceType; it is skipped`,
  notDone: (type: string, status: string) => `${type} is marked "${status}"; it is not an event`,

  // Kept, with a fallback
  badBirthDate: (field: string, value: string) =>
    `${field} "${value}" is not a date (YYYY-MM-DD); the patient's events get no age band`,
  badDeathDate: (field: string, value: string) =>
    `${field} "${value}" is not a date (YYYY-MM-DD); the patient is treated as living`,
  identifyingCommunity: (from: string, fallback: string) =>
    `communityFrom "${from}" would identify people; using ${fallback} instead`,
  missingCommunityColumn: (from: string) =>
    `communityFrom names column "${from}", which patients.csv lacks; communities are left empty`,
  noIncomeColumn: () => 'communityFrom is "income-band" but patients.csv has no INCOME column; communities are left empty',
  noIncomeInFhir: () =>
    'communityFrom "income-band" needs Synthea\'s INCOME column, which FHIR Patient resources do not carry; communities are left empty',
  countyFallback: () =>
    "Patient.address has no district (county), which Synthea's FHIR export never writes; using address.city as the community for such patients",
};
