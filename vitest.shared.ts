import { readFileSync } from "node:fs";
import type { Plugin } from "vite";

/** The package version written into src/version.ts, as the build's esbuild define does for the bundles. */
export const define = { __REGC_VERSION__: JSON.stringify(JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")).version) };

/** Files the sources import as text (src/text-files.d.ts), as esbuild's text loader does for the bundles. */
export const textFiles: Plugin = {
  name: "regc-text-files",
  enforce: "pre",
  load(id) {
    const path = id.split("?")[0]!;
    return /\.(py|reg)$/.test(path) ? `export default ${JSON.stringify(readFileSync(path, "utf8"))};` : undefined;
  },
};

/**
 * The tests that prove exactness, which run on the default backend (native where installed) and again
 * on wasm (REGC_BACKEND=wasm): the moons case study (0.914 / 0.943, in the runtime and through
 * `regc train`), the schedule's penalty per epoch, batched sweeps = one-by-one runs, and one model
 * everywhere (program, tf.keras 2 JSON and Keras 3 agree to 1e-5).
 */
export const EXACTNESS = {
  unit: ["test/runtime/moons-classic.test.ts", "test/train-cli.test.ts", "test/runtime/regularizers.test.ts", "test/sweep.test.ts"],
  interop: ["test/interop/one-model.test.ts"],
};
