// Chooses the tfjs backend: native (tfjs-node, TensorFlow's C library) where it is installed, else
// WebAssembly (with regc's extra gradient kernels), else the plain JavaScript cpu backend; or the one
// asked for with `--backend` / REGC_BACKEND, which must then load. The choice is printed to stderr as
// `backend: <library> <version> (<choice>)`, e.g. `backend: tensorflow 2.21.0 (native)`.
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { tf } from "../tf.js";
import { RegcError } from "../../diagnostics/index.js";
import { registerWasmGradientKernels } from "./wasm-kernels.js";
import { BACKEND_CHOICES, BACKEND_CHOICES_TEXT, isBackendChoice, type BackendChoice } from "./choices.js";
import { registerWasmFastKernels } from "./wasm-fast-kernels.js";

export { BACKEND_CHOICES, type BackendChoice };

/** tfjs's name of a backend: what `--json` results carry (`"backend": "tensorflow"`). */
export type BackendName = "tensorflow" | "wasm" | "cpu";
const TFJS_NAME: Record<BackendChoice, BackendName> = { native: "tensorflow", wasm: "wasm", cpu: "cpu" };

export interface BackendOptions {
  /** Ask for one backend (default: REGC_BACKEND, else the first of native, wasm, cpu that loads). An asked-for backend that cannot load is an error (REG0611). */
  backend?: BackendChoice;
  /** Where the `backend: ...` line goes (default: stderr). Pass `() => {}` for none. */
  log?: (line: string) => void;
}

const require = createRequire(import.meta.url);
const NATIVE_PACKAGE = "@tensorflow/tfjs-node";
let wasmPathsSet = false;

/** A backend that loaded, or why it did not. */
type Attempt = { ok: true; library: string } | { ok: false; why: string; installed?: boolean };

/** The version of an installed package, read from its package.json. */
function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return "?";
  }
}

/** tfjs-node's folder when it is installed (its package resolves), whatever the state of its binding. */
function nativeDir(): string | null {
  try {
    return dirname(require.resolve(`${NATIVE_PACKAGE}/package.json`));
  } catch {
    return null;
  }
}

/** Whether tfjs-node's binding was built or downloaded (lib/napi-v<N>/tfjs_binding.node), as its install leaves it. */
function bindingBuilt(dir: string): boolean {
  try {
    return readdirSync(join(dir, "lib")).some((d) => existsSync(join(dir, "lib", d, "tfjs_binding.node")));
  } catch {
    return false;
  }
}

async function tryNative(): Promise<Attempt> {
  const dir = nativeDir();
  if (dir === null) return { ok: false, why: `${NATIVE_PACKAGE} is not installed (npm ci prints why; see regc's README, "Install")` };
  if (!bindingBuilt(dir)) return { ok: false, why: `${NATIVE_PACKAGE}'s binding is not built (npm ci prints why; see regc's README, "Install")` };
  // TensorFlow logs to stderr while it loads unless told not to (keep a level the user set).
  process.env.TF_CPP_MIN_LOG_LEVEL ??= "2";
  try {
    // A variable specifier keeps bundlers from resolving the optional dependency at build time.
    const name = NATIVE_PACKAGE;
    await quietly(() => import(name));
    if (!(await tf.setBackend("tensorflow"))) return { ok: false, installed: true, why: "its backend did not initialize" };
    const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
    return { ok: true, library: `tensorflow ${binding?.TF_Version ?? "?"}` };
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
    return { ok: false, installed: true, why: `${NATIVE_PACKAGE} is installed but does not load: ${first} (regc's install step sets it up again: npm ci in regc's checkout, npm rebuild regc in a project using it)` };
  }
}

/** What TensorFlow 2.21 prints while its library loads, whatever TF_CPP_MIN_LOG_LEVEL says (see scripts/install-native.mjs). */
const LOAD_NOTICES = [/^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$/, /^I\d{4} [^\]]*\] oneDNN custom operations are on\. /];

/**
 * Runs `load` with file descriptor 2 held in a file by the addon regc's installer builds beside a
 * tfjs-node it built (deps/regc-stderr-gate.node), then writes every line but TensorFlow's load
 * notices to stderr. Without the addon, `load` just runs.
 */
async function quietly<T>(load: () => Promise<T>): Promise<T> {
  let gate: { hold(path: string): boolean; release(): void } | undefined;
  try {
    gate = require(join(nativeDir()!, "deps", "regc-stderr-gate.node"));
  } catch {
    return load();
  }
  const file = join(mkdtempSync(join(tmpdir(), "regc-tf-")), "stderr");
  const held = gate!.hold(file);
  try {
    return await load();
  } finally {
    if (held) gate!.release();
    const text = held ? readFileSync(file, "utf8") : "";
    rmSync(dirname(file), { recursive: true, force: true });
    const kept = text.split("\n").filter((l) => !LOAD_NOTICES.some((n) => n.test(l)));
    if (kept.join("") !== "") process.stderr.write(kept.join("\n"));
  }
}

async function tryWasm(): Promise<Attempt> {
  try {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    if (!wasmPathsSet) {
      // Node has no fetch of relative URLs: point the loader at the package's dist/ folder on disk.
      const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
      wasm.setWasmPaths(`${dist}/`);
      wasmPathsSet = true;
    }
    if (!(await tf.setBackend("wasm"))) return { ok: false, why: "the WebAssembly module did not initialize" };
    registerWasmGradientKernels(tf);
    registerWasmFastKernels(tf);
    return { ok: true, library: `tfjs-backend-wasm ${packageVersion("@tensorflow/tfjs-backend-wasm")}` };
  } catch (e) {
    return { ok: false, why: (e instanceof Error ? e.message : String(e)).split("\n")[0]! };
  }
}

async function tryCpu(): Promise<Attempt> {
  return (await tf.setBackend("cpu")) ? { ok: true, library: `tfjs-backend-cpu ${tf.version_core}` } : { ok: false, why: "the cpu backend did not initialize" };
}

const TRY: Record<BackendChoice, () => Promise<Attempt>> = { native: tryNative, wasm: tryWasm, cpu: tryCpu };
/** The library line of each backend set up in this process (a backend is set up once). */
const loaded = new Map<BackendChoice, string>();

/** REGC_BACKEND, checked: a bad value is an error naming the variable (REG0606). */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendChoice | undefined {
  const v = env.REGC_BACKEND;
  if (v === undefined || v === "") return undefined;
  if (isBackendChoice(v)) return v;
  throw new RegcError("badOption", `REGC_BACKEND must be ${BACKEND_CHOICES_TEXT} (or unset), got '${v}'`);
}

/**
 * Sets the backend and prints `backend: <library> <version> (<choice>)`; returns tfjs's name of it.
 * `opts.backend`, else REGC_BACKEND, names one that must load (else REG0611 saying why); without
 * either, the first of native, wasm and cpu that loads, with a warning when tfjs-node is installed
 * but does not load.
 */
export async function setupBackend(opts: BackendOptions = {}): Promise<BackendName> {
  // Production mode: no debug checks, and no "install tfjs-node" banner on stdout/stderr.
  tf.enableProdMode();
  const log = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const wanted = opts.backend ?? backendFromEnv();
  for (const choice of wanted ? [wanted] : BACKEND_CHOICES) {
    const name = TFJS_NAME[choice];
    let library = loaded.get(choice);
    if (library === undefined || tf.findBackend(name) === null) {
      const attempt = await TRY[choice]();
      if (!attempt.ok) {
        if (wanted) throw new RegcError("backendUnavailable", `the ${choice} backend cannot be used: ${attempt.why}`);
        if (attempt.installed) log(`warning: ${attempt.why}; using the next backend`);
        continue;
      }
      library = attempt.library;
      loaded.set(choice, library);
    } else if (tf.getBackend() !== name && !(await tf.setBackend(name))) {
      continue;
    }
    await tf.ready();
    log(`backend: ${library} (${choice})`);
    return name;
  }
  throw new RegcError("backendUnavailable", "no TensorFlow.js backend loads (native, wasm and cpu all failed)");
}
