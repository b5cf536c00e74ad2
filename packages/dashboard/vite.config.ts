import { defineConfig } from 'vite';

// Built into static files the server serves at / under a strict CSP: no inline script or style, no
// data: URLs (every asset is a file of its own), no eval.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    modulePreload: { polyfill: false },
  },
});
