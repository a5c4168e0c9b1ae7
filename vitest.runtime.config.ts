import { defineConfig } from 'vitest/config';

// What depends on the Node version users run (its fetch, WebSocket, module resolution): the generated
// clients against live local servers, the runtime's parts, and the CLI. CI runs these on Node 22 and 24 too.
export default defineConfig({
  test: {
    include: [
      'test/runtime/**/*.test.ts',
      'test/subscriber.test.ts',
      'test/realtime.test.ts',
      'test/application-runtime.test.ts',
      'test/wire-behaviour.test.ts',
      'test/event-stream.test.ts',
      'test/int64-wire.test.ts',
      'test/media-runtime.test.ts',
      'test/linked-install.test.ts',
      'test/cli.test.ts',
      'test/ownership.test.ts',
      'test/validation.test.ts',
      'test/mocks.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
