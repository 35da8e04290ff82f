// Builds regc: the IR validator (ajv standalone), then the CLI, API and runtime bundles (esbuild), their
// declarations (tsc) and the start-up snapshot.
// Bundling keeps `regc check` start-up small: one file to load instead of hundreds of modules.
import { build } from "esbuild";
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { execFileSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
execFileSync(process.execPath, [root + "scripts/gen-validator.mjs"], { stdio: "inherit" });
const pkg = JSON.parse(readFileSync(root + "package.json", "utf8"));

// Files imported as text (src/text-files.d.ts): python/regc_schedules.py, and specs for the snapshot's warm-up.
const textFiles = { ".reg": "text", ".py": "text" };

// Chevrotain's lexer fills a 65,536-entry array at start-up (512 KB, and 512 KB of every snapshot) that
// maps a char code to `c < 256 ? c : 255 + ~~(c / 255)`; its own TODO suggests computing it instead. This
// computes it instead, the same function. The build fails if chevrotain's text changes.
const chevrotainCharCodeMap = {
  name: "chevrotain-computed-char-code-map",
  setup(b) {
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]scan[\\/]lexer\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const edits = [
        ["? charCode\n        : charCodeToOptimizedIdxMap[charCode];", "? charCode\n        : 255 + ~~(charCode / 255);"],
        ["if (isEmpty(charCodeToOptimizedIdxMap)) {\n        charCodeToOptimizedIdxMap = new Array(65536);", "if (false) {"],
        ["charCodeToOptimizedIdxMap[i] = i > 255 ? 255 + ~~(i / 255) : i;", "$&"],
        ["const minOptimizationVal = 256;", "$&"],
      ];
      let contents = text;
      for (const [from, to] of edits) {
        if (!contents.includes(from)) throw new Error(`${args.path}: chevrotain's charCodeToOptimizedIndex changed; update scripts/build.mjs`);
        contents = contents.replace(from, to);
      }
      return { contents, loader: "js" };
    });
  },
};

// Declarations for the entry points users import (package.json exports' "types"), so `--lang ts` programs
// type-check against regc/runtime. tsc reads only the files those entries reach (tsconfig.types.json).
// (About 4-5 s; run beside the bundling it was slower on 2 cores, the snapshot build competing for them.)
rmSync(root + "dist/types", { recursive: true, force: true });
execFileSync(process.execPath, [root + "node_modules/typescript/bin/tsc", "-p", root + "tsconfig.types.json"], { stdio: "inherit" });

// Chunk names carry content hashes: clear the old ones so dist/ holds only this build's.
rmSync(root + "dist/chunks", { recursive: true, force: true });
await build({
  entryPoints: { cli: root + "src/cli/bin.ts", api: root + "src/api.ts", runtime: root + "src/runtime/index.ts" },
  outdir: root + "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  plugins: [chevrotainCharCodeMap],
  loader: textFiles,
  // Heavy optional dependencies are loaded at run time, only on the paths that need them.
  external: ["@tensorflow/*", "prettier", "playwright-core", "vega", "vega-lite"],
  define: { __REGC_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __regcRequire } from 'node:module'; const require = __regcRequire(import.meta.url);" },
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});

// The page each diagnostic links to in editors (`regc lsp`): the catalog's codes, from src/lsp/docs.ts.
const docsPage = await build({ entryPoints: [root + "src/lsp/docs.ts"], bundle: true, write: false, format: "esm", platform: "node", target: "node20", logLevel: "warning" });
const { diagnosticsMarkdown, DOCS_FILE } = await import("data:text/javascript;base64," + Buffer.from(docsPage.outputFiles[0].text).toString("base64"));
writeFileSync(root + DOCS_FILE, diagnosticsMarkdown());

// The start-up snapshot for `regc check` and `regc fmt` (see src/cli/snapshot.ts). It is specific to
// this node binary: the stamp lets bin/regc use it only with the node that built it.
await build({
  entryPoints: [root + "src/cli/snapshot.ts"],
  outfile: root + "dist/snapshot.cjs",
  bundle: true,
  format: "cjs",
  // One-byte source (V8 keeps it as Latin-1, half the size) and only check and fmt inside: every byte
  // of the snapshot's heap costs start-up time. bin/regc sends the other commands to dist/cli.mjs.
  charset: "ascii",
  plugins: [
    chevrotainCharCodeMap,
    {
      name: "only-check-and-fmt",
      setup(b) {
        // Commands are lazily imported modules (and `regc lsp`'s server); only check and fmt go in.
        b.onResolve({ filter: /\/commands\/[\w-]+\.js$|\/lsp\/server\.js$/ }, (args) =>
          /\/(check|fmt)\.js$/.test(args.path) ? undefined : { path: args.path, namespace: "not-in-snapshot" },
        );
        b.onLoad({ filter: /.*/, namespace: "not-in-snapshot" }, () => ({
          contents: "export async function run() { throw new Error('this command is not in the start-up snapshot; run dist/cli.mjs'); }",
        }));
      },
    },
  ],
  platform: "node",
  target: "node20",
  loader: textFiles,
  external: ["@tensorflow/*", "prettier", "playwright-core", "vega", "vega-lite"],
  define: { __REGC_VERSION__: JSON.stringify(pkg.version) },
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
rmSync(root + "dist/regc.blob", { force: true });
try {
  execFileSync(process.execPath, ["--snapshot-blob", root + "dist/regc.blob", "--build-snapshot", root + "dist/snapshot.cjs"], {
    stdio: ["ignore", "ignore", "pipe"],
    cwd: root,
  });
  // bin/regc compares the first line with `command -v node` (PATH's node may be a symlink to execPath);
  // when PATH's node is a wrapper script (pre-commit's), it looks for one of the other lines in it.
  writeFileSync(root + "dist/regc.blob.node", [nodeOnPath(), ...namesOfThisNode()].map((l) => `${l}\n`).join(""));
} catch (e) {
  // Without a snapshot regc still works, only starting slower.
  console.warn(`regc build: no start-up snapshot (${String(e.stderr ?? e.message).split("\n")[0]}); check will start slower`);
}

/** This node binary's real path, then its other names on PATH (node, nodejs), which wrapper scripts run. */
function namesOfThisNode() {
  const real = realpathSync(process.execPath);
  const names = [real, process.execPath];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    for (const name of ["node", "nodejs"]) {
      const candidate = join(dir, name);
      if (dir.startsWith("/") && existsSync(candidate) && realpathSync(candidate) === real) names.push(candidate);
    }
  }
  return [...new Set(names)].filter((n) => !/\s/.test(n));
}

/** The node that `command -v node` finds, when it is the one running this build; else execPath. */
function nodeOnPath() {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "node");
    if (dir && existsSync(candidate) && realpathSync(candidate) === realpathSync(process.execPath)) return candidate;
  }
  return process.execPath;
}
