/**
 * The config's `sound` section: how the mosaic's care events become sound (src/sound/). A module of
 * its own that schema.ts imports as one key. Option lists come from the sound's vocabulary
 * (src/sound/instruments.ts); every leaf has a default, a range and a description, like the rest of
 * the schema (`.meta()` last, so the walkers see the description).
 */
import { z } from 'zod';
import { KIND_TIMBRES, SCALE_NAMES, SOUNDING_KINDS, TIMBRE_DESCRIPTIONS, TIMBRE_NAMES, type SoundingKind } from '../sound/instruments.ts';

/** The hard cap on notes per second, whatever the config says (ears, as the flash limits protect eyes). */
export const MAX_NOTES_PER_SECOND = 32;

const number = (min: number, max: number, dflt: number, description: string, step: number) =>
  z.number().min(min).max(max).default(dflt).meta({ description, step });
const integer = (min: number, max: number, dflt: number, description: string) =>
  z.int().min(min).max(max).default(dflt).meta({ description, step: 1 });
const choice = <const T extends readonly [string, ...string[]]>(options: T, dflt: T[number], description: string) =>
  z.enum(options).default(dflt as never).meta({ description });
const flag = (dflt: boolean, description: string) => z.boolean().default(dflt).meta({ description });

const timbreOf = (k: SoundingKind) => choice(TIMBRE_NAMES, KIND_TIMBRES[k], `Timbre of a community's note when most of its care in the slice is ${k}.`);
const timbreShape = Object.fromEntries(SOUNDING_KINDS.map((k) => [k, timbreOf(k)])) as { [K in SoundingKind]: ReturnType<typeof timbreOf> };

export const soundSchema = z
  .strictObject({
    enabled: flag(
      true,
      'Let listeners hear the mosaic. Sound starts only when a listener asks (the viewer\'s Listen button; in studio and venue modes the first click or key), or at once in a kiosk started with --autoplay-policy=no-user-gesture-required.',
    ),
    volume: number(0, 1, 0.7, 'Master volume, 0–1 (the studio and a venue remote change it live). The loudest moment peaks at −1 dBFS times this.', 0.01),
    mute: flag(false, 'Silence the sound (it keeps its place in time, so unmuting comes back in step).'),
    scale: choice(
      SCALE_NAMES,
      'major-pentatonic',
      'The consonant scale the communities are tuned to: each community plays its own degree of it, rising from left to right.',
    ),
    root: integer(24, 72, 45, 'MIDI note of the leftmost community (45 = A2, 110 Hz).'),
    octaves: integer(1, 4, 2, 'Octaves the communities\' notes span from the root, leftmost lowest (neighbours at most two scale degrees apart).'),
    timbres: z
      .strictObject(timbreShape)
      .prefault({})
      .meta({
        description: `The timbre each kind of care sounds in (missed appointments are silence): ${TIMBRE_NAMES.map((t) => `"${t}": ${TIMBRE_DESCRIPTIONS[t]}`).join('; ')}.`,
      }),
    brightness: number(
      0,
      1,
      0.8,
      'How much a community\'s oral health brightens its notes (the wellness, which the picture shows as light, of its cells that receive care in the slice): at wellness 1 every harmonic of the timbre sounds, at wellness 0 they are this much softer; 0: the timbre alone.',
      0.01,
    ),
    stereo: choice(
      ['spread', 'layout', 'centre'],
      'spread',
      'Where each community sounds. spread: evenly from left to right, in the left-to-right order of the communities\' regions in the mosaic; layout: at the left–right position of its cells, so the sound comes from where the light is (regions above one another then share a place); centre: every community in the middle.',
    ),
    width: number(0, 1, 0.8, 'Width of the stereo field: 1 uses the full left–right range, 0 is mono.', 0.01),
    noteSeconds: number(0.1, 2, 0.6, 'How long a note rings, in seconds of real time.', 0.01),
    strum: number(
      0,
      0.9,
      0.5,
      'The communities\' notes of one timeline slice are spread, left to right, over this fraction of the slice (0: all at the slice\'s start, as one chord).',
      0.01,
    ),
    range: number(
      6,
      60,
      30,
      'Dynamics, in dB: care as dense (events per resident) as the installation\'s busy moments plays at full level, half as dense half as loud (10 dB softer), and care more than this many dB fainter is silence.',
      1,
    ),
    maxNotesPerSecond: integer(
      1,
      MAX_NOTES_PER_SECOND,
      16,
      `Most notes in any one second of real time; when care is denser, the softest notes are left out. Never more than ${MAX_NOTES_PER_SECOND}, whatever the speed.`,
    ),
  })
  .prefault({})
  .meta({ description: 'The mosaic as sound: each community a voice with its own note and place in the stereo field, its care in each timeline slice one note, louder for denser care, in a timbre for the kind of care; gaps in care are silence (docs/SOUND.md).' });

export type SoundConfig = z.output<typeof soundSchema>;
