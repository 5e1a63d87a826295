import { defineConfig } from 'vite';

// Served by the server at /console/ (apps/server copies dist/ into its own dist/console). No
// React plugin: Vite compiles the JSX itself. Asset names carry a content hash, which is what
// lets the server cache them for a year.
export default defineConfig({
  base: '/console/',
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
