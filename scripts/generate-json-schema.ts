/**
 * Writes the artefacts generated from the installation config schema (src/config/schema.ts):
 *   installations/installation.schema.json  — JSON Schema for editor autocomplete
 *   docs/CONFIG.md                          — the field reference
 * Run after changing the schema: `npx tsx scripts/generate-json-schema.ts`. A test fails when either is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configReference, installationJsonSchemaText } from '../src/config/generate.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Generated file (relative to the repository root) → its text. */
export function generatedFiles(): Record<string, string> {
  return {
    'installations/installation.schema.json': installationJsonSchemaText(),
    'docs/CONFIG.md': configReference(),
  };
}

export function writeGeneratedFiles(): string[] {
  const written: string[] = [];
  for (const [rel, text] of Object.entries(generatedFiles())) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    written.push(rel);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const f of writeGeneratedFiles()) console.log(`wrote ${f}`);
}
