// The one random stream of the sample-data generators: xorshift32, uniform in [0, 1), from a seed.
export function xorshift32(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
