// Faster versions of kernels tfjs-backend-wasm (4.22) has, wrapping its own.
//
// 1. Matrix products at XNNPACK's speed whatever the transposes.
// The wasm backend's BatchMatMul and _FusedMatMul share one C++ function (batch_mat_mul_impl.cc,
// fused_batch_mat_mul). It runs XNNPACK's fully-connected operator only when neither operand is
// transposed and both have batch 1; every other case takes a naive, single-threaded triple loop.
// Training hits that loop on every Dense layer: the gradients of x·W are dW = x^T·dy and
// dx = dy·W^T, which tfjs computes as matMul(x, dy, transposeA) and matMul(dy, W, transposeB).
//
// The kernels registered here wrap the backend's own ones: an operand to be transposed is first
// transposed explicitly (the backend's Transpose kernel, one copy), then the backend's kernel runs
// with no transpose, on XNNPACK. The product is the same for all four transpose combinations, bit
// for bit, since XNNPACK then sees the same matrices. A batched product (an operand with a batch
// of more than 1, as in regc's batched sweeps) still takes the backend's loop.
//
// 2. Identity without a copy. tfjs's engine clones (the Identity kernel) every tensor a kernel saves
// for its gradient, so a training step clones its weights, activations and more: about 37 clones
// per step of W2, each a full copy on wasm. The cpu backend's Identity shares the data and counts a
// reference, as wasm's own Reshape does; so does this one. Tensors are immutable (a variable's
// assign takes a new buffer), so sharing is safe.
//
// 3. Slice without reading the whole input. The stock kernel starts with backend.readSync(x), a
// copy of all of x out of the heap, whatever the slice: the training loop's batch of 128 rows out of
// W2's 8192 copied 25 MB each step. A contiguous slice (rows of a row-major tensor) is copied here
// straight from heap to heap; other slices go to the stock kernel.
//
// Like ./wasm-kernels.ts, the kernels work on TensorInfos with the backend's kernel functions and
// free every intermediate themselves; the tfjs is passed in, so this module loads none.
import type * as TfNs from "@tensorflow/tfjs";
import { withScope, type Scope, type TensorInfo, type Tf, type WasmBackend } from "./wasm-kernels.js";

/** The kernels this module wraps. */
export const WASM_FAST_KERNELS = ["BatchMatMul", "_FusedMatMul", "Identity", "Slice"] as const;

/** Marks regc's wrappers, so that registering twice (even from two copies of this module) wraps once. */
const WRAPPED = Symbol.for("regc.wasmFastKernel");

type KernelArgs = { inputs: TfNs.NamedTensorInfoMap; backend: unknown; attrs?: TfNs.NamedAttrMap };
type MatMulAttrs = { transposeA: boolean; transposeB: boolean } & Record<string, unknown>;

/** x with its last two axes swapped, as a new (copied) tensor. */
function swapLastTwo(s: Scope, x: TensorInfo): TensorInfo {
  const perm = x.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [r - 1, r - 2];
  return s.run("Transpose", { x }, { perm });
}

/**
 * Runs `original` (the backend's BatchMatMul or _FusedMatMul) with both transposes false: the
 * operands flagged for transposing are transposed first. Other inputs (bias, PReLU weights) and
 * attrs (activation) pass through unchanged.
 */
function untransposed(tf: Tf, original: TfNs.KernelFunc, args: KernelArgs): TensorInfo {
  const attrs = (args.attrs ?? {}) as MatMulAttrs;
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  // Non-float operands: the backend's kernel refuses them with its own message.
  if ((!attrs.transposeA && !attrs.transposeB) || a.dtype !== "float32" || b.dtype !== "float32") {
    return original(args as unknown as Parameters<TfNs.KernelFunc>[0]) as TensorInfo;
  }
  return withScope(tf, args.backend, (s) =>
    s.runFunc(
      original,
      { ...args.inputs, a: attrs.transposeA ? swapLastTwo(s, a) : a, b: attrs.transposeB ? swapLastTwo(s, b) : b },
      { ...attrs, transposeA: false, transposeB: false },
    ),
  );
}

/** x itself, one more reference to its data (strings, which live outside the heap, are copied). */
function sharedIdentity(_tf: Tf, original: TfNs.KernelFunc, args: KernelArgs): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  if (x.dtype === "string") return original(args as unknown as Parameters<TfNs.KernelFunc>[0]) as TensorInfo;
  (args.backend as { incRef(dataId: TensorInfo["dataId"]): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** A contiguous slice copied within the heap; any other to the stock kernel. */
function contiguousSlice(tf: Tf, original: TfNs.KernelFunc, args: KernelArgs): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  const { begin, size } = (args.attrs ?? {}) as { begin: number | number[]; size?: number | number[] };
  const su = tf.slice_util;
  const [begin_, size_] = su.parseSliceParams(x as unknown as TfNs.Tensor, begin, size);
  if (x.dtype === "string" || !su.isSliceContinous(x.shape, begin_, size_)) {
    return original(args as unknown as Parameters<TfNs.KernelFunc>[0]) as TensorInfo;
  }
  const backend = args.backend as WasmBackend;
  const offset = su.computeFlatOffset(begin_, tf.util.computeStrides(x.shape));
  const n = tf.util.sizeFromShape(size_);
  const out = backend.makeOutput(size_, x.dtype);
  // Views taken after makeOutput, which may grow (and so replace) the heap.
  (backend.typedArrayFromHeap(out) as Float32Array).set((backend.typedArrayFromHeap(x) as Float32Array).subarray(offset, offset + n));
  return out;
}

/**
 * Wraps the wasm backend's BatchMatMul, _FusedMatMul, Identity and Slice (see the top of this file).
 * Idempotent, and a no-op for a kernel the backend does not have. Call after tf.setBackend("wasm")
 * has succeeded: each wrapper keeps the backend's setup function, so a later backend switch sets the
 * kernel up again.
 */
export function registerWasmFastKernels(tf: Tf): void {
  const impls: Record<(typeof WASM_FAST_KERNELS)[number], (tf: Tf, original: TfNs.KernelFunc, args: KernelArgs) => TensorInfo> = {
    BatchMatMul: untransposed,
    _FusedMatMul: untransposed,
    Identity: sharedIdentity,
    Slice: contiguousSlice,
  };
  for (const kernelName of WASM_FAST_KERNELS) {
    const current = tf.getKernel(kernelName, "wasm");
    if (current === undefined || (current.kernelFunc as unknown as Record<symbol, boolean>)[WRAPPED]) continue;
    const original = current.kernelFunc;
    const impl = impls[kernelName];
    const kernelFunc = Object.assign((args: unknown) => impl(tf, original, args as KernelArgs), { [WRAPPED]: true });
    tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({
      kernelName,
      backendName: "wasm",
      kernelFunc: kernelFunc as unknown as TfNs.KernelFunc,
      setupFunc: current.setupFunc,
      disposeFunc: current.disposeFunc,
    });
  }
}
