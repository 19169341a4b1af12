/**
 * The look's benchmark: frame time of the whole look (mosaic, plankton, glow, tone mapping) against
 * the mosaic alone and pmndrs' default mipmap-blur bloom, in the real page, at 1280x720 (and
 * 1920x1080), with ripples and stirring on (a recorded stroke of 512 samples). Each frame is rendered synchronously through the real post chain and synchronised with
 * a one-pixel read (window.noctiluca.look.frameTimes); the median of N frames is reported.
 *
 *   npx tsx bench/look.ts [--frames 7] [--installation harmonia] [--hd]
 *
 * `measureLook(harness, opts)` is what the suite (bench/run.ts) calls.
 */
import type { Harness } from '../tests/harness.ts';
import type { LookDebug } from '../src/app/contract.ts';
import { stirBenchPage } from './page.ts';

export interface LookViewport {
  width: number;
  height: number;
}

export interface LookBenchOptions {
  installation?: string;
  viewports?: LookViewport[];
  /** Measured frames per mode (after warm-up frames). */
  frames?: number;
  warmup?: number;
  log?: (line: string) => void;
}

export interface LookRun {
  viewport: LookViewport;
  /** Median milliseconds per frame. */
  blank: number;
  /** The mosaic alone, drawn straight to the canvas: no post-processing at all. */
  mosaic: number;
  none: number;
  full: number;
  pmndrs: number;
  /** full / none: the whole look's cost relative to the mosaic alone (goal ≤ 2.5). */
  fullOverNone: number;
  /** pmndrs / none. */
  pmndrsOverNone: number;
  /** pmndrs / full: how much cheaper our glow is. */
  pmndrsOverFull: number;
  /** full / mosaic: the whole look against the bare mosaic draw. */
  fullOverMosaic: number;
  /** none / blank: the mosaic in plain full-screen passes. */
  noneOverBlank: number;
}

export interface LookBench {
  installation: string;
  frames: number;
  runs: LookRun[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

type LookPage = { look: LookDebug };

/** One page per post mode; frames rendered and synchronised inside the page. */
async function modeTime(
  h: Harness,
  installation: string,
  mode: string,
  vp: LookViewport,
  frames: number,
  warmup: number,
  direct = false,
): Promise<number> {
  const page = await h.browser.newPage({ viewport: vp, deviceScaleFactor: 1 });
  try {
    await page.goto(h.url(`/?installation=${encodeURIComponent(installation)}&t=10&post=${mode}`), { timeout: 600_000 });
    await page.waitForFunction(() => ['ready', 'error'].includes(document.documentElement.dataset.state ?? ''), null, { timeout: 600_000 });
    const state = await page.evaluate(() => document.documentElement.dataset.state);
    if (state !== 'ready') throw new Error(`bench/look: the page for ${installation} (post=${mode}) did not load`);
    await page.waitForFunction(() => Boolean((window as unknown as { noctiluca: Partial<LookPage> }).noctiluca.look), null, { timeout: 60_000 });
    // Ripples are on in the installation's look; stirring is drawn from a recorded stroke.
    await stirBenchPage(page);
    const times = await page.evaluate(
      ([n, d]) => (window as unknown as { noctiluca: LookPage }).noctiluca.look.frameTimes({ frames: n, t: 10, step: 1 / 60, direct: d }),
      [frames + warmup, direct] as const,
    );
    return median(times.slice(warmup));
  } finally {
    await page.close();
  }
}

/** A plain full-screen pass (one fragment of constant work per pixel) on a canvas of the same size. */
async function blankTime(h: Harness, vp: LookViewport, frames: number, warmup: number): Promise<number> {
  const page = await h.browser.newPage({ viewport: vp, deviceScaleFactor: 1 });
  try {
    await page.goto('about:blank');
    // A string, not a function: tsx would wrap named helpers in __name(), which the page lacks.
    const times = (await page.evaluate(`(() => {
      const canvas = document.createElement('canvas');
      canvas.width = ${vp.width};
      canvas.height = ${vp.height};
      document.body.appendChild(canvas);
      const gl = canvas.getContext('webgl2', { antialias: false, depth: false });
      const p = gl.createProgram();
      for (const [type, src] of [
        [gl.VERTEX_SHADER, '#version 300 es\\nvoid main(){vec2 q=vec2(gl_VertexID&1,gl_VertexID>>1)*4.0-1.0;gl_Position=vec4(q,0,1);}'],
        [gl.FRAGMENT_SHADER, '#version 300 es\\nprecision highp float;out vec4 c;uniform float t;void main(){c=vec4(gl_FragCoord.xy*0.001,t,1);}'],
      ]) {
        const s = gl.createShader(type);
        gl.shaderSource(s, src);
        gl.compileShader(s);
        gl.attachShader(p, s);
      }
      gl.linkProgram(p);
      gl.useProgram(p);
      const px = new Uint8Array(4);
      const out = [];
      const n = ${frames + warmup};
      for (let k = 0; k < n; k++) {
        const t0 = performance.now();
        gl.uniform1f(gl.getUniformLocation(p, 't'), k / n);
        gl.drawArrays(gl.TRIANGLES, 0, 3);
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
        out.push(performance.now() - t0);
      }
      return out;
    })()`)) as number[];
    return median(times.slice(warmup));
  } finally {
    await page.close();
  }
}

/** Measures blank, none, full and pmndrs at each viewport; see LookRun for the ratios. */
export async function measureLook(h: Harness, opts: LookBenchOptions = {}): Promise<LookBench> {
  const installation = opts.installation ?? 'harmonia';
  const viewports = opts.viewports ?? [{ width: 1280, height: 720 }];
  const frames = opts.frames ?? 7;
  const warmup = opts.warmup ?? 2;
  const log = opts.log ?? (() => {});
  const runs: LookRun[] = [];
  for (const vp of viewports) {
    const blank = await blankTime(h, vp, frames * 3, warmup);
    log(`look ${vp.width}x${vp.height}: blank ${blank.toFixed(1)} ms`);
    const t: Record<string, number> = {};
    t.mosaic = await modeTime(h, installation, 'none', vp, frames, warmup, true);
    log(`look ${vp.width}x${vp.height}: mosaic alone ${t.mosaic.toFixed(1)} ms`);
    for (const mode of ['none', 'full', 'pmndrs']) {
      // pmndrs' bloom is slow in software: fewer frames keep the run short.
      t[mode] = await modeTime(h, installation, mode, vp, mode === 'pmndrs' ? Math.max(3, Math.ceil(frames / 2)) : frames, warmup);
      log(`look ${vp.width}x${vp.height}: post=${mode} ${t[mode].toFixed(1)} ms`);
    }
    runs.push({
      viewport: vp,
      blank,
      mosaic: t.mosaic,
      none: t.none,
      full: t.full,
      pmndrs: t.pmndrs,
      fullOverNone: t.full / t.none,
      pmndrsOverNone: t.pmndrs / t.none,
      pmndrsOverFull: t.pmndrs / t.full,
      fullOverMosaic: t.full / t.mosaic,
      noneOverBlank: t.none / blank,
    });
  }
  return { installation, frames, runs };
}

function table(b: LookBench): string {
  const rows = [
    `look benchmark: ${b.installation}, median of ${b.frames} GPU-synchronised frames (ms)`,
    'viewport     blank  mosaic    none    full  pmndrs   full/none  full/mosaic  pmndrs/none  pmndrs/full',
  ];
  for (const r of b.runs) {
    rows.push(
      `${`${r.viewport.width}x${r.viewport.height}`.padEnd(10)} ${r.blank.toFixed(1).padStart(7)} ${r.mosaic.toFixed(1).padStart(7)} ${r.none.toFixed(1).padStart(7)} ${r.full
        .toFixed(1)
        .padStart(7)} ${r.pmndrs.toFixed(1).padStart(7)} ${r.fullOverNone.toFixed(2).padStart(11)} ${r.fullOverMosaic.toFixed(2).padStart(12)} ${r.pmndrsOverNone
        .toFixed(2)
        .padStart(12)} ${r.pmndrsOverFull.toFixed(2).padStart(12)}`,
    );
  }
  return rows.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const k = args.indexOf(name);
    return k >= 0 ? args[k + 1] : undefined;
  };
  const { startHarness } = await import('../tests/harness.ts');
  const h = await startHarness(); // the tests' flags only: no unthrottled frames on a shared machine
  try {
    const viewports = [{ width: 1280, height: 720 }, ...(args.includes('--hd') ? [{ width: 1920, height: 1080 }] : [])];
    const result = await measureLook(h, {
      installation: arg('--installation') ?? 'harmonia',
      frames: Number(arg('--frames') ?? 7),
      viewports,
      log: (l) => console.log(l),
    });
    console.log(table(result));
  } finally {
    await h.close();
  }
}
