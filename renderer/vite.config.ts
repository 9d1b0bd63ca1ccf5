// Builds the renderer: `vite build --config renderer/vite.config.ts` from the project root.
// Relative base so the same bundle loads from file:// in Electron and from the web host.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('../out/renderer'),
    emptyOutDir: true,
    // The host's CSP allows nothing but same-origin files: never inline assets as data: URLs.
    assetsInlineLimit: 0,
    // No module preload polyfill: it is unnecessary in Chromium and would be one more script.
    modulePreload: { polyfill: false },
  },
  server: {
    // The renderer imports the contract from ../shared.
    fs: { allow: [here('..')] },
  },
});
