/**
 * The visitor's motion and device, applied to the living mosaic: reduced motion from the page's
 * toggle (remembered across visits), else the config's policy and the system's prefers-reduced-motion,
 * told to the controller (the mosaic applies the config's motion.reduced factors); phones draw fewer
 * pixels and particles (adapt.ts). Each change is uniforms and canvas, never a rebuild.
 */
import type { StageHandle } from '../app/App.tsx';
import type { InstallationConfig } from '../config/index.ts';
import { reducedMotion } from '../app/settings.ts';
import { adaptConfig, type Adaptation } from './adapt.ts';

const STORAGE_KEY = 'noctiluca.reducedMotion';

/** The remembered choice (storage can be unavailable: then nothing is remembered). */
function stored(): boolean | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === null ? null : v === 'true';
  } catch {
    return null;
  }
}

function remember(reduced: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, String(reduced));
  } catch {
    // not remembered
  }
}

export class VisitorMotion {
  /** The visitor's own choice from the toggle, or null to follow the config and the system. */
  private choice: boolean | null = stored();
  private readonly query = matchMedia('(prefers-reduced-motion: reduce)');
  private readonly adaptation: Adaptation;
  /** The installation's config, and the one applied for this visitor. */
  private base: InstallationConfig | null = null;
  private applied: InstallationConfig | null = null;
  private stage: StageHandle | null = null;

  constructor(
    private readonly button: HTMLButtonElement,
    phone: boolean,
  ) {
    this.adaptation = { reduced: this.choice ?? this.query.matches, phone };
    this.show();
    button.addEventListener('click', () => {
      this.choice = !this.adaptation.reduced;
      remember(this.choice);
      this.set(this.choice);
    });
    this.query.addEventListener('change', () => {
      const policy = this.base?.motion.reducedMotion;
      if (this.choice === null && policy !== 'always' && policy !== 'never') this.set(this.query.matches);
    });
  }

  get reduced(): boolean {
    return this.adaptation.reduced;
  }

  /** The living mosaic is up: its controller takes the visitor's config from now on. */
  attach(stage: StageHandle): void {
    this.stage = stage;
  }

  /** The controller's config changed: a new base (hot reload, first load) is adapted again. */
  onConfig(config: InstallationConfig): void {
    if (config === this.applied) return;
    this.base = config;
    if (this.choice === null) this.adaptation.reduced = reducedMotion(config, this.query.matches);
    this.apply();
  }

  private set(reduced: boolean): void {
    this.adaptation.reduced = reduced;
    this.apply();
  }

  private show(): void {
    this.button.setAttribute('aria-pressed', String(this.adaptation.reduced));
    document.documentElement.classList.toggle('reduced-motion', this.adaptation.reduced);
  }

  private apply(): void {
    this.show();
    const stage = this.stage;
    if (!stage || !this.base) return;
    // The viewer's decision (toggle, else policy and system): the mosaic applies motion.reduced.
    stage.controller.setReducedMotion(this.adaptation.reduced);
    this.applied = adaptConfig(this.base, this.adaptation);
    void stage.controller.applyConfig(this.applied).then(() => stage.invalidate());
  }
}
