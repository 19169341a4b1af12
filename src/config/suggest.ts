/**
 * "Did you mean": the known key closest to a mistyped one. A plain Levenshtein distance is enough
 * for config keys (a dozen candidates, short words); fastest-levenshtein could replace `distance`.
 */

export function distance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate if it is a likely typo (a few edits, or the same letters in another case), else null. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestScore = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const d = lc === w ? 0.5 : distance(w, lc);
    // About a third of the longer word may differ; abbreviations ("loopSecs") count as near.
    const allowed = Math.max(2, Math.floor(Math.max(w.length, lc.length) / 3));
    const abbreviation = w.length >= 3 && (lc.startsWith(w) || lc.startsWith(w.slice(0, Math.ceil(w.length * 0.6))));
    if (d > allowed && !abbreviation) continue;
    const score = d > allowed ? allowed + 1 : d;
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}
