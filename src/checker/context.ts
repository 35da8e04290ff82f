// The checker's shared state: declarations, what has been used, diagnostics, and how values are read.
import type * as A from "../parser/ast.js";
import { diag, type SourceDiagnostic, type DiagnosticKind } from "../diagnostics/index.js";
import { didYouMean } from "../diagnostics/did-you-mean.js";
import type { IRLayer } from "../ir/types.js";
import { describeAt, maxValue, scheduleValues, type At, type Coefficient, type Point, type Schedule } from "../schedule/index.js";

export interface CheckOptions {
  /** Param values that replace the declared ones (one sweep point). */
  params?: Record<string, number>;
  /** Replaces the train block's epochs (`regc train --epochs`). */
  epochs?: number;
}

/** `table[key]` when it is the table's own entry: a spec's word like `constructor` or `__proto__` is never
 * read from Object.prototype. */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function quoteList(words: readonly string[]): string {
  return words.map((w) => `'${w}'`).join(", ");
}

/**
 * The schedule kinds and their arguments, in order, with the defaults of the optional ones (a number, or
 * a fraction of training). step and ramp take breakpoints in braces instead.
 */
export const SCHEDULE_KINDS: Readonly<Record<string, { names: readonly string[]; defaults: Readonly<Record<string, number | { fraction: number }>> }>> = {
  constant: { names: ["value"], defaults: {} },
  step: { names: [], defaults: {} },
  ramp: { names: [], defaults: {} },
  exponential: { names: ["start", "factor", "every"], defaults: {} },
  cosine: { names: ["start", "end", "epochs"], defaults: { end: 0, epochs: { fraction: 1 } } },
  warmup: { names: ["target", "epochs", "start"], defaults: { start: 0 } },
};

export class Context {
  readonly diagnostics: SourceDiagnostic[] = [];
  readonly schedules = new Map<string, A.ScheduleDecl>();
  readonly params = new Map<string, A.ParamDecl>();
  readonly paramValues = new Map<string, number>();
  readonly used = new Set<string>();
  /** Schedules already read, so a named schedule is checked (and warned about) once. */
  private readonly scheduleCache = new Map<string, Schedule | undefined>();
  /** Every schedule used, with where it was written, for advice about its breakpoints. */
  readonly usedSchedules: { schedule: Schedule; span: A.Span }[] = [];
  /** Each of the model's layers as checked, in order; undefined where it did not check (or its input did not). */
  readonly layers: (IRLayer | undefined)[] = [];
  epochs: number | undefined;

  constructor(readonly options: CheckOptions) {}

  report(kind: DiagnosticKind, message: string, span: A.Span): void {
    this.diagnostics.push(diag(kind, message, span));
  }

  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === "error");
  }

  /** A name used as a value: a param or schedule; reports it when undefined. */
  lookup(v: A.CallValue): { param: number } | { schedule: Schedule } | undefined {
    if (this.params.has(v.name)) {
      this.used.add(v.name);
      const value = this.paramValues.get(v.name);
      return value === undefined ? undefined : { param: value };
    }
    const decl = this.schedules.get(v.name);
    if (decl) {
      this.used.add(v.name);
      if (!this.scheduleCache.has(v.name)) {
        this.scheduleCache.set(v.name, undefined);
        const s = this.schedule(decl.value);
        this.scheduleCache.set(v.name, s);
      }
      const s = this.scheduleCache.get(v.name);
      return s ? { schedule: s } : undefined;
    }
    if (["nan", "inf", "infinity"].includes(v.name.toLowerCase())) {
      this.report("nonFiniteCoefficient", `'${v.name}' is not a finite number`, v.span);
      return undefined;
    }
    const known = [...this.params.keys(), ...this.schedules.keys()];
    this.report("undefinedName", `'${v.name}' is not defined${didYouMean(v.name, known) || ": declare it with 'param' or 'schedule'"}`, v.span);
    return undefined;
  }

  /** The declared schedules that were read, by name, in name order. */
  namedSchedules(): Record<string, Schedule> {
    // Object.fromEntries defines own keys: a schedule named `__proto__` stays a key (an assignment would
    // set the object's prototype instead).
    return Object.fromEntries(
      [...this.scheduleCache.keys()].sort().flatMap((name) => {
        const s = this.scheduleCache.get(name);
        return s ? [[name, s] as const] : [];
      }),
    );
  }

  /** A plain number: a literal or a param. */
  number(v: A.Value, what: string): number | undefined {
    if (v.kind === "number") {
      if (!Number.isFinite(v.value)) {
        this.report("nonFiniteCoefficient", `${what} is ${v.raw}, which is not a finite number`, v.span);
        return undefined;
      }
      return v.value;
    }
    if (v.kind === "call" && !v.args && !v.block) {
      const r = this.lookup(v);
      if (!r) return undefined;
      if ("param" in r) return r.param;
      this.report("notSchedulable", `${what} must be a number, but '${v.name}' is a schedule`, v.span);
      return undefined;
    }
    this.report("badArgument", `${what} must be a number`, v.span);
    return undefined;
  }

  integer(v: A.Value, what: string, min: number, max = 2 ** 31 - 1): number | undefined {
    const n = this.number(v, what);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || n < min || n > max) {
      const range = max === 2 ** 31 - 1 ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
      this.report("badArgument", `${what} must be ${range}, not ${messageNumber(n)}`, v.span);
      return undefined;
    }
    return n;
  }

  /** A coefficient: a non-negative number, a param, a named schedule or an inline one. */
  coefficient(v: A.Value, what: string, kind: "penalty" | "rate" = "penalty"): Coefficient | undefined {
    let c: Coefficient | undefined;
    if (v.kind === "call" && !v.args && !v.block) {
      const r = this.lookup(v);
      if (!r) return undefined;
      c = "param" in r ? r.param : { schedule: r.schedule, name: v.name };
    } else if (v.kind === "call") {
      const s = this.schedule(v);
      if (!s) return undefined;
      c = { schedule: s };
    } else {
      c = this.number(v, what);
    }
    if (c === undefined) return undefined;
    if (typeof c === "number" && !this.validCoefficient(c, what, v.span)) return undefined;
    if (kind === "rate") {
      if (!(maxValue(c) < 1)) {
        this.report("rateOutOfRange", `${what} reaches ${messageNumber(maxValue(c))}, but a rate must be in [0, 1)`, v.span);
        return undefined;
      }
    } else if (maxValue(c) > 0.1 && maxValue(c) !== Infinity) {
      this.report("largeCoefficient", `${what} reaches ${messageNumber(maxValue(c))}, above 0.1; it will likely dominate the data loss`, v.span);
    }
    return c;
  }

  validCoefficient(n: number, what: string, span: A.Span): boolean {
    if (!Number.isFinite(n)) {
      this.report("nonFiniteCoefficient", `${what} must be a finite number, not ${messageNumber(n)}`, span);
      return false;
    }
    if (n < 0) {
      this.report("negativeCoefficient", `${what} is ${messageNumber(n)}, but a coefficient must not be negative`, span);
      return false;
    }
    return true;
  }

  /** An inline schedule: constant(v), step { e: v }, ramp { e: v }, exponential(...), cosine(...), warmup(...). */
  schedule(v: A.Value): Schedule | undefined {
    if (v.kind !== "call") {
      this.report("badSchedule", "a schedule is written like step { 0: 0, 1200: 1e-5 } or exponential(start: 1e-3, factor: 0.5, every: 100)", v.span);
      return undefined;
    }
    const kinds = Object.keys(SCHEDULE_KINDS);
    if (!kinds.includes(v.name)) {
      this.report("unknownSchedule", `unknown schedule kind '${v.name}'${didYouMean(v.name, kinds) || `: expected one of ${quoteList(kinds)}`}`, v.nameSpan);
      return undefined;
    }
    let s: Schedule | undefined;
    if (v.name === "step" || v.name === "ramp") {
      if (v.args && v.args.length > 0) this.report("badSchedule", `${v.name} takes its breakpoints in braces: ${v.name} { 0: 0, 100: 1e-4 }`, v.args[0]!.span);
      if (!v.block || v.block.entries.length === 0) {
        this.report("badSchedule", `${v.name} needs breakpoints in braces: ${v.name} { 0: 0, 100: 1e-4 }`, v.span);
        return undefined;
      }
      const points: Point[] = [];
      let prev: { at: At; span: A.Span } | undefined;
      for (const e of v.block.entries) {
        const at = this.breakpoint(e.key, e.keySpan);
        const value = this.number(e.value, `the value at ${e.key}`);
        if (at === undefined || value === undefined || !this.validCoefficient(value, `the value at ${e.key}`, e.value.span)) continue;
        if (prev && !this.increases(prev.at, at)) {
          this.report("backwardsSchedule", `breakpoint ${e.key} comes after ${describeAt(prev.at)}, but breakpoints must increase`, e.keySpan);
        }
        prev = { at, span: e.keySpan };
        points.push({ at, value });
      }
      if (points.length !== v.block.entries.length) return undefined;
      s = { kind: v.name, points };
    } else {
      if (v.block) this.report("badSchedule", `${v.name} takes arguments in parentheses, not braces`, v.block.span);
      const shape = SCHEDULE_KINDS[v.name]!;
      const got = this.bindArgs(v.args ?? [], shape.names, `${v.name}`, v.span);
      if (!got) return undefined;
      const defaults = Object.fromEntries(Object.entries(shape.defaults).map(([k, d]) => [k, typeof d === "number" ? numberNode(d) : percentNode(d.fraction)]));
      const a: Record<string, A.Value> = { ...defaults, ...got };
      const missing = shape.names.filter((n) => !(n in a));
      if (missing.length > 0) {
        this.report("badSchedule", `${v.name} needs ${quoteList(missing)}: ${v.name}(${shape.names.map((n) => `${n}: ...`).join(", ")})`, v.span);
        return undefined;
      }
      const value = (name: string) => {
        const n = this.number(a[name]!, `${v.name}'s ${name}`);
        return n !== undefined && this.validCoefficient(n, `${v.name}'s ${name}`, a[name]!.span) ? n : undefined;
      };
      if (v.name === "constant") {
        const x = value("value");
        s = x === undefined ? undefined : { kind: "constant", value: x };
      } else if (v.name === "exponential") {
        const [start, factor, every] = [value("start"), value("factor"), this.integer(a.every!, "exponential's every", 1)];
        s = start === undefined || factor === undefined || every === undefined ? undefined : { kind: "exponential", start, factor, every };
      } else {
        const epochs = this.duration(a.epochs!, `${v.name}'s epochs`);
        if (v.name === "cosine") {
          const [start, end] = [value("start"), value("end")];
          s = start === undefined || end === undefined || !epochs ? undefined : { kind: "cosine", start, end, epochs };
        } else {
          const [target, start] = [value("target"), value("start")];
          s = target === undefined || start === undefined || !epochs ? undefined : { kind: "warmup", start, target, epochs };
        }
      }
    }
    if (s) {
      this.usedSchedules.push({ schedule: s, span: v.span });
      for (const x of scheduleValues(s)) if (!Number.isFinite(x)) return undefined;
    }
    return s;
  }

  /** Binds positional and named arguments to names; reports unknown, duplicate and extra ones. */
  bindArgs(args: A.Arg[], names: readonly string[], owner: string, span: A.Span): Record<string, A.Value> | undefined {
    const out: Record<string, A.Value> = {};
    let ok = true;
    let position = 0;
    let sawNamed = false;
    for (const arg of args) {
      let name: string;
      if (arg.name === undefined) {
        if (sawNamed) {
          this.report("positionalAfterNamed", `positional argument after a named one in ${owner}`, arg.span);
          ok = false;
          continue;
        }
        if (position >= names.length) {
          this.report("tooManyArguments", `${owner} takes at most ${names.length} positional argument${names.length === 1 ? "" : "s"}`, arg.span);
          ok = false;
          continue;
        }
        name = names[position++]!;
      } else {
        sawNamed = true;
        name = arg.name;
        if (!names.includes(name)) {
          this.report("unknownArgument", `${owner} has no argument '${name}'${didYouMean(name, names) || (names.length ? `; it takes ${quoteList(names)}` : "")}`, arg.nameSpan ?? arg.span);
          ok = false;
          continue;
        }
      }
      if (Object.hasOwn(out, name)) {
        this.report("duplicateArgument", `'${name}' is given twice to ${owner}`, arg.span);
        ok = false;
        continue;
      }
      out[name] = arg.value;
    }
    void span;
    return ok ? out : undefined;
  }

  breakpoint(key: string, span: A.Span): At | undefined {
    if (key.endsWith("%")) {
      const f = Number(key.slice(0, -1)) / 100;
      if (!Number.isFinite(f) || f < 0) {
        this.report("badSchedule", `breakpoint ${key} must be a percentage of at least 0%`, span);
        return undefined;
      }
      return { fraction: f };
    }
    const e = Number(key);
    if (!Number.isFinite(e) || e < 0 || !/^[0-9.eE+-]+$/.test(key)) {
      this.report("badSchedule", `breakpoint '${key}' must be an epoch (a number of at least 0) or a percentage like 30%`, span);
      return undefined;
    }
    return { epoch: e };
  }

  /** A number of epochs or a percentage of training. */
  duration(v: A.Value, what: string): At | undefined {
    if (v.kind === "percent") {
      if (!(v.value > 0) || !Number.isFinite(v.value)) {
        this.report("badSchedule", `${what} must be above 0%`, v.span);
        return undefined;
      }
      return { fraction: v.value };
    }
    const n = this.number(v, what);
    if (n === undefined) return undefined;
    if (!(n > 0)) {
      this.report("badSchedule", `${what} must be above 0`, v.span);
      return undefined;
    }
    return { epoch: n };
  }

  private increases(a: At, b: At): boolean {
    if ("epoch" in a && "epoch" in b) return b.epoch > a.epoch;
    if ("fraction" in a && "fraction" in b) return b.fraction > a.fraction;
    // Mixed units compare once the number of epochs is known.
    if (this.epochs === undefined) return true;
    const e = (x: At) => ("epoch" in x ? x.epoch : x.fraction * this.epochs!);
    return e(b) > e(a);
  }
}

/** A number as the checker's messages show it: as the spec's value prints, NaN and the infinities in words. */
export function messageNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "infinity" : "-infinity";
  return String(n);
}

const NOWHERE: A.Span = { line: 1, column: 1, offset: 0, endLine: 1, endColumn: 1, endOffset: 0 };
function numberNode(value: number): A.NumberValue {
  return { kind: "number", value, raw: String(value), span: NOWHERE };
}
function percentNode(value: number): A.PercentValue {
  return { kind: "percent", value, raw: `${value * 100}%`, span: NOWHERE };
}
