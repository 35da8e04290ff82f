// The entry of regc's V8 start-up snapshot: the CLI with its parser built and its check path already
// run, so `regc check` in a pre-commit hook starts almost as fast as `node -e 0`. scripts/build.mjs
// builds it with `node --build-snapshot`; bin/regc uses it for check and fmt when it matches the node binary.
import * as v8 from "node:v8";
import { main } from "./main.js";
import { compile } from "../api.js";
import { parse } from "../parser/index.js";
import { format } from "../format/index.js";
import { renderText, renderGithub, toJson } from "../diagnostics/index.js";
import moons from "../../specs/moons-l2.reg";
import grid from "../../specs/moons-grid.reg";
import cnn from "../../specs/mnist-cnn.reg";
import lstm from "../../specs/lstm.reg";
import regression from "../../specs/regression-dropout.reg";

// Run every stage on real specs (clean and broken) so the snapshot holds their compiled code.
const samples = [moons, grid, cnn, lstm, regression];
const broken = [moons.replace("Dense", "Dens").replace("relu", "relux"), grid.replace("{", "(").replace("l2(", "l3(")];
for (let round = 0; round < 20; round++) {
  for (const source of [...samples, ...broken]) {
    const r = compile(source);
    const file = { file: "warm.reg", source, diagnostics: r.diagnostics };
    renderText(file, { color: false });
    renderGithub(file);
    toJson(file);
    const p = parse(source);
    if (p.ast) format(p.ast, source);
  }
}

v8.startupSnapshot.setDeserializeMainFunction(async () => {
  // Started as `node --snapshot-blob regc.blob check ...`: the arguments follow the node binary.
  process.exitCode = await main(process.argv.slice(1));
});
