import { describe, expect, it } from 'vitest';
import type { RowIssue } from './events';
import { summarizeIssues } from './messages';

const issue = (code: string, line: number, severity: RowIssue['severity'] = 'error', file = 'journeys.csv'): RowIssue => ({
  severity,
  code,
  file,
  line,
  message: '',
});

describe('summary text', () => {
  it('counts skipped rows by reason with their first lines', () => {
    const issues = [4, 19, 23, 30, 31, 40, 41, 50, 60].map((l) => issue('bad-date', l)).concat([2, 5, 8].map((l) => issue('missing-journey_id', l)));
    expect(summarizeIssues(issues, 100)).toBe(
      '12 rows skipped: 9 bad dates (lines 4, 19, 23, 30, 31, …), 3 missing journey_id (lines 2, 5, 8)',
    );
  });
  it('singular forms', () => {
    expect(summarizeIssues([issue('pain-out-of-range', 7)], 10)).toBe('1 row skipped: 1 pain out of range (line 7)');
  });
  it('no problems', () => {
    expect(summarizeIssues([], 1000)).toBe('all 1000 rows loaded');
  });
  it('warnings follow the skipped rows', () => {
    expect(summarizeIssues([issue('bad-number', 3), issue('unknown-event', 9, 'warning')], 10)).toBe(
      '1 row skipped: 1 unparsable number (line 3); 1 warning: 1 unknown event kind mapped to other (line 9)',
    );
  });
  it('names files when rows come from several', () => {
    expect(summarizeIssues([issue('bad-date', 3, 'error', 'a.csv'), issue('bad-date', 5, 'error', 'b.csv')], 10)).toBe(
      '2 rows skipped: 2 bad dates (a.csv:3, b.csv:5)',
    );
  });
});
