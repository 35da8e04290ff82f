import { defineConfig } from "vitest/config";
import { define, textFiles } from "./vitest.shared.js";

// Unit tests: `npm test`. Interop tests against real Keras (test/interop): `npm run test:interop`.
export default defineConfig({
  plugins: [textFiles],
  define,
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["node_modules/**", "test/interop/**"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
