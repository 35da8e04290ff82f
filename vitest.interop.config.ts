import { defineConfig } from "vitest/config";

// Interop tests: regc's outputs checked by real Keras 3 (tools/keras-oracle). `npm run test:interop`.
export default defineConfig({
  test: {
    include: ["test/interop/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
