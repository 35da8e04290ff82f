// The Keras-style summary of a checked model: layers, output shapes, parameters and the regularizer on each slot.
import Table from "cli-table3";
import type { IR, IRLayer, Regularizer } from "../ir/types.js";
import { fmtDims } from "../layers/catalog.js";
import { describeCoefficient, type Coefficient } from "../schedule/index.js";

export interface SummaryRow {
  name: string;
  class_name: string;
  /** With the batch axis first, as Keras prints it: [null, 500]. */
  output_shape: (number | null)[];
  params: number;
  regularizers: Record<string, string>;
}

export interface Summary {
  model: string;
  layers: SummaryRow[];
  total_params: number;
  trainable_params: number;
  non_trainable_params: number;
}

function coef(c: Coefficient): string {
  return describeCoefficient(c);
}

/** A regularizer in the language's own words: l2(0.001), l1_l2(l1: 1e-05, l2: 0.0001), l2(decay = step {...}). */
export function describeRegularizer(r: Regularizer): string {
  if (r.kind === "l1") return `l1(${coef(r.l1)})`;
  if (r.kind === "l2") return `l2(${coef(r.l2)})`;
  return `l1_l2(l1: ${coef(r.l1)}, l2: ${coef(r.l2)})`;
}

function regularizersOf(l: IRLayer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [slot, r] of Object.entries(l.inner?.regularizers ?? l.regularizers)) {
    if (r) out[slot] = describeRegularizer(r) + (r.from === "default" ? " (default)" : "");
  }
  return out;
}

export function summarize(ir: IR): Summary {
  return {
    model: ir.name,
    layers: ir.layers.map((l) => ({
      name: l.name,
      class_name: l.inner ? `${l.class_name}(${l.inner.class_name})` : l.class_name,
      output_shape: [null, ...l.output_shape],
      params: l.params.trainable + l.params.non_trainable,
      regularizers: regularizersOf(l),
    })),
    total_params: ir.params.total,
    trainable_params: ir.params.trainable,
    non_trainable_params: ir.params.non_trainable,
  };
}

/** Keras prints sizes of float32 weights: 2,001 (7.82 KB). */
function size(params: number): string {
  const bytes = params * 4;
  const units = ["B", "KB", "MB", "GB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${params.toLocaleString("en-US")} (${v.toFixed(2)} ${units[u]})`;
}

const BOX = {
  top: "━", "top-mid": "┳", "top-left": "┏", "top-right": "┓",
  bottom: "─", "bottom-mid": "┴", "bottom-left": "└", "bottom-right": "┘",
  left: "│", "left-mid": "├", mid: "─", "mid-mid": "┼",
  right: "│", "right-mid": "┤", middle: "│",
};

export function renderSummary(ir: IR): string {
  const s = summarize(ir);
  const table = new Table({
    head: ["Layer (type)", "Output Shape", "Param #", "Regularizers"],
    chars: BOX,
    style: { head: [], border: [], "padding-left": 1, "padding-right": 1 },
    colAligns: ["left", "left", "right", "left"],
  });
  for (const l of s.layers) {
    const regs = Object.entries(l.regularizers).map(([slot, r]) => `${slot}: ${r}`);
    table.push([`${l.name} (${l.class_name})`, fmtDims(l.output_shape.slice(1)), l.params.toLocaleString("en-US"), regs.join("\n") || "-"]);
  }
  // Keras draws the header row with heavy lines; cli-table3 has one style, so the header is restyled.
  const lines = table.toString().split("\n");
  lines[1] = lines[1]!.replace(/│/g, "┃");
  lines[2] = lines[2]!.replace(/├/g, "┡").replace(/┼/g, "╇").replace(/┤/g, "┩").replace(/─/g, "━");
  return [
    `Model: "${s.model}"`,
    lines.join("\n"),
    ` Total params: ${size(s.total_params)}`,
    ` Trainable params: ${size(s.trainable_params)}`,
    ` Non-trainable params: ${size(s.non_trainable_params)}`,
  ].join("\n");
}
