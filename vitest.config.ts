import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests import the public entry points by package name, exactly as users do.
    alias: [
      { find: /^wharfjs$/, replacement: src('index.ts') },
      { find: /^wharfjs\/(.*)$/, replacement: src('$1.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    typecheck: { enabled: false },
  },
})
