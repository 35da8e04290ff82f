import { defineConfig } from "vitest/config";
import { EXACTNESS, define, textFiles } from "./vitest.shared.js";

// Unit tests: `npm test`. Interop tests against real Keras (test/interop): `npm run test:interop`.
// Two projects: every unit test on the default backend (native where tfjs-node is installed, else
// wasm; REGC_BACKEND overrides), and the tests that prove exactness once more on wasm.
const timeouts = { testTimeout: 60_000, hookTimeout: 120_000 };
export default defineConfig({
  test: {
    // dist/ is built once, before either project runs (the root config's global setup always runs).
    globalSetup: ["test/global-setup.ts"],
    projects: [
      { plugins: [textFiles], define, test: { name: "default", include: ["test/**/*.test.ts"], exclude: ["node_modules/**", "test/interop/**"], ...timeouts } },
      { plugins: [textFiles], define, test: { name: "wasm", include: EXACTNESS.unit, env: { REGC_BACKEND: "wasm" }, ...timeouts } },
    ],
  },
});
