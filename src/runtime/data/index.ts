// Training data for a run: two moons (exact scikit-learn make_moons) or a CSV file, split into a
// training and a test set in row order, as plain typed arrays (tensors are made by the trainer).
import { isAbsolute, relative, resolve } from "node:path";
import { makeMoons } from "./moons.js";
import { readCsv } from "./csv.js";
import { RegcError } from "../../diagnostics/index.js";

import type { DataSource, Train } from "../../ir/types.js";

// The IR's own types: the program's spec object carries the train block as the checker wrote it.
export type { DataSource };
export type Split = Train["split"];

export interface XY {
  /** Row-major features, rows x prod(shape). */
  x: Float32Array;
  y: Float32Array;
  rows: number;
  /** One sample's feature shape (e.g. [2]). */
  shape: number[];
}

export interface Dataset {
  train: XY;
  test: XY | null;
}

function take(x: Float32Array, y: Float32Array, shape: number[], from: number, to: number): XY {
  const w = shape.reduce((a, b) => a * b, 1);
  return { x: x.subarray(from * w, to * w), y: y.subarray(from, to), rows: to - from, shape };
}

/** Loads the data and splits it: the first `count` rows (or round(fraction * rows)) train, the rest test. */
export function loadData(data: DataSource, split: Split, opts: { baseDir?: string; inputShape?: number[] } = {}): Dataset {
  let x: Float32Array;
  let y: Float32Array;
  let shape: number[];
  if (data.kind === "moons") {
    const m = makeMoons(data.samples, data.noise, data.seed);
    x = Float32Array.from(m.x);
    y = Float32Array.from(m.y);
    shape = [2];
  } else {
    const base = opts.baseDir ?? process.cwd();
    const full = isAbsolute(data.path) ? data.path : resolve(base, data.path);
    const rel = relative(process.cwd(), full);
    const shown = rel && !rel.startsWith("..") ? rel : full;
    const t = readCsv(full, shown, data.target);
    x = t.x;
    y = t.y;
    shape = [t.features];
    if (opts.inputShape && opts.inputShape.reduce((a, b) => a * b, 1) === t.features) shape = opts.inputShape;
    else if (opts.inputShape) {
      throw new RegcError("featureCount", `the data has ${t.features} feature columns but the model's input [${opts.inputShape.join(", ")}] needs ${opts.inputShape.reduce((a, b) => a * b, 1)}`, {
        file: shown,
        span: { line: 1, column: 1 },
      });
    }
  }
  const rows = y.length;
  if (split === null) return { train: take(x, y, shape, 0, rows), test: null };
  const n = "count" in split ? split.count : Math.round(split.fraction * rows);
  if (!(n >= 1 && n <= rows)) {
    throw new RegcError("badSplit", `split ${"count" in split ? split.count : `${split.fraction * 100}%`} leaves ${n} training rows of ${rows}`);
  }
  return { train: take(x, y, shape, 0, n), test: n < rows ? take(x, y, shape, n, rows) : null };
}

