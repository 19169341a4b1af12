/**
 * The sound's vocabulary, declared once: the scales the communities are tuned to, the timbres a note
 * can have, which kind of care sounds in which, and which event kinds sound at all. The config schema (src/config/sound.ts) takes its option
 * lists from here; the score and the synthesiser take the numbers.
 *
 * The mappings are neutral in the spirit of Brian Foo's Two Trains: no kind of care is given a
 * "sad" or "happy" sound, no community a better note. Every scale is consonant (any two of its notes
 * may ring together), so the care of different communities sounding at once never clashes, and
 * loudness and density carry the data rather than a mood.
 */
import { EVENT_KINDS } from '../data/events.ts';

/** Semitone steps of one octave of each scale, from its root. */
export const SCALES = {
  'major-pentatonic': [0, 2, 4, 7, 9],
  'minor-pentatonic': [0, 3, 5, 7, 10],
  'suspended-pentatonic': [0, 2, 5, 7, 10],
  'whole-tone': [0, 2, 4, 6, 8, 10],
} as const satisfies Record<string, readonly number[]>;
export type ScaleName = keyof typeof SCALES;
export const SCALE_NAMES = Object.keys(SCALES) as [ScaleName, ...ScaleName[]];

/**
 * Additive timbres: partials as [multiple of the fundamental, amplitude, decay-rate multiple]. A
 * higher decay multiple makes that partial die away faster than the note as a whole, as in struck
 * glass or wood. Amplitudes are normalised per note, so no timbre is louder than another.
 */
export const TIMBRES = {
  glass: [
    [1, 1, 1],
    [2, 0.35, 1.6],
    [3, 0.12, 2.4],
    [4.2, 0.05, 3.5],
  ],
  wood: [
    [1, 1, 1],
    [4, 0.25, 4],
    [9.9, 0.06, 8],
  ],
  reed: [
    [1, 1, 1],
    [3, 0.4, 1.2],
    [5, 0.2, 1.5],
    [7, 0.1, 2],
  ],
  sine: [[1, 1, 1]],
} as const satisfies Record<string, readonly (readonly [number, number, number])[]>;
export type TimbreName = keyof typeof TIMBRES;
export const TIMBRE_NAMES = Object.keys(TIMBRES) as [TimbreName, ...TimbreName[]];

export const TIMBRE_DESCRIPTIONS: Record<TimbreName, string> = {
  glass: 'struck glass: a clear tone whose soft upper harmonics fade first',
  wood: 'struck wood, as a marimba: a warm tone with brief bright overtones',
  reed: 'a reed: odd harmonics, hollow and sustained',
  sine: 'a pure tone',
};

/**
 * Kinds that are care given. A missed appointment is a gap in care: it sounds as silence.
 */
export const SOUNDING_KINDS = EVENT_KINDS.filter((k) => k !== 'missed');
export type SoundingKind = (typeof SOUNDING_KINDS)[number];

/** Whether an EVENT_KINDS code makes a sound. */
export function sounds(kind: number): boolean {
  return kind >= 0 && kind < EVENT_KINDS.length && EVENT_KINDS[kind] !== 'missed';
}

/**
 * The default timbre of each kind of care: a family of care shares one (prevention and routine care,
 * treatment, emergencies, the rest), so a listener hears what kind of care a community is getting
 * without any of it sounding better or worse.
 */
export const KIND_TIMBRES: Record<SoundingKind, TimbreName> = {
  checkup: 'glass',
  cleaning: 'glass',
  screening: 'glass',
  education: 'glass',
  filling: 'wood',
  'root-canal': 'wood',
  extraction: 'wood',
  orthodontic: 'wood',
  emergency: 'reed',
  other: 'sine',
};

/** MIDI note of scale degree `degree` (0 = root, climbing through octaves) `octave` octaves up. */
export function midiOf(root: number, scale: ScaleName, degree: number, octave: number): number {
  const steps = SCALES[scale];
  const d = Math.max(0, degree);
  return root + 12 * (octave + Math.floor(d / steps.length)) + steps[d % steps.length];
}

/** Frequency (Hz) of a MIDI note, A4 = 69 = 440 Hz. */
export function frequencyOf(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}
