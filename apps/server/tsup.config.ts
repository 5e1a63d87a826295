import { defineConfig } from 'tsup';

// The server is an application: one ESM bundle of its own code, dependencies left in node_modules.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
  esbuildOptions(options) {
    options.conditions = ['@config-service/source'];
  },
});
