// Seeded initial weights computed in JavaScript (float64, then rounded to float32), following each
// weight's tfjs initializer and Keras 3's formulas, so a seed gives the same numbers on every backend
// and a batched sweep trainer can reproduce a one-by-one trial.
import { tf, type LayersModel, type Tensor } from "./tf.js";
import { MT19937 } from "./data/mt19937.js";
import { mixSeed } from "./random.js";
import { scanModel } from "./model-scan.js";

const INIT_FIELD: Record<string, string> = {
  kernel: "kernelInitializer",
  recurrent_kernel: "recurrentInitializer",
  bias: "biasInitializer",
  gamma: "gammaInitializer",
  beta: "betaInitializer",
  moving_mean: "movingMeanInitializer",
  moving_variance: "movingVarianceInitializer",
  embeddings: "embeddingsInitializer",
  depthwise_kernel: "depthwiseInitializer",
  pointwise_kernel: "pointwiseInitializer",
};

type Init = { getClassName(): string; getConfig(): Record<string, unknown> };

/** Keras's fans: [fan_in, fan_out] with channels last (receptive field times the last two dims). */
export function computeFans(shape: number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  let rf = 1;
  for (let i = 0; i < shape.length - 2; i++) rf *= shape[i]!;
  return [shape[shape.length - 2]! * rf, shape[shape.length - 1]! * rf];
}

/** Standard normal truncated to [-2, 2] by redrawing (as TensorFlow's truncated_normal). */
function truncatedGauss(rng: MT19937): number {
  for (;;) {
    const z = rng.legacyGauss();
    if (z >= -2 && z <= 2) return z;
  }
}

/** The values of one initializer for a shape, from an MT19937 stream (float64). */
export function initializerValues(init: Init | undefined, shape: number[], rng: MT19937): Float64Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  const cls = init?.getClassName() ?? "Zeros";
  const c = (init?.getConfig() ?? {}) as Record<string, number | string | null>;
  const configNumber = (k: string, d: number) => (typeof c[k] === "number" ? (c[k] as number) : d);
  switch (cls) {
    case "Zeros":
      return out;
    case "Ones":
      return out.fill(1);
    case "Constant":
      return out.fill(configNumber("value", 0));
    case "RandomUniform": {
      const lo = configNumber("minval", -0.05);
      const hi = configNumber("maxval", 0.05);
      for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng.randomSample();
      return out;
    }
    case "RandomNormal": {
      const mean = configNumber("mean", 0);
      const sd = configNumber("stddev", 0.05);
      for (let i = 0; i < n; i++) out[i] = mean + sd * rng.legacyGauss();
      return out;
    }
    case "TruncatedNormal": {
      const mean = configNumber("mean", 0);
      const sd = configNumber("stddev", 0.05);
      for (let i = 0; i < n; i++) out[i] = mean + sd * truncatedGauss(rng);
      return out;
    }
    case "Identity": {
      const gain = configNumber("gain", 1);
      const [r, k] = [shape[0]!, shape[1]!];
      for (let i = 0; i < Math.min(r, k); i++) out[i * k + i] = gain;
      return out;
    }
    case "Orthogonal":
      return orthogonal(shape, configNumber("gain", 1), rng);
    default: {
      // VarianceScaling and its named forms (GlorotUniform, HeNormal, LeCunNormal, ...): their config
      // holds scale, mode and distribution. tfjs's "normal" is Keras 3's "truncated_normal".
      if (typeof c["mode"] !== "string") throw new Error(`regc runtime: no seeded initializer for ${cls}`);
      const [fanIn, fanOut] = computeFans(shape);
      const mode = String(c["mode"]).toLowerCase().replace("_", "");
      const fan = mode === "fanin" ? fanIn : mode === "fanout" ? fanOut : (fanIn + fanOut) / 2;
      const scale = configNumber("scale", 1) / Math.max(1, fan);
      const dist = String(c["distribution"] ?? "normal");
      if (dist === "uniform") {
        const limit = Math.sqrt(3 * scale);
        for (let i = 0; i < n; i++) out[i] = -limit + 2 * limit * rng.randomSample();
      } else if (dist === "untruncated_normal") {
        const sd = Math.sqrt(scale);
        for (let i = 0; i < n; i++) out[i] = sd * rng.legacyGauss();
      } else {
        const sd = Math.sqrt(scale) / 0.8796256610342398;
        for (let i = 0; i < n; i++) out[i] = sd * truncatedGauss(rng);
      }
      return out;
    }
  }
}

/** Keras's Orthogonal: QR of a normal matrix (rows = prod(shape[:-1]), cols = last), signs fixed by diag(R). */
function orthogonal(shape: number[], gain: number, rng: MT19937): Float64Array {
  const cols = shape[shape.length - 1]!;
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  // Work on a tall matrix (m >= k) stored by column: k columns of length m.
  const [m, k] = rows < cols ? [cols, rows] : [rows, cols];
  const a: Float64Array[] = [];
  for (let j = 0; j < k; j++) a.push(new Float64Array(m));
  // Normal values fill the (m x k) matrix row-major, as numpy's normal(size=(m, k)).
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) a[j]![i] = rng.legacyGauss();
  // Modified Gram-Schmidt: Q with R's diagonal positive, i.e. Householder's Q times sign(diag(R)).
  for (let j = 0; j < k; j++) {
    const v = a[j]!;
    for (let p = 0; p < j; p++) {
      const q = a[p]!;
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[i]! * v[i]!;
      for (let i = 0; i < m; i++) v[i]! -= dot * q[i]!;
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) v[i] = v[i]! / norm;
  }
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (rows < cols ? a[r]![c]! : a[c]![r]!);
  return out;
}

/**
 * Initial values for every weight of the model (model.weights order), from `seed`: weight i draws
 * from its own MT19937 stream seeded by mixSeed(seed, i, 0), following its layer's initializer.
 */
export function initialWeights(model: LayersModel, seed: number): Float32Array[] {
  const scan = scanModel(model);
  return scan.weights.map(({ weight, owner, suffix }, i) => {
    const field = INIT_FIELD[suffix];
    const init = field ? (owner[field] as Init | undefined) : undefined;
    if (field && !init) throw new Error(`regc runtime: cannot find the initializer of ${weight.name}`);
    return Float32Array.from(initializerValues(init, weight.shape, new MT19937(mixSeed(seed, i, 0))));
  });
}

/** Writes values (model.weights order) into the model's weights. */
export function setWeights(model: LayersModel, values: ArrayLike<number>[]): void {
  const ws = model.weights;
  tf.tidy(() => {
    ws.forEach((w, i) => (w as unknown as { write(t: Tensor): void }).write(tf.tensor(values[i]! as Float32Array, w.shape as number[], "float32")));
  });
}
