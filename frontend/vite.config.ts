/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Go binary embeds dist/ (//go:embed all:frontend/dist); dist/.gitkeep is
// kept in git so that embed compiles on a fresh clone. Vite empties the
// directory, so the build itself emits it back: `npx vite build` and
// `npm run build` both leave the tree clean.
const keepDist: Plugin = {
  name: 'keep-dist-gitkeep',
  apply: 'build',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: '.gitkeep', source: '' });
  },
};

export default defineConfig({
  plugins: [svelte(), keepDist],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
