import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * codemirror-json-schema (pinned at 0.8.1) serves JSON, JSON5 and YAML, and renders schema
 * descriptions as markdown. Two of its internal modules are swapped for the console's needs:
 * - `utils/markdown` starts shiki with a WebAssembly regex engine as soon as it loads: the CSP
 *   refuses that ('wasm-unsafe-eval' is not granted) and it is the largest part of the package.
 *   Its one export, renderMarkdown, becomes escaped plain text (src/schema/plain-markdown.ts).
 *   Upstream: jsonnext/codemirror-json-schema#125.
 * - `parsers/index` picks a document parser per mode and so imports the yaml and json5
 *   packages; the console edits JSON only, so it returns the library's own JSON parser.
 * Both swaps are checked by the console's browser test (completion and schema marks).
 */
function codemirrorJsonSchemaForTheConsole(): Plugin {
  const plainMarkdown = fileURLToPath(new URL('./src/schema/plain-markdown.ts', import.meta.url));
  const jsonOnlyParsers = '\0codemirror-json-schema-json-only-parsers';
  let jsonParser = '';
  return {
    name: 'codemirror-json-schema-for-the-console',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer?.includes('/codemirror-json-schema/dist/features/')) return null;
      if (source === '../utils/markdown') return plainMarkdown;
      if (source === '../parsers') {
        jsonParser = (await this.resolve('../parsers/json-parser', importer))!.id;
        return jsonOnlyParsers;
      }
      return null;
    },
    load(id) {
      if (id !== jsonOnlyParsers) return null;
      return `import { parseJSONDocumentState } from ${JSON.stringify(jsonParser)};\nexport const getDefaultParser = () => parseJSONDocumentState;\n`;
    },
  };
}

export default defineConfig({
  base: '/console/',
  plugins: [codemirrorJsonSchemaForTheConsole()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // Never inline a script into index.html: the page's CSP has no 'unsafe-inline' for scripts.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `pnpm dev`: the API of a server started with `npm start`.
    proxy: { '/api': 'http://127.0.0.1:8080', '/ws': { target: 'ws://127.0.0.1:8080', ws: true } },
  },
});
