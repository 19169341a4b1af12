/**
 * Untrusted text on its way to a terminal. Data files and configs can hold escape sequences (ESC,
 * CSI), carriage returns that overwrite a line, and bidirectional overrides that reorder what is
 * shown; a message that quotes them would let a file drive the artist's terminal. Every such
 * character is written as a visible `\uXXXX` instead. Line feeds and tabs stay. Pure.
 */

// C0 controls but tab and LF, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every control character a terminal would act on made visible. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escape);
}
