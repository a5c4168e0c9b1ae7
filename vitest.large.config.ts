import { defineConfig } from 'vitest/config';

// Large real-world specs: slower than the everyday suite, run by `npm run test:large` (and by CI).
export default defineConfig({
  test: {
    include: ['test/large/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
