/**
 * Everything the command line prints goes through here. Messages quote data and config text (a
 * column name, a bad date, a title), and such text can hold escape sequences that would drive the
 * terminal; `terminalSafe` (src/data/text.ts) shows them as `\uXXXX` instead.
 */
import { terminalSafe } from '../data/text.ts';

/** A line on standard output. */
export function print(text: string): void {
  console.log(terminalSafe(text));
}

/** A line on standard error. */
export function printError(text: string): void {
  console.error(terminalSafe(text));
}
