// Checks a model: binds each layer's arguments against the layer table, applies `regularize`
// defaults, and infers every layer's output shape and weights.
import type * as A from "../parser/ast.js";
import {
  ACTIVATIONS,
  LAYERS,
  REQUIRED,
  SLOTS,
  ShapeError,
  countWeights,
  fmtDims,
  type ArgDef,
  type Args,
  type Dims,
  type LayerDef,
  type Slot,
  type Weight,
} from "../layers/catalog.js";
import type { IRLayer, Regularizer } from "../ir/types.js";
import { Context, messageNumber, ownEntry, quoteList } from "./context.js";
import { didYouMean } from "../diagnostics/did-you-mean.js";
import { LayerNames } from "./names.js";

/** `regularize { Dense.kernel: l2(1e-4) }`, read once: class -> slot -> regularizer. */
export type Defaults = Map<string, Map<Slot, Regularizer>>;

export function checkDefaults(ctx: Context, decl: A.RegularizeDecl | undefined): Defaults {
  const out: Defaults = new Map();
  for (const e of decl?.block.entries ?? []) {
    const [cls, slot, ...rest] = e.key.split(".");
    if (!slot || rest.length > 0) {
      ctx.report("unknownSlot", `a default is written Layer.slot, such as Dense.kernel, not '${e.key}'`, e.keySpan);
      continue;
    }
    const def = ownEntry(LAYERS, cls!);
    if (!def) {
      ctx.report("unknownLayer", `unknown layer '${cls}'${didYouMean(cls!, Object.keys(LAYERS))}`, e.keySpan);
      continue;
    }
    if (!checkSlot(ctx, def, slot, e.keySpan)) continue;
    if (e.value.kind === "none") continue;
    const reg = regularizer(ctx, e.value, `${e.key}`, "default");
    if (reg) {
      if (!out.has(cls!)) out.set(cls!, new Map());
      out.get(cls!)!.set(slot as Slot, reg);
    }
  }
  return out;
}

function checkSlot(ctx: Context, def: LayerDef, slot: string, span: A.Span): slot is Slot {
  if (!(SLOTS as readonly string[]).includes(slot)) {
    ctx.report("unknownSlot", `unknown slot '${slot}'${didYouMean(slot, SLOTS) || `: slots are ${quoteList(SLOTS)}`}`, span);
    return false;
  }
  if (!def.slots.includes(slot as Slot)) {
    const has = def.slots.length ? `; it has ${quoteList(def.slots)}` : "; it has no regularizer slots";
    const hint = def.className === "Bidirectional" ? "; put regularizers on the wrapped layer: Bidirectional(LSTM(32) { kernel: l2(1e-4) })" : has;
    ctx.report("slotNotOnLayer", `${def.className} has no '${slot}' slot${hint}`, span);
    return false;
  }
  return true;
}

/** l1(a), l2(a), l1_l2(l1: a, l2: b). */
function regularizer(ctx: Context, v: A.Value, where: string, from: Regularizer["from"]): Regularizer | undefined {
  const kinds = ["l1", "l2", "l1_l2"];
  if (v.kind !== "call" || !kinds.includes(v.name)) {
    const name = v.kind === "call" ? v.name : "";
    ctx.report(
      "unknownRegularizer",
      `${v.kind === "call" ? `unknown regularizer '${name}'` : "expected a regularizer"}${didYouMean(name, kinds) || ": use l1(a), l2(a), l1_l2(l1: a, l2: b) or none"}`,
      v.kind === "call" ? v.nameSpan : v.span,
    );
    return undefined;
  }
  if (v.block) ctx.report("badArgument", `${v.name} takes its coefficient in parentheses`, v.block.span);
  const names = v.name === "l1_l2" ? ["l1", "l2"] : [v.name];
  const args = ctx.bindArgs(v.args ?? [], names, v.name, v.span);
  if (!args) return undefined;
  if (v.name !== "l1_l2" && !args[v.name]) {
    ctx.report("badArgument", `${v.name} needs a coefficient: ${v.name}(1e-4)`, v.span);
    return undefined;
  }
  const read = (n: string) => (args[n] ? ctx.coefficient(args[n]!, `the ${n} coefficient of ${where}`) : 0);
  const l1 = names.includes("l1") ? read("l1") : 0;
  const l2 = names.includes("l2") ? read("l2") : 0;
  if (l1 === undefined || l2 === undefined) return undefined;
  return { kind: v.name as Regularizer["kind"], l1, l2, from };
}

export function checkModel(ctx: Context, model: A.ModelDecl, defaults: Defaults): { input: Dims; layers: IRLayer[] } | undefined {
  const inputs = model.items.filter((i): i is A.InputDecl => i.kind === "input");
  const layers = model.items.filter((i): i is A.Layer => i.kind === "layer");
  if (inputs.length === 0) {
    ctx.report("missingInput", `model '${model.name}' has no input: start it with 'input [dims]', such as input [2]`, model.nameSpan);
    return undefined;
  }
  for (const extra of inputs.slice(1)) ctx.report("duplicateBlock", "a model has one input", extra.span);
  const first = model.items[0]!;
  if (first.kind !== "input") ctx.report("missingInput", "the input comes before the layers", inputs[0]!.span);
  const input = inputDims(ctx, inputs[0]!.shape);
  if (layers.length === 0) {
    ctx.report("noLayers", `model '${model.name}' has no layers`, model.nameSpan);
    return undefined;
  }

  const namer = new LayerNames();
  for (const l of layers) {
    if (l.name !== undefined && !namer.claim(l.name)) ctx.report("duplicateName", `two layers are named '${l.name}'`, l.nameSpan!);
  }

  const out: IRLayer[] = [];
  let shape = input;
  let prevName = "the input";
  for (const l of layers) {
    const ir = checkLayer(ctx, l, shape, prevName, defaults, namer);
    ctx.layers.push(ir);
    if (!ir) {
      shape = undefined;
      continue;
    }
    out.push(ir);
    shape = ir.output_shape;
    prevName = `'${ir.name}'`;
  }
  return input && out.length === layers.length ? { input, layers: out } : undefined;
}

function inputDims(ctx: Context, list: A.ListValue): Dims | undefined {
  if (list.items.length === 0) {
    ctx.report("badInput", "the input shape needs at least one dimension, such as [2]", list.span);
    return undefined;
  }
  const dims: Dims = [];
  for (const [i, item] of list.items.entries()) {
    if (item.kind === "none") {
      dims.push(null);
      continue;
    }
    const n = item.kind === "number" ? item.value : undefined;
    if (n === undefined || !Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1) {
      ctx.report("badInput", `input dimension ${i + 1} must be a whole number of at least 1 (or none), not ${item.kind === "number" ? item.raw : "this"}`, item.span);
      return undefined;
    }
    dims.push(n);
  }
  if (dims.filter((d) => d === null).length > 1) {
    ctx.report("badInput", "at most one input dimension may be none", list.span);
    return undefined;
  }
  return dims;
}

function checkLayer(
  ctx: Context,
  l: { type: string; typeSpan: A.Span; name?: string; args: A.Arg[]; block?: A.Block; span: A.Span },
  input: Dims | undefined,
  prevName: string,
  defaults: Defaults,
  namer: LayerNames,
): IRLayer | undefined {
  const def = ownEntry(LAYERS, l.type);
  if (!def) {
    ctx.report("unknownLayer", `unknown layer '${l.type}'${didYouMean(l.type, Object.keys(LAYERS))}`, l.typeSpan);
    return undefined;
  }
  const bound = ctx.bindArgs(l.args, def.args.map((a) => a.name), def.className, l.span);
  // Positional arguments beyond the ones the table allows by position are reported as extra.
  const positional = l.args.filter((a) => a.name === undefined).length;
  if (bound && positional > def.positional.length) {
    ctx.report("tooManyArguments", `${def.className} takes at most ${def.positional.length} positional argument${def.positional.length === 1 ? "" : "s"} (${def.positional.join(", ") || "none"}); name the others`, l.args.filter((a) => !a.name)[def.positional.length]!.span);
    return undefined;
  }
  const name = l.name ?? namer.auto(def.autoName);
  const args: Args = {};
  let ok = bound !== undefined;
  for (const a of def.args) {
    const v = bound?.[a.name];
    if (v === undefined) {
      if (a.default === REQUIRED) {
        if (bound) ctx.report("missingArgument", `${def.className} needs '${a.name}'${def.positional.includes(a.name) ? ` (${def.className}(${def.positional.join(", ")}))` : ""}`, l.span);
        ok = false;
      } else args[a.name] = a.default;
      continue;
    }
    const x = argValue(ctx, def, a, v, namer, defaults);
    if (x === undefined) ok = false;
    else args[a.name] = x;
  }

  // Slots: the layer's own, then defaults for the slots it left unset.
  const regularizers: Partial<Record<Slot, Regularizer | null>> = {};
  const own = new Map<Slot, Regularizer | null>();
  for (const e of l.block?.entries ?? []) {
    if (!checkSlot(ctx, def, e.key, e.keySpan)) {
      ok = false;
      continue;
    }
    if (own.has(e.key)) ctx.report("duplicateArgument", `slot '${e.key}' is set twice`, e.keySpan);
    if (e.value.kind === "none") {
      if (!defaults.get(def.className)?.has(e.key)) {
        ctx.report("noneWithoutDefault", `'${e.key}: none' turns off a default, but no 'regularize' default sets ${def.className}.${e.key}`, e.span);
      }
      own.set(e.key, null);
      continue;
    }
    const reg = regularizer(ctx, e.value, `${name}.${e.key}`, "layer");
    if (reg) own.set(e.key, reg);
    else ok = false;
  }
  for (const slot of def.slots) {
    regularizers[slot] = own.has(slot) ? own.get(slot)! : (defaults.get(def.className)?.get(slot) ?? null);
  }
  if (!ok || !input) return undefined;

  // Shapes: rank first, then the layer's own rule.
  const rankOk = "exactly" in def.inputRank ? input.length === def.inputRank.exactly : input.length >= def.inputRank.atLeast;
  if (!rankOk) {
    ctx.report("shapeMismatch", `${def.className} needs ${def.inputRank.words}, but ${prevName} outputs ${fmtDims(input)}`, l.typeSpan);
    return undefined;
  }
  let output: Dims | string;
  let weights: Weight[];
  try {
    output = def.output(input, args);
    weights = typeof output === "string" ? [] : def.weights(input, args);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    output = `${e.message} (${prevName} outputs ${fmtDims(input)})`;
    weights = [];
  }
  if (typeof output === "string") {
    ctx.report(def.className === "Reshape" ? "reshapeSize" : "shapeMismatch", output, l.typeSpan);
    return undefined;
  }
  if (output.some((d) => d !== null && d < 1)) {
    ctx.report("emptyOutput", `${def.className} would output ${fmtDims(output)} from ${prevName}'s ${fmtDims(input)}: its window is larger than its input`, l.typeSpan);
    return undefined;
  }
  const count = countWeights(weights);
  const ir: IRLayer = {
    class_name: def.className,
    name,
    args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, isInner(v) ? v.ir.name : v])),
    regularizers,
    input_shape: input,
    output_shape: output,
    weights,
    params: { trainable: count.trainable, non_trainable: count.nonTrainable },
    span: { line: l.typeSpan.line, column: l.typeSpan.column, endLine: l.typeSpan.endLine, endColumn: l.typeSpan.endColumn },
  };
  const inner = args.layer;
  if (isInner(inner)) {
    ir.inner = { ...inner.ir, input_shape: input, output_shape: inner.def.output(input, inner.args) as Dims, weights: inner.def.weights(input, inner.args) };
    const c = countWeights(ir.inner.weights);
    ir.inner.params = { trainable: c.trainable, non_trainable: c.nonTrainable };
    delete ir.args.layer;
  }
  return ir;
}

interface Inner {
  def: LayerDef;
  args: Args;
  ir: IRLayer;
}
function isInner(v: unknown): v is Inner {
  return typeof v === "object" && v !== null && "ir" in v && "def" in v;
}

function argValue(ctx: Context, def: LayerDef, a: ArgDef, v: A.Value, namer: LayerNames, defaults: Defaults): unknown {
  const what = `${def.className}'s ${a.name}`;
  const t = a.type;
  switch (t.kind) {
    case "int":
      return ctx.integer(v, what, t.min);
    case "float": {
      if (t.schedulable && v.kind === "call" && (v.args || v.block || ctx.schedules.has(v.name))) {
        const c = ctx.coefficient(v, what, "rate");
        if (c === undefined) return undefined;
        return c;
      }
      const n = ctx.number(v, what);
      if (n === undefined) return undefined;
      if (n < t.min || (t.max !== undefined && (t.maxExclusive ? n >= t.max : n > t.max))) {
        const range = t.max === undefined ? `at least ${t.min}` : `in [${t.min}, ${t.max}${t.maxExclusive ? ")" : "]"}`;
        ctx.report(a.name === "rate" || a.name.endsWith("dropout") ? "rateOutOfRange" : "badArgument", `${what} is ${messageNumber(n)}, but it must be ${range}`, v.span);
        return undefined;
      }
      return n;
    }
    case "bool": {
      if (v.kind === "call" && !v.args && !v.block && (v.name === "true" || v.name === "false")) return v.name === "true";
      ctx.report("badArgument", `${what} must be true or false`, v.span);
      return undefined;
    }
    case "activation": {
      const name = v.kind === "string" ? v.value : v.kind === "call" && !v.args && !v.block ? v.name : undefined;
      if (name === undefined) {
        ctx.report("badArgument", `${what} must be an activation name such as relu`, v.span);
        return undefined;
      }
      if (!(name in ACTIVATIONS)) {
        const known = Object.keys(ACTIVATIONS);
        ctx.report("unknownActivation", `unknown activation '${name}'${didYouMean(name, known) || `: expected one of ${quoteList(known)}`}`, v.span);
        return undefined;
      }
      return name;
    }
    case "enum": {
      const name = v.kind === "string" ? v.value : v.kind === "call" && !v.args && !v.block ? v.name : undefined;
      if (name === undefined || !t.values.includes(name)) {
        ctx.report("badArgument", `${what} must be one of ${quoteList(t.values)}${name ? didYouMean(name, t.values).replace(":", ";") : ""}`, v.span);
        return undefined;
      }
      return name;
    }
    case "ints": {
      const items = v.kind === "list" ? v.items : [v];
      if (v.kind === "list" && items.length !== t.rank) {
        ctx.report("badArgument", `${what} must be one number or a list of ${t.rank}`, v.span);
        return undefined;
      }
      const ns = items.map((x) => ctx.integer(x, what, t.min));
      if (ns.some((n) => n === undefined)) return undefined;
      return ns.length === 1 ? Array(t.rank).fill(ns[0]) : ns;
    }
    case "shape": {
      if (v.kind !== "list" || v.items.length === 0) {
        ctx.report("badArgument", `${what} must be a list of dimensions, such as [7, 7, 1]`, v.span);
        return undefined;
      }
      const ns = v.items.map((x) => ctx.integer(x, what, -1));
      if (ns.some((n) => n === undefined)) return undefined;
      if (ns.some((n) => n === 0) || ns.filter((n) => n === -1).length > 1) {
        ctx.report("badArgument", `${what} takes positive dimensions and at most one -1`, v.span);
        return undefined;
      }
      return ns;
    }
    case "layer": {
      if (v.kind !== "call" || !t.classes.includes(v.name) || !v.args) {
        const got = v.kind === "call" ? `'${v.name}'` : "this";
        ctx.report("badArgument", `${what} must be a recurrent layer such as LSTM(32), not ${got}`, v.span);
        return undefined;
      }
      const innerDef = LAYERS[v.name]!;
      // The wrapped layer is checked like any other; its shape is checked with the wrapper's input.
      const ir = checkLayer(ctx, { type: v.name, typeSpan: v.nameSpan, args: v.args, block: v.block, span: v.span }, [null, 1], "the input", defaults, namer);
      if (!ir) return undefined;
      return { def: innerDef, args: { ...ir.args }, ir } satisfies Inner;
    }
  }
}
