// Hover: a layer's output shape, parameters and slots; a schedule's or param's definition and uses; a loss,
// optimizer or metric's Keras meaning. Everything shown comes from the checked IR, the layer table, the
// schedule definition and the training settings; nothing is worked out a second time here.
import type * as A from "../parser/ast.js";
import type { IR, IRLayer } from "../ir/types.js";
import { LAYERS, REQUIRED, fmtDims, type Slot } from "../layers/catalog.js";
import { breakpoints, describeSchedule, epochOf, valueAt, type Coefficient, type Schedule } from "../schedule/index.js";
import { shortestNumber } from "../schedule/numbers.js";
import { describeRegularizer } from "../summary/index.js";
import { contains, layersOf, occurrenceAt, occurrencesOfName, walkValues, type Analysis } from "./analysis.js";
import { settingsOf, type Setting } from "./settings.js";

export interface HoverResult {
  markdown: string;
  span: A.Span;
}

export function hover(a: Analysis, offset: number): HoverResult | undefined {
  if (!a.ast) return undefined;
  const layers = layersOf(a.ast);
  const i = layers.findIndex((l) => contains(l.typeSpan, offset) || (l.nameSpan !== undefined && contains(l.nameSpan, offset)));
  if (i >= 0) return { markdown: layerHover(layers[i]!, a.layers[i], a.ir), span: layers[i]!.typeSpan };
  const o = occurrenceAt(a, offset);
  if (o && o.kind !== "layer") return { markdown: nameHover(a, o.name, o.kind), span: o.span };
  const s = settingAt(a.ast, offset);
  if (s) return { markdown: settingHover(s.setting), span: s.span };
  return undefined;
}

const n = (x: number) => x.toLocaleString("en-US");

function layerHover(l: A.Layer, ir: IRLayer | undefined, whole: IR | undefined): string {
  const def = Object.hasOwn(LAYERS, l.type) ? LAYERS[l.type]! : undefined;
  if (!def) return `unknown layer \`${l.type}\``;
  const out = [`**${def.className}**${ir ? ` \`${ir.name}\`` : ""}`];
  if (!ir) {
    out.push("", "Output shape and parameters: not known while this layer, or one before it, has an error.", "", "Arguments:");
    for (const arg of def.args) out.push(`- \`${arg.name}\`${arg.default === REQUIRED ? " (required)" : `: ${JSON.stringify(arg.default)}`}`);
    return out.join("\n");
  }
  const total = ir.params.trainable + ir.params.non_trainable;
  out.push("", `Output shape: \`${fmtDims(ir.output_shape)}\` (input \`${fmtDims(ir.input_shape)}\`)`);
  out.push(`Parameters: ${n(total)}${ir.params.non_trainable ? ` (${n(ir.params.trainable)} trainable, ${n(ir.params.non_trainable)} non-trainable)` : ""}`);
  const slotted = ir.inner ?? ir;
  const slotDef = LAYERS[slotted.class_name]!;
  if (slotDef.slots.length > 0) {
    out.push("", "| slot | regularizer | constraint |", "|---|---|---|");
    for (const slot of slotDef.slots) {
      const r = slotted.regularizers[slot];
      const reg = r ? describeRegularizer(r) + (r.from === "default" ? " (regularize default)" : "") : "none";
      out.push(`| ${slot} | ${reg.replace(/\|/g, "\\|")} | ${constraintOf(slotted.class_name, slot)} |`);
    }
    for (const slot of slotDef.slots) {
      const r = slotted.regularizers[slot];
      for (const c of r ? [r.l1, r.l2] : []) {
        if (typeof c !== "number") out.push("", `${slot}: ${scheduleTable(c.schedule, whole?.train?.epochs)}`);
      }
    }
  }
  const rate = ir.args.rate as Coefficient | undefined;
  if (rate !== undefined && typeof rate !== "number") out.push("", `rate: ${scheduleTable(rate.schedule, whole?.train?.epochs)}`);
  return out.join("\n");
}

/** The constraint Keras gets for a slot's weights, from the layer table's Keras keys. */
function constraintOf(className: string, slot: Slot): string {
  const key = LAYERS[className]!.slotKeys[slot]?.replace(/_regularizer$/, "_constraint");
  const entry = LAYERS[className]!.keras.v3.find(([k]) => k === key)?.[1];
  if (!entry || !("fixed" in entry)) return "-";
  return entry.fixed === null ? "none" : JSON.stringify(entry.fixed);
}

/** A schedule's value at the start, at each breakpoint and at the last epoch. */
function scheduleTable(s: Schedule, epochs: number | undefined): string {
  const at = new Set<number>([0]);
  for (const b of breakpoints(s)) if ("epoch" in b || epochs !== undefined) at.add(epochOf(b, epochs ?? 0));
  if (s.kind === "exponential") for (const k of [1, 2]) at.add(k * s.every);
  if (epochs !== undefined) at.add(epochs - 1);
  const total = epochs ?? Math.max(...at) + 1;
  const points = [...at].filter((e) => e >= 0 && (epochs === undefined || e <= epochs - 1)).sort((x, y) => x - y);
  const rows = points.map((e) => `| ${e} | ${shortestNumber(valueAt(s, e, total))} |`);
  return [`\`${describeSchedule(s)}\``, "", "| epoch | value |", "|---|---|", ...rows].join("\n");
}

function nameHover(a: Analysis, name: string, kind: "schedule" | "param"): string {
  const all = occurrencesOfName(a, { name, kind, span: a.ast!.span, declaration: false });
  const decl = a.ast!.statements.find((s): s is A.ScheduleDecl | A.ParamDecl => s.kind === kind && s.name === name);
  const out = [`**${kind}** \`${name}\``];
  if (decl) out.push("", "```reg", a.text.slice(decl.span.offset, decl.span.endOffset), "```");
  if (kind === "schedule" && a.ir?.schedules[name]) out.push("", scheduleTable(a.ir.schedules[name]!, a.ir.train?.epochs));
  const sweep = a.ast!.statements.find((s): s is A.SweepDecl => s.kind === "sweep" && s.name === name);
  if (kind === "param" && sweep) {
    const values = a.ir?.sweep?.param === name ? a.ir.sweep.values.map((v) => shortestNumber(v)).join(", ") : a.text.slice(sweep.over.span.offset, sweep.over.span.endOffset);
    out.push("", `Swept over: ${values}`);
  }
  const uses = all.filter((o) => !o.declaration);
  out.push("", uses.length === 0 ? "Never used." : `Used ${uses.length} time${uses.length === 1 ? "" : "s"}: line${uses.length === 1 ? "" : "s"} ${[...new Set(uses.map((u) => u.span.line))].join(", ")}`);
  return out.join("\n");
}

function settingHover(s: Setting): string {
  const out = [`**${s.kind}** \`${s.name}\``, "", s.meaning];
  if (s.aliasOf) out.push("", `Keras's short name for \`${s.aliasOf}\`.`);
  if (s.defaults) {
    out.push("", "| argument | Keras default |", "|---|---|");
    for (const [k, v] of Object.entries(s.defaults)) out.push(`| ${k} | ${String(v)} |`);
  }
  return out.join("\n");
}

/** The loss, optimizer or metric written at an offset in the train block. */
function settingAt(file: A.SpecFile, offset: number): { setting: Setting; span: A.Span } | undefined {
  let found: { setting: Setting; span: A.Span } | undefined;
  walkValues(file, (v, ctx) => {
    if (found || ctx.statement.kind !== "train" || !ctx.entry || ctx.call || v.kind !== "call" || !contains(v.nameSpan, offset)) return;
    const kind = ({ loss: "loss", optimizer: "optimizer", metrics: "metric" } as const)[ctx.entry.key as "loss"];
    const setting = kind && settingsOf(kind).find((x) => x.name === v.name);
    if (setting) found = { setting, span: v.nameSpan };
  });
  return found;
}
