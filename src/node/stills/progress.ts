/**
 * A progress line on stderr: a redrawn bar with rate and ETA on a terminal, plain lines at most every
 * few seconds otherwise (logs of batch jobs stay readable).
 */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** "1h02m", "4m05s", "12.3s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** How many recent frames the rate is taken over. */
const RECENT = 10;

export class Progress {
  private done = 0;
  private skipped = 0;
  /** Seconds of the recent drawn frames: the rate follows them (the first one also opened the page). */
  private recent: number[] = [];
  private lastLine = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly stream: ProgressStream | null = process.stderr,
    private readonly label = 'frames',
    private readonly now: () => number = Date.now,
  ) {}

  /** A frame already on disk. */
  skip(): void {
    this.done++;
    this.skipped++;
    this.draw();
  }

  /** A frame drawn in `seconds`. */
  rendered(seconds: number): void {
    this.done++;
    this.recent.push(seconds);
    if (this.recent.length > RECENT) this.recent.shift();
    this.draw();
  }

  /** Seconds per drawn frame: the mean of the last few, without the first (page load) once there are others; NaN before any. */
  get secondsPerFrame(): number {
    const drawn = this.done - this.skipped;
    const r = drawn > 1 && drawn <= RECENT ? this.recent.slice(1) : this.recent;
    return r.length ? r.reduce((a, b) => a + b, 0) / r.length : NaN;
  }

  line(): string {
    const pct = this.total ? Math.floor((100 * this.done) / this.total) : 100;
    const spf = this.secondsPerFrame;
    const eta = spf * (this.total - this.done);
    const parts = [`${this.done}/${this.total} ${this.label}`, `${pct}%`];
    if (this.skipped) parts.push(`${this.skipped} already done`);
    if (Number.isFinite(spf)) parts.push(`${spf.toFixed(2)} s/frame`, this.done < this.total ? `ETA ${formatDuration(eta)}` : `took ${formatDuration((this.now() - this.started) / 1000)}`);
    return parts.join('  ');
  }

  private draw(): void {
    const s = this.stream;
    if (!s) return;
    const last = this.done === this.total;
    if (s.isTTY) {
      const text = this.line();
      const width = Math.max(10, Math.min(40, (s.columns ?? 80) - text.length - 4));
      const filled = this.total ? Math.round((width * this.done) / this.total) : width;
      s.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}${last ? '\n' : ''}`);
      return;
    }
    const t = this.now();
    if (last || t - this.lastLine >= 5000) {
      this.lastLine = t;
      s.write(`${this.line()}\n`);
    }
  }
}
