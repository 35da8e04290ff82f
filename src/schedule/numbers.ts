// Numbers as regc writes them in specs, summaries, messages and tables: the shortest decimal that
// gives back the value, in plain or exponent form, whichever is shorter (0.5, 1e-3, 2.5e-4, 100, 1e5).
//
// For `regc import`: Keras writes some values rounded to float32 (tf.keras 2 every regularizer value; Keras 3 an L1
// factor; a learning rate): 0.0010000000474974513 is float32(0.001). For those the decimal printed is
// the shortest one that rounds to the same float32, so the spec says 1e-3, and building it again
// writes the same float32 value. Other values are Python floats, printed by the shortest decimal
// that gives back the same double.

/** The shortest decimal for x; `float32`: the shortest one whose float32 rounding is x. */
export function shortestNumber(x: number, float32 = false): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (x === 0) return "0";
  if (x < 0) return `-${shortestNumber(-x, float32)}`;
  const same = float32 && Math.fround(x) === x ? (d: number) => Math.fround(d) === x : (d: number) => d === x;
  let d = x;
  for (let p = 1; p <= 17; p++) {
    const candidate = Number(x.toPrecision(p));
    if (same(candidate)) {
      d = candidate;
      break;
    }
  }
  return render(d);
}

function render(d: number): string {
  const [mantissa, expText] = d.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  const sci = `${mantissa}e${exp}`;
  const digits = mantissa.replace(".", "");
  const point = exp + 1;
  let plain: string;
  if (point <= 0) plain = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + "0".repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sci.length < plain.length ? sci : plain;
}

/** A fraction of training as a percentage the parser reads back to the same fraction (0.3 -> 30%). */
export function percent(fraction: number): string {
  for (let p = 1; p <= 17; p++) {
    const candidate = Number((fraction * 100).toPrecision(p));
    if (candidate / 100 === fraction) return `${render(candidate)}%`;
  }
  return `${render(fraction * 100)}%`;
}
