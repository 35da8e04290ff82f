// Statistics for the history, sweeps and the report: weights' L1 and L2 norms and 30-bin histograms, and
// the mean and standard deviation of a point's trials.

export function mean(xs: number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Population standard deviation (ddof = 0, NumPy's default); 0 for a single trial. */
export function std(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
}

export interface Histogram {
  /** 31 edges, numpy.histogram's: linspace(min, max, 31) (min - 0.5 .. max + 0.5 when all equal). */
  edges: number[];
  counts: number[];
}

export function norms(values: ArrayLike<number>): { l1: number; l2: number } {
  let l1 = 0;
  let sq = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    l1 += Math.abs(v);
    sq += v * v;
  }
  return { l1, l2: Math.sqrt(sq) };
}

/** numpy.histogram(values, bins): equal-width bins over [min, max], the last one closed. */
export function histogram(values: ArrayLike<number>, bins = 30): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return { edges: [], counts: [] }; // empty or all NaN
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + ((hi - lo) * i) / bins));
  const counts = new Array<number>(bins).fill(0);
  const width = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue;
    let b = Math.floor((v - lo) / width);
    if (b >= bins) b = bins - 1;
    // Floating-point edges: move to the bin whose [edge, next edge) holds v.
    while (b > 0 && v < edges[b]!) b--;
    while (b < bins - 1 && v >= edges[b + 1]!) b++;
    counts[b]!++;
  }
  return { edges, counts };
}
