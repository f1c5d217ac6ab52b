// runtime: node (tooling: builds the renderer; it never ships in the bundle)
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dev server injects an inline script (React Fast Refresh preamble) that the strict
 * CSP of index.html forbids. Drop the CSP meta only while serving; builds keep it.
 */
const devWithoutCsp = (): Plugin => ({
  name: 'amosweep-dev-without-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[\s\S]*?\/>/, ''),
});

export default defineConfig({
  root: import.meta.dirname,
  // Relative asset URLs so Electron can load dist/index.html from file://.
  base: './',
  plugins: [react(), devWithoutCsp()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
