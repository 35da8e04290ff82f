// Mersenne Twister MT19937 reproducing NumPy's legacy `np.random.RandomState(seed)` stream: seeding, raw draws, random_sample, the legacy Gaussian and shuffle/permutation.

/** Anything indexable and writable with a length: plain arrays and typed arrays. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** Integer-seeded legacy NumPy RandomState (MT19937 bit generator plus the cached Gaussian). */
export class MT19937 {
  private readonly key = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  /**
   * Seeds like `RandomState(seed)` for an integer seed: NumPy's `_legacy_seeding` calls
   * `mt19937_seed`, i.e. Matsumoto and Nishimura's init_genrand, and leaves no cached Gaussian.
   */
  constructor(seed: number) {
    // NumPy rejects anything outside [0, 2^32 - 1] for an integer seed.
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
    }
    const key = this.key;
    key[0] = seed;
    for (let i = 1; i < N; i++) {
      const prev = key[i - 1];
      // Math.imul keeps the low 32 bits of the product, as the C code's uint32 arithmetic does.
      key[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.pos = N;
  }

  // Regenerates all 624 words at once (the standard twist), as numpy's mt19937_gen does.
  private twist(): void {
    const key = this.key;
    let i = 0;
    for (; i < N - M; i++) {
      const y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      const y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }

  /** Next raw 32-bit output (NumPy's `MT19937.random_raw()` / `next_uint32`), as an unsigned integer. */
  genrandInt32(): number {
    if (this.pos === N) this.twist();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits (genrand_res53), NumPy's `random_sample()`. */
  randomSample(): number {
    const a = this.genrandInt32() >>> 5;
    const b = this.genrandInt32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /**
   * Standard normal by NumPy's legacy polar Box-Muller (`legacy_gauss`): each accepted pair yields
   * two values, the second cached for the next call.
   */
  legacyGauss(): number {
    if (this.hasGauss) {
      const cached = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.randomSample() - 1.0;
      x2 = 2.0 * this.randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** One draw of `RandomState.normal(loc, scale)` (legacy_normal: loc + scale * gauss). */
  normal(loc = 0, scale = 1): number {
    return loc + scale * this.legacyGauss();
  }

  /**
   * Uniform integer in [0, max] by NumPy's `random_interval`: mask to the smallest covering
   * power of two and reject values above max, drawing 32 bits at a time.
   */
  randomInterval(max: number): number {
    if (!Number.isInteger(max) || max < 0 || max > 0xffffffff) {
      throw new RangeError(`randomInterval supports 0 <= max <= 2**32 - 1, got ${max}`);
    }
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.genrandInt32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /** In-place Fisher-Yates shuffle identical to `RandomState.shuffle` on a 1-D array. */
  shuffle<A extends MutableArrayLike<unknown>>(array: A): A {
    for (let i = array.length - 1; i >= 1; i--) {
      const j = this.randomInterval(i);
      const tmp = array[j];
      array[j] = array[i];
      array[i] = tmp;
    }
    return array;
  }

  /** `RandomState.permutation(n)`: arange(n) shuffled. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new RangeError(`permutation length must be an integer in [0, 2**31 - 1], got ${n}`);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }
}
