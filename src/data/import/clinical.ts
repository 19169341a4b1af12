/**
 * Shared stage of the clinical importers (Synthea CSV, FHIR R4): each reader normalises its rows or
 * resources into the records below and hands them to one ClinicalJourneys, which decides what is
 * dental (dentalCodes.ts), builds CareEvents, keeps identifying fields out of them and counts
 * everything for ReaderSummary.
 *
 * Readers feed it in this order, so that nothing has to hold every row in memory:
 *   1. patients (addPatient),
 *   2. a light pass over procedures and conditions (noteProcedure / noteCondition) that only
 *      remembers which encounters hold dental rows,
 *   3. encounters (addEncounter), keeping class and cost for the remembered ones only,
 *   4. procedures and conditions again (addRecord), which emits the events.
 */
import type { AccessKind, CareEvent, DataSpec, EventKind, EventSink, ReaderSummary, SourcePosition } from '../events.ts';
import { accessFromEncounterClass, ageBand, codeTable, isEmergencyClass, isSnomedSystem, type CodeTable } from './dentalCodes.ts';
import { msg } from '../messages.ts';

const DAY = 86_400_000;

/** The ReaderSummary tally of dental codes without a kind (imported as "other"), keyed "code label" or "system|code label". */
export const UNMAPPED_CODES = 'unmapped dental codes';

export interface PatientRecord {
  id: string;
  /** UTC ms of the birth date (never copied into an event; used for the age band only). */
  birth?: number;
  /** UTC ms of the death date or time; events after that day are dropped. */
  death?: number;
  community?: string;
  source: SourcePosition;
}

export interface EncounterRecord {
  id: string;
  patient: string;
  time: number;
  /** Synthea ENCOUNTERCLASS word or FHIR v3 ActCode (AMB, VR, EMER, …). */
  encounterClass?: string;
  system?: string;
  code?: string;
  display?: string;
  reasonSystem?: string;
  reasonCode?: string;
  /** Synthea TOTAL_CLAIM_COST and PAYER_COVERAGE; absent in FHIR. */
  totalCost?: number;
  payerCoverage?: number;
  source: SourcePosition;
}

export interface CodedRecord {
  resource: 'procedure' | 'condition';
  patient: string;
  encounter?: string;
  time: number;
  system?: string;
  code: string;
  display: string;
  source: SourcePosition;
}

interface PatientState {
  /** The id, detached from the parser's buffer: it becomes every event's journeyId. */
  id: string;
  birth?: number;
  /** Start of the first UTC day after death. */
  deathEnd?: number;
  community?: string;
}

interface EncounterState {
  dental: boolean;
  access?: AccessKind;
  costBarrier?: boolean;
}

/**
 * A copy of `s` that does not keep its parser's buffer alive. V8 keeps substrings of 13 characters or
 * more as slices of their parent, so one patient id sliced out of a 64 KB CSV chunk would hold the whole
 * chunk; ids kept for the whole import (and handed on in every event) would hold the whole file.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * Cost barrier proxy: the payer covered less than half of the claim, so the patient was billed for
 * most of it. Undefined when either figure is missing or the claim is zero.
 */
export function costBarrierFrom(totalCost: number | undefined, payerCoverage: number | undefined): boolean | undefined {
  if (totalCost === undefined || payerCoverage === undefined) return undefined;
  if (!(totalCost > 0)) return undefined;
  return payerCoverage / totalCost < 0.5;
}

const DATE_ONLY = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parse a clinical date or date-time to UTC ms: `2024-03-26`, `2024-03-26T19:01:48Z`,
 * `2016-11-19T18:17:25-05:00`, `2024-03-26 19:01:48` (no zone: UTC), and FHIR partial dates
 * (`2019`, `2019-05`: the first day). Undefined when it is not a real date.
 */
export function parseClinicalDate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  if (s === '') return undefined;
  const d = DATE_ONLY.exec(s);
  if (d) {
    const y = Number(d[1]);
    const m = d[2] ? Number(d[2]) : 1;
    const day = d[3] ? Number(d[3]) : 1;
    const t = Date.UTC(y, m - 1, day);
    const check = new Date(t);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== day) return undefined;
    return t;
  }
  const m = DATE_TIME.exec(s);
  if (!m) return undefined;
  const base = parseClinicalDate(`${m[1]}-${m[2]}-${m[3]}`);
  if (base === undefined) return undefined;
  const hh = Number(m[4]);
  const mm = Number(m[5]);
  const ss = m[6] ? Number(m[6]) : 0;
  if (hh > 23 || mm > 59 || ss > 60) return undefined;
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  let offset = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return base + ((hh * 60 + mm) * 60 + ss) * 1000 + ms - offset;
}

/** Start of the UTC day holding `t`. */
export function utcDay(t: number): number {
  return Math.floor(t / DAY) * DAY;
}

/**
 * Builds journeys from normalised clinical records. One instance per import; `summary()` at the end.
 */
export class ClinicalJourneys {
  private readonly patients = new Map<string, PatientState>();
  /** Encounters holding a `visit` procedure from the table (pass 2). */
  private readonly visitEncounters = new Set<string>();
  /** Encounters holding a row that is dental by code: kept for access and cost. */
  private readonly infoEncounters = new Set<string>();
  private readonly encounters = new Map<string, EncounterState>();
  private readonly journeys = new Set<string>();
  private readonly counts: Record<string, number> = {
    patients: 0,
    patientsWithDentalCare: 0,
    dentalEvents: 0,
    dentalEncounters: 0,
    nonDentalRecords: 0,
    eventsAfterDeath: 0,
    patientsWithoutCommunity: 0,
    skippedRecords: 0,
  };
  // Tallies keyed by data (codes, community names): no prototype, so "constructor" counts like any name.
  private readonly eventsByKind: Record<string, number> = Object.create(null);
  private readonly unmapped: Record<string, number> = Object.create(null);
  private readonly communities: Record<string, number> = Object.create(null);

  constructor(
    private readonly sink: EventSink,
    /** The codes this import maps: the built-in table with the config's data.codes.snomed over it. */
    private readonly codes: CodeTable = codeTable(),
    /** Rows or resources read before validation, for ReaderSummary.rowsRead; the reader increments it. */
    public rowsRead = 0,
  ) {}

  /** Report a problem with one row or resource; errors mean the row was skipped. */
  issue(severity: 'error' | 'warning', code: string, at: SourcePosition, message: string): void {
    if (severity === 'error') this.counts.skippedRecords += 1;
    // As the event-log readers do: the message names its place (a whole file has line 0).
    const where = at.line > 0 ? `${at.file}:${at.line}` : at.file;
    this.sink.issue({ severity, code, file: at.file, line: at.line, message: `${where}: ${message}` });
  }

  addPatient(p: PatientRecord): void {
    if (this.patients.has(p.id)) {
      this.issue('error', 'duplicate-patient', p.source, msg.duplicatePatient(p.id));
      return;
    }
    this.counts.patients += 1;
    if (p.community === undefined) this.counts.patientsWithoutCommunity += 1;
    else this.communities[detach(p.community)] = (this.communities[p.community] ?? 0) + 1;
    const id = detach(p.id);
    this.patients.set(id, {
      id,
      birth: p.birth,
      deathEnd: p.death === undefined ? undefined : utcDay(p.death) + DAY,
      community: p.community === undefined ? undefined : detach(p.community),
    });
  }

  hasPatient(id: string): boolean {
    return this.patients.has(id);
  }

  /** Pass 2, procedures: remember encounters that a visit procedure makes dental, and those of other dental codes. */
  noteProcedure(encounter: string | undefined, system: string | undefined, code: string): void {
    if (!encounter || !isSnomedSystem(system)) return;
    if (this.codes.code(code)?.visit) this.visitEncounters.add(detach(encounter));
    else if (this.codes.isDental(code)) this.infoEncounters.add(detach(encounter));
  }

  /** Pass 2, conditions: remember encounters of dental conditions, for their access and cost. */
  noteCondition(encounter: string | undefined, system: string | undefined, code: string): void {
    if (!encounter || !isSnomedSystem(system)) return;
    if (this.codes.isDental(code)) this.infoEncounters.add(detach(encounter));
  }

  /** Pass 3: keep what events need from dental encounters; emit an event for the encounter itself when its code is mapped, or a dental emergency. */
  addEncounter(e: EncounterRecord): void {
    const codeDental = e.code !== undefined && isSnomedSystem(e.system) && this.codes.isDental(e.code);
    const reasonDental = e.reasonCode !== undefined && isSnomedSystem(e.reasonSystem) && this.codes.isDental(e.reasonCode);
    const dental = codeDental || reasonDental || this.visitEncounters.has(e.id);
    if (!dental && !this.infoEncounters.has(e.id)) return;
    const state: EncounterState = {
      dental,
      access: accessFromEncounterClass(e.encounterClass),
      costBarrier: costBarrierFrom(e.totalCost, e.payerCoverage),
    };
    this.encounters.set(detach(e.id), state);
    if (!dental) return;
    this.counts.dentalEncounters += 1;
    const mapped = codeDental && e.code !== undefined ? this.codes.code(e.code) : undefined;
    let kind: EventKind | undefined = mapped?.kind;
    if (kind === undefined && isEmergencyClass(e.encounterClass)) kind = 'emergency';
    if (kind === undefined) return;
    if (!this.patients.has(e.patient)) {
      this.issue('error', 'unknown-patient', e.source, msg.unknownPatient(`encounter "${e.id}"`, e.patient));
      return;
    }
    this.emit(kind, e.patient, e.time, state, e.source);
  }

  /** Pass 4: a procedure or condition becomes an event if it is dental, else it is only counted. */
  addRecord(r: CodedRecord): void {
    const snomed = isSnomedSystem(r.system);
    const mapped = snomed ? this.codes.code(r.code) : undefined;
    const enc = r.encounter ? this.encounters.get(r.encounter) : undefined;
    let kind: EventKind | undefined = mapped?.kind;
    if (kind === undefined) {
      const known = snomed && this.codes.isDental(r.code);
      const linked = r.resource === 'procedure' && enc?.dental === true;
      if (known || linked) kind = 'other';
    }
    if (kind === undefined) {
      this.counts.nonDentalRecords += 1;
      return;
    }
    if (!this.patients.has(r.patient)) {
      this.issue('error', 'unknown-patient', r.source, msg.unknownPatient(`${r.resource} ${r.code}`, r.patient));
      return;
    }
    if (mapped === undefined) {
      const system = snomed ? '' : `${r.system}|`;
      const key = detach(`${system}${r.code} ${r.display}`.trim());
      this.unmapped[key] = (this.unmapped[key] ?? 0) + 1;
    }
    // Conditions are dated to the day, as Synthea's CSV writes them, so CSV and FHIR agree.
    const time = r.resource === 'condition' ? utcDay(r.time) : r.time;
    this.emit(kind, r.patient, time, enc, r.source);
  }

  private emit(kind: EventKind, patientId: string, time: number, enc: EncounterState | undefined, source: SourcePosition): void {
    const p = this.patients.get(patientId);
    if (!p) return;
    if (p.deathEnd !== undefined && time >= p.deathEnd) {
      this.counts.eventsAfterDeath += 1;
      return;
    }
    // Only these fields leave the importer: no names, identifiers, addresses or birth dates.
    const event: CareEvent = { journeyId: p.id, time, kind, source };
    if (p.community !== undefined) event.community = p.community;
    const band = p.birth === undefined ? undefined : ageBand(p.birth, time);
    if (band !== undefined) event.ageBand = band;
    if (enc?.access !== undefined) event.access = enc.access;
    if (enc?.costBarrier !== undefined) event.costBarrier = enc.costBarrier;
    this.journeys.add(p.id);
    this.counts.dentalEvents += 1;
    this.eventsByKind[kind] = (this.eventsByKind[kind] ?? 0) + 1;
    this.sink.event(event);
  }

  summary(): ReaderSummary {
    this.counts.patientsWithDentalCare = this.journeys.size;
    return {
      rowsRead: this.rowsRead,
      counts: { ...this.counts },
      tallies: {
        'events by kind': { ...this.eventsByKind },
        [UNMAPPED_CODES]: { ...this.unmapped },
        communities: { ...this.communities },
      },
    };
  }
}

/** Columns and FHIR fields that identify a person: never a community, whatever the config says. */
const IDENTIFYING = new Set([
  'ID', 'PATIENTID', 'SSN', 'DRIVERS', 'PASSPORT', 'PREFIX', 'FIRST', 'MIDDLE', 'LAST', 'SUFFIX', 'MAIDEN',
  'ADDRESS', 'BIRTHDATE', 'DEATHDATE', 'LAT', 'LON', 'NAME', 'TELECOM', 'IDENTIFIER', 'ADDRESSLINE', 'BIRTHPLACE',
]);

/** Upper-case, letters and digits only: `Patient_Id`, `PATIENT ID` and `patientid` all become `PATIENTID`. */
export function normaliseName(name: string): string {
  return name.replace(/^\uFEFF/, '').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** True when `communityFrom` names a field that identifies a person (refused, with a message). */
export function isIdentifyingField(field: string): boolean {
  return IDENTIFYING.has(normaliseName(field));
}

/** The configured community source: DataSpec.communityFrom, or "COUNTY" by default. */
export function communitySource(spec: Pick<DataSpec, 'communityFrom'>): string {
  const from = spec.communityFrom;
  return from === null || from === undefined || from.trim() === '' ? 'COUNTY' : from.trim();
}
