import { defineConfig } from "vitest/config";
import { define, textFiles } from "./vitest.shared.js";

// Interop tests: regc's outputs checked by real Keras 3 (tools/keras-oracle). `npm run test:interop`.
export default defineConfig({
  plugins: [textFiles],
  define,
  test: {
    include: ["test/interop/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
