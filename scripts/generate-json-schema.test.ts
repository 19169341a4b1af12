/** The generated files are committed; this fails when the schema changed and they were not regenerated. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from './generate-json-schema.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('generated config artefacts', () => {
  it.each(Object.entries(generatedFiles()))('%s is up to date (run `npx tsx scripts/generate-json-schema.ts`)', (rel, text) => {
    expect(readFileSync(join(root, rel), 'utf8')).toBe(text);
  });

  it('the JSON Schema rejects unknown keys and knows every section', () => {
    const schema = JSON.parse(generatedFiles()['installations/installation.schema.json']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'name', 'title', 'data']));
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['$schema', 'version', 'data', 'layout', 'encoding', 'look', 'motion', 'display']),
    );
  });

  it('the reference documents every field with its default', () => {
    const doc = generatedFiles()['docs/CONFIG.md'];
    for (const key of ['`look.bloom.intensity`', '`motion.loopSeconds`', '`display.venue.wall.gamma`', '`scale.domain`', '`pulsePhase`', '`data.privacy.minCommunitySize`']) {
      expect(doc).toContain(key);
    }
    expect(doc).toContain('| `look.bloom.intensity` | a number from 0 to 10 (step 0.01) | `1.2` |');
  });
});
