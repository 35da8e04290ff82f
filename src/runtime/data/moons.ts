// scikit-learn's `make_moons` reproduced bit for bit (float64, before any float32 cast) so runs on the two-moons data match published sklearn results.
import { MT19937 } from "./mt19937.js";

export interface MoonsData {
  /** Row-major n×2 coordinates, the float64 values sklearn returns. */
  x: Float64Array;
  /** Class of each row: 0 for the outer moon, 1 for the inner one. */
  y: Int32Array;
}

// np.linspace(0, stop, num) for num >= 0: arange(num) * (stop / (num - 1)) + 0, last element pinned to stop.
function linspace(stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  if (num === 1) return out; // div = 0: numpy multiplies arange by delta, giving [0]
  const step = stop / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + 0;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/**
 * `sklearn.datasets.make_moons(n_samples=samples, shuffle=shuffle, noise=noise, random_state=seed)`.
 *
 * Same steps and the same random stream as sklearn 1.x with NumPy's legacy RandomState:
 * outer half circle (n // 2 points) then inner one, `sklearn.utils.shuffle` (arange + legacy
 * shuffle) when shuffle is on, then `normal(scale=noise, size=(n, 2))` added in row-major order.
 * cos, sin and log are V8's, which differ from glibc's in the last bit for a few percent of inputs:
 * X matches NumPy to within 1e-15 (far below float32 resolution); labels and order match exactly.
 */
export function makeMoons(samples: number, noise: number | null, seed: number, shuffle = true): MoonsData {
  // sklearn's validate_params: n_samples an integer >= 1, noise None or a real >= 0.
  if (!Number.isInteger(samples) || samples < 1) {
    throw new RangeError(`samples must be an integer >= 1, got ${samples}`);
  }
  if (noise !== null && !(noise >= 0 && Number.isFinite(noise))) {
    throw new RangeError(`noise must be null or a finite number >= 0, got ${noise}`);
  }
  const rng = new MT19937(seed);
  const nOut = Math.floor(samples / 2);
  const nIn = samples - nOut;

  let x = new Float64Array(2 * samples);
  let y = new Int32Array(samples);
  const tOut = linspace(Math.PI, nOut);
  for (let i = 0; i < nOut; i++) {
    x[2 * i] = Math.cos(tOut[i]);
    x[2 * i + 1] = Math.sin(tOut[i]);
  }
  const tIn = linspace(Math.PI, nIn);
  for (let i = 0; i < nIn; i++) {
    const row = nOut + i;
    x[2 * row] = 1 - Math.cos(tIn[i]);
    // sklearn writes 1 - Math.sin(t) - .5, evaluated left to right.
    x[2 * row + 1] = 1 - Math.sin(tIn[i]) - 0.5;
    y[row] = 1;
  }

  if (shuffle) {
    // sklearn.utils.shuffle -> resample(replace=False): indices = arange(n); random_state.shuffle(indices).
    const order = rng.permutation(samples);
    const xs = new Float64Array(2 * samples);
    const ys = new Int32Array(samples);
    for (let i = 0; i < samples; i++) {
      const j = order[i];
      xs[2 * i] = x[2 * j];
      xs[2 * i + 1] = x[2 * j + 1];
      ys[i] = y[j];
    }
    x = xs;
    y = ys;
  }

  if (noise !== null) {
    // generator.normal(scale=noise, size=(n, 2)) fills C order, which is x's row-major order.
    for (let k = 0; k < x.length; k++) x[k] += rng.normal(0, noise);
  }
  return { x, y };
}
