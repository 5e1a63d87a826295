import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// The server is an application: an ESM bundle of its own code, dependencies left in node_modules.
export default defineConfig({
  // The JSON parse worker is its own file, loaded by the bundle with `new Worker`.
  entry: { main: 'src/main.ts', 'json-parse-worker': 'src/http/json-parse-worker.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
  define: { __SERVER_VERSION__: JSON.stringify(version) },
  esbuildOptions(options) {
    options.conditions = ['@config-service/source'];
  },
});
