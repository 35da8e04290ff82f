// Shared by the tests of regc's wasm kernels (wasm-kernels.test.ts, wasm-matmul.test.ts): each is
// checked against an independent implementation, the cpu backend's own kernels (plain JS loops), run
// in the same process on the same inputs; no tensor or wasm buffer may leak.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { expect } from "vitest";

/** Points the wasm backend at its .wasm files on disk and makes it the backend. */
export async function useWasm(): Promise<void> {
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"))}/`);
  expect(await tf.setBackend("wasm")).toBe(true);
  await tf.ready();
}

/** Registering again changes no kernel of `kernels` on wasm and warns nothing. */
export function expectIdempotent(kernels: readonly string[], register: () => void): void {
  const before = kernels.map((k) => tf.getKernel(k, "wasm")!.kernelFunc);
  const warnings: unknown[] = [];
  const warn = console.warn;
  console.warn = (...a: unknown[]) => warnings.push(a);
  try {
    register();
  } finally {
    console.warn = warn;
  }
  expect(warnings).toEqual([]);
  expect(kernels.map((k) => tf.getKernel(k, "wasm")!.kernelFunc)).toEqual(before);
}

/** Deterministic values in [-1, 1) (a small LCG), so both backends get identical inputs. */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}
export const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
export const rand = (shape: number[], seed: number): tf.Tensor => tf.tensor(values(size(shape), seed), shape);

export type Result = { shape: number[]; data: Float32Array | Int32Array | Uint8Array };

/**
 * Runs `fn` on `backend`, returns its outputs' shapes and values, and checks that it left no
 * tensor (engine count) and no backend buffer behind.
 */
export async function runOn(backend: "cpu" | "wasm", fn: () => tf.Tensor | tf.Tensor[]): Promise<Result[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  const tensorsBefore = tf.memory().numTensors;
  const buffersBefore = tf.engine().backend.numDataIds();
  const outs = tf.tidy(fn);
  const list = Array.isArray(outs) ? outs : [outs];
  const res = list.map((t) => ({ shape: t.shape, data: t.dataSync() as Float32Array }));
  tf.dispose(list);
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  expect(tf.engine().backend.numDataIds()).toBe(buffersBefore);
  return res;
}

export function expectClose(actual: Result[], expected: Result[], tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < actual.length; k++) {
    expect(actual[k].shape).toEqual(expected[k].shape);
    const a = actual[k].data;
    const e = expected[k].data;
    expect(a.length).toBe(e.length);
    let worst = 0;
    let at = -1;
    for (let i = 0; i < a.length; i++) {
      const err = Math.abs(a[i] - e[i]) / Math.max(1, Math.abs(e[i]));
      if (!(err <= worst)) {
        worst = err;
        at = i;
      }
    }
    expect(worst, `output ${k}: worst error at ${at}: ${a[at]} vs ${e[at]}`).toBeLessThanOrEqual(tol);
  }
  // A comparison of all-zero outputs would prove nothing.
  expect(expected.some((r) => r.data.some((v) => v !== 0))).toBe(true);
}

export async function compare(fn: () => tf.Tensor | tf.Tensor[], tol = 1e-5): Promise<void> {
  const cpu = await runOn("cpu", fn);
  const wasm = await runOn("wasm", fn);
  expectClose(wasm, cpu, tol);
  await tf.setBackend("wasm");
}

/** Trains `build()` on `backend` with fixed weights and data; returns the losses of each step. */
export async function trainLosses(
  backend: "cpu" | "wasm",
  build: () => tf.LayersModel,
  x: () => tf.Tensor,
  y: () => tf.Tensor,
  steps: number,
): Promise<number[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  const tensorsBefore = tf.memory().numTensors;
  const model = build();
  const init = model.getWeights().map((w, i) => tf.tidy(() => tf.mul(rand(w.shape, 100 + i), 0.3)));
  model.setWeights(init);
  tf.dispose(init);
  model.compile({ optimizer: tf.train.adam(0.01), loss: "sparseCategoricalCrossentropy" });
  const xs = x();
  const ys = y();
  const losses: number[] = [];
  const buffersPerStep: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = await model.trainOnBatch(xs, ys);
    expect(tf.getBackend()).toBe(backend);
    losses.push(loss as number);
    buffersPerStep.push(tf.engine().backend.numDataIds());
  }
  // After the first step (which creates the optimizer's slots), a step leaves no buffer behind.
  expect(new Set(buffersPerStep.slice(1)).size).toBe(1);
  tf.dispose([xs, ys]);
  model.optimizer.dispose();
  model.dispose();
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  return losses;
}

/** Trains a Sequential of `layers()` a few steps on cpu and on wasm from the same weights: the losses must agree. */
export async function checkTraining(layers: () => tf.layers.Layer[], x: () => tf.Tensor, y: () => tf.Tensor): Promise<void> {
  const build = () => tf.sequential({ layers: layers() });
  const steps = 5;
  const cpu = await trainLosses("cpu", build, x, y, steps);
  const wasm = await trainLosses("wasm", build, x, y, steps);
  expect(cpu.every(Number.isFinite)).toBe(true);
  expect(cpu[steps - 1]).toBeLessThan(cpu[0]); // it does learn
  for (let i = 0; i < steps; i++) expect(Math.abs(wasm[i] - cpu[i]), `step ${i}: ${wasm[i]} vs ${cpu[i]}`).toBeLessThanOrEqual(1e-4);
}
