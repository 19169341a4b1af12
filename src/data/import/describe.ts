/**
 * Lines for `noctiluca inspect` about a clinical import (Synthea CSV or FHIR): patients read, patients
 * with dental care, events by kind, unmapped dental codes with counts, and what was dropped.
 */
import type { ReaderSummary } from '../events.ts';

/** Format a clinical reader's summary for people, one line per fact, indented lists under headings. */
export function describeImport(summary: ReaderSummary): string[] {
  const c = summary.counts;
  const n = (key: string) => c[key] ?? 0;
  const lines = [
    `records read: ${summary.rowsRead}`,
    `patients read: ${n('patients')}`,
    `patients with dental care (journeys): ${n('patientsWithDentalCare')}`,
    `dental events: ${n('dentalEvents')}`,
  ];
  const byKind = sortedEntries(summary.tallies['events by kind'] ?? {});
  lines.push('events by kind:');
  if (byKind.length === 0) lines.push('  (none)');
  for (const [kind, count] of byKind) lines.push(`  ${kind.padEnd(12)} ${count}`);
  const unmapped = sortedEntries(summary.tallies['unmapped dental codes'] ?? {});
  lines.push(`unmapped dental codes (imported as "other"; add them to src/data/import/dentalCodes.ts): ${unmapped.length === 0 ? 'none' : ''}`.trimEnd());
  for (const [code, count] of unmapped) lines.push(`  ${String(count).padStart(5)}  ${code}`);
  if (n('eventsAfterDeath') > 0) lines.push(`events after the patient's death, dropped: ${n('eventsAfterDeath')}`);
  if (n('patientsWithoutCommunity') > 0) lines.push(`patients without a community: ${n('patientsWithoutCommunity')}`);
  if (n('skippedRecords') > 0) lines.push(`malformed records skipped (see the issues above): ${n('skippedRecords')}`);
  lines.push(`non-dental records left out: ${n('nonDentalRecords')}`);
  return lines;
}

/** Largest count first, then by key, so the output is stable. */
function sortedEntries(tally: Record<string, number>): [string, number][] {
  return Object.entries(tally).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
