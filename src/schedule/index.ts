// What a schedule's value is at an epoch: the one definition every target (checker, summary,
// tfjs runtime, and the Python module beside Keras JSON, which mirrors it) uses.
import { shortestNumber } from "./numbers.js";

/** A breakpoint: an epoch, or a fraction of training (`30%` is 0.3). */
export type At = { epoch: number } | { fraction: number };

export interface Point {
  at: At;
  value: number;
}

export type Schedule =
  | { kind: "constant"; value: number }
  /** Piecewise constant: the value of the last breakpoint at or before the epoch. */
  | { kind: "step"; points: Point[] }
  /** Piecewise linear between breakpoints, flat before the first and after the last. */
  | { kind: "ramp"; points: Point[] }
  /** start * factor^floor(epoch / every). */
  | { kind: "exponential"; start: number; factor: number; every: number }
  /** Half a cosine from start to end over `epochs`, then end. */
  | { kind: "cosine"; start: number; end: number; epochs: At }
  /** Linear from start to target over `epochs`, then target. */
  | { kind: "warmup"; start: number; target: number; epochs: At };

/** A coefficient or rate: a number, or a schedule (with its name when it was declared with one). */
export type Coefficient = number | { schedule: Schedule; name?: string };

/** Epochs count from 0, as Keras's on_epoch_begin does. */
export function epochOf(at: At, totalEpochs: number): number {
  return "epoch" in at ? at.epoch : at.fraction * totalEpochs;
}

export function valueAt(s: Schedule, epoch: number, totalEpochs: number): number {
  switch (s.kind) {
    case "constant":
      return s.value;
    case "step": {
      let v = s.points[0]!.value;
      for (const p of s.points) if (epoch >= epochOf(p.at, totalEpochs)) v = p.value;
      return v;
    }
    case "ramp": {
      const pts = s.points;
      if (epoch <= epochOf(pts[0]!.at, totalEpochs)) return pts[0]!.value;
      for (let i = 1; i < pts.length; i++) {
        const e1 = epochOf(pts[i]!.at, totalEpochs);
        if (epoch <= e1) {
          const e0 = epochOf(pts[i - 1]!.at, totalEpochs);
          const t = (epoch - e0) / (e1 - e0);
          return pts[i - 1]!.value + t * (pts[i]!.value - pts[i - 1]!.value);
        }
      }
      return pts[pts.length - 1]!.value;
    }
    case "exponential":
      return s.start * Math.pow(s.factor, Math.floor(epoch / s.every));
    case "cosine": {
      const n = epochOf(s.epochs, totalEpochs);
      const t = n <= 0 ? 1 : Math.min(epoch, n) / n;
      return s.end + ((s.start - s.end) * (1 + Math.cos(Math.PI * t))) / 2;
    }
    case "warmup": {
      const n = epochOf(s.epochs, totalEpochs);
      const t = n <= 0 ? 1 : Math.min(epoch, n) / n;
      return s.start + t * (s.target - s.start);
    }
  }
}

/** The plain number a coefficient stands for (a number, or a `constant(v)` schedule), else undefined. */
export function plainNumber(c: Coefficient): number | undefined {
  if (typeof c === "number") return c;
  return c.schedule.kind === "constant" ? c.schedule.value : undefined;
}

export function coefficientAt(c: Coefficient, epoch: number, totalEpochs: number): number {
  return typeof c === "number" ? c : valueAt(c.schedule, epoch, totalEpochs);
}

/** The largest value a coefficient takes over training (for advice such as "above 0.1"). */
export function maxValue(c: Coefficient): number {
  if (typeof c === "number") return c;
  const s = c.schedule;
  switch (s.kind) {
    case "constant":
      return s.value;
    case "step":
    case "ramp":
      return Math.max(...s.points.map((p) => p.value));
    case "exponential":
      return s.factor > 1 ? Infinity : s.start;
    case "cosine":
      return Math.max(s.start, s.end);
    case "warmup":
      return Math.max(s.start, s.target);
  }
}

/** Every number a schedule holds, each with what it is, for validity checks. */
export function scheduleValues(s: Schedule): number[] {
  switch (s.kind) {
    case "constant":
      return [s.value];
    case "step":
    case "ramp":
      return s.points.map((p) => p.value);
    case "exponential":
      return [s.start];
    case "cosine":
      return [s.start, s.end];
    case "warmup":
      return [s.start, s.target];
  }
}

/** The breakpoints a schedule names (for "runs past the last epoch"). */
export function breakpoints(s: Schedule): At[] {
  switch (s.kind) {
    case "step":
    case "ramp":
      return s.points.map((p) => p.at);
    case "cosine":
    case "warmup":
      return [s.epochs];
    default:
      return [];
  }
}

/** How describeSchedule writes numbers and fractions of training (breakpoints in epochs are integers). */
export interface ScheduleWriter {
  number(x: number): string;
  /** A fraction of training as a percentage: 0.3 -> `30%`. */
  fraction(f: number): string;
}

const PLAIN: ScheduleWriter = { number: (x) => shortestNumber(x), fraction: (f) => `${+(f * 100).toPrecision(12)}%` };

/** A breakpoint as the language writes it: `1200` (an epoch) or `30%`. */
export function describeAt(a: At, w: ScheduleWriter = PLAIN): string {
  return "epoch" in a ? String(a.epoch) : w.fraction(a.fraction);
}

/**
 * A schedule as the language writes it, before its numbers become text, with the arguments in
 * grammar/README.md's order: a call (`warmup(target: 1e-3, epochs: 10, start: 0)`; a positional
 * argument has no name; an At is a number of epochs or a percentage), or a block of breakpoints
 * (`step { 0: 0, 1200: 1e-5 }`).
 */
export type ScheduleCall = { kind: Schedule["kind"]; args: [name: string | undefined, value: number | At][] } | { kind: "step" | "ramp"; points: [at: At, value: number][] };

export function scheduleCall(s: Schedule): ScheduleCall {
  switch (s.kind) {
    case "constant":
      return { kind: s.kind, args: [[undefined, s.value]] };
    case "step":
    case "ramp":
      return { kind: s.kind, points: s.points.map((p) => [p.at, p.value]) };
    case "exponential":
      return { kind: s.kind, args: [["start", s.start], ["factor", s.factor], ["every", { epoch: s.every }]] };
    case "cosine":
      return { kind: s.kind, args: [["start", s.start], ["end", s.end], ["epochs", s.epochs]] };
    case "warmup":
      return { kind: s.kind, args: [["target", s.target], ["epochs", s.epochs], ["start", s.start]] };
  }
}

/**
 * A schedule in the language's own syntax (scheduleCall as text). The summary and messages use plain
 * numbers; other writers may pass their own.
 */
export function describeSchedule(s: Schedule, w: ScheduleWriter = PLAIN): string {
  const c = scheduleCall(s);
  const value = (v: number | At) => (typeof v === "number" ? w.number(v) : describeAt(v, w));
  if ("points" in c) return `${c.kind} { ${c.points.map(([at, v]) => `${describeAt(at, w)}: ${w.number(v)}`).join(", ")} }`;
  return `${c.kind}(${c.args.map(([k, v]) => (k === undefined ? "" : `${k}: `) + value(v)).join(", ")})`;
}

export function describeCoefficient(c: Coefficient): string {
  if (typeof c === "number") return shortestNumber(c);
  return c.name ? `${c.name} = ${describeSchedule(c.schedule)}` : describeSchedule(c.schedule);
}
