/**
 * Lines for `noctiluca inspect` about what an import could not give a kind: for a clinical import
 * (Synthea CSV or FHIR) patients read, patients with dental care, events by kind, unmapped dental
 * codes with counts and what was dropped; for any import, the config snippet that maps the unmapped
 * codes or unknown event names (config data.codes), ready to paste.
 */
import { UNKNOWN_EVENT_NAMES } from '../eventLog.ts';
import { EVENT_KINDS, type DataCodes, type ReaderSummary } from '../events.ts';
import { UNMAPPED_CODES } from './clinical.ts';

/** Format a clinical reader's summary for people, one line per fact, indented lists under headings. */
export function describeImport(summary: ReaderSummary): string[] {
  const c = summary.counts;
  const n = (key: string) => c[key] ?? 0;
  const lines = [`patients read: ${n('patients')}`, `patients with dental care (journeys): ${n('patientsWithDentalCare')}`, `dental events: ${n('dentalEvents')}`];
  const byKind = sortedEntries(summary.tallies['events by kind'] ?? {});
  lines.push('events by kind:');
  if (byKind.length === 0) lines.push('  (none)');
  for (const [kind, count] of byKind) lines.push(`  ${kind.padEnd(12)} ${count}`);
  const unmapped = sortedEntries(summary.tallies[UNMAPPED_CODES] ?? {});
  lines.push(`unmapped dental codes (imported as "other"): ${unmapped.length === 0 ? 'none' : `${unmapped.length}, in ${unmapped.reduce((s, [, k]) => s + k, 0)} records`}`);
  for (const [code, count] of unmapped) lines.push(`  ${String(count).padStart(5)}  ${code}`);
  if (n('eventsAfterDeath') > 0) lines.push(`events after the patient's death, dropped: ${n('eventsAfterDeath')}`);
  if (n('patientsWithoutCommunity') > 0) lines.push(`patients without a community: ${n('patientsWithoutCommunity')}`);
  if (n('skippedRecords') > 0) lines.push(`malformed records skipped (see the issues above): ${n('skippedRecords')}`);
  lines.push(`non-dental records left out: ${n('nonDentalRecords')}`);
  return lines;
}

/**
 * The `"codes"` member of the config's `data` section that gives every unmapped SNOMED CT code
 * and every unknown event name a kind ("other" for now: the artist changes each to the kind it
 * is), with what the config already maps, so the snippet replaces `data.codes` whole. Null when
 * nothing is unmapped. Codes of other systems (`system|code`) cannot be mapped there: they are
 * named in a line of their own.
 */
export function codesSnippet(summary: ReaderSummary, configured: DataCodes | undefined): string[] | null {
  const snomed: Record<string, unknown> = {};
  for (const [code, c] of Object.entries(configured?.snomed ?? {})) snomed[code] = c.visit || c.label ? { kind: c.kind, ...(c.visit ? { visit: true } : {}), ...(c.label ? { label: c.label } : {}) } : c.kind;
  const events: Record<string, string> = { ...configured?.events };
  const otherSystems: string[] = [];
  let added = 0;
  for (const [key] of sortedEntries(summary.tallies[UNMAPPED_CODES] ?? {})) {
    const space = key.indexOf(' ');
    const code = space < 0 ? key : key.slice(0, space);
    const label = space < 0 ? '' : key.slice(space + 1);
    if (code.includes('|')) otherSystems.push(code);
    else if (!(code in snomed)) {
      snomed[code] = label ? { kind: 'other', label } : 'other';
      added++;
    }
  }
  for (const [name] of sortedEntries(summary.tallies[UNKNOWN_EVENT_NAMES] ?? {})) {
    if (!Object.hasOwn(events, name)) {
      events[name] = 'other';
      added++;
    }
  }
  if (added === 0 && otherSystems.length === 0) return null;
  const lines: string[] = [];
  if (added > 0) {
    const codes: Record<string, Record<string, unknown>> = {};
    if (Object.keys(snomed).length) codes.snomed = snomed;
    if (Object.keys(events).length) codes.events = events;
    lines.push(
      `to give ${added === 1 ? 'it a kind' : 'them kinds'}, put this in installation.json's "data" (replacing any "codes" there) and change each "other" to what it is (${EVENT_KINDS.join(', ')}):`,
      ...snippetJson(codes).map((l) => `  ${l}`),
    );
  }
  if (otherSystems.length) lines.push(`codes of other systems stay "other" (data.codes maps SNOMED CT codes): ${otherSystems.join(', ')}`);
  return lines;
}

/** `"codes": { … }` as lines: one line per code or name, so a long list stays readable. */
function snippetJson(codes: Record<string, Record<string, unknown>>): string[] {
  const lines = ['"codes": {'];
  const sections = Object.entries(codes);
  sections.forEach(([section, entries], i) => {
    lines.push(`  ${JSON.stringify(section)}: {`);
    const items = Object.entries(entries);
    items.forEach(([key, value], j) => {
      const v = typeof value === 'string' ? JSON.stringify(value) : `{ ${Object.entries(value as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${JSON.stringify(x)}`).join(', ')} }`;
      lines.push(`    ${JSON.stringify(key)}: ${v}${j < items.length - 1 ? ',' : ''}`);
    });
    lines.push(`  }${i < sections.length - 1 ? ',' : ''}`);
  });
  lines.push('}');
  return lines;
}

/** Largest count first, then by key, so the output is stable. */
function sortedEntries(tally: Record<string, number>): [string, number][] {
  return Object.entries(tally).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
