// Completion: what may be written at the cursor, from the language's own tables (the layer table, the
// schedule kinds, the train keys and training settings). Read from the lexer's tokens, not the AST, so it
// works in a file that does not parse, which is the normal state of a file being typed.
import type { IToken } from "chevrotain";
import { ACTIVATIONS, LAYERS, REQUIRED, type ArgDef } from "../layers/catalog.js";
import { SCHEDULE_KINDS } from "../checker/context.js";
import { DATA_SOURCES, EARLY_STOPPING_ARGS, REQUIRED_TRAIN_KEYS, TRAIN_KEYS } from "../checker/train.js";
import { regLexer, keywordTokens, Identifier } from "../parser/tokens.js";
import { settingsOf, type Setting } from "./settings.js";

export type ItemKind = "class" | "property" | "function" | "value" | "keyword" | "variable" | "enum";

export interface Item {
  label: string;
  kind: ItemKind;
  /** What is inserted, when it differs from the label (`units: `). */
  insert?: string;
  detail?: string;
  documentation?: string;
}

const STATEMENTS = ["model", "schedule", "param", "sweep", "repeat", "regularize", "train"];
const REGULARIZERS: Item[] = [
  { label: "l1", kind: "function", insert: "l1()", detail: "l1(a): a * sum(|w|)" },
  { label: "l2", kind: "function", insert: "l2()", detail: "l2(a): a * sum(w^2)" },
  { label: "l1_l2", kind: "function", insert: "l1_l2(l1: , l2: )", detail: "l1_l2(l1: a, l2: b): elastic net" },
  { label: "none", kind: "keyword", detail: "no regularizer (turns off a regularize default)" },
];
const BOOLS: Item[] = ["true", "false"].map((label) => ({ label, kind: "keyword" }));

interface Frame {
  bracket: "{" | "(" | "[";
  /** The word the bracket belongs to: a layer class, `model`, `train`, `regularize`, a call's name, or the key it is the value of. */
  owner: string;
  /** Inside a model: the layer class of the item being written. */
  key?: string;
}

/** Completion items at `offset` in `text`. */
export function complete(text: string, offset: number): Item[] {
  const tokens = regLexer.tokenize(text).tokens.filter((t) => t.tokenType !== Identifier || t.endOffset! + 1 < offset || t.startOffset >= offset);
  const before = tokens.filter((t) => t.endOffset! < offset);
  const names = declaredNames(tokens);
  const stack: Frame[] = [];
  let lastClosed = "";
  const img = (i: number) => before[i]?.image ?? "";
  for (let i = 0; i < before.length; i++) {
    const t = before[i]!.image;
    const top = stack[stack.length - 1];
    if (t === "{" || t === "(" || t === "[") {
      let owner = img(i - 1);
      if (owner === ")") owner = lastClosed;
      else if (owner === ":" || owner === "=") owner = top?.key ?? (img(i - 2) && img(i - 3) === "schedule" ? "schedule" : "");
      else if (t === "{" && img(i - 2) === "model") owner = "model";
      else if (t === "(" && top?.owner === "model" && Object.hasOwn(LAYERS, img(i - 2))) owner = img(i - 2); // Dense name(
      stack.push({ bracket: t, owner });
    } else if (t === "}" || t === ")" || t === "]") {
      const f = stack.pop();
      if (t === ")" && f) lastClosed = f.owner;
    } else if (t === ":" && top) {
      top.key = img(i - 1);
    } else if (t === "," && top) {
      top.key = undefined;
    }
  }
  const top = stack[stack.length - 1];
  const prev = img(before.length - 1);
  const prev2 = img(before.length - 2);
  const params = names.param.map((label): Item => ({ label, kind: "variable", detail: "param" }));
  const schedules = names.schedule.map((label): Item => ({ label, kind: "variable", detail: "schedule" }));
  const scheduleKinds = Object.entries(SCHEDULE_KINDS).map(([k, s]): Item => ({
    label: k,
    kind: "function",
    detail: s.names.length ? `${k}(${s.names.map((a) => a + (a in s.defaults ? "?" : "")).join(", ")})` : `${k} { epoch: value, ... }`,
  }));

  if (!top) {
    if (prev === "=" && img(before.length - 3) === "schedule") return scheduleKinds;
    if (prev === "sweep") return params;
    if (prev === "over") return [{ label: "logspace", kind: "function", detail: "logspace(start, stop, count)" }];
    if (["schedule", "param", "model", "sweep", "repeat", "="].includes(prev) || prev2 === "sweep") return [];
    return STATEMENTS.map((label) => ({ label, kind: "keyword" }));
  }

  if (top.bracket === "{") {
    const valuePosition = prev === ":";
    if (top.owner === "model") {
      if (["{", "}", ")", "]"].includes(prev)) {
        return [{ label: "input", kind: "keyword", insert: "input [", detail: "input [dims]: the shape of one sample" }, ...layerClasses()];
      }
      return [];
    }
    if (Object.hasOwn(LAYERS, top.owner)) {
      if (valuePosition) return REGULARIZERS;
      return LAYERS[top.owner]!.slots.map((s) => ({ label: s, kind: "property", insert: `${s}: `, detail: `${top.owner}'s ${s} slot` }));
    }
    if (top.owner === "regularize") {
      if (valuePosition) return REGULARIZERS;
      if (prev === "." && Object.hasOwn(LAYERS, prev2)) return LAYERS[prev2]!.slots.map((s) => ({ label: s, kind: "property", insert: `${s}: ` }));
      return Object.values(LAYERS).flatMap((d) => d.slots.map((s): Item => ({ label: `${d.className}.${s}`, kind: "property", insert: `${d.className}.${s}: `, detail: "a default for every layer of the class" })));
    }
    if (top.owner === "train") {
      if (valuePosition) return trainValues(top.key ?? "", params);
      return TRAIN_KEYS.map((k) => ({ label: k, kind: "property", insert: `${k}: `, detail: REQUIRED_TRAIN_KEYS.includes(k) ? "required" : "optional" }));
    }
    return [];
  }

  if (top.bracket === "[") return top.owner === "metrics" ? settingItems(settingsOf("metric")) : [];

  // Inside a call's parentheses: argument names, or the value of the one being written.
  const value = prev === ":" ? top.key : undefined;
  const argItems = (args: readonly { name: string; detail?: string; documentation?: string }[]) =>
    args.map((a): Item => ({ label: a.name, kind: "property", insert: `${a.name}: `, ...(a.detail ? { detail: a.detail } : {}), ...(a.documentation ? { documentation: a.documentation } : {}) }));
  const numeric = [...params];
  const coefficient = [...params, ...schedules, ...scheduleKinds];
  if (Object.hasOwn(LAYERS, top.owner)) {
    const def = LAYERS[top.owner]!;
    if (value !== undefined) {
      const arg = def.args.find((a) => a.name === value);
      return arg ? argValues(arg, params, coefficient) : [];
    }
    if (top.owner === "Bidirectional" && prev === "(") return layerClasses().filter((c) => ["LSTM", "GRU", "SimpleRNN"].includes(c.label));
    return argItems(def.args.map((a) => ({ name: a.name, detail: argDetail(a), documentation: allowed(a) })));
  }
  const optimizer = settingsOf("optimizer").find((s) => s.name === top.owner);
  if (optimizer) {
    if (value !== undefined) return value === "nesterov" ? BOOLS : numeric;
    return argItems(Object.entries(optimizer.defaults ?? {}).map(([name, d]) => ({ name, detail: `default ${String(d)}` })));
  }
  const schedule = Object.hasOwn(SCHEDULE_KINDS, top.owner) ? SCHEDULE_KINDS[top.owner]! : undefined;
  if (schedule) {
    if (value !== undefined) return numeric;
    return argItems(schedule.names.map((name) => ({ name, ...(name in schedule.defaults ? { detail: `default ${JSON.stringify(schedule.defaults[name])}` } : {}) })));
  }
  if (top.owner === "l1" || top.owner === "l2") return coefficient;
  if (top.owner === "l1_l2") return value !== undefined ? coefficient : argItems([{ name: "l1" }, { name: "l2" }]);
  if (top.owner === "moons" || top.owner === "csv") return value !== undefined ? numeric : argItems(DATA_SOURCES[top.owner].map((name) => ({ name })));
  if (top.owner === "early_stopping") {
    if (value === "restore_best_weights") return BOOLS;
    if (value === "monitor") return ["loss", "val_loss", ...settingsOf("metric").flatMap((m) => [m.name, `val_${m.name}`])].map((label) => ({ label, kind: "value" }));
    return value !== undefined ? numeric : argItems(EARLY_STOPPING_ARGS.map((name) => ({ name })));
  }
  return [];
}

function layerClasses(): Item[] {
  return Object.values(LAYERS).map((d) => ({
    label: d.className,
    kind: "class",
    insert: `${d.className}(`,
    detail: `${d.className}(${d.positional.join(", ")})`,
    documentation: `Arguments: ${d.args.map((a) => a.name).join(", ") || "none"}. Slots: ${d.slots.join(", ") || "none"}.`,
  }));
}

function argDetail(a: ArgDef): string {
  return a.default === REQUIRED ? "required" : `default ${JSON.stringify(a.default)}`;
}

function allowed(a: ArgDef): string {
  const t = a.type;
  switch (t.kind) {
    case "int":
      return `a whole number of at least ${t.min}`;
    case "float":
      return `a number from ${t.min}${t.max === undefined ? "" : ` to ${t.max}${t.maxExclusive ? " (exclusive)" : ""}`}${t.schedulable ? "; may follow a schedule" : ""}`;
    case "bool":
      return "true or false";
    case "activation":
      return `one of ${Object.keys(ACTIVATIONS).join(", ")}`;
    case "enum":
      return `one of ${t.values.join(", ")}`;
    case "ints":
      return `a whole number or a list of ${t.rank}`;
    case "shape":
      return "a list of dimensions, at most one -1";
    case "layer":
      return `a recurrent layer: ${t.classes.join(", ")}`;
  }
}

function argValues(a: ArgDef, params: Item[], coefficient: Item[]): Item[] {
  const t = a.type;
  switch (t.kind) {
    case "activation":
      return Object.keys(ACTIVATIONS).map((label) => ({ label, kind: "enum" }));
    case "enum":
      return t.values.map((label) => ({ label, kind: "enum" }));
    case "bool":
      return BOOLS;
    case "float":
      return t.schedulable ? coefficient : params;
    case "layer":
      return layerClasses().filter((c) => t.classes.includes(c.label));
    default:
      return params;
  }
}

function settingItems(settings: Setting[]): Item[] {
  return settings.map((s) => ({ label: s.name, kind: "value", detail: s.aliasOf ? `= ${s.aliasOf}` : s.kind, documentation: s.meaning }));
}

function trainValues(key: string, params: Item[]): Item[] {
  switch (key) {
    case "loss":
      return settingItems(settingsOf("loss"));
    case "optimizer":
      return settingItems(settingsOf("optimizer")).map((i) => ({ ...i, insert: `${i.label}(` }));
    case "metrics":
      return settingItems(settingsOf("metric"));
    case "data":
      return Object.entries(DATA_SOURCES).map(([k, args]) => ({ label: k, kind: "function", insert: `${k}(`, detail: `${k}(${args.join(", ")})` }));
    case "shuffle":
      return BOOLS;
    case "early_stopping":
      return [{ label: "early_stopping", kind: "function", insert: "early_stopping(", detail: `early_stopping(${EARLY_STOPPING_ARGS.join(", ")})` }, { label: "none", kind: "keyword" }];
    default:
      return params;
  }
}

/** The schedules and params the file declares (`schedule NAME`, `param NAME` at the top level). */
function declaredNames(tokens: IToken[]): { schedule: string[]; param: string[] } {
  const out = { schedule: [] as string[], param: [] as string[] };
  let depth = 0;
  tokens.forEach((t, i) => {
    if ("{([".includes(t.image)) depth++;
    else if ("})]".includes(t.image)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (t.image === "schedule" || t.image === "param") && keywordTokens.includes(t.tokenType)) {
      const name = tokens[i + 1];
      if (name && /^[A-Za-z_]/.test(name.image) && !out[t.image].includes(name.image)) out[t.image].push(name.image);
    }
  });
  return out;
}
