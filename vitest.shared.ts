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
