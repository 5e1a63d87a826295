import { cpSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// The web console (apps/console, a devDependency so turbo builds it first) is copied into
// dist/console: the server then serves it from its own files, also after `pnpm deploy --prod`.
const consoleDist = join(dirname(createRequire(import.meta.url).resolve('@config-service/console/package.json')), 'dist');

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
  onSuccess: async () => {
    cpSync(consoleDist, 'dist/console', { recursive: true });
  },
  esbuildOptions(options) {
    options.conditions = ['@config-service/source'];
  },
});
