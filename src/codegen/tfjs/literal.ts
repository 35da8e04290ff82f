// JavaScript literals for values from a spec. Everything a spec supplies (names, paths, column names)
// reaches a generated program only through these functions, as escaped data, never as code.

/** A string literal: JSON's escaping, plus the two line separators JSON leaves raw. */
export function str(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A number literal; the IR holds only finite numbers. */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`internal error: a non-finite number (${x}) in the IR`);
  return Object.is(x, -0) ? "-0" : String(x);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object key: bare when it is a plain identifier, else a string; `__proto__` computed, so it stays an own key. */
export function key(k: string): string {
  if (k === "__proto__") return `[${str(k)}]`;
  return IDENTIFIER.test(k) ? k : str(k);
}

/** A JSON-like value (the IR's train block, schedules, layer arguments) as a literal. */
export function lit(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return str(v);
  if (typeof v === "number") return num(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(lit).join(", ")}]`;
  if (typeof v === "object") return obj(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, lit(x)]));
  throw new Error(`internal error: cannot write a ${typeof v} as a literal`);
}

/** An object literal from keys and already-written values, in the given order. */
export function obj(entries: readonly (readonly [string, string])[]): string {
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${v}`).join(", ")} }`;
}

/** Text inside a `//` comment: a plain path as is, anything else as an escaped string (no line breaks). */
export function commentText(s: string): string {
  return /^[\w./@+~-]+$/.test(s) ? s : str(s);
}
