import { describe, expect, it } from 'vitest';
import { describeImport } from './describe.ts';

describe('describeImport', () => {
  it('lists patients, journeys, events by kind and unmapped codes', () => {
    const lines = describeImport({
      rowsRead: 9527,
      counts: { patients: 54, patientsWithDentalCare: 47, dentalEvents: 12, nonDentalRecords: 5174, eventsAfterDeath: 2, skippedRecords: 1 },
      tallies: {
        'events by kind': { checkup: 5, cleaning: 7 },
        'unmapped dental codes': { '196416002 Impacted molars (disorder)': 2, '79345008 Excision of maxillary torus palatinus (procedure)': 3 },
      },
    });
    expect(lines).toEqual([
      'patients read: 54',
      'patients with dental care (journeys): 47',
      'dental events: 12',
      'events by kind:',
      '  cleaning     7',
      '  checkup      5',
      'unmapped dental codes (imported as "other"): 2, in 5 records',
      '      3  79345008 Excision of maxillary torus palatinus (procedure)',
      '      2  196416002 Impacted molars (disorder)',
      "events after the patient's death, dropped: 2",
      'malformed records skipped (see the issues above): 1',
      'non-dental records left out: 5174',
    ]);
  });

  it('says "none" when nothing is unmapped', () => {
    const lines = describeImport({ rowsRead: 0, counts: {}, tallies: {} });
    expect(lines).toContain('unmapped dental codes (imported as "other"): none');
    expect(lines).toContain('  (none)');
  });
});
