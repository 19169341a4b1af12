/**
 * A shared cell's link, as the card numbers it: `#cell=1483` opens the card titled "Journey 1483 of
 * 3,000" (cell index 1482). `#tile=<index>`, the older name, counted from 0 and still opens the same
 * cell (residents have such links). A cell is a position in the anonymised bake, not an id. No
 * imports: the contributions server builds these links too.
 */
const CELL_HASH = /^#cell=(\d+)$/;
const TILE_HASH = /^#tile=(\d+)$/;

/** The link fragment for a cell index: its card number. */
export function cellHash(cell: number): string {
  return `#cell=${cell + 1}`;
}

/** The cell index a link fragment names, or null (not a cell link, or `#cell=0`). */
export function cellFromHash(hash: string): number | null {
  const numbered = CELL_HASH.exec(hash);
  if (numbered) {
    const n = Number(numbered[1]);
    return n >= 1 ? n - 1 : null;
  }
  const old = TILE_HASH.exec(hash);
  return old ? Number(old[1]) : null;
}
