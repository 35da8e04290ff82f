// The gradient kernels regc adds to tfjs-backend-wasm (src/runtime/backend/wasm-kernels.ts) are
// checked against an independent implementation: the cpu backend's own kernels (plain JS loops),
// run in the same process on the same inputs. Raw kernels, gradients through tf.grads, and whole
// models trained a few steps must agree; no tensor or wasm buffer may leak.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { registerWasmGradientKernels, WASM_GRADIENT_KERNELS } from "../../src/runtime/backend/wasm-kernels.js";
import { checkTraining, compare, expectClose, expectIdempotent, rand, runOn, useWasm, values } from "./wasm-helpers.js";

let missingBefore: string[] = [];

beforeAll(async () => {
  await useWasm();
  missingBefore = WASM_GRADIENT_KERNELS.filter((k) => tf.getKernel(k, "wasm") === undefined);
  registerWasmGradientKernels(tf);
});

type Pad = "same" | "valid";
type Hw = [number, number];

describe("registration", () => {
  it("fills exactly the kernels wasm lacked, and is idempotent", () => {
    // tfjs-backend-wasm 4.22 lacks all four; if a later version adds one, it must be kept.
    expect(missingBefore).toEqual([...WASM_GRADIENT_KERNELS]);
    for (const k of WASM_GRADIENT_KERNELS) expect(tf.getKernel(k, "wasm")).toBeDefined();
    expectIdempotent(WASM_GRADIENT_KERNELS, () => registerWasmGradientKernels(tf));
  });
});

describe("Conv2DBackpropFilter", () => {
  // [N, H, W, Cin], [fh, fw, Cout], strides, pad
  const cases: Array<[number[], number[], Hw, Pad | number]> = [
    [[1, 5, 5, 1], [3, 3, 1], [1, 1], "valid"],
    [[2, 6, 7, 3], [3, 3, 4], [1, 1], "same"],
    [[2, 7, 6, 2], [3, 2, 5], [2, 2], "same"],
    [[2, 7, 6, 2], [3, 2, 5], [2, 2], "valid"],
    [[3, 9, 8, 4], [2, 3, 3], [3, 2], "same"],
    [[1, 10, 9, 3], [5, 4, 2], [2, 3], "valid"],
    [[2, 8, 8, 3], [1, 1, 6], [2, 2], "same"],
    [[2, 4, 4, 2], [4, 4, 3], [1, 1], "same"],
    [[2, 6, 5, 2], [3, 3, 2], [2, 2], 1],
    // tfjs computes the output width of a numeric pad with the height stride; dy follows that shape.
    [[2, 6, 5, 2], [3, 3, 2], [1, 2], 1],
    [[1, 11, 3, 1], [5, 1, 2], [2, 1], "same"],
  ];
  for (const [xs, [fh, fw, cout], strides, pad] of cases) {
    it(`x ${xs} filter ${fh}x${fw}x${cout} strides ${strides} pad ${pad}`, async () => {
      const filterShape: [number, number, number, number] = [fh, fw, xs[3], cout];
      const info = tf.backend_util.computeConv2DInfo(xs as [number, number, number, number], filterShape, strides, 1, pad);
      await compare(() =>
        tf.engine().runKernel("Conv2DBackpropFilter", { x: rand(xs, 1), dy: rand(info.outShape, 2) }, {
          strides,
          pad,
          dataFormat: "NHWC",
          dimRoundingMode: undefined,
          filterShape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      );
    });
  }

  // tfjs never passes dilations to this kernel (its conv2d gradient requires dilations 1) and the
  // cpu kernel ignores them; if given they are honoured. Reference: the gradient of the equivalent
  // undilated (zero-expanded) filter, taken at the filter's taps.
  const dilatedCases: Array<[number[], number[], Hw, Pad, Hw]> = [
    [[2, 9, 9, 2], [3, 3, 3], [1, 1], "same", [2, 2]],
    [[1, 11, 10, 3], [3, 2, 2], [1, 1], "valid", [2, 3]],
    [[2, 13, 12, 2], [2, 3, 2], [2, 2], "same", [2, 2]],
    [[2, 13, 12, 2], [2, 2, 2], [3, 1], "valid", [1, 2]],
  ];
  for (const [xs, [fh, fw, cout], strides, pad, dil] of dilatedCases) {
    it(`x ${xs} filter ${fh}x${fw}x${cout} strides ${strides} pad ${pad} dilations ${dil}`, async () => {
      const filterShape: [number, number, number, number] = [fh, fw, xs[3], cout];
      const info = tf.backend_util.computeConv2DInfo(xs as [number, number, number, number], filterShape, strides, dil, pad);
      const [efh, efw] = [(fh - 1) * dil[0] + 1, (fw - 1) * dil[1] + 1];
      const run = (fs: number[], dilations: Hw): tf.Tensor =>
        tf.engine().runKernel("Conv2DBackpropFilter", { x: rand(xs, 22), dy: rand(info.outShape, 23) }, {
          strides,
          pad,
          dataFormat: "NHWC",
          filterShape: fs,
          dilations,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
      const ours = await runOn("wasm", () => run(filterShape, dil));
      const reference = await runOn("cpu", () =>
        tf.stridedSlice(run([efh, efw, xs[3], cout], [1, 1]), [0, 0, 0, 0], [efh, efw, xs[3], cout], [dil[0], dil[1], 1, 1]),
      );
      expectClose(ours, reference);
    });
  }

  it("NCHW data format", async () => {
    const filterShape: [number, number, number, number] = [3, 3, 2, 4];
    await compare(() =>
      tf.engine().runKernel("Conv2DBackpropFilter", { x: rand([2, 2, 7, 6], 3), dy: rand([2, 4, 4, 3], 4) }, {
        strides: [2, 2],
        pad: "same",
        dataFormat: "NCHW",
        filterShape,
      } as unknown as tf.NamedAttrMap) as tf.Tensor,
    );
  });

  const gradCases: Array<[number[], number[], Hw, Pad]> = [
    [[2, 8, 8, 3], [3, 3, 4], [1, 1], "same"],
    [[2, 9, 7, 2], [3, 3, 3], [2, 2], "same"],
    [[2, 9, 7, 2], [2, 3, 3], [2, 1], "valid"],
    [[1, 12, 12, 1], [5, 5, 2], [3, 3], "valid"],
  ];
  for (const [xs, [fh, fw, cout], strides, pad] of gradCases) {
    it(`tf.grads of conv2d: x ${xs} filter ${fh}x${fw}x${cout} strides ${strides} ${pad}`, async () => {
      await compare(() => {
        const x = rand(xs, 5);
        const f = rand([fh, fw, xs[3], cout], 6);
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
          const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad);
          return tf.sum(tf.mul(y, rand(y.shape, 7))); // a non-uniform dy
        });
        return g([x, f]);
      });
    });
  }

  const conv1dCases: Array<[number[], number[], number, Pad]> = [
    [[2, 10, 3], [3, 4], 1, "same"],
    [[3, 11, 2], [4, 3], 2, "valid"],
    [[2, 16, 4], [5, 2], 3, "same"],
  ];
  for (const [xs, [k, cout], stride, pad] of conv1dCases) {
    it(`tf.grads of conv1d: x ${xs} kernel ${k}x${cout} stride ${stride} ${pad}`, async () => {
      await compare(() => {
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
          const y = tf.conv1d(a as tf.Tensor3D, b as tf.Tensor3D, stride, pad);
          return tf.sum(tf.mul(y, rand(y.shape, 9)));
        });
        return g([rand(xs, 10), rand([k, xs[2], cout], 11)]);
      });
    });
  }
});

/** [fh, fw, C, M] filter with dilation d as the equivalent undilated filter (zeros in between). */
function expandFilter(f: tf.Tensor4D, dh: number, dw: number): tf.Tensor4D {
  const [fh, fw, c, m] = f.shape;
  const spread = tf.pad(tf.reshape(f, [fh, 1, fw, 1, c, m]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]]);
  const full = tf.reshape(spread, [fh * dh, fw * dw, c, m]);
  return tf.slice(full, [0, 0, 0, 0], [(fh - 1) * dh + 1, (fw - 1) * dw + 1, c, m]) as tf.Tensor4D;
}

describe("DepthwiseConv2dNative backprop kernels", () => {
  // [N, H, W, C], [fh, fw, M], strides, pad, dilations
  const cases: Array<[number[], number[], Hw, Pad | number, Hw]> = [
    [[1, 5, 5, 1], [3, 3, 1], [1, 1], "valid", [1, 1]],
    [[2, 6, 7, 3], [3, 3, 1], [1, 1], "same", [1, 1]],
    [[2, 7, 6, 2], [3, 2, 2], [2, 2], "same", [1, 1]],
    [[2, 7, 6, 2], [3, 2, 3], [2, 2], "valid", [1, 1]],
    [[3, 9, 8, 4], [2, 3, 1], [3, 2], "same", [1, 1]],
    [[1, 10, 9, 3], [5, 4, 2], [2, 3], "valid", [1, 1]],
    [[2, 4, 4, 2], [4, 4, 1], [1, 1], "same", [1, 1]],
    [[2, 6, 5, 2], [3, 3, 2], [1, 1], 1, [1, 1]],
    [[2, 9, 9, 2], [3, 3, 1], [1, 1], "same", [2, 2]],
    [[1, 11, 10, 3], [3, 2, 2], [1, 1], "valid", [2, 3]],
    [[2, 12, 12, 2], [2, 2, 1], [1, 1], "same", [3, 1]],
    // strides and dilations both > 1: the tfjs op refuses it, the kernels take it.
    [[2, 13, 12, 2], [2, 3, 2], [2, 2], "same", [2, 2]],
    [[1, 13, 12, 3], [2, 2, 1], [3, 1], "valid", [1, 2]],
  ];
  for (const [xs, [fh, fw, m], strides, pad, dil] of cases) {
    const name = `x ${xs} filter ${fh}x${fw} multiplier ${m} strides ${strides} pad ${pad} dilations ${dil}`;
    const filterShape: [number, number, number, number] = [fh, fw, xs[3], m];
    const dilated = dil[0] > 1 || dil[1] > 1;
    const info = tf.backend_util.computeConv2DInfo(xs as [number, number, number, number], filterShape, strides, dil, pad, undefined, true);

    it(`BackpropFilter: ${name}`, async () => {
      const x = (): tf.Tensor => rand(xs, 12);
      const dy = (): tf.Tensor => rand(info.outShape, 13);
      const attrs = { strides, pad, dimRoundingMode: undefined };
      const ours = await runOn("wasm", () =>
        tf.engine().runKernel("DepthwiseConv2dNativeBackpropFilter", { x: x(), dy: dy() }, {
          ...attrs,
          dilations: dil,
          filterShape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      );
      // The cpu kernels ignore dilations; a dilated filter's gradient is the undilated gradient of the
      // expanded filter, taken at the filter's taps.
      const [efh, efw] = [(fh - 1) * dil[0] + 1, (fw - 1) * dil[1] + 1];
      const reference = await runOn("cpu", () => {
        const full = tf.engine().runKernel("DepthwiseConv2dNativeBackpropFilter", { x: x(), dy: dy() }, {
          ...attrs,
          dilations: [1, 1],
          filterShape: [efh, efw, xs[3], m],
        } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
        return dilated ? tf.stridedSlice(full, [0, 0, 0, 0], [efh, efw, xs[3], m], [dil[0], dil[1], 1, 1]) : full;
      });
      expectClose(ours, reference);
    });

    it(`BackpropInput: ${name}`, async () => {
      const dy = (): tf.Tensor => rand(info.outShape, 14);
      const f = (): tf.Tensor4D => rand(filterShape, 15) as tf.Tensor4D;
      const attrs = { strides, pad, dimRoundingMode: undefined, inputShape: xs };
      const ours = await runOn("wasm", () =>
        tf.engine().runKernel("DepthwiseConv2dNativeBackpropInput", { dy: dy(), filter: f() }, {
          ...attrs,
          dilations: dil,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      );
      const reference = await runOn("cpu", () =>
        tf.engine().runKernel("DepthwiseConv2dNativeBackpropInput", { dy: dy(), filter: expandFilter(f(), dil[0], dil[1]) }, {
          ...attrs,
          dilations: [1, 1],
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      );
      expectClose(ours, reference);
    });
  }

  const gradCases: Array<[number[], number[], Hw, Pad]> = [
    [[2, 8, 8, 3], [3, 3, 1], [1, 1], "same"],
    [[2, 9, 7, 2], [3, 3, 2], [2, 2], "same"],
    [[2, 9, 7, 2], [2, 3, 1], [2, 1], "valid"],
    [[1, 12, 12, 2], [5, 5, 3], [3, 3], "valid"],
  ];
  for (const [xs, [fh, fw, m], strides, pad] of gradCases) {
    it(`tf.grads of depthwiseConv2d: x ${xs} filter ${fh}x${fw}x${m} strides ${strides} ${pad}`, async () => {
      await compare(() => {
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
          const y = tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad);
          return tf.sum(tf.mul(y, rand(y.shape, 16)));
        });
        return g([rand(xs, 17), rand([fh, fw, xs[3], m], 18)]);
      });
    });
  }
});

describe("UnsortedSegmentSum", () => {
  const cases: Array<[string, number[], number[], number]> = [
    ["duplicates", [6, 3], [0, 2, 2, 1, 0, 2], 4],
    ["one id, rank 3 rows", [5, 2, 3], [3, 3, 3, 3, 3], 5],
    ["out-of-range ids are dropped", [6, 4], [1, -1, 0, 7, 1, 3], 4],
    ["rank-1 x", [8], [0, 1, 0, 1, 2, 2, 2, 0], 3],
  ];
  for (const [name, xs, ids, numSegments] of cases) {
    it(name, async () => {
      await compare(() =>
        tf.unsortedSegmentSum(rand(xs, 19), tf.tensor1d(ids, "int32"), numSegments),
      );
    });
  }

  it("int32 values", async () => {
    const cpu = await runOn("cpu", () => tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], "int32"), tf.tensor1d([1, 1, 0], "int32"), 2));
    const wasm = await runOn("wasm", () => tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], "int32"), tf.tensor1d([1, 1, 0], "int32"), 2));
    expect(Array.from(wasm[0].data)).toEqual(Array.from(cpu[0].data));
    expect(Array.from(cpu[0].data)).toEqual([5, 6, 4, 6]);
  });

  const gatherCases: Array<[string, number[], number[], number[], number]> = [
    ["embedding-like: [batch, seq] ids into a [vocab, dim] table", [10, 4], [3, 5], [1, 3, 3, 0, 9, 3, 2, 2, 1, 7, 0, 0, 5, 9, 3], 0],
    ["axis 1", [3, 7, 2], [5], [6, 0, 6, 2, 3], 1],
    ["axis 0, every row", [4, 3], [4], [3, 2, 1, 0], 0],
  ];
  for (const [name, ps, idShape, ids, axis] of gatherCases) {
    it(`tf.grad of gather: ${name}`, async () => {
      await compare(() => {
        const g = tf.grad((p: tf.Tensor) => {
          const y = tf.gather(p, tf.tensor(ids, idShape, "int32"), axis);
          return tf.sum(tf.mul(y, rand(y.shape, 20)));
        });
        return g(rand(ps, 21));
      });
    });
  }
});

describe("training on wasm matches cpu", () => {
  it("Conv2D + DepthwiseConv2D model", async () => {
    await checkTraining(
      () => [
        tf.layers.conv2d({ inputShape: [10, 10, 2], filters: 4, kernelSize: 3, strides: 2, padding: "same", activation: "relu" }),
        tf.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, padding: "valid", activation: "tanh" }),
        tf.layers.conv2d({ filters: 3, kernelSize: [2, 1], padding: "valid" }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: "softmax" }),
      ],
      () => rand([8, 10, 10, 2], 30),
      () => tf.tensor1d([0, 1, 2, 0, 1, 2, 1, 0], "float32"),
    );
  });

  it("Embedding + Conv1D model", async () => {
    await checkTraining(
      () => [
        tf.layers.embedding({ inputDim: 12, outputDim: 5, inputLength: 7 }),
        tf.layers.conv1d({ filters: 4, kernelSize: 3, padding: "same", activation: "relu" }),
        tf.layers.globalAveragePooling1d(),
        tf.layers.dense({ units: 2, activation: "softmax" }),
      ],
      () => tf.tensor2d(Array.from(values(6 * 7, 31), (v) => Math.floor((v + 1) * 6)), [6, 7], "float32"),
      () => tf.tensor1d([0, 1, 1, 0, 1, 0], "float32"),
    );
  });
});
