/**
 * The one table that turns clinical codes into care-event kinds, for every clinical importer
 * (Synthea CSV, FHIR R4). docs/IMPORTS.md renders it; a test keeps the two in step.
 *
 * Deciding "is this dental?" never reads display text. A record is dental when:
 *   1. its SNOMED CT code is in DENTAL_CODES (mapped: the table's kind), or
 *   2. its SNOMED CT code is in KNOWN_DENTAL_CODES (dental, no kind decided yet: kind `other`), or
 *   3. it is a procedure recorded in a dental encounter (encounter linkage, any code system:
 *      kind `other`). An encounter is dental when its own code or reason code is dental by 1 or 2,
 *      or when it holds a procedure whose table entry has `visit: true`.
 * Codes found by rules 2 and 3 are tallied as "unmapped dental codes" so someone can give them a kind:
 * an installation does so in its config (data.codes.snomed, over this table: `codeTable`), and
 * `noctiluca inspect` prints the unmapped ones as a snippet to paste there.
 * Conditions are dental by code only (rules 1–2): a dental visit also records non-dental findings
 * (the shared sample has suspected COVID-19 and cystitis diagnosed in dental encounters).
 */
import type { AccessKind, ConfiguredCode, EventKind } from '../events.ts';

export interface DentalCode {
  /** SNOMED CT concept id. */
  code: string;
  /** The SNOMED CT fully specified name, for people reading the table; never used to match. */
  label: string;
  kind: EventKind;
  /** Performed at a dental visit: a procedure with this code marks its encounter as dental. */
  visit?: boolean;
}

/** Mapped dental codes. One row per SNOMED CT concept; kinds are explained in docs/IMPORTS.md. */
export const DENTAL_CODES: readonly DentalCode[] = [
  // Visits and examinations
  { code: '34043003', label: 'Dental consultation and report (procedure)', kind: 'checkup', visit: true },
  { code: '274788003', label: 'Examination of gingivae (procedure)', kind: 'screening', visit: true },
  { code: '241046008', label: 'Dental plain X-ray bitewing (procedure)', kind: 'screening', visit: true },
  // Preventive chair-side care
  { code: '1260009003', label: 'Removal of supragingival plaque and calculus from all teeth using dental instrument (procedure)', kind: 'cleaning', visit: true },
  { code: '1260010008', label: 'Removal of subgingival plaque and calculus from all teeth using dental instrument (procedure)', kind: 'cleaning', visit: true },
  { code: '68071007', label: 'Dental fluoride treatment (procedure)', kind: 'cleaning', visit: true },
  // Education and referral: given at wellness visits too, so they do not make an encounter dental
  { code: '243085009', label: 'Oral health education (procedure)', kind: 'education' },
  { code: '103697008', label: 'Patient referral for dental care (procedure)', kind: 'education' },
  // Restorations
  { code: '1256042007', label: 'Restoration of tooth with coverage of all cusps using dental filling material (procedure)', kind: 'filling', visit: true },
  { code: '1259293006', label: 'Application of composite dental filling material to dentin of tooth following fracture of tooth (procedure)', kind: 'filling', visit: true },
  // Extractions
  { code: '173291009', label: 'Simple extraction of tooth (procedure)', kind: 'extraction', visit: true },
  { code: '65546002', label: 'Extraction of wisdom tooth (procedure)', kind: 'extraction', visit: true },
  // Other dental treatment: known, deliberately `other`
  { code: '225362009', label: 'Dental care (regime/therapy)', kind: 'other', visit: true },
  { code: '81733005', label: 'Dental surgical procedure (procedure)', kind: 'other', visit: true },
  { code: '456191000124101', label: 'Postoperative care for dental procedure (regime/therapy)', kind: 'other', visit: true },
  { code: '3802001', label: 'Dental application of desensitizing medicament (procedure)', kind: 'other', visit: true },
  { code: '64544008', label: 'Gingivectomy or gingivoplasty, per tooth (procedure)', kind: 'other', visit: true },
  { code: '284053004', label: 'Tooth socket procedure (procedure)', kind: 'other', visit: true },
  { code: '234745004', label: 'Take oral or dental impression (procedure)', kind: 'other', visit: true },
  { code: '1269321004', label: 'Fitting of denture (procedure)', kind: 'other', visit: true },
  // Conditions: the finding becomes an event on its onset date
  { code: '109570002', label: 'Primary dental caries (disorder)', kind: 'screening' },
  { code: '66383009', label: 'Gingivitis (disorder)', kind: 'screening' },
  { code: '18718003', label: 'Gingival disease (disorder)', kind: 'screening' },
  { code: '278588009', label: 'Fractured dental filling (finding)', kind: 'screening' },
  { code: '278598003', label: 'Leaking dental filling (finding)', kind: 'screening' },
  { code: '278558000', label: 'Dental filling lost (finding)', kind: 'screening' },
  { code: '278602001', label: 'Loose dental filling (finding)', kind: 'screening' },
  { code: '427898007', label: 'Infection of tooth (disorder)', kind: 'emergency' },
  { code: '61804006', label: 'Alveolitis of jaw (disorder)', kind: 'emergency' },
  { code: '37320007', label: 'Loss of teeth (disorder)', kind: 'other' },
];

/**
 * Secondary rule: SNOMED CT concepts known to be dental or oral (tooth, gingiva, alveolus, palate,
 * frenum) that the table gives no kind yet. They become `other` events and are tallied as unmapped.
 */
export const KNOWN_DENTAL_CODES: ReadonlyMap<string, string> = new Map([
  ['196416002', 'Impacted molars (disorder)'],
  ['46752004', 'Torus palatinus (disorder)'],
  ['67787004', 'Tongue tie (disorder)'],
  ['1255252008', 'Resorption of alveolar process due to dental trauma (disorder)'],
  ['79345008', 'Excision of maxillary torus palatinus (procedure)'],
  ['23933004', 'Excision of lingual frenum (procedure)'],
  ['234687006', 'Grafting of periodontal bone defect (procedure)'],
]);

const byCode: ReadonlyMap<string, DentalCode> = new Map(DENTAL_CODES.map((c) => [c.code, c]));

/** The codes one import maps: the built-in table with the installation's own (config data.codes.snomed) over it. */
export interface CodeTable {
  /** The row for a SNOMED CT code, if mapped (the config's first). */
  code(code: string): DentalCode | undefined;
  /** Dental by code (rules 1–2): mapped, or in the known-dental set. */
  isDental(code: string): boolean;
}

/** The built-in table with `configured` (SNOMED CT code → kind) over it. */
export function codeTable(configured: Readonly<Record<string, ConfiguredCode>> = {}): CodeTable {
  const own = new Map<string, DentalCode>();
  for (const [code, c] of Object.entries(configured)) own.set(code, { code, label: c.label ?? byCode.get(code)?.label ?? KNOWN_DENTAL_CODES.get(code) ?? '', kind: c.kind, visit: c.visit });
  if (own.size === 0) return { code: dentalCode, isDental: isDentalCode };
  return {
    code: (code) => own.get(code) ?? byCode.get(code),
    isDental: (code) => own.has(code) || isDentalCode(code),
  };
}

/** The table row for a SNOMED CT code, if mapped. */
export function dentalCode(code: string): DentalCode | undefined {
  return byCode.get(code);
}

/** Dental by code (rules 1–2): in the table or in the known-dental set. */
export function isDentalCode(code: string): boolean {
  return byCode.has(code) || KNOWN_DENTAL_CODES.has(code);
}

/** Code systems that mean SNOMED CT, as Synthea CSV (`SNOMED-CT`) and FHIR (`http://snomed.info/sct`) spell them. */
export function isSnomedSystem(system: string | undefined): boolean {
  if (system === undefined || system.trim() === '') return true; // older Synthea CSVs have no SYSTEM: SNOMED CT
  const s = system.trim().toLowerCase();
  return s === 'snomed-ct' || s === 'snomed' || s === 'sct' || s === 'snomedct' || s === 'http://snomed.info/sct';
}

/**
 * Encounter class → access. Synthea CSV writes `ENCOUNTERCLASS` words; FHIR writes v3 ActCode codes.
 * Anything unknown (home health, missing) leaves access undefined.
 */
export function accessFromEncounterClass(cls: string | undefined): AccessKind | undefined {
  switch ((cls ?? '').trim().toLowerCase()) {
    case 'virtual':
    case 'vr':
    case 'telehealth':
      return 'tele';
    case 'ambulatory':
    case 'amb':
    case 'wellness':
    case 'outpatient':
    case 'urgentcare':
    case 'emergency':
    case 'emer':
    case 'inpatient':
    case 'imp':
    case 'acute':
    case 'ss':
    case 'snf':
    case 'hospice':
      return 'clinic';
    default:
      return undefined;
  }
}

/** Encounter classes whose dental encounters count as a dental emergency. */
export function isEmergencyClass(cls: string | undefined): boolean {
  const c = (cls ?? '').trim().toLowerCase();
  return c === 'emergency' || c === 'emer' || c === 'urgentcare';
}

/** Coarse age bands at event time; never the birth date itself. */
export const AGE_BANDS = [
  { label: '0-17', min: 0 },
  { label: '18-34', min: 18 },
  { label: '35-54', min: 35 },
  { label: '55-74', min: 55 },
  { label: '75+', min: 75 },
] as const;

/** Whole years between a birth (UTC ms) and an event (UTC ms), as a band label; undefined before birth. */
export function ageBand(birth: number, at: number): string | undefined {
  if (at < birth) return undefined;
  const b = new Date(birth);
  const e = new Date(at);
  let years = e.getUTCFullYear() - b.getUTCFullYear();
  if (e.getUTCMonth() < b.getUTCMonth() || (e.getUTCMonth() === b.getUTCMonth() && e.getUTCDate() < b.getUTCDate())) {
    years -= 1;
  }
  let label: string = AGE_BANDS[0].label;
  for (const band of AGE_BANDS) if (years >= band.min) label = band.label;
  return label;
}

/** Household income bands (Synthea `INCOME`, US dollars a year) for `communityFrom: "income-band"`. */
export const INCOME_BANDS = [
  { label: 'income under $25k', min: 0 },
  { label: 'income $25k-50k', min: 25_000 },
  { label: 'income $50k-100k', min: 50_000 },
  { label: 'income $100k-200k', min: 100_000 },
  { label: 'income $200k+', min: 200_000 },
] as const;

/** The income band for a Synthea INCOME value; undefined when missing or not a number. */
export function incomeBand(income: string | undefined): string | undefined {
  if (income === undefined || income.trim() === '') return undefined;
  const n = Number(income.trim());
  if (!Number.isFinite(n) || n < 0) return undefined;
  let label: string = INCOME_BANDS[0].label;
  for (const band of INCOME_BANDS) if (n >= band.min) label = band.label;
  return label;
}

/**
 * The mapping table as Markdown, exactly as docs/IMPORTS.md shows it (a test compares the two):
 * regenerate the doc's table with `npx tsx -e "import('./src/data/import/dentalCodes.ts').then(m => console.log(m.renderDentalTable()))"`.
 */
export function renderDentalTable(): string {
  const rows = ['| SNOMED CT | Concept | Event kind | Marks a dental visit |', '|---|---|---|---|'];
  for (const c of DENTAL_CODES) rows.push(`| ${c.code} | ${c.label} | \`${c.kind}\` | ${c.visit ? 'yes' : ''} |`);
  rows.push('', '| SNOMED CT (known dental, no kind yet: `other`, tallied as unmapped) | Concept |', '|---|---|');
  for (const [code, label] of KNOWN_DENTAL_CODES) rows.push(`| ${code} | ${label} |`);
  return rows.join('\n');
}
