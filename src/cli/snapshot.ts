// The entry of regc's V8 start-up snapshot: the CLI with its parser built and its check path already
// run, so `regc check` in a pre-commit hook starts almost as fast as `node -e 0`. scripts/build.mjs
// builds it with `node --build-snapshot`; bin/regc uses it for check and fmt when it matches the node binary.
import * as v8 from "node:v8";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, program } from "./main.js";
import { exitQuietlyOnClosedPipe } from "./output.js";
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
for (let round = 0; round < 2; round++) {
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

// And the CLI itself (argument parsing, reading files, printing), with its output discarded.
async function warmCli(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "regc-snapshot-"));
  const files = [...samples, ...broken].map((source, i) => {
    const path = join(dir, `w${i}.reg`);
    writeFileSync(path, source);
    return path;
  });
  const write = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = process.stderr.write = (() => true) as typeof process.stdout.write;
  try {
    for (let round = 0; round < 1; round++) {
      for (const format of ["text", "json", "github"]) await main(["check", "--format", format, ...files]);
      await main(["fmt", "--check", ...files]);
    }
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.exitCode = undefined;
    rmSync(dir, { recursive: true, force: true });
  }
}
// The program the snapshot's one run parses with, built after the warm-up (a Command keeps what it parsed).
let ready: ReturnType<typeof program> | undefined;
void warmCli().then(() => (ready = program()));

v8.startupSnapshot.setDeserializeMainFunction(async () => {
  // Started as `node --snapshot-blob regc.blob check ...`: the arguments follow the node binary.
  exitQuietlyOnClosedPipe();
  process.exitCode = await main(process.argv.slice(1), ready);
});
