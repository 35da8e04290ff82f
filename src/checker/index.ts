// Checking: AST to the IR (names resolved, defaults applied, shapes and parameters inferred), validated by the IR schema.
import type * as A from "../parser/ast.js";
import { sortDiagnostics, type SourceDiagnostic } from "../diagnostics/index.js";
import { IR_VERSION, type IR, type IRLayer } from "../ir/types.js";
import { validate } from "../ir/validate.generated.js";
import { Context, type CheckOptions } from "./context.js";
import { didYouMean } from "../diagnostics/did-you-mean.js";
import { checkDefaults, checkModel } from "./model.js";
import { checkTrain } from "./train.js";
import { adviceRules } from "./advice/index.js";

export type { CheckOptions };

export interface CheckResult {
  /** Present when the spec has no errors (warnings allowed). */
  ir?: IR;
  diagnostics: SourceDiagnostic[];
  /**
   * The model's layers as far as they checked, one per layer written (undefined where a layer or one before
   * it has an error), also when the spec has errors elsewhere: what an editor shows on hover.
   */
  layers: (IRLayer | undefined)[];
}

const ONCE = ["model", "train", "regularize", "sweep", "repeat"] as const;

export function check(file: A.SpecFile, options: CheckOptions = {}): CheckResult {
  const ctx = new Context(options);
  const firsts = new Map<string, A.Statement>();
  for (const s of file.statements) {
    if ((ONCE as readonly string[]).includes(s.kind)) {
      if (firsts.has(s.kind)) ctx.report(s.kind === "model" ? "noModel" : "duplicateBlock", `a spec has one '${s.kind}'${s.kind === "model" ? " block; put each model in its own file" : ""}`, s.span);
      else firsts.set(s.kind, s);
    }
    if (s.kind === "schedule" || s.kind === "param") {
      if (ctx.schedules.has(s.name) || ctx.params.has(s.name)) {
        ctx.report("duplicateName", `'${s.name}' is already defined`, s.nameSpan);
        continue;
      }
      if (s.kind === "schedule") ctx.schedules.set(s.name, s);
      else ctx.params.set(s.name, s);
    }
  }

  // Params first: everything else may use them.
  for (const p of ctx.params.values()) {
    // Own keys only: a param named `constructor` or `toString` is not Object.prototype's.
    const override = options.params && Object.hasOwn(options.params, p.name) ? options.params[p.name] : undefined;
    const v = override ?? ctx.number(p.value, `param '${p.name}'`);
    if (v !== undefined) ctx.paramValues.set(p.name, v);
  }

  const train = firsts.get("train") as A.TrainDecl | undefined;
  const trainIR = train ? checkTrain(ctx, train) : null;
  if (!train && options.epochs !== undefined) ctx.epochs = options.epochs;

  const sweep = firsts.get("sweep") as A.SweepDecl | undefined;
  const sweepIR = sweep ? checkSweep(ctx, sweep) : null;
  const repeat = firsts.get("repeat") as A.RepeatDecl | undefined;
  const repeatN = repeat ? checkRepeat(ctx, repeat) : 1;

  const defaults = checkDefaults(ctx, firsts.get("regularize") as A.RegularizeDecl | undefined);
  const model = firsts.get("model") as A.ModelDecl | undefined;
  if (!model) ctx.report("noModel", "this spec has no model: add 'model Name { input [...] ... }'", file.statements[0]?.span ?? file.span);
  const checked = model ? checkModel(ctx, model, defaults) : undefined;

  // Schedules nobody used are still checked, then reported unused.
  for (const s of ctx.schedules.values()) {
    if (!ctx.used.has(s.name)) {
      ctx.schedule(s.value);
      ctx.report("unusedName", `schedule '${s.name}' is never used`, s.nameSpan);
    }
  }
  for (const p of ctx.params.values()) {
    if (!ctx.used.has(p.name)) ctx.report("unusedName", `param '${p.name}' is never used${sweep?.name === p.name ? " by the model (a sweep over it changes nothing)" : ""}`, p.nameSpan);
  }

  if (checked && trainIR !== undefined) {
    const spans = model!.items.filter((i): i is A.Layer => i.kind === "layer").map((l) => l.span);
    for (const rule of adviceRules) rule({ ctx, ir: { layers: checked.layers, train: trainIR }, spans });
  }

  const diagnostics = sortDiagnostics(ctx.diagnostics);
  if (ctx.failed || !checked || trainIR === undefined || sweepIR === undefined || repeatN === undefined) return { diagnostics, layers: ctx.layers };

  const total = checked.layers.reduce(
    (t, l) => ({ trainable: t.trainable + l.params.trainable, non_trainable: t.non_trainable + l.params.non_trainable }),
    { trainable: 0, non_trainable: 0 },
  );
  const ir: IR = {
    version: IR_VERSION,
    name: model!.name,
    input: checked.input,
    layers: checked.layers,
    params: { total: total.trainable + total.non_trainable, ...total },
    schedules: ctx.namedSchedules(),
    param_values: Object.fromEntries(ctx.paramValues),
    sweep: sweepIR,
    repeat: repeatN,
    train: trainIR,
  };
  if (!validate(ir)) {
    // A schema failure is a bug in regc, not in the spec: say so plainly.
    const e = validate.errors?.[0];
    throw new Error(`internal error: the checked IR does not match its schema at ${e?.instancePath || "/"}: ${e?.message}`);
  }
  return { ir, diagnostics, layers: ctx.layers };
}

/**
 * Every IR a checked spec stands for: one per sweep point, the param set to the point's value (the
 * spec's own IR when it has no sweep). Each is checked from the same syntax tree: nothing is parsed again.
 */
export function checkPoints(file: A.SpecFile, ir: IR, options: CheckOptions = {}): { value: number | null; ir: IR }[] {
  if (!ir.sweep) return [{ value: null, ir }];
  const param = ir.sweep.param;
  return ir.sweep.values.map((value) => {
    const point = check(file, { ...options, params: { ...options.params, [param]: value } });
    if (!point.ir) throw new Error(`internal error: sweep point ${param} = ${value} does not check`);
    return { value, ir: point.ir };
  });
}

function checkRepeat(ctx: Context, r: A.RepeatDecl): number | undefined {
  const n = r.count.kind === "number" ? r.count.value : undefined;
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > 1000) {
    ctx.report("badRepeat", `repeat takes a whole number of runs from 1 to 1000, not ${r.count.kind === "number" ? r.count.raw : "this"}`, r.count.span);
    return undefined;
  }
  return n;
}

function checkSweep(ctx: Context, s: A.SweepDecl): IR["sweep"] | undefined {
  if (!ctx.params.has(s.name)) {
    const what = ctx.schedules.has(s.name) ? `'${s.name}' is a schedule` : `'${s.name}' is not declared`;
    ctx.report("sweepNotParam", `a sweep runs over a param, but ${what}${didYouMean(s.name, [...ctx.params.keys()]) || `: declare it with 'param ${s.name} = ...'`}`, s.nameSpan);
    return undefined;
  }
  const v = s.over;
  let values: number[] | undefined;
  if (v.kind === "list") {
    values = [];
    for (const item of v.items) {
      const n = ctx.number(item, "a sweep value");
      if (n === undefined) return undefined;
      values.push(n);
    }
  } else if (v.kind === "call" && v.name === "logspace") {
    const a = ctx.bindArgs(v.args ?? [], ["start", "stop", "count"], "logspace", v.span);
    if (!a || !a.start || !a.stop || !a.count) {
      if (a) ctx.report("badSweep", "logspace needs start, stop and count: logspace(1e-6, 1e-1, 6)", v.span);
      return undefined;
    }
    const [start, stop, count] = [ctx.number(a.start, "logspace's start"), ctx.number(a.stop, "logspace's stop"), ctx.integer(a.count, "logspace's count", 1, 10_000)];
    if (start === undefined || stop === undefined || count === undefined) return undefined;
    if (!(start > 0 && stop > 0)) {
      ctx.report("badSweep", "logspace's start and stop must be above 0", v.span);
      return undefined;
    }
    values = logspace(start, stop, count);
  } else {
    ctx.report("badSweep", "a sweep runs over a list, [1e-3, 1e-4], or logspace(1e-6, 1e-1, 6)", v.span);
    return undefined;
  }
  if (values.length === 0) {
    ctx.report("badSweep", "a sweep needs at least one value", v.span);
    return undefined;
  }
  return { param: s.name, values };
}

/** count values from start to stop, evenly spaced in log10; exact decimal powers stay exact (1e-3, not 0.0009999...). */
export function logspace(start: number, stop: number, count: number): number[] {
  const [a, b] = [Math.log10(start), Math.log10(stop)];
  return Array.from({ length: count }, (_, i) => {
    const e = count === 1 ? a : a + ((b - a) * i) / (count - 1);
    const rounded = Math.round(e);
    return Math.abs(e - rounded) < 1e-9 ? Number(`1e${rounded}`) : Math.pow(10, e);
  });
}
