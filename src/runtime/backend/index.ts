// Chooses the tfjs backend: tfjs-node when installed, else WebAssembly (with regc's extra gradient
// kernels), else the plain JavaScript cpu backend. The choice is printed to stderr.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { tf } from "../tf.js";
import { registerWasmGradientKernels } from "./wasm-kernels.js";

export type BackendName = "tensorflow" | "wasm" | "cpu";

export interface BackendOptions {
  /** Ask for one backend; when it cannot load, the next one in the order above is used. */
  backend?: BackendName;
  /** Where the `backend: NAME` line goes (default: stderr). Pass `() => {}` for none. */
  log?: (line: string) => void;
}

const require = createRequire(import.meta.url);
let wasmPathsSet = false;

async function tryTensorflow(): Promise<boolean> {
  try {
    // A variable specifier keeps bundlers from resolving the optional dependency at build time.
    const name = "@tensorflow/tfjs-node";
    await import(name);
    return await tf.setBackend("tensorflow");
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    if (!wasmPathsSet) {
      // Node has no fetch of relative URLs: point the loader at the package's dist/ folder on disk.
      const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
      wasm.setWasmPaths(`${dist}/`);
      wasmPathsSet = true;
    }
    if (!(await tf.setBackend("wasm"))) return false;
    registerWasmGradientKernels(tf);
    return true;
  } catch {
    return false;
  }
}

/** Sets the backend (tensorflow > wasm > cpu, or `opts.backend` first), prints `backend: NAME`, returns NAME. */
export async function setupBackend(opts: BackendOptions = {}): Promise<BackendName> {
  // Production mode: no debug checks, and no "install tfjs-node" banner on stdout/stderr.
  tf.enableProdMode();
  const order: BackendName[] = ["tensorflow", "wasm", "cpu"];
  const wanted = opts.backend;
  const tries = wanted ? [wanted, ...order.filter((b) => b !== wanted && order.indexOf(b) > order.indexOf(wanted))] : order;
  let chosen: BackendName = "cpu";
  for (const b of tries) {
    if (tf.getBackend() === b && tf.findBackend(b)) {
      chosen = b;
      break;
    }
    const ok = b === "tensorflow" ? await tryTensorflow() : b === "wasm" ? await tryWasm() : await tf.setBackend("cpu");
    if (ok) {
      chosen = b;
      break;
    }
  }
  await tf.ready();
  (opts.log ?? ((s: string) => process.stderr.write(`${s}\n`)))(`backend: ${chosen}`);
  return chosen;
}
