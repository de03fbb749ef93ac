import { defineConfig } from 'vite';

/** Builds the window (renderer/) into dist-renderer/, loadable from file:// (Electron) and http (browser mode). */
export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: false,
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  logLevel: 'warn',
});
