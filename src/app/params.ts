/** What the page's URL asks for. */
export interface PageParams {
  installation: string;
  /** Frozen animation time in seconds, or null to run. */
  time: number | null;
  mode: 'studio' | 'view' | 'venue';
}

export const DEFAULT_INSTALLATION = 'harmonia';

export function readParams(search: string): PageParams {
  const q = new URLSearchParams(search);
  const t = q.get('t');
  const time = t !== null && t.trim() !== '' && Number.isFinite(Number(t)) ? Number(t) : null;
  const m = q.get('mode');
  return {
    installation: q.get('installation') || DEFAULT_INSTALLATION,
    time,
    mode: m === 'view' || m === 'venue' ? m : 'studio',
  };
}
