import { defineConfig } from "vitest/config";
import { EXACTNESS, define, textFiles } from "./vitest.shared.js";

// Interop tests: regc's outputs checked by real Keras 3 (tools/keras-oracle). `npm run test:interop`.
// As in vitest.config.ts: all on the default backend, the exactness tests once more on wasm.
const test = { testTimeout: 300_000, hookTimeout: 600_000, fileParallelism: false };
export default defineConfig({
  test: {
    fileParallelism: false,
    projects: [
      { plugins: [textFiles], define, test: { name: "default", include: ["test/interop/**/*.test.ts"], ...test } },
      { plugins: [textFiles], define, test: { name: "wasm", include: EXACTNESS.interop, env: { REGC_BACKEND: "wasm" }, ...test } },
    ],
  },
});
