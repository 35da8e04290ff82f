// Checks the train block: data, split, loss, optimizer, metrics, epochs and the rest.
import type * as A from "../parser/ast.js";
import type { DataSource, Optimizer, Train } from "../ir/types.js";
import { LOSS_WORDS, METRICS, OPTIMIZERS, lossNamed, type OptimizerName } from "../settings/catalog.js";
import { Context, messageNumber, quoteList } from "./context.js";
import { didYouMean } from "../diagnostics/did-you-mean.js";

/** The train block's settings; the first four are required. */
export const TRAIN_KEYS = ["data", "split", "loss", "optimizer", "metrics", "epochs", "batch_size", "validation_split", "shuffle", "seed", "early_stopping"];
export const REQUIRED_TRAIN_KEYS = ["data", "loss", "optimizer", "epochs"];
/** The data sources and their arguments, in order. */
export const DATA_SOURCES: Readonly<Record<"moons" | "csv", readonly string[]>> = { moons: ["samples", "noise", "seed"], csv: ["path", "target"] };
export const EARLY_STOPPING_ARGS = ["monitor", "patience", "min_delta", "restore_best_weights"];

function andList(words: string[]): string {
  const q = words.map((w) => `'${w}'`);
  return q.length === 1 ? q[0]! : `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
}

function word(v: A.Value): string | undefined {
  if (v.kind === "string") return v.value;
  if (v.kind === "call" && !v.args && !v.block) return v.name;
  return undefined;
}

function bool(ctx: Context, v: A.Value, what: string): boolean | undefined {
  const w = v.kind === "call" && !v.args && !v.block ? v.name : undefined;
  if (w === "true" || w === "false") return w === "true";
  ctx.report("badTrainValue", `${what} must be true or false`, v.span);
  return undefined;
}

export function checkTrain(ctx: Context, decl: A.TrainDecl): Train | undefined {
  const entries = new Map<string, A.Entry>();
  for (const e of decl.block.entries) {
    if (!TRAIN_KEYS.includes(e.key)) {
      ctx.report("unknownTrainKey", `unknown train setting '${e.key}'${didYouMean(e.key, TRAIN_KEYS) || `: settings are ${quoteList(TRAIN_KEYS)}`}`, e.keySpan);
      continue;
    }
    if (entries.has(e.key)) ctx.report("duplicateArgument", `'${e.key}' is set twice`, e.keySpan);
    entries.set(e.key, e);
  }
  const missing = REQUIRED_TRAIN_KEYS.filter((k) => !entries.has(k));
  if (missing.length > 0) ctx.report("missingTrainKey", `the train block needs ${andList(missing)}`, decl.span);

  const get = (k: string) => entries.get(k)?.value;
  const epochsValue = get("epochs");
  const epochs = ctx.options.epochs ?? (epochsValue ? ctx.integer(epochsValue, "epochs", 1, 10_000_000) : undefined);
  ctx.epochs = epochs;
  const data = get("data") ? dataSource(ctx, get("data")!) : undefined;
  const loss = get("loss") ? lossOf(ctx, get("loss")!) : undefined;
  const optimizer = get("optimizer") ? optimizerOf(ctx, get("optimizer")!) : undefined;
  const metrics = get("metrics") ? metricsOf(ctx, get("metrics")!) : [];
  const batch = get("batch_size") ? ctx.integer(get("batch_size")!, "batch_size", 1) : 32;
  const vs = get("validation_split") ? fraction(ctx, get("validation_split")!, "validation_split") : 0;
  const shuffle = get("shuffle") ? bool(ctx, get("shuffle")!, "shuffle") : true;
  const seed = get("seed") ? ctx.integer(get("seed")!, "seed", 0, 2 ** 32 - 1) : null;
  const split = get("split") ? splitOf(ctx, get("split")!, data) : null;
  const early = get("early_stopping") ? earlyStopping(ctx, get("early_stopping")!) : null;
  if (
    [data, loss, optimizer, metrics, batch, vs, shuffle, seed, split, early, epochs].some((x) => x === undefined)
  ) {
    return undefined;
  }
  return {
    data: data!,
    split: split!,
    loss: loss!,
    optimizer: optimizer!,
    metrics: metrics!,
    epochs: epochs!,
    batch_size: batch!,
    validation_split: vs!,
    shuffle: shuffle!,
    seed: seed!,
    early_stopping: early!,
  };
}

function fraction(ctx: Context, v: A.Value, what: string): number | undefined {
  const n = v.kind === "percent" ? v.value : ctx.number(v, what);
  if (n === undefined) return undefined;
  if (!(n >= 0 && n < 1)) {
    ctx.report("badTrainValue", `${what} must be in [0, 1), not ${messageNumber(n)}`, v.span);
    return undefined;
  }
  return n;
}

function dataSource(ctx: Context, v: A.Value): DataSource | undefined {
  if (v.kind !== "call" || !Object.hasOwn(DATA_SOURCES, v.name)) {
    const name = v.kind === "call" ? v.name : "";
    ctx.report("unknownData", `unknown data source${name ? ` '${name}'` : ""}${didYouMean(name, ["moons", "csv"]) || ": use moons(samples: 100, noise: 0.2, seed: 1) or csv(\"data.csv\", target: y)"}`, v.span);
    return undefined;
  }
  if (v.name === "moons") {
    const a = ctx.bindArgs(v.args ?? [], DATA_SOURCES.moons, "moons", v.span);
    if (!a) return undefined;
    const samples = a.samples ? ctx.integer(a.samples, "moons' samples", 2) : 100;
    const noise = a.noise ? ctx.number(a.noise, "moons' noise") : 0;
    const seed = a.seed ? ctx.integer(a.seed, "moons' seed", 0, 2 ** 32 - 1) : 0;
    if (noise !== undefined && noise < 0) {
      ctx.report("badTrainValue", `moons' noise must not be negative`, a.noise!.span);
      return undefined;
    }
    if (samples === undefined || noise === undefined || seed === undefined) return undefined;
    return { kind: "moons", samples, noise, seed };
  }
  const a = ctx.bindArgs(v.args ?? [], DATA_SOURCES.csv, "csv", v.span);
  if (!a) return undefined;
  const path = a.path?.kind === "string" ? a.path.value : undefined;
  const target = a.target ? word(a.target) : undefined;
  if (!path) ctx.report("badTrainValue", `csv needs a path as a string: csv("data.csv", target: y)`, a.path?.span ?? v.span);
  if (!target) ctx.report("badTrainValue", `csv needs the target column: csv("data.csv", target: y)`, a.target?.span ?? v.span);
  if (!path || !target) return undefined;
  return { kind: "csv", path, target };
}

function splitOf(ctx: Context, v: A.Value, data: DataSource | undefined): Train["split"] | undefined {
  if (v.kind === "percent") {
    if (!(v.value > 0 && v.value < 1)) {
      ctx.report("badTrainValue", `split must be between 0% and 100%, not ${v.raw}`, v.span);
      return undefined;
    }
    return { fraction: v.value };
  }
  const n = ctx.integer(v, "split (the number of training rows, or a percentage)", 1);
  if (n === undefined) return undefined;
  if (data?.kind === "moons" && n >= data.samples) {
    ctx.report("badTrainValue", `split keeps ${n} rows for training, but moons has only ${data.samples}; nothing would be left to test on`, v.span);
    return undefined;
  }
  return { count: n };
}

function lossOf(ctx: Context, v: A.Value): string | undefined {
  const w = word(v);
  const loss = w === undefined ? undefined : lossNamed(w);
  if (loss === undefined) {
    ctx.report("unknownLoss", `unknown loss${w ? ` '${w}'` : ""}${(w && didYouMean(w, LOSS_WORDS)) || `: expected one of ${quoteList(LOSS_WORDS)}`}`, v.span);
    return undefined;
  }
  return loss;
}

function optimizerOf(ctx: Context, v: A.Value): Optimizer | undefined {
  const names = Object.keys(OPTIMIZERS);
  if (v.kind !== "call" || !Object.hasOwn(OPTIMIZERS, v.name)) {
    const name = v.kind === "call" ? v.name : "";
    ctx.report("unknownOptimizer", `unknown optimizer${name ? ` '${name}'` : ""}${didYouMean(name, names) || `: expected one of ${quoteList(names)}`}`, v.span);
    return undefined;
  }
  const name = v.name as OptimizerName;
  const args = OPTIMIZERS[name].args;
  const a = ctx.bindArgs(v.args ?? [], args.map((d) => d.name), v.name, v.span);
  if (!a) return undefined;
  const out: Optimizer = { name, learning_rate: 0 };
  for (const { name: k, type, default: d } of args) {
    if (!a[k]) {
      out[k] = d as number;
      continue;
    }
    if (type.kind === "bool") {
      const b = bool(ctx, a[k]!, `${v.name}'s ${k}`);
      if (b === undefined) return undefined;
      (out as Record<string, unknown>)[k] = b;
      continue;
    }
    const n = ctx.number(a[k]!, `${v.name}'s ${k}`);
    if (n === undefined) return undefined;
    if (n < type.min || (type.minExclusive && n === type.min)) {
      ctx.report("badTrainValue", `${v.name}'s ${k} must be ${type.minExclusive ? "above" : "at least"} ${messageNumber(type.min)}, not ${messageNumber(n)}`, a[k]!.span);
      return undefined;
    }
    out[k] = n;
  }
  return out;
}

function metricsOf(ctx: Context, v: A.Value): string[] | undefined {
  const items = v.kind === "list" ? v.items : [v];
  const names = Object.keys(METRICS);
  const out: string[] = [];
  for (const item of items) {
    const w = word(item);
    if (w === undefined || !Object.hasOwn(METRICS, w)) {
      ctx.report("unknownMetric", `unknown metric${w ? ` '${w}'` : ""}${(w && didYouMean(w, names)) || `: expected one of ${quoteList(names)}`}`, item.span);
      return undefined;
    }
    out.push(w);
  }
  return out;
}

function earlyStopping(ctx: Context, v: A.Value): Train["early_stopping"] | undefined {
  if (v.kind === "none") return null;
  if (v.kind !== "call" || v.name !== "early_stopping") {
    ctx.report("badTrainValue", "early_stopping is written early_stopping(monitor: val_loss, patience: 10) or none", v.span);
    return undefined;
  }
  const a = ctx.bindArgs(v.args ?? [], EARLY_STOPPING_ARGS, "early_stopping", v.span);
  if (!a) return undefined;
  const monitor = a.monitor ? word(a.monitor) : "val_loss";
  if (!monitor) {
    ctx.report("badTrainValue", "early_stopping's monitor is a name such as val_loss", a.monitor!.span);
    return undefined;
  }
  const patience = a.patience ? ctx.integer(a.patience, "early_stopping's patience", 0) : 0;
  const minDelta = a.min_delta ? ctx.number(a.min_delta, "early_stopping's min_delta") : 0;
  const restore = a.restore_best_weights ? bool(ctx, a.restore_best_weights, "restore_best_weights") : false;
  if (patience === undefined || minDelta === undefined || restore === undefined) return undefined;
  return { monitor, patience, min_delta: Math.abs(minDelta), restore_best_weights: restore };
}
