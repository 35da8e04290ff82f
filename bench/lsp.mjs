// L1: the language server's fast diagnostics. A 1,000-layer spec is open in `regc lsp --stdio`; each run edits
// one layer's width (an incremental didChange) and times until the diagnostics of that version are published.
// Target: within 100 ms. The comparison, timed in the same run: `regc check` of the same file, as a user runs it.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createProtocolConnection } from "vscode-languageserver/node";

const root = fileURLToPath(new URL("..", import.meta.url));
export const LSP_TARGET_MS = 100;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A spec of `n` Dense layers with L2 penalties, every tenth a Dropout, and a train block. */
export function bigSpec(n) {
  const layers = Array.from({ length: n }, (_, i) => (i % 10 === 9 ? "  Dropout(0.1)" : `  Dense(${16 + (i % 5)}, activation: relu) {\n    kernel: l2(1e-4)\n  }`));
  return `model Big {\n  input [16]\n${layers.join("\n")}\n  Dense(1)\n}\n\ntrain {\n  data: moons(samples: 100, noise: 0.2, seed: 1)\n  loss: mean_squared_error\n  optimizer: adam(learning_rate: 1e-3)\n  epochs: 1\n}\n`;
}

export async function runLspBench({ quick = false } = {}) {
  const runs = quick ? 9 : 31;
  const dir = mkdtempSync(join(tmpdir(), "regc-lsp-"));
  const file = join(dir, "big.reg");
  const text = bigSpec(1000);
  writeFileSync(file, text);

  const child = spawn(join(root, "bin/regc"), ["lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const conn = createProtocolConnection(child.stdout, child.stdin);
  const waiting = new Map();
  conn.onNotification("textDocument/publishDiagnostics", (p) => {
    waiting.get(p.version)?.(p);
    waiting.delete(p.version);
  });
  conn.listen();
  await conn.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  await conn.sendNotification("initialized", {});
  const uri = pathToFileURL(file).href;
  const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
  let version = 1;
  let first = published(version);
  await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "reg", version, text } });
  await first;

  // Each edit rewrites the width of a layer in the middle ("Dense(16" -> "Dense(17" and back).
  const line = text.split("\n").findIndex((l, i) => i > 1400 && l.startsWith("  Dense(16"));
  const edit = [];
  for (let i = 0; i < runs; i++) {
    const digit = i % 2 === 0 ? "7" : "6";
    const done = published(++version);
    const started = performance.now();
    await conn.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 9 }, end: { line, character: 10 } }, text: digit }],
    });
    const p = await done;
    edit.push(performance.now() - started);
    if (p.diagnostics.length !== 0) throw new Error(`bench/lsp.mjs: the edited spec has diagnostics: ${p.diagnostics[0].message}`);
  }
  await conn.sendRequest("shutdown");
  await conn.sendNotification("exit");
  conn.dispose();

  const check = [];
  for (let i = 0; i < Math.min(runs, 11); i++) {
    const started = performance.now();
    const r = spawnSync(join(root, "bin/regc"), ["check", file], { stdio: "ignore" });
    check.push(performance.now() - started);
    if (r.status !== 0) throw new Error("bench/lsp.mjs: regc check of the 1,000-layer spec failed");
  }
  const ours = median(edit);
  const baseline = median(check);
  return [
    {
      id: "L1",
      what: `1,000-layer spec: edit -> diagnostics published (target <= ${LSP_TARGET_MS} ms: ${ours <= LSP_TARGET_MS ? "met" : "NOT met"}), vs regc check of the file`,
      ours_ms: ours,
      baseline_ms: baseline,
      ratio: ours / baseline,
      met: ours <= LSP_TARGET_MS,
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await runLspBench({ quick: process.argv.includes("--quick") }));
}
