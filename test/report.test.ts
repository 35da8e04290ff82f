// The report: its charts are drawn from the input (point counts, values, the log axis), the page is
// deterministic, self-contained and escaped, and it is written atomically. The browser side is in
// report-browser.test.ts.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSweepReport, buildTrainReport, writeSweepReport, writeTrainReport } from "../src/report/index.js";
import { matchTrials, sweepCharts, trainCharts, type Chart } from "../src/report/charts.js";
import { compile, renderSvg } from "../src/report/render.js";
import type { SweepResult, TrainResult } from "../src/report/types.js";
import { makeSweep, makeTrainResult } from "./fixtures/report/generate.js";
import { ROOT, tempDir } from "./helpers.js";

const history: TrainResult = JSON.parse(readFileSync(join(ROOT, "test/fixtures/report/history.json"), "utf8"));
const sweep: SweepResult = JSON.parse(readFileSync(join(ROOT, "test/fixtures/report/sweep.json"), "utf8"));
/** The grid of specs/moons-grid.reg: `sweep lambda over [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]`, repeat 3. */
const LAMBDAS = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6];

type Row = Record<string, number | string>;
const rows = (c: Chart): Row[] => (c.spec as { data: { values: Row[] } }).data.values;
const chart = (cs: Chart[], id: string): Chart => {
  const c = cs.find((x) => x.id === id);
  if (!c) throw new Error(`no chart ${id} among ${cs.map((x) => x.id).join(", ")}`);
  return c;
};

/** The vertices of each <path> in the line-mark groups of a Vega SVG, in drawing order. */
function linePaths(svg: string): { x: number; y: number }[][] {
  const groups = [...svg.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)].map((m) => m[1]!);
  return groups.flatMap((g) =>
    [...g.matchAll(/<path[^>]*\sd="([^"]*)"/g)].map((m) =>
      [...m[1]!.matchAll(/[ML]\s*(-?[\d.e-]+)[ ,](-?[\d.e-]+)/g)].map((p) => ({ x: Number(p[1]), y: Number(p[2]) })),
    ),
  );
}

describe("training report charts", () => {
  const charts = trainCharts(history);

  it("draw one point per epoch on every learning curve, with the history's values", () => {
    expect(history.history).toHaveLength(400);
    const loss = rows(chart(charts.curves, "loss"));
    for (const series of ["train loss", "train data loss", "validation loss"]) {
      const pts = loss.filter((r) => r.series === series);
      expect(pts, series).toHaveLength(400);
      expect(pts.map((r) => r.epoch)).toEqual(history.history.map((h) => h.epoch));
    }
    expect(loss.filter((r) => r.series === "train loss").map((r) => r.value)).toEqual(history.history.map((h) => h.loss));
    expect(loss.filter((r) => r.series === "train data loss").map((r) => r.value)).toEqual(history.history.map((h) => h.data_loss));
    // The data loss and the regularization loss are drawn apart, the latter per slot too.
    const reg = rows(chart(charts.curves, "reg-loss"));
    expect([...new Set(reg.map((r) => r.series))]).toEqual(["total", "dense/bias", "dense/kernel"]);
    expect(reg.filter((r) => r.series === "total").map((r) => r.value)).toEqual(history.history.map((h) => h.reg_loss));
    const acc = rows(chart(charts.curves, "metric-accuracy"));
    expect(acc.filter((r) => r.series === "validation accuracy")).toHaveLength(400);
  });

  it("render each curve as a line through every epoch", async () => {
    const svg = await renderSvg(chart(charts.curves, "loss").spec);
    const paths = linePaths(svg);
    expect(paths).toHaveLength(3);
    for (const p of paths) expect(p).toHaveLength(400);
    // The loss falls from 0.70 to about 0.14: the line ends lower on the page (larger y) than it starts.
    const train = paths[0]!;
    expect(train[399]!.y).toBeGreaterThan(train[0]!.y);
    expect(train[399]!.x).toBeGreaterThan(train[0]!.x);
  });

  it("draw each schedule's value at every epoch", () => {
    expect(charts.schedules.map((c) => c.id)).toEqual(["schedule-decay"]);
    const pts = rows(charts.schedules[0]!);
    expect(pts).toHaveLength(400);
    // moons-decay.reg: decay = ramp { 0: 0, 50%: 1e-3 } over 400 epochs: 5e-4 at epoch 100, 1e-3 from 200 on.
    expect(pts[0]!.value).toBe(0);
    expect(pts[100]!.value).toBeCloseTo(5e-4, 12);
    expect(pts[200]!.value).toBeCloseTo(1e-3, 12);
    expect(pts[399]!.value).toBeCloseTo(1e-3, 12);
  });

  it("draw a start and an end histogram per weight, counting every value", () => {
    expect(charts.histograms.map((c) => c.id)).toEqual(["hist-dense/kernel", "hist-dense/bias", "hist-dense_1/kernel", "hist-dense_1/bias"]);
    // Shapes from moons-decay.reg: Dense(64) on 2 inputs, then Dense(1).
    const sizes = [2 * 64, 64, 64, 1];
    charts.histograms.forEach((c, i) => {
      for (const when of ["start", "end"]) {
        const bars = rows(c).filter((r) => r.when === when);
        expect(bars.reduce((s, r) => s + (r.count as number), 0), `${c.id} ${when}`).toBe(sizes[i]);
        for (const b of bars) expect(b.x1 as number).toBeGreaterThan(b.x0 as number);
      }
    });
  });

  it("draw both norms of every weight", () => {
    const norms = rows(charts.norms[0]!);
    expect(norms).toEqual(history.weights.map((w) => ({ name: `${w.layer}/${w.weight}`, l1: w.l1, l2: w.l2 })));
  });

  it("leave out what a run does not have: no validation, no schedule, a NaN stop", async () => {
    const r = makeTrainResult({ epochs: 50, validation: false, lambda: 1e-3 });
    r.stopped = "nan";
    r.stopped_epoch = 49;
    r.message = "the loss became NaN at epoch 49 <lower the learning rate>";
    r.epochs = 100;
    r.epochs_run = 50;
    (r.history[49] as Record<string, unknown>).loss = null; // JSON has no NaN: the runtime's NaN arrives as null
    const c = trainCharts(r);
    expect([...new Set(rows(chart(c.curves, "loss")).map((x) => x.series))]).toEqual(["train loss", "train data loss"]);
    expect(rows(chart(c.curves, "loss")).filter((x) => x.series === "train loss")).toHaveLength(49);
    expect(c.schedules).toEqual([]);
    const warnings: string[] = [];
    const html = await buildTrainReport(r, { warnings });
    expect(html).toContain("Training stopped at epoch 49: the loss became NaN.");
    expect(html).toContain("the loss became NaN at epoch 49 &lt;lower the learning rate&gt;");
    // The red rule at the stopping epoch is drawn on the loss chart.
    const loss = (chart(c.curves, "loss").spec as { layer: { data?: { values: Row[] } }[] }).layer[1]!;
    expect(loss.data!.values).toEqual([{ epoch: 49 }]);
    expect(html).toContain("no scheduled coefficient");
    expect([...new Set(warnings)]).toEqual([]);
  });

  it("say so instead of drawing empty charts when nothing was recorded", async () => {
    const r = makeTrainResult({ epochs: 3 });
    Object.assign(r, { history: [], epochs_run: 0, weights: [], final: { train: {}, test: null } });
    const warnings: string[] = [];
    const html = await buildTrainReport(r, { warnings });
    expect(html).not.toContain("<svg");
    expect(html).toContain("No epoch was run.");
    expect(html).toContain("No weights were recorded.");
    const s = await buildSweepReport({ ...sweep, points: [] }, undefined, { warnings });
    expect(s).not.toContain("<svg");
    expect(s).toContain("No results to draw.");
    expect(warnings).toEqual([]);
  });
});

describe("sweep report charts", () => {
  const charts = sweepCharts(sweep);

  it("put the swept values on x, on a log axis labelled with them, with mean ± std", async () => {
    const metric = chart(charts, "sweep-metric");
    const data = (metric.spec as { layer: { data: { values: Row[] } }[] }).layer[1]!.data.values;
    for (const split of ["train", "test"]) expect(data.filter((r) => r.split === split).map((r) => r.value)).toEqual(LAMBDAS);
    sweep.points.forEach((p, i) => {
      const test = data.filter((r) => r.split === "test")[i]!;
      expect(test.mean).toBe(p.test_mean);
      expect(test.lo).toBeCloseTo(p.test_mean - p.test_std, 12);
      expect(test.hi).toBeCloseTo(p.test_mean + p.test_std, 12);
    });
    const vega = (await compile(metric.spec)) as { scales: { name: string; type?: string }[] };
    expect(vega.scales.find((s) => s.name === "x")?.type).toBe("log");
    const svg = await renderSvg(metric.spec);
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const v of ["1e-1", "1e-2", "1e-3", "1e-4", "1e-5", "1e-6"]) expect(labels).toContain(v);
    expect(labels).toContain("best lambda = 1e-2");
  });

  it("average each trial's final loss per value", () => {
    const loss = chart(charts, "sweep-loss");
    const data = (loss.spec as { layer: { data: { values: Row[] } }[] }).layer[1]!.data.values;
    const first = data.find((r) => r.split === "train" && r.value === 1e-1)!;
    const losses = sweep.points[0]!.trials.map((t) => t.train.loss!);
    expect(first.mean).toBeCloseTo((losses[0]! + losses[1]! + losses[2]!) / 3, 12);
  });

  it("draw each value's learning curve from the trials, averaged over its repeats", () => {
    const { trials } = makeSweep(60);
    const curves = chart(sweepCharts(sweep, trials), "sweep-curves");
    const pts = rows(curves);
    expect(new Set(pts.map((r) => r.series)).size).toBe(6);
    expect(pts.filter((r) => r.series === "lambda = 1e-3")).toHaveLength(60);
    const third = trials.slice(6, 9); // 1e-3 is the third value: trials 6, 7 and 8
    expect(pts.find((r) => r.series === "lambda = 1e-3" && r.epoch === 10)!.value).toBeCloseTo(third.reduce((s, t) => s + t.history[10]!.loss, 0) / 3, 12);
  });

  it("refuse trials that do not match the sweep", () => {
    const { trials } = makeSweep(5);
    expect(() => matchTrials(sweep, trials.slice(1))).toThrow("the sweep has 18 trials but 17 training results were given");
    const swapped = [trials[1]!, trials[0]!, ...trials.slice(2)];
    expect(() => matchTrials(sweep, swapped)).toThrow("training result 1 has seed 1, but trial 1 of the sweep (lambda = 1e-1) has seed 0");
  });

  it("tabulate every value with train and test mean ± std, the best one marked", async () => {
    const html = await buildSweepReport(sweep);
    const body = html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
    const trs = body.split("<tr").slice(1);
    expect(trs).toHaveLength(6);
    expect(trs.filter((t) => t.startsWith(' class="best"'))).toHaveLength(1);
    expect(trs[1]).toMatch(/^ class="best"><td class="name">1e-2<span class="badge">best<\/span>/);
    // 1e-1: test answers 58, 59 and 57 of 70 -> 0.8286 ± 0.0117 (population std); train 25, 25, 26 of 30.
    expect(trs[0]).toContain("<td>0.8444 <span class=\"pm\">± 0.0157</span></td><td>0.8286 <span class=\"pm\">± 0.0117</span></td>");
    // Float noise in a std (1.1e-16) reads 0.
    expect(trs[4]).toContain("0.9286 <span class=\"pm\">± 0</span>");
  });
});

describe("the report page", () => {
  let trainHtml: string;
  beforeAll(async () => {
    trainHtml = await buildTrainReport(history);
  });

  it("is the same bytes for the same input, and draws without warnings", async () => {
    const warnings: string[] = [];
    expect(await buildTrainReport(history, { warnings })).toBe(trainHtml);
    expect(warnings).toEqual([]);
    const { trials } = makeSweep(30);
    const a = await buildSweepReport(sweep, trials, { warnings });
    expect(await buildSweepReport(sweep, trials)).toBe(a);
    expect(warnings).toEqual([]);
  });

  it("is self-contained: inline SVG charts, no script, no external reference", () => {
    expect(trainHtml.match(/<svg/g)?.length).toBe(3 + 1 + 4 + 1);
    expect(trainHtml).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    // The only http(s) URLs are the SVG namespaces, which nothing fetches.
    const urls = [...trainHtml.matchAll(/https?:\/\/[^"' )]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]));
    expect(trainHtml).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(trainHtml).toContain("<h1>MoonsDecay</h1>");
    expect(trainHtml).toContain("<code>test/fixtures/report/moons-decay.reg</code>");
  });

  it("escapes every name from the spec", async () => {
    const r = makeTrainResult({ epochs: 5 });
    r.model = "<script>alert(1)</script>";
    r.source = 'a"><img src=x onerror=alert(1)>.reg';
    r.weights[0]!.layer = "</svg><script>alert(2)</script>";
    r.metrics = ["accuracy"];
    const html = await buildTrainReport(r);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("loads vega and vega-lite only when drawing (dynamic import in render.ts)", () => {
    const dir = join(ROOT, "src/report");
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), "utf8");
      expect(text, f).not.toMatch(/^import\s+(?!type\b)[^;]*from\s+["']vega(-lite)?["']/m);
    }
    expect(readFileSync(join(ROOT, "scripts/build.mjs"), "utf8")).toMatch(/external: \[[^\]]*"vega", "vega-lite"/);
  });
});

describe("writing the report", () => {
  it("writes DIR/index.html, the same bytes every time", async () => {
    const dir = join(tempDir("regc-report-"), "report");
    await writeTrainReport(history, dir);
    const first = readFileSync(join(dir, "index.html"));
    await writeTrainReport(history, dir);
    expect(readFileSync(join(dir, "index.html")).equals(first)).toBe(true);
    expect(readdirSync(dir)).toEqual(["index.html"]);
    await writeSweepReport(sweep, join(dir, "sweep"));
    expect(readFileSync(join(dir, "sweep", "index.html"), "utf8")).toContain("<h1>MoonsGrid</h1>");
  });

  it("leaves an earlier report untouched when it fails", async () => {
    const dir = tempDir("regc-report-");
    writeFileSync(join(dir, "index.html"), "earlier report");
    await expect(writeTrainReport({ ...history, history: undefined } as unknown as TrainResult, dir)).rejects.toThrow("the training result has no history");
    const { trials } = makeSweep(3);
    await expect(writeSweepReport(sweep, dir, trials.slice(2))).rejects.toThrow("training results were given");
    expect(readFileSync(join(dir, "index.html"), "utf8")).toBe("earlier report");
    expect(readdirSync(dir)).toEqual(["index.html"]);
  });

  it("fails with a clear error when the file cannot be written, leaving no temporary file", async () => {
    const dir = tempDir("regc-report-");
    mkdirSync(join(dir, "index.html"));
    await expect(writeTrainReport(history, dir)).rejects.toThrow(`cannot write '${join(dir, "index.html")}': a directory is in the way`);
    expect(readdirSync(dir)).toEqual(["index.html"]);
    expect(existsSync(join(dir, "index.html", "index.html"))).toBe(false);
  });
});
