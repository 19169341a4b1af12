/**
 * FHIR R4 → care events, mapped exactly like the Synthea CSV importer (clinical.ts, dentalCodes.ts):
 * Patient, Encounter, Procedure and Condition resources, matched by coding (SNOMED CT system
 * `http://snomed.info/sct` and code), never by display text.
 *
 * Accepts a Bundle `.json` file, a folder of them (Synthea writes one self-contained bundle per
 * patient; each is read on its own, so memory stays at one bundle), or a folder of bulk-export
 * `.ndjson` files (streamed line by line, in the same four stages as the CSV importer).
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { DataSpec, EventReader, EventSink, SourcePosition } from '../events.ts';
import { fileMsg, readWholeDataFile, streamDataFile } from '../files.ts';
import { parseDataJson } from '../json.ts';
import { LineSplitter, MAX_LINE } from '../lines.ts';
import { DataError, msg } from '../messages.ts';
import { ClinicalJourneys, communitySource, isIdentifyingField, parseClinicalDate } from './clinical.ts';
import { codeTable } from './dentalCodes.ts';

const SNOMED = 'http://snomed.info/sct';

/** A FHIR resource as parsed JSON; fields are checked as they are read. */
type Resource = Record<string, unknown>;

interface Coding {
  system?: string;
  code: string;
  display: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const asString = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The SNOMED CT coding of a CodeableConcept (or list of them), else its first coding. */
function pickCoding(concepts: unknown): Coding | undefined {
  let first: Coding | undefined;
  for (const concept of asArray(concepts)) {
    if (!isObject(concept)) continue;
    for (const c of asArray(concept.coding)) {
      if (!isObject(c)) continue;
      const code = asString(c.code);
      if (!code) continue;
      const coding = { system: asString(c.system), code, display: asString(c.display) ?? '' };
      if (coding.system === SNOMED) return coding;
      first ??= coding;
    }
  }
  return first;
}

/**
 * The id a reference points at: `urn:uuid:X`, `Patient/X`, `https://…/Patient/X/_history/2`,
 * or Synthea's conditional `Patient?identifier=system|X`.
 */
export function referenceId(ref: unknown, type: string): string | undefined {
  const r = isObject(ref) ? asString(ref.reference) : undefined;
  if (!r) return undefined;
  if (r.startsWith('urn:uuid:') || r.startsWith('urn:oid:')) return r.slice(r.indexOf(':', 4) + 1);
  const query = r.indexOf('?identifier=');
  if (query !== -1) {
    const value = r.slice(query + '?identifier='.length);
    return value.slice(value.lastIndexOf('|') + 1) || undefined;
  }
  const parts = r.split('/');
  const at = parts.lastIndexOf(type);
  if (at !== -1 && parts[at + 1]) return parts[at + 1];
  return parts[parts.length - 1] || undefined;
}

/** Where the community comes from in a Patient: a dotted path into it (arrays: first element). */
interface CommunityRule {
  path: string[];
  /** For the default: city when the resource has no district (Synthea's FHIR writes no county). */
  fallback?: string[];
  /** Set when the configured source cannot be read from FHIR; communities stay empty. */
  unavailable?: string;
}

function communityRule(spec: DataSpec, warn: (message: string) => void): CommunityRule {
  const from = communitySource(spec);
  const upper = from.toUpperCase();
  if (upper === 'COUNTY') return { path: ['address', 'district'], fallback: ['address', 'city'] };
  if (upper === 'CITY') return { path: ['address', 'city'] };
  if (upper === 'STATE') return { path: ['address', 'state'] };
  if (upper === 'ZIP' || upper === 'POSTALCODE') return { path: ['address', 'postalCode'] };
  if (from.toLowerCase() === 'income-band') {
    return { path: [], unavailable: msg.noIncomeInFhir() };
  }
  const path = from.split('.').filter((p) => p !== '');
  const identifying = ['name', 'telecom', 'identifier', 'birthDate', 'photo', 'contact', 'id', 'extension'];
  if (path.length === 0 || identifying.includes(path[0]) || (path[0] === 'address' && path[1] !== undefined && ['line', 'text'].includes(path[1])) || isIdentifyingField(from)) {
    warn(msg.identifyingCommunity(from, 'the default (address.district, else address.city)'));
    return { path: ['address', 'district'], fallback: ['address', 'city'] };
  }
  return { path };
}

function readPath(resource: Resource, path: string[]): string | undefined {
  let v: unknown = resource;
  for (const key of path) {
    if (Array.isArray(v)) v = v[0];
    if (!isObject(v)) return undefined;
    v = v[key];
  }
  if (Array.isArray(v)) v = v[0];
  return asString(v) ?? (typeof v === 'number' ? String(v) : undefined);
}

/** Reads resources into a ClinicalJourneys; one per import. */
class FhirImport {
  readonly journeys: ClinicalJourneys;
  private readonly community: CommunityRule;
  private fallbackUsed = false;
  private configReported = false;
  /** Within one bundle: the id a `fullUrl` names → the resource's own id, when they differ. */
  private aliases = new Map<string, string>();
  /** Configuration warnings waiting for a file position to be reported against. */
  private readonly pendingWarnings: string[] = [];

  constructor(
    spec: DataSpec,
    sink: EventSink,
    private readonly label: (file: string) => string,
    /** The folder (or file) every file read must lie inside. */
    readonly within: string,
  ) {
    this.journeys = new ClinicalJourneys(sink, codeTable(spec.codes?.snomed));
    this.community = communityRule(spec, (m) => this.pendingWarnings.push(m));
  }

  /** Configuration warnings, reported against the first file read. */
  flushConfigWarnings(at: SourcePosition): void {
    if (this.configReported) return;
    this.configReported = true;
    if (this.community.unavailable) this.pendingWarnings.push(this.community.unavailable);
    for (const m of this.pendingWarnings) this.journeys.issue('warning', 'community-source', at, m);
  }

  patient(r: Resource, at: SourcePosition): void {
    const id = asString(r.id);
    if (!id) {
      this.journeys.issue('error', 'missing-id', at, msg.missingValue('Patient', 'id'));
      return;
    }
    const birthText = asString(r.birthDate);
    const birth = parseClinicalDate(birthText);
    if (birthText !== undefined && birth === undefined) {
      this.journeys.issue('warning', 'bad-date', at, msg.badBirthDate('Patient.birthDate', birthText));
    }
    const deathText = asString(r.deceasedDateTime);
    const death = parseClinicalDate(deathText);
    if (deathText !== undefined && death === undefined) {
      this.journeys.issue('warning', 'bad-date', at, msg.badDeathDate('Patient.deceasedDateTime', deathText));
    }
    let community: string | undefined;
    if (!this.community.unavailable) {
      community = readPath(r, this.community.path);
      if (community === undefined && this.community.fallback) {
        community = readPath(r, this.community.fallback);
        if (community !== undefined && !this.fallbackUsed) {
          this.fallbackUsed = true;
          this.journeys.issue('warning', 'community-fallback', at, msg.countyFallback());
        }
      }
    }
    this.journeys.addPatient({ id, birth, death, community, source: at });
  }

  /** A reference's target id, through the current bundle's fullUrl aliases. */
  private ref(reference: unknown, type: string): string | undefined {
    const id = referenceId(reference, type);
    return id === undefined ? undefined : (this.aliases.get(id) ?? id);
  }

  /** Stage 2: remember which encounters hold dental rows. Malformed resources are reported in stage 4. */
  note(r: Resource): void {
    const coding = pickCoding(r.code);
    if (!coding) return;
    const enc = this.ref(r.encounter, 'Encounter');
    if (r.resourceType === 'Procedure') this.journeys.noteProcedure(enc, coding.system, coding.code);
    else this.journeys.noteCondition(enc, coding.system, coding.code);
  }

  encounter(r: Resource, at: SourcePosition): void {
    const id = asString(r.id);
    const patient = this.ref(r.subject ?? r.patient, 'Patient');
    const period = isObject(r.period) ? r.period : {};
    const startText = asString(period.start) ?? asString(period.end);
    const time = parseClinicalDate(startText);
    if (!id || !patient) {
      this.journeys.issue('error', 'missing-id', at, msg.missingValue('Encounter', id ? 'subject reference' : 'id'));
      return;
    }
    if (time === undefined) {
      this.journeys.issue('error', 'bad-date', at, msg.badRecordDate('Encounter.period.start', startText));
      return;
    }
    const type = pickCoding(r.type);
    const reason = pickCoding(r.reasonCode);
    const cls = isObject(r.class) ? asString(r.class.code) : undefined;
    this.journeys.addEncounter({
      id,
      patient,
      time,
      encounterClass: cls,
      system: type?.system,
      code: type?.code,
      display: type?.display,
      reasonSystem: reason?.system,
      reasonCode: reason?.code,
      source: at,
    });
  }

  /** Stage 4: Procedure or Condition → event (or a count, when not dental). */
  record(r: Resource, at: SourcePosition): void {
    const resource = r.resourceType === 'Procedure' ? 'procedure' : 'condition';
    const type = r.resourceType as string;
    const status = asString(r.status);
    const verification = pickCoding(r.verificationStatus)?.code;
    if (status === 'entered-in-error' || status === 'not-done' || verification === 'entered-in-error' || verification === 'refuted') {
      this.journeys.issue('warning', 'not-done', at, msg.notDone(type, status ?? verification ?? ''));
      return;
    }
    const patient = this.ref(r.subject ?? r.patient, 'Patient');
    if (!patient) {
      this.journeys.issue('error', 'missing-patient', at, msg.missingValue(type, 'subject reference'));
      return;
    }
    const coding = pickCoding(r.code);
    if (!coding) {
      this.journeys.issue('error', 'missing-code', at, msg.missingValue(`${type}.code`, 'coding with a code'));
      return;
    }
    const period = (v: unknown) => (isObject(v) ? asString(v.start) ?? asString(v.end) : undefined);
    const timeText =
      resource === 'procedure'
        ? asString(r.performedDateTime) ?? period(r.performedPeriod)
        : asString(r.onsetDateTime) ?? period(r.onsetPeriod) ?? asString(r.recordedDate);
    const time = parseClinicalDate(timeText);
    if (time === undefined) {
      const field = resource === 'procedure' ? 'performedDateTime / performedPeriod.start' : 'onsetDateTime / onsetPeriod.start / recordedDate';
      this.journeys.issue('error', 'bad-date', at, msg.badRecordDate(`${type}.${field}`, timeText));
      return;
    }
    this.journeys.addRecord({
      resource,
      patient,
      encounter: this.ref(r.encounter, 'Encounter'),
      time,
      // A non-SNOMED coding can only be dental by encounter linkage; its system goes into the tally.
      system: coding.system,
      code: coding.code,
      display: coding.display,
      source: at,
    });
  }

  /** All four stages over one bundle's entries (1-based entry index as the position). */
  bundle(entries: { resource: Resource; at: SourcePosition }[]): void {
    const of = (type: string) => entries.filter((e) => e.resource.resourceType === type);
    for (const e of of('Patient')) this.patient(e.resource, e.at);
    const coded = entries.filter((e) => e.resource.resourceType === 'Procedure' || e.resource.resourceType === 'Condition');
    for (const e of coded) this.note(e.resource);
    for (const e of of('Encounter')) this.encounter(e.resource, e.at);
    for (const e of coded) this.record(e.resource, e.at);
  }

  async bundleFile(file: string): Promise<void> {
    const label = this.label(file);
    this.flushConfigWarnings({ file: label, line: 0 });
    const parsed = parseDataJson(await readWholeDataFile(file, this.within, { label }));
    if (!parsed.ok) {
      this.journeys.issue('error', 'bad-json', { file: label, line: 0 }, msg.notJsonFile(parsed.reason, parsed.line, parsed.column));
      return;
    }
    const json = parsed.value;
    if (!isObject(json) || json.resourceType !== 'Bundle' || !Array.isArray(json.entry)) {
      this.journeys.issue('error', 'not-a-bundle', { file: label, line: 0 }, msg.notABundle());
      return;
    }
    const entries: { resource: Resource; at: SourcePosition }[] = [];
    json.entry.forEach((entry: unknown, i: number) => {
      const at = { file: label, line: i + 1 };
      this.journeys.rowsRead += 1;
      if (!isObject(entry) || !isObject(entry.resource) || typeof entry.resource.resourceType !== 'string') {
        this.journeys.issue('error', 'bad-record', at, msg.emptyBundleEntry(i + 1));
        return;
      }
      // Transaction bundles may leave `id` out and name resources by fullUrl only; references use the fullUrl.
      let resource = entry.resource;
      const urlId = referenceId({ reference: entry.fullUrl }, resource.resourceType as string);
      if (urlId !== undefined) {
        const own = asString(resource.id);
        if (own === undefined) resource = { ...resource, id: urlId };
        else if (own !== urlId) this.aliases.set(urlId, own);
      }
      entries.push({ resource, at });
    });
    this.bundle(entries);
    this.aliases.clear();
  }
}

const TYPES = ['Patient', 'Encounter', 'Procedure', 'Condition'] as const;
type Stage = 'patients' | 'notes' | 'encounters' | 'records';

/** Which of our resource types an NDJSON file holds, by its name (`Patient.ndjson`, `Procedure.000.ndjson`); null: unknown, scan it all. */
function ndjsonType(file: string): string | null {
  const name = basename(file).toLowerCase();
  for (const t of TYPES) if (name.startsWith(t.toLowerCase())) return t;
  return null;
}

async function ndjsonStage(fhir: FhirImport, file: string, label: string, stage: Stage): Promise<void> {
  const fileType = ndjsonType(file);
  const wanted: readonly string[] =
    stage === 'patients' ? ['Patient'] : stage === 'encounters' ? ['Encounter'] : ['Procedure', 'Condition'];
  if (fileType !== null && !wanted.includes(fileType)) return;
  // Malformed lines are reported once: in the stage that owns the file's type (stage 1 for mixed files).
  const owner: Stage = fileType === null ? 'patients' : fileType === 'Patient' ? 'patients' : fileType === 'Encounter' ? 'encounters' : 'records';
  const report = stage === owner;
  // A synchronous handler per line: nothing queues up, and it is much faster than async iteration.
  const onLine = (text: string, line: number): void => {
    if (text.trim() === '') return;
    if (report) fhir.journeys.rowsRead += 1;
    // Mixed files: skip lines that cannot hold a wanted type without parsing them.
    if (fileType === null && !report && !wanted.some((t) => text.includes(`"${t}"`))) return;
    const at = { file: label, line };
    const parsed = parseDataJson(text);
    if (!parsed.ok) {
      if (report) fhir.journeys.issue('error', 'bad-json', at, msg.badJson(parsed.reason, parsed.column));
      return;
    }
    const r = parsed.value;
    if (!isObject(r) || typeof r.resourceType !== 'string') {
      if (report) fhir.journeys.issue('error', 'bad-record', at, msg.notAResource());
      return;
    }
    if (!wanted.includes(r.resourceType)) return;
    if (stage === 'patients') fhir.patient(r, at);
    else if (stage === 'notes') fhir.note(r);
    else if (stage === 'encounters') fhir.encounter(r, at);
    else fhir.record(r, at);
  };
  const lines = new LineSplitter({
    line: onLine,
    tooLong: (line) => {
      if (!report) return;
      fhir.journeys.rowsRead += 1;
      fhir.journeys.issue('error', 'line-too-long', { file: label, line }, msg.lineTooLong(MAX_LINE));
    },
  });
  let first = true;
  await streamDataFile(file, fhir.within, (text) => {
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    lines.push(text);
  }, { label });
  lines.end();
}

/**
 * Read FHIR R4: `path` is a Bundle `.json`, a folder of bundles, or a folder of bulk-export `.ndjson`
 * files (`Patient.ndjson`, `Encounter.ndjson`, `Procedure.ndjson`, `Condition.ndjson`; other files are
 * scanned for these types). References may be `urn:uuid:…` or `Patient/…`.
 */
export const readFhir: EventReader = async (path: string, spec: DataSpec, sink: EventSink) => {
  const st = await stat(path).catch(() => null);
  if (!st) throw new DataError(fileMsg.notFound(path));
  const isDir = st.isDirectory();
  const root = isDir ? path : dirname(path);
  const label = (file: string) => relative(root, file) || basename(file);
  const fhir = new FhirImport(spec, sink, label, path);

  const files = isDir ? (await readdir(path)).sort().map((f) => join(path, f)) : [path];
  const bundles = files.filter((f) => f.toLowerCase().endsWith('.json'));
  const ndjson = files.filter((f) => f.toLowerCase().endsWith('.ndjson'));
  if (bundles.length === 0 && ndjson.length === 0) {
    throw new DataError(msg.noFhirFiles(path));
  }

  for (const file of bundles) await fhir.bundleFile(file);

  if (ndjson.length > 0) {
    fhir.flushConfigWarnings({ file: label(ndjson[0]), line: 0 });
    for (const stage of ['patients', 'notes', 'encounters', 'records'] as const) {
      for (const file of ndjson) await ndjsonStage(fhir, file, label(file), stage);
    }
  }
  return fhir.journeys.summary();
};
