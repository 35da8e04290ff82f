// The report's charts as Vega-Lite specs, built from the data alone (no rendering here: render.ts
// compiles and draws them). One colour per role across every chart: train blue, validation and test
// orange, regularization purple, schedules green, weights at the start grey.
import type { TopLevelSpec } from "vega-lite";
import type { HistoryEntry, SweepResult, TrainResult } from "./types.js";
import { mean, std } from "../runtime/stats.js";

export interface Chart {
  /** Stable id, also the figure's data-chart attribute in the page. */
  id: string;
  title: string;
  /** One line under the title saying what is drawn. */
  caption: string;
  spec: TopLevelSpec;
  /** Half-width charts sit two by two on a wide page. */
  half?: boolean;
}

export const COLORS = {
  train: "#2563eb",
  trainData: "#60a5fa",
  test: "#ea580c",
  reg: "#7c3aed",
  regSlots: ["#a78bfa", "#c026d3", "#db2777", "#4f46e5", "#0d9488", "#65a30d"],
  schedule: "#16a34a",
  start: "#64748b",
  end: "#2563eb",
  best: "#16a34a",
};

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const WIDE = { width: 980, height: 280 };
const HALF = { width: 440, height: 220 };

/** The look shared by every chart. */
export const CONFIG = {
  font: FONT,
  background: "#ffffff",
  padding: 8,
  view: { stroke: null },
  axis: {
    labelColor: "#475569",
    titleColor: "#334155",
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    gridColor: "#e2e8f0",
    domainColor: "#94a3b8",
    tickColor: "#94a3b8",
  },
  legend: { labelColor: "#334155", labelFontSize: 12, labelLimit: 400, symbolStrokeWidth: 2.5, orient: "top", direction: "horizontal", title: null },
  title: { color: "#0f172a", fontSize: 13, fontWeight: 600, anchor: "start" },
} as const;

/** A Vega-Lite spec with regc's look: the schema, the chart's size (if it has one) and CONFIG, then the chart. */
function vegaLite(size: { width?: number; height?: number } | undefined, chart: Record<string, unknown>): TopLevelSpec {
  return { $schema: "https://vega.github.io/schema/vega-lite/v6.json", ...size, config: CONFIG, ...chart } as unknown as TopLevelSpec;
}

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** A swept value or coefficient as people write it: 1e-3, 2.5e-4, 0.5, 100. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e5)) {
    const [m, e] = v.toExponential().split("e");
    return `${Number(Number(m).toPrecision(4))}e${Number(e)}`;
  }
  return String(Number(v.toPrecision(6)));
}

/** Whether a sweep's values go on a log axis: when they are all positive. */
export function sweepIsLog(s: SweepResult): boolean {
  return s.points.length > 0 && s.points.every((p) => p.value > 0);
}

/** A swept value as the sweep's axis labels it: exponent form (1e-3, 2.5e-4) on a log axis. */
export function formatSwept(v: number, log: boolean): string {
  if (!log || !Number.isFinite(v)) return formatValue(v);
  const [m, e] = v.toExponential().split("e");
  return `${Number(Number(m).toPrecision(4))}e${Number(e)}`;
}

/** A score (loss, accuracy) with 4 significant digits, or exponent form when tiny. */
export function formatScore(v: number | null | undefined): string {
  if (!finite(v)) return v === null || v === undefined ? "–" : String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** mean ± std, the std with as many decimals as the mean's 4 significant digits need (float noise reads 0). */
export function formatMeanStd(m: number, d: number): [string, string] {
  if (!finite(m) || !finite(d)) return [formatScore(m), formatScore(d)];
  const decimals = m === 0 ? 4 : Math.min(12, Math.max(0, 3 - Math.floor(Math.log10(Math.abs(m)))));
  return [formatScore(m), String(Number(d.toFixed(decimals)))];
}

/** Long-format rows (epoch, series, value) of the named fields, skipping missing and non-finite values. */
function series(history: HistoryEntry[], fields: [label: string, get: (h: HistoryEntry) => unknown][]) {
  const rows: { epoch: number; series: string; value: number }[] = [];
  for (const [label, get] of fields)
    for (const h of history) {
      const v = get(h);
      if (finite(v)) rows.push({ epoch: h.epoch, series: label, value: v });
    }
  return rows;
}

/** A log axis when the values are positive and span more than two decades. */
function wantsLog(values: number[]): boolean {
  if (values.length === 0 || values.some((v) => v <= 0)) return false;
  return Math.max(...values) / Math.min(...values) > 100;
}

interface Line {
  label: string;
  get: (h: HistoryEntry) => unknown;
  color: string;
  dash?: number[];
}

function curveChart(o: { id: string; title: string; caption: string; history: HistoryEntry[]; lines: Line[]; yTitle: string; epochs: number; size?: { width: number; height: number }; log?: boolean; stoppedAt?: number }): Chart | null {
  const lines = o.lines.filter((l) => o.history.some((h) => finite(l.get(h))));
  if (lines.length === 0) return null;
  const rows = series(o.history, lines.map((l) => [l.label, l.get]));
  const log = o.log ?? wantsLog(rows.map((r) => r.value));
  const domain = lines.map((l) => l.label);
  const size = o.size ?? WIDE;
  const spec = vegaLite(size, {
    data: { values: rows },
    layer: [
      {
        mark: { type: "line", strokeWidth: 1.6, clip: true, interpolate: "linear" },
        encoding: {
          x: { field: "epoch", type: "quantitative", title: "epoch", scale: { domain: [0, Math.max(1, o.epochs - 1)], nice: false } },
          y: { field: "value", type: "quantitative", title: o.yTitle + (log ? " (log scale)" : ""), scale: log ? { type: "log" } : { zero: false } },
          color: { field: "series", type: "nominal", scale: { domain, range: lines.map((l) => l.color) }, legend: lines.length > 1 ? { title: null } : null },
          strokeDash: { field: "series", type: "nominal", scale: { domain, range: lines.map((l) => l.dash ?? [1, 0]) }, legend: lines.length > 1 ? { title: null } : null },
        },
      },
      ...(o.stoppedAt !== undefined
        ? [
            {
              data: { values: [{ epoch: o.stoppedAt }] },
              mark: { type: "rule", color: "#dc2626", strokeDash: [4, 3] },
              encoding: { x: { field: "epoch", type: "quantitative" } },
            },
          ]
        : []),
    ],
  });
  return { id: o.id, title: o.title, caption: o.caption, spec, half: size === HALF };
}

/** Charts of one training run: learning curves, schedules, weight histograms, weight norms. */
export function trainCharts(r: TrainResult): { curves: Chart[]; schedules: Chart[]; histograms: Chart[]; norms: Chart[] } {
  const h = r.history;
  const epochs = Math.max(r.epochs_run, h.length);
  const stoppedAt = !r.stopped ? undefined : finite(r.stopped_epoch) ? r.stopped_epoch : h.length > 0 ? h[h.length - 1]!.epoch : undefined;
  const curves: Chart[] = [];
  const loss = curveChart({
    id: "loss",
    title: "Loss",
    caption: "The training loss (data loss + regularization loss), its data part alone, and the validation loss, per epoch.",
    history: h,
    epochs,
    stoppedAt,
    yTitle: "loss",
    lines: [
      { label: "train loss", get: (e) => e.loss, color: COLORS.train },
      { label: "train data loss", get: (e) => e.data_loss, color: COLORS.trainData, dash: [5, 3] },
      { label: "validation loss", get: (e) => e.val_loss, color: COLORS.test },
    ],
  });
  if (loss) curves.push(loss);
  const slots = [...new Set(h.flatMap((e) => Object.keys(e.reg ?? {})))].sort();
  const reg = curveChart({
    id: "reg-loss",
    title: "Regularization loss",
    caption: slots.length > 1 ? "The penalty added to the loss, in total and per layer and slot." : "The penalty the regularizers add to the loss.",
    history: h,
    epochs,
    stoppedAt,
    yTitle: "regularization loss",
    log: false,
    lines: [
      { label: "total", get: (e) => e.reg_loss, color: COLORS.reg },
      ...(slots.length > 1 ? slots.map((s, i) => ({ label: s, get: (e: HistoryEntry) => e.reg?.[s], color: COLORS.regSlots[i % COLORS.regSlots.length]!, dash: [5, 3] })) : []),
    ],
  });
  if (reg) curves.push(reg);
  for (const m of r.metrics) {
    const c = curveChart({
      id: `metric-${m}`,
      title: m,
      caption: `Training and validation ${m} per epoch.`,
      history: h,
      epochs,
      stoppedAt,
      yTitle: m,
      log: false,
      size: HALF,
      lines: [
        { label: `train ${m}`, get: (e) => e[m], color: COLORS.train },
        { label: `validation ${m}`, get: (e) => e[`val_${m}`], color: COLORS.test },
      ],
    });
    if (c) curves.push(c);
  }
  // A metric chart alone on its row takes the whole width.
  const metricCharts = curves.filter((c) => c.id.startsWith("metric-"));
  if (metricCharts.length === 1) widen(metricCharts[0]!);

  const names = [...new Set(h.flatMap((e) => Object.keys(e.coefficients ?? {})))].sort();
  const schedules = names.flatMap((name) => {
    const c = curveChart({
      id: `schedule-${name}`,
      title: name,
      caption: `The value of the schedule ${name} at each epoch.`,
      history: h,
      epochs,
      yTitle: "value",
      log: false,
      size: names.length > 1 ? HALF : WIDE,
      lines: [{ label: name, get: (e) => e.coefficients?.[name], color: COLORS.schedule }],
    });
    return c ? [c] : [];
  });

  const histograms = r.weights.flatMap((w) => {
    // The end first, so that the start's bars are drawn over it.
    const rows = [
      ...bins(w.end.edges, w.end.counts).map((b) => ({ ...b, when: "end" })),
      ...bins(w.start.edges, w.start.counts).map((b) => ({ ...b, when: "start" })),
    ];
    if (rows.length === 0) return [];
    const name = `${w.layer}/${w.weight}`;
    const spec = vegaLite(HALF, {
      data: { values: rows },
      mark: { type: "bar", binSpacing: 0 },
      encoding: {
        x: { field: "x0", type: "quantitative", bin: "binned", title: "weight value", axis: { tickCount: 6 } },
        x2: { field: "x1" },
        y: { field: "count", type: "quantitative", title: "count", stack: null },
        color: { field: "when", type: "nominal", scale: { domain: ["start", "end"], range: [COLORS.start, COLORS.end] }, legend: { title: null } },
        opacity: { condition: { test: "datum.when === 'start'", value: 0.75 }, value: 0.55 },
      },
    });
    return [{ id: `hist-${name}`, title: name, caption: `${w.weight} of ${w.layer}, shape [${w.shape.join(", ")}]: values at the start and at the end of training.`, spec, half: true }];
  });

  const norms: Chart[] = [];
  if (r.weights.length > 0) {
    const rows = r.weights.map((w) => ({ name: `${w.layer}/${w.weight}`, l1: w.l1, l2: w.l2 }));
    const bar = (field: "l1" | "l2", title: string, color: string) => ({
      ...HALF,
      height: Math.max(60, rows.length * 26),
      mark: { type: "bar", color, cornerRadiusEnd: 2 },
      encoding: {
        y: { field: "name", type: "nominal", title: null, sort: null, axis: { labelLimit: 160 } },
        x: { field, type: "quantitative", title },
      },
    });
    norms.push({
      id: "norms",
      title: "Weight norms",
      caption: "Each weight's norms at the end of training.",
      spec: vegaLite(undefined, {
        data: { values: rows },
        hconcat: [bar("l2", "L2 norm  √(Σ w²)", COLORS.train), bar("l1", "L1 norm  Σ |w|", COLORS.reg)],
      }),
    });
  }
  return { curves, schedules, histograms, norms };
}

function widen(c: Chart): void {
  Object.assign(c.spec, WIDE);
  c.half = false;
}

function bins(edges: number[], counts: number[]) {
  const out: { x0: number; x1: number; count: number }[] = [];
  counts.forEach((count, i) => {
    const x0 = edges[i];
    const x1 = edges[i + 1];
    if (finite(count) && count > 0 && finite(x0) && finite(x1)) out.push({ x0, x1, count });
  });
  return out;
}

/** Charts of a sweep: the metric and the loss against the swept value, and each value's learning curve. */
export function sweepCharts(s: SweepResult, trials?: TrainResult[]): Chart[] {
  const charts: Chart[] = [];
  const values = s.points.map((p) => p.value);
  const log = sweepIsLog(s);
  const xAxis = (title: string) => ({
    field: "value",
    type: "quantitative",
    title: log ? `${title} (log scale)` : title,
    scale: log ? { type: "log" } : { zero: false },
    axis: { values, format: log ? "~e" : "~g", labelFlush: false },
  });
  const vsParam = (id: string, title: string, caption: string, rows: { value: number; split: string; mean: number; lo: number; hi: number }[], yTitle: string): Chart => ({
    id,
    title,
    caption,
    spec: vegaLite({ ...WIDE, height: 300 }, {
      layer: [
        {
          data: { values: s.points.some((p) => p.value === s.best) ? [{ value: s.best, label: `best ${s.param} = ${formatSwept(s.best, log)}` }] : [] },
          layer: [
            { mark: { type: "rule", color: COLORS.best, strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { x: { field: "value", type: "quantitative" } } },
            {
              mark: { type: "text", color: COLORS.best, align: "left", dx: 5, dy: -2, baseline: "top", fontWeight: 600, y: 0 },
              encoding: { x: { field: "value", type: "quantitative" }, text: { field: "label" } },
            },
          ],
        },
        {
          data: { values: rows },
          encoding: {
            x: xAxis(s.param),
            color: { field: "split", type: "nominal", scale: { domain: ["train", "test"], range: [COLORS.train, COLORS.test] }, legend: { title: null } },
          },
          layer: [
            { mark: { type: "errorbar", ticks: { size: 8 }, thickness: 1.5 }, encoding: { y: { field: "lo", type: "quantitative", title: yTitle, scale: { zero: false } }, y2: { field: "hi" } } },
            { mark: { type: "line", strokeWidth: 2, point: { filled: true, size: 60 } }, encoding: { y: { field: "mean", type: "quantitative" } } },
          ],
        },
      ],
    }),
  });

  const metricRows = s.points.flatMap((p) => [
    { value: p.value, split: "train", mean: p.train_mean, lo: p.train_mean - p.train_std, hi: p.train_mean + p.train_std },
    { value: p.value, split: "test", mean: p.test_mean, lo: p.test_mean - p.test_std, hi: p.test_mean + p.test_std },
  ]).filter((r) => finite(r.mean) && finite(r.lo) && finite(r.hi));
  if (metricRows.length > 0)
    charts.push(vsParam("sweep-metric", `${s.metric} against ${s.param}`, `Mean ${s.metric} over the ${s.repeat} trials of each value, ± one standard deviation; the best value is marked.`, metricRows, s.metric));

  const lossRows = s.points.flatMap((p) =>
    (["train", "test"] as const).flatMap((split) => {
      const xs = p.trials.map((t) => t[split]?.loss).filter(finite);
      if (xs.length === 0) return [];
      const m = mean(xs);
      const d = std(xs);
      return [{ value: p.value, split, mean: m, lo: m - d, hi: m + d }];
    }),
  );
  if (lossRows.length > 0) charts.push(vsParam("sweep-loss", `loss against ${s.param}`, `Mean final loss over the trials of each value, ± one standard deviation.`, lossRows, "loss"));

  if (trials && trials.length > 0) {
    const groups = matchTrials(s, trials);
    const rows: { epoch: number; series: string; value: number }[] = [];
    const labels: string[] = [];
    s.points.forEach((p, i) => {
      const runs = groups[i]!;
      const label = `${s.param} = ${formatSwept(p.value, log)}`;
      labels.push(label);
      const n = Math.max(0, ...runs.map((t) => t.history.length));
      for (let e = 0; e < n; e++) {
        const xs = runs.map((t) => t.history[e]?.loss).filter(finite);
        if (xs.length > 0) rows.push({ epoch: runs.find((t) => t.history[e])!.history[e]!.epoch, series: label, value: mean(xs) });
      }
    });
    const epochs = Math.max(...trials.map((t) => Math.max(t.epochs_run, t.history.length)));
    const logY = wantsLog(rows.map((r) => r.value));
    charts.push({
      id: "sweep-curves",
      title: `Training loss per epoch, for each ${s.param}`,
      caption: `The training loss (data + regularization), averaged over the trials of each value.`,
      spec: vegaLite({ ...WIDE, height: 300 }, {
        data: { values: rows },
        mark: { type: "line", strokeWidth: 1.6, clip: true },
        encoding: {
          x: { field: "epoch", type: "quantitative", title: "epoch", scale: { domain: [0, Math.max(1, epochs - 1)], nice: false } },
          y: { field: "value", type: "quantitative", title: logY ? "loss (log scale)" : "loss", scale: logY ? { type: "log" } : { zero: false } },
          color: { field: "series", type: "ordinal", scale: { domain: labels, scheme: { name: "viridis", extent: [0, 0.85] } }, legend: { title: null, columns: Math.min(6, labels.length) } },
        },
      }),
    });
  }
  return charts;
}

/**
 * The trials of each point: `trials` are in sweep order (point by point, then trial by trial), one
 * TrainResult per trial, with the trial's seed.
 */
export function matchTrials(s: SweepResult, trials: TrainResult[]): TrainResult[][] {
  const expected = s.points.reduce((n, p) => n + p.trials.length, 0);
  if (trials.length !== expected) throw new Error(`the sweep has ${expected} trials but ${trials.length} training results were given`);
  let k = 0;
  return s.points.map((p) =>
    p.trials.map((t) => {
      const r = trials[k++]!;
      if (r.seed !== t.seed) throw new Error(`training result ${k} has seed ${r.seed}, but trial ${k} of the sweep (${s.param} = ${formatSwept(p.value, sweepIsLog(s))}) has seed ${t.seed}`);
      return r;
    }),
  );
}
