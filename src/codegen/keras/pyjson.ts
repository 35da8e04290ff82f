// Writes JSON exactly as Python's json.dumps does (what Keras's to_json() writes), so regc's output
// is byte-identical to the file Keras itself would write: ", " and ": " separators, ASCII only,
// floats in Python's repr (1.0, 1e-05, 0.0001) and keys in insertion order.
import { PyFloat } from "../../layers/catalog.js";

/** Python's repr of a float: the shortest round-trip digits, exponent form below 1e-4 or from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest digits that round-trip, as repr does.
  const [mantissa, exp] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const decpt = Number(exp) + 1;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${"0".repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const e = decpt - 1;
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

function pyString(s: string): string {
  // JSON.stringify escapes what JSON needs; Python's ensure_ascii also escapes every non-ASCII character.
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** json.dumps(value): numbers are Python ints unless wrapped in PyFloat. */
export function pyJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      // Python prints every digit of a large int, where JavaScript would switch to 1e+21.
      if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
      return pyFloatRepr(value);
    case "string":
      return pyString(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map(pyJson).join(", ")}]`;
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      return `{${entries.map(([k, v]) => `${pyString(k)}: ${pyJson(v)}`).join(", ")}}`;
    }
    default:
      throw new Error(`internal error: cannot write ${typeof value} as JSON`);
  }
}
