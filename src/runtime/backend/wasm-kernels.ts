// Gradient kernels that @tensorflow/tfjs-backend-wasm (4.22) lacks, composed from kernels it has.
//
// Missing in tfjs-backend-wasm 4.22 (checked with tf.getKernel(name, "wasm")):
//   Conv2DBackpropFilter                 - filter gradient of conv2d / conv1d (every Conv layer)
//   DepthwiseConv2dNativeBackpropFilter  - filter gradient of depthwiseConv2d
//   DepthwiseConv2dNativeBackpropInput   - input gradient of depthwiseConv2d
//   UnsortedSegmentSum                   - gradient of gather (the Embedding layer)
// Without them tfjs cannot take these gradients on wasm at all, so training a model with a Conv or
// Embedding layer would need the (much slower) cpu backend.
//
// Each kernel here is a plain tfjs kernel function: it receives TensorInfos and the wasm backend,
// calls the wasm backend's own kernel functions (Conv2D, DepthwiseConv2dNative, Transpose, PadV2,
// Slice, Reverse, ScatterNd, ...) on TensorInfos, and disposes every intermediate through
// backend.disposeData, exactly as tfjs' own composite kernels do. Nothing is recorded on the
// gradient tape and no tf.Tensor is created, so the kernels leak nothing.
//
// The tfjs is passed in (not imported) so that this module loads no tfjs on its own.
import type * as TfNs from "@tensorflow/tfjs";

export type Tf = typeof import("@tensorflow/tfjs");
export type TensorInfo = TfNs.TensorInfo;
type DataId = TensorInfo["dataId"];
type Pad = "same" | "valid" | number | TfNs.backend_util.ExplicitPadding;
type RoundingMode = "floor" | "round" | "ceil" | undefined;
type Pair = number | [number, number];

/** The part of the wasm backend (BackendWasm) these kernels use. */
export interface WasmBackend {
  disposeData(dataId: DataId, force?: boolean): boolean;
  makeOutput(shape: number[], dtype: TfNs.DataType, memoryOffset?: number, values?: TfNs.TypedArray): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): TfNs.TypedArray;
}

/** The kernels this module provides, in registration order. */
export const WASM_GRADIENT_KERNELS = [
  "Conv2DBackpropFilter",
  "DepthwiseConv2dNativeBackpropFilter",
  "DepthwiseConv2dNativeBackpropInput",
  "UnsortedSegmentSum",
] as const;

/**
 * Runs wasm kernel functions on TensorInfos and remembers every result, so that all intermediates
 * are disposed in one place (`release`), whatever happens, except the one handed back as output.
 */
export class Scope {
  private readonly temps: TensorInfo[] = [];
  constructor(
    private readonly tf: Tf,
    private readonly backend: WasmBackend,
  ) {}

  run(kernelName: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: object = {}): TensorInfo {
    const kernel = this.tf.getKernel(kernelName, "wasm");
    if (kernel === undefined) throw new Error(`regc wasm kernels: the wasm backend has no '${kernelName}' kernel`);
    return this.runFunc(kernel.kernelFunc, inputs, attrs);
  }

  /** Runs a given kernel function (not the one registered under its name). */
  runFunc(kernelFunc: TfNs.KernelFunc, inputs: Record<string, TensorInfo | undefined> | TensorInfo[], attrs: object = {}): TensorInfo {
    const out = kernelFunc({
      inputs: inputs as unknown as TfNs.NamedTensorInfoMap,
      attrs: attrs as TfNs.NamedAttrMap,
      backend: this.backend as unknown as TfNs.KernelBackend,
    }) as TensorInfo;
    this.temps.push(out);
    return out;
  }

  /** A new tensor on the wasm heap holding `values`. */
  make(shape: number[], dtype: TfNs.DataType, values: TfNs.TypedArray): TensorInfo {
    const out = this.backend.makeOutput(shape, dtype, undefined, values);
    this.temps.push(out);
    return out;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run("Reshape", { x }, { shape });
  }

  /** Pads (positive amounts) and crops (negative amounts) each axis: amounts are [before, after]. */
  padOrCrop(x: TensorInfo, amounts: Array<[number, number]>): TensorInfo {
    let cur = x;
    if (amounts.some(([b, a]) => b < 0 || a < 0)) {
      const begin = amounts.map(([b]) => Math.max(0, -b));
      const size = amounts.map(([b, a], i) => x.shape[i] - Math.max(0, -b) - Math.max(0, -a));
      cur = this.run("Slice", { x: cur }, { begin, size });
    }
    if (amounts.some(([b, a]) => b > 0 || a > 0)) {
      const paddings = amounts.map(([b, a]) => [Math.max(0, b), Math.max(0, a)]);
      cur = this.run("PadV2", { x: cur }, { paddings, constantValue: 0 });
    }
    return cur;
  }

  /** Frees every intermediate except `keep`. */
  release(keep?: TensorInfo): void {
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }
}

export function withScope(tf: Tf, backend: unknown, body: (s: Scope) => TensorInfo): TensorInfo {
  const scope = new Scope(tf, backend as WasmBackend);
  let out: TensorInfo | undefined;
  try {
    out = body(scope);
    return out;
  } finally {
    scope.release(out);
  }
}

/**
 * x padded by the convolution's padding and cropped at the bottom/right to exactly the rows and
 * columns the windows read: [N, (oH-1)*sh + (fh-1)*dh + 1, (oW-1)*sw + (fw-1)*dw + 1, C].
 * (tfjs computes the output width of a numeric pad with the height stride, so dy can be wider
 * than the padded input covers; the cpu backend reads zeros there, and so does this.)
 */
function windowedInput(s: Scope, x: TensorInfo, info: TfNs.backend_util.Conv2DInfo): TensorInfo {
  const { top, left } = info.padInfo;
  const needH = (info.outHeight - 1) * info.strideHeight + (info.filterHeight - 1) * info.dilationHeight + 1;
  const needW = (info.outWidth - 1) * info.strideWidth + (info.filterWidth - 1) * info.dilationWidth + 1;
  return s.padOrCrop(x, [
    [0, 0],
    [top, needH - info.inHeight - top],
    [left, needW - info.inWidth - left],
    [0, 0],
  ]);
}

/** The attrs of a window's gradient kernel: a convolution's strides, dilations, padding and rounding. */
type WindowAttrs = {
  strides: Pair;
  dilations?: Pair;
  pad: Pad;
  dimRoundingMode?: RoundingMode;
};
type Shape4 = [number, number, number, number];

/** tfjs's geometry of the forward convolution (channels last), depthwise or not, from a kernel's attrs. */
function forwardInfo(tf: Tf, xShape: Shape4, filterShape: Shape4, attrs: WindowAttrs, depthwise: boolean): TfNs.backend_util.Conv2DInfo {
  const { strides, dilations = 1, pad, dimRoundingMode } = attrs;
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, pad as "same", dimRoundingMode, depthwise, "channelsLast");
}

// dW[i, j, ci, co] = sum over (n, oh, ow) of xPad[n, oh*sh + i*dh, ow*sw + j*dw, ci] * dy[n, oh, ow, co].
// Read with ci as the batch, n as the input channel and (oh, ow) as the kernel position, that is
// itself a convolution: of xPad as [Cin, Hp, Wp, N] with dy as a [oH, oW, N, Cout] filter, strides
// (dh, dw) and dilations (sh, sw), giving [Cin, fh, fw, Cout]. The wasm backend's own (XNNPACK)
// Conv2D does the work; measured 2-3x faster than per-position slices and matmuls.
function conv2DBackpropFilter(tf: Tf, args: { inputs: TfNs.NamedTensorInfoMap; backend: unknown; attrs?: TfNs.NamedAttrMap }): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  // dilations: not an attr tfjs passes (its conv2d gradient requires dilations 1); honoured if given.
  const attrs = (args.attrs ?? {}) as WindowAttrs & { dataFormat?: "NHWC" | "NCHW"; filterShape: Shape4 };
  return withScope(tf, args.backend, (s) => {
    let $x = x;
    let $dy = dy;
    if (attrs.dataFormat === "NCHW") {
      $x = s.run("Transpose", { x }, { perm: [0, 2, 3, 1] });
      $dy = s.run("Transpose", { x: dy }, { perm: [0, 2, 3, 1] });
    }
    const info = forwardInfo(tf, $x.shape as Shape4, attrs.filterShape, attrs, false);
    const xT = s.run("Transpose", { x: windowedInput(s, $x, info) }, { perm: [3, 1, 2, 0] }); // [Cin, Hp, Wp, N]
    const dyF = s.run("Transpose", { x: $dy }, { perm: [1, 2, 0, 3] }); // [oH, oW, N, Cout]
    const conv = s.run(
      "Conv2D",
      { x: xT, filter: dyF },
      {
        strides: [info.dilationHeight, info.dilationWidth],
        dilations: [info.strideHeight, info.strideWidth],
        pad: "valid",
        dataFormat: "NHWC",
        dimRoundingMode: undefined,
      },
    ); // [Cin, fh, fw, Cout]
    return s.run("Transpose", { x: conv }, { perm: [1, 2, 0, 3] });
  });
}

// dW[i, j, c, m] = sum over (n, oh, ow) of xPad[n, oh*sh + i*dh, ow*sw + j*dw, c] * dy[n, oh, ow, c*M + m].
// As for conv2d, a convolution, here a depthwise one over the N*C channels (n, c) of xPad as
// [1, Hp, Wp, N*C], with dy as a [oH, oW, N*C, M] filter, strides (dh, dw) and dilations (sh, sw),
// giving [1, fh, fw, N*C*M]; summed over n that is dW.
function depthwiseBackpropFilter(
  tf: Tf,
  args: { inputs: TfNs.NamedTensorInfoMap; backend: unknown; attrs?: TfNs.NamedAttrMap },
): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = (args.attrs ?? {}) as WindowAttrs & { filterShape: Shape4 };
  return withScope(tf, args.backend, (s) => {
    const info = forwardInfo(tf, x.shape as Shape4, attrs.filterShape, attrs, true);
    const { batchSize: N, filterHeight: fh, filterWidth: fw, inChannels: C, outHeight: oH, outWidth: oW } = info;
    const M = info.outChannels / C;
    const xPad = windowedInput(s, x, info);
    const [, Hp, Wp] = xPad.shape;
    const xT = s.run("Transpose", { x: xPad }, { perm: [1, 2, 0, 3] }); // [Hp, Wp, N, C]
    const x1 = s.reshape(xT, [1, Hp, Wp, N * C]);
    const dyT = s.run("Transpose", { x: dy }, { perm: [1, 2, 0, 3] }); // [oH, oW, N, C*M]
    const f = s.reshape(dyT, [oH, oW, N * C, M]);
    const conv = s.run(
      "DepthwiseConv2dNative",
      { x: x1, filter: f },
      {
        strides: [info.dilationHeight, info.dilationWidth],
        dilations: [info.strideHeight, info.strideWidth],
        pad: "valid",
        dimRoundingMode: undefined,
      },
    ); // [1, fh, fw, N*C*M]
    const perSample = s.reshape(conv, [fh, fw, N, C * M]);
    const summed = N === 1 ? perSample : s.run("Sum", { x: perSample }, { axis: [2], keepDims: false });
    return s.reshape(summed, [fh, fw, C, M]);
  });
}

// dx[n, h, w, c] = sum over (i, j, m) with h + padTop = oh*sh + i*dh (and likewise for w) of
// dy[n, oh, ow, c*M + m] * f[i, j, c, m]. That is a stride-1 depthwise convolution (with the
// forward dilation) of dy spread out by the forward stride (zeros in between) and padded by
// (fh-1)*dh - padTop before, with the filter rotated by 180 degrees, each of the C*M channels on
// its own, then summed over the multiplier m. The wasm backend's own (XNNPACK) depthwise conv does
// the work.
function depthwiseBackpropInput(
  tf: Tf,
  args: { inputs: TfNs.NamedTensorInfoMap; backend: unknown; attrs?: TfNs.NamedAttrMap },
): TensorInfo {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = (args.attrs ?? {}) as WindowAttrs & { inputShape: Shape4 };
  return withScope(tf, args.backend, (s) => {
    const info = forwardInfo(tf, attrs.inputShape, filter.shape as Shape4, attrs, true);
    const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: oH, outWidth: oW } = info;
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
    const { dilationHeight: dh, dilationWidth: dw } = info;
    const CM = info.outChannels;
    const M = CM / C;
    // dy spread out by the stride: [N, oH*sh, oW*sw, CM], dy values at multiples of the stride.
    let spread = dy;
    if (sh > 1 || sw > 1) {
      const six = s.reshape(dy, [N, oH, 1, oW, 1, CM]);
      const padded = s.run(
        "PadV2",
        { x: six },
        { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 },
      );
      spread = s.reshape(padded, [N, oH * sh, oW * sw, CM]);
    }
    const before = (fh - 1) * dh - info.padInfo.top;
    const left = (fw - 1) * dw - info.padInfo.left;
    const after = H + (fh - 1) * dh - before - oH * sh;
    const right = W + (fw - 1) * dw - left - oW * sw;
    const z = s.padOrCrop(spread, [
      [0, 0],
      [before, after],
      [left, right],
      [0, 0],
    ]);
    const rotated = s.run("Reverse", { x: filter }, { dims: [0, 1] });
    const f = s.reshape(rotated, [fh, fw, CM, 1]);
    const conv = s.run(
      "DepthwiseConv2dNative",
      { x: z, filter: f },
      { strides: [1, 1], pad: "valid", dilations: [dh, dw], dimRoundingMode: undefined },
    ); // [N, H, W, CM]
    if (M === 1) return conv;
    const five = s.reshape(conv, [N, H, W, C, M]);
    return s.run("Sum", { x: five }, { axis: [4], keepDims: false });
  });
}

// out[s, ...] = sum of x[k, ...] over k with segmentIds[k] == s (0 <= s < numSegments; rows with
// other ids are dropped, as in TensorFlow): ScatterNd with the ids as [n, 1] indices, which adds
// up duplicate indices.
function unsortedSegmentSum(
  tf: Tf,
  args: { inputs: TfNs.NamedTensorInfoMap; backend: unknown; attrs?: TfNs.NamedAttrMap },
): TensorInfo {
  const { x, segmentIds } = args.inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = (args.attrs ?? {}) as { numSegments: number };
  const backend = args.backend as WasmBackend;
  return withScope(tf, backend, (s) => {
    const n = tf.util.sizeFromShape(segmentIds.shape);
    const rest = x.shape.slice(segmentIds.shape.length);
    const outShape = [numSegments, ...rest];
    if (n === 0 || tf.util.sizeFromShape(outShape) === 0) {
      return s.make(outShape, x.dtype, tf.util.makeZerosTypedArray(tf.util.sizeFromShape(outShape), x.dtype) as TfNs.TypedArray);
    }
    let ids = segmentIds.dtype === "int32" ? segmentIds : s.run("Cast", { x: segmentIds }, { dtype: "int32" });
    let updates = s.reshape(x, [n, ...rest]);
    const idVals = backend.typedArrayFromHeap(ids) as Int32Array;
    let invalid = 0;
    for (let k = 0; k < n; k++) if (idVals[k] < 0 || idVals[k] >= numSegments) invalid++;
    if (invalid > 0) {
      // Out-of-range ids contribute nothing: send them to segment 0 with their rows zeroed.
      const fixed = new Int32Array(n);
      const keep = x.dtype === "int32" ? new Int32Array(n) : new Float32Array(n);
      for (let k = 0; k < n; k++) {
        const ok = idVals[k] >= 0 && idVals[k] < numSegments;
        fixed[k] = ok ? idVals[k] : 0;
        keep[k] = ok ? 1 : 0;
      }
      ids = s.make([n], "int32", fixed);
      const mask = s.make([n, ...rest.map(() => 1)], x.dtype === "int32" ? "int32" : "float32", keep);
      updates = s.run("Multiply", { a: updates, b: mask });
    }
    const indices = s.reshape(ids, [n, 1]);
    return s.run("ScatterNd", { indices, updates }, { shape: outShape });
  });
}

/**
 * Registers the missing gradient kernels for the wasm backend. Idempotent: a kernel that the wasm
 * backend already has (natively in a later tfjs, or from an earlier call) is left alone. Kernels
 * are looked up at call time, so this may run before or after tf.setBackend("wasm").
 */
export function registerWasmGradientKernels(tf: Tf): void {
  const impls: Record<(typeof WASM_GRADIENT_KERNELS)[number], (tf: Tf, args: never) => TensorInfo> = {
    Conv2DBackpropFilter: conv2DBackpropFilter,
    DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
    DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
    UnsortedSegmentSum: unsortedSegmentSum,
  };
  for (const kernelName of WASM_GRADIENT_KERNELS) {
    if (tf.getKernel(kernelName, "wasm") !== undefined) continue;
    const impl = impls[kernelName] as (tf: Tf, args: unknown) => TensorInfo;
    tf.registerKernel({
      kernelName,
      backendName: "wasm",
      kernelFunc: ((args: unknown) => impl(tf, args)) as unknown as TfNs.KernelFunc,
    });
  }
}
