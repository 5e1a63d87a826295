import { defineConfig } from 'vite';

// No React plugin needed: Vite compiles the JSX (automatic runtime) itself. The SDK packages
// are used as an application gets them: their built `dist`, through their exports maps.
export default defineConfig({
  server: { port: 5173 },
});
