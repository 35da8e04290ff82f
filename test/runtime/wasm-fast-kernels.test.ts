// regc's BatchMatMul, _FusedMatMul and Identity for tfjs-backend-wasm (wasm-fast-kernels.ts):
// every transpose combination, rank and batch shape against the cpu backend's kernels; the four
// transpose combinations of one product bit for bit the same (they all run XNNPACK on the same
// matrices); gradients and training against cpu; Identity sharing its input's data (as the cpu
// backend's does) and freeing it with the last reference; and the runtime bundle generated programs
// import registers them.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { registerWasmFastKernels, WASM_FAST_KERNELS } from "../../src/runtime/backend/wasm-fast-kernels.js";
import { ROOT } from "../helpers.js";
import { checkTraining, compare, expectIdempotent, rand, useWasm } from "./wasm-helpers.js";

type KernelConfig = NonNullable<ReturnType<typeof tf.getKernel>>;
let stock: KernelConfig[] = [];

beforeAll(async () => {
  await useWasm();
  stock = WASM_FAST_KERNELS.map((k) => tf.getKernel(k, "wasm")!);
  registerWasmFastKernels(tf);
});

/** Runs `fn` with the wasm backend's own (stock) matmul kernels in place of regc's. */
function withStockKernels<T>(fn: () => T): T {
  const ours = WASM_FAST_KERNELS.map((k) => tf.getKernel(k, "wasm")!);
  const swap = (configs: KernelConfig[]) =>
    configs.forEach((c) => {
      tf.unregisterKernel(c.kernelName, "wasm");
      tf.registerKernel(c);
    });
  swap(stock);
  try {
    return fn();
  } finally {
    swap(ours);
  }
}

/** x with its last two axes swapped. */
function swapLastTwo(x: tf.Tensor): tf.Tensor {
  const r = x.rank;
  return tf.transpose(x, [...Array(r).keys()].map((i) => (i < r - 2 ? i : 2 * r - 3 - i)));
}

/** a and b stored so that matMul(a, b, ta, tb) is the product of the same [.., m, k] and [.., k, n] values. */
function operands(aShape: number[], bShape: number[], ta: boolean, tb: boolean, seed: number): [tf.Tensor, tf.Tensor] {
  const a = rand(aShape, seed);
  const b = rand(bShape, seed + 1);
  return [ta ? swapLastTwo(a) : a, tb ? swapLastTwo(b) : b];
}

const combos: Array<[boolean, boolean]> = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

describe("registration", () => {
  it("wraps each kernel once, keeping the backend's setup; idempotent", () => {
    for (const [i, k] of WASM_FAST_KERNELS.entries()) {
      const now = tf.getKernel(k, "wasm")!;
      expect(now.kernelFunc).not.toBe(stock[i]!.kernelFunc);
      expect(now.setupFunc).toBe(stock[i]!.setupFunc);
    }
    expectIdempotent(WASM_FAST_KERNELS, () => registerWasmFastKernels(tf));
  });

  it("still works after switching to cpu and back (the backend's setup runs again)", async () => {
    await compare(() => tf.matMul(rand([5, 7], 1), rand([6, 7], 2), false, true));
    expect(await tf.setBackend("cpu")).toBe(true);
    expect(await tf.setBackend("wasm")).toBe(true);
    await compare(() => tf.matMul(rand([7, 5], 3), rand([7, 6], 4), true, false));
  });
});

describe("BatchMatMul", () => {
  // logical a [.., m, k], b [.., k, n]
  const shapes: Array<[string, number[], number[]]> = [
    ["2-D", [9, 13], [13, 11]],
    ["2-D, one row", [1, 20], [20, 7]],
    ["2-D, one column", [12, 1], [1, 30]],
    ["2-D, Dense-sized", [64, 200], [200, 96]],
    ["3-D, batch 1", [1, 8, 5], [1, 5, 6]],
    ["3-D, batch 3", [3, 8, 5], [3, 5, 6]],
    ["3-D, a broadcast", [1, 8, 5], [4, 5, 6]],
    ["3-D, b broadcast", [4, 8, 5], [1, 5, 6]],
    ["4-D", [2, 3, 4, 5], [2, 3, 5, 2]],
  ];
  for (const [name, as, bs] of shapes) {
    for (const [ta, tb] of combos) {
      it(`${name}: a ${as} b ${bs} transposeA ${ta} transposeB ${tb}`, async () => {
        await compare(() => {
          const [a, b] = operands(as, bs, ta, tb, 5);
          return tf.matMul(a, b, ta, tb);
        });
      });
    }
  }

  // Transposing first makes every combination one XNNPACK product of the same matrices: the same
  // bits. The stock kernel's loop sums in another order, so there they differ (why the wrapper exists).
  const exactCases: Array<[number[], number[]]> = [
    [[128, 300], [300, 64]],
    [[30, 2], [2, 500]],
    [[33, 500], [500, 1]],
  ];
  for (const [as, bs] of exactCases) {
    it(`a ${as} b ${bs}: the four transpose combinations give the same bits`, () => {
      const results = combos.map(([ta, tb]) =>
        tf.tidy(() => {
          const [a, b] = operands(as, bs, ta, tb, 7);
          return tf.matMul(a, b, ta, tb).dataSync() as Float32Array;
        }),
      );
      expect(results[0]!.some((v) => v !== 0)).toBe(true);
      for (const r of results.slice(1)) expect(Buffer.from(r.buffer).equals(Buffer.from(results[0]!.buffer))).toBe(true);
    });
  }

  it("the stock kernel's transposed product is not bit-identical to its untransposed one", () => {
    const [plain, transposed] = withStockKernels(() =>
      combos.slice(0, 2).map(([ta, tb]) =>
        tf.tidy(() => {
          const [a, b] = operands([128, 300], [300, 64], ta, tb, 7);
          return tf.matMul(a, b, ta, tb).dataSync() as Float32Array;
        }),
      ),
    );
    expect(Buffer.from(plain!.buffer).equals(Buffer.from(transposed!.buffer))).toBe(false);
  });

  it("int32 operands are refused as by the stock kernel", () => {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2], "int32");
    expect(() => tf.matMul(a, a, true, false)).toThrow(/non-float32/);
    a.dispose();
  });

  for (const [ta, tb] of combos) {
    it(`tf.grads of matMul, transposeA ${ta} transposeB ${tb}`, async () => {
      await compare(() => {
        const [a, b] = operands([16, 24], [24, 10], ta, tb, 9);
        const g = tf.grads((x: tf.Tensor, y: tf.Tensor) => {
          const p = tf.matMul(x, y, ta, tb);
          return tf.sum(tf.mul(p, rand(p.shape, 10)));
        });
        return g([a, b]);
      });
    });
  }
});

describe("_FusedMatMul", () => {
  const activations = ["linear", "relu", "sigmoid", "elu"] as const;
  for (const activation of activations) {
    for (const [ta, tb] of combos) {
      it(`bias + ${activation}, transposeA ${ta} transposeB ${tb}`, async () => {
        await compare(() => {
          const [a, b] = operands([12, 20], [20, 9], ta, tb, 11);
          return tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias: rand([9], 12), activation });
        });
      });
    }
  }

  it("3-D with no bias, both transposed", async () => {
    await compare(() => {
      const [a, b] = operands([2, 6, 8], [2, 8, 5], true, true, 13);
      return tf.fused.matMul({ a, b, transposeA: true, transposeB: true, activation: "relu" });
    });
  });

  it("an unfused gradient through tf.fused.matMul (linear, with bias)", async () => {
    await compare(() => {
      const g = tf.grads((x: tf.Tensor, w: tf.Tensor, bias: tf.Tensor) => {
        const y = tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias, activation: "linear" });
        return tf.sum(tf.mul(y, rand(y.shape, 14)));
      });
      return g([rand([10, 30], 15), rand([30, 7], 16), rand([7], 17)]);
    });
  });
});

describe("Identity", () => {
  it("shares the data: no new buffer, the clone outlives its source, the last reference frees it", () => {
    const buffers = () => tf.engine().backend.numDataIds();
    const before = buffers();
    const x = tf.tensor2d([1.5, -2, 3, 4.25, 0, -7], [2, 3]);
    const y = tf.clone(x);
    expect(buffers()).toBe(before + 1);
    x.dispose();
    expect(y.shape).toEqual([2, 3]);
    expect(Array.from(y.dataSync())).toEqual([1.5, -2, 3, 4.25, 0, -7]);
    y.dispose();
    expect(buffers()).toBe(before);
  });

  it("int32 and bool keep their dtype; strings are still copied by the stock kernel", async () => {
    await compare(() => [tf.clone(tf.tensor1d([3, -1, 9], "int32")), tf.clone(tf.tensor1d([1, 0, 1], "bool")), tf.clone(rand([4, 2], 18))]);
    const s = tf.tensor1d(["a", "bc"]);
    const t = tf.clone(s);
    s.dispose();
    expect(t.dataSync()).toEqual(["a", "bc"]);
    t.dispose();
  });
});

describe("Slice", () => {
  // [x shape, begin, size]: contiguous (rows, a row's tail, everything, -1 sizes) and not (columns).
  const cases: Array<[number[], number[], number[]]> = [
    [[40, 7], [8, 0], [16, 7]],
    [[40, 7], [39, 0], [1, -1]],
    [[40, 7], [3, 2], [1, 5]],
    [[6, 4, 5], [2, 0, 0], [3, -1, -1]],
    [[6, 4, 5], [0, 0, 0], [-1, -1, -1]],
    [[6, 4, 5], [1, 2, 0], [1, 2, 5]],
    [[40, 7], [8, 1], [16, 3]],
    [[6, 4, 5], [1, 1, 1], [4, 2, 3]],
  ];
  for (const [shape, begin, size] of cases) {
    it(`x ${shape} begin ${begin} size ${size}`, async () => {
      const n = shape.reduce((p, q) => p * q, 1);
      await compare(() => [
        tf.slice(rand(shape, 19), begin, size),
        tf.slice(tf.tensor(Array.from({ length: n }, (_, i) => i - 5), shape, "int32"), begin, size),
        tf.slice(tf.tensor(Array.from({ length: n }, (_, i) => i % 3), shape, "bool"), begin, size),
      ]);
    });
  }

  it("the batches of an epoch, sliced from a large tensor (heap growth between slices)", async () => {
    await compare(() => {
      const x = rand([2048, 96], 20);
      return [...[0, 500, 1000, 1900].map((start) => tf.slice(x, start, 148)), tf.slice(x, 7, 0)];
    });
  });
});

describe("training on wasm matches cpu", () => {
  it("an MLP (relu, relu, softmax)", async () => {
    await checkTraining(
      () => [
        tf.layers.dense({ inputShape: [40], units: 64, activation: "relu" }),
        tf.layers.dense({ units: 32, activation: "relu" }),
        tf.layers.dense({ units: 5, activation: "softmax" }),
      ],
      () => rand([48, 40], 40),
      () => tf.tensor1d(Array.from({ length: 48 }, (_, i) => (i * 7) % 5), "float32"),
    );
  });

  it("an LSTM", async () => {
    await checkTraining(
      () => [tf.layers.lstm({ inputShape: [6, 4], units: 8 }), tf.layers.dense({ units: 3, activation: "softmax" })],
      () => rand([16, 6, 4], 41),
      () => tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 3), "float32"),
    );
  });
});

describe("the runtime bundle (dist/runtime.mjs), which generated programs import", () => {
  it("registers regc's kernels when it sets up wasm", () => {
    const url = pathToFileURL(join(ROOT, "dist", "runtime.mjs")).href;
    const code = `const rt = await import(${JSON.stringify(url)});
      await rt.setupBackend({ backend: "wasm", log: () => {} });
      const marked = ${JSON.stringify(WASM_FAST_KERNELS)}.map((k) => rt.tf.getKernel(k, "wasm").kernelFunc[Symbol.for("regc.wasmFastKernel")] === true);
      console.log(rt.tf.getBackend(), marked.join(","));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", cwd: ROOT });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`wasm ${WASM_FAST_KERNELS.map(() => "true").join(",")}\n`);
  });
});
