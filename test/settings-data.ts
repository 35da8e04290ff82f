// Targets and model outputs for a loss or metric, made as its Shapes in the settings table say: what
// the runtime's numbers are checked on against Keras's formulas (test/settings.test.ts) and real Keras
// (test/interop/settings.test.ts).
import type { Shapes } from "../src/settings/catalog.js";

export const EPS = 1e-7;
const B = 5;

/** A small deterministic generator (numbers in [0, 1)). */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Five rows of targets and outputs as `shapes` says, for a model with `units` output units. */
export function sample(shapes: Shapes, units: number, seed: number): { y: number[][]; p: number[][] } {
  const r = rng(seed);
  const p = Array.from({ length: B }, () => {
    const z = Array.from({ length: units }, () => 4 * r() - 2);
    if (shapes.activation === "sigmoid") return z.map((v) => 1 / (1 + Math.exp(-v)));
    if (shapes.activation === "softmax") {
      const e = z.map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    }
    return z;
  });
  const y = Array.from({ length: B }, (_, i) => {
    const k = Math.floor(r() * units);
    switch (shapes.target) {
      case "binary":
        return Array.from({ length: units }, (_, j) => ((i + j + k) % 2 === 0 ? 1 : 0));
      case "one-hot":
        return Array.from({ length: units }, (_, j) => (j === k ? 1 : 0));
      case "class-index":
        return [k];
      case "real":
        return Array.from({ length: units }, () => 4 * r() - 2);
    }
  });
  if (y[0]!.length !== (shapes.columns === 1 ? 1 : units)) throw new Error("sample: the target's columns disagree with its shapes");
  return { y, p };
}

/** The units a case uses: three, or more when the loss needs more. */
export function unitsFor(shapes: Shapes): number {
  return Math.max(shapes.minUnits, 3);
}
