// Builds the extension: the client bundled into dist/extension.js (vscode-languageclient inside, `vscode`
// provided by the editor), and regc's TextMate grammar copied from grammar/ (the one grammar; not kept twice).
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";

const here = new URL(".", import.meta.url).pathname;
mkdirSync(here + "syntaxes", { recursive: true });
copyFileSync(here + "../../grammar/regc.tmLanguage.json", here + "syntaxes/regc.tmLanguage.json");
await build({
  entryPoints: [here + "src/extension.ts"],
  outfile: here + "dist/extension.js",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["vscode"],
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
