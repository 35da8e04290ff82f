// The visual report of a training run (`regc train --report DIR`) or a sweep (`regc sweep`): one
// self-contained DIR/index.html with the charts drawn as inline SVG at build time (charts.ts builds
// Vega-Lite specs from the data, render.ts draws them), written atomically.
import { join } from "node:path";
import { VERSION } from "../version.js";
import { writeAtomically } from "../io/index.js";
import { formatMeanStd, formatScore, formatSwept, matchTrials, sweepIsLog, sweepCharts, trainCharts, type Chart } from "./charts.js";
import { esc, figure, grid, page, renumberIds, section } from "./html.js";
import { renderSvg } from "./render.js";
import type { Scores, SweepResult, TrainResult } from "./types.js";

export type { HistoryEntry, Histogram, Scores, SweepPoint, SweepResult, SweepTrial, TrainResult, WeightStats } from "./types.js";
export { trainCharts, sweepCharts, type Chart } from "./charts.js";

export interface ReportOptions {
  /** Collects Vega-Lite's and Vega's warnings (they are not printed). */
  warnings?: string[];
}

/** Writes DIR/index.html, the report of one training run. A failure leaves an earlier report as it was. */
export async function writeTrainReport(result: TrainResult, dir: string): Promise<void> {
  const html = await buildTrainReport(result);
  writeAtomically([{ path: join(dir, "index.html"), content: html }]);
}

/**
 * Writes DIR/index.html, the report of a sweep; with `trials` (one TrainResult per trial, in the
 * sweep's order: point by point, trial by trial) it adds each value's learning curve.
 */
export async function writeSweepReport(sweep: SweepResult, dir: string, trials?: TrainResult[]): Promise<void> {
  const html = await buildSweepReport(sweep, trials);
  writeAtomically([{ path: join(dir, "index.html"), content: html }]);
}

/** Draws charts one at a time (memory stays low), numbering their SVG ids along the page. */
async function draw(charts: Chart[], o: ReportOptions, ids: { n: number }): Promise<string[]> {
  const out: string[] = [];
  for (const c of charts) out.push(figure({ id: c.id, title: c.title, caption: c.caption, half: c.half, svg: renumberIds(await renderSvg(c.spec, o.warnings), ids) }));
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The page of one training run, as text. */
export async function buildTrainReport(r: TrainResult, o: ReportOptions = {}): Promise<string> {
  if (!r || !Array.isArray(r.history) || !Array.isArray(r.weights)) throw new Error("cannot write the report: the training result has no history or weights");
  const charts = trainCharts(r);
  const ids = { n: 0 };
  const stoppedAt = typeof r.stopped_epoch === "number" ? r.stopped_epoch : (r.history[r.history.length - 1]?.epoch ?? 0);
  const why = r.message ? ` ${esc(r.message)}` : "";
  let banner: string | undefined;
  if (r.stopped === "nan") banner = `<p class="banner error">Training stopped at epoch ${esc(stoppedAt)}: the loss became NaN. The curves end there (red line).${why}</p>`;
  else if (r.stopped === "early_stopping") banner = `<p class="banner">Early stopping ended training at epoch ${esc(stoppedAt)} of ${esc(r.epochs)} (red line).${why}</p>`;

  const body: string[] = [];
  body.push(section("results", "Results", scoreCards(r.final.train, r.final.test)));
  body.push(
    section(
      "curves",
      "Learning curves",
      charts.curves.length > 0 ? grid(await draw(charts.curves, o, ids)) : `<p class="empty">No epoch was run.</p>`,
      "Per epoch. The training loss is the data loss plus the regularization loss; both parts are drawn.",
    ),
  );
  body.push(
    section(
      "schedules",
      "Schedules",
      charts.schedules.length > 0 ? grid(await draw(charts.schedules, o, ids)) : `<p class="empty">This model has no scheduled coefficient or rate.</p>`,
      "Each scheduled coefficient or rate, as set at the beginning of every epoch.",
    ),
  );
  const weights: string[] = [];
  if (charts.histograms.length > 0) weights.push(`<h3>Histograms</h3>`, grid(await draw(charts.histograms, o, ids)));
  if (charts.norms.length > 0) weights.push(`<h3>Norms</h3>`, grid(await draw(charts.norms, o, ids)), weightTable(r));
  body.push(section("weights", "Weights", weights.length > 0 ? weights.join("\n") : `<p class="empty">No weights were recorded.</p>`, "Every layer's weights at the start (grey) and at the end (blue) of training, and their norms at the end."));

  return page({
    title: `${r.model}: training report (regc)`,
    kicker: "regc training report",
    heading: r.model,
    source: r.source,
    facts: [
      ["epochs", r.epochs_run === r.epochs ? String(r.epochs) : `${r.epochs_run} of ${r.epochs}`],
      ["seed", String(r.seed)],
      ["backend", r.backend],
      ["metrics", r.metrics.length > 0 ? r.metrics.join(", ") : "none"],
      ["stopped", r.stopped === null ? "no" : r.stopped === "nan" ? "NaN loss" : "early stopping"],
      ["regc", r.regc],
    ],
    banner,
    nav: [
      ["results", "Results"],
      ["curves", "Learning curves"],
      ["schedules", "Schedules"],
      ["weights", "Weights"],
    ],
    body: body.join("\n"),
    version: VERSION,
  });
}

function scoreCards(train: Scores, test: Scores | null): string {
  const keys = [...new Set([...Object.keys(train ?? {}), ...Object.keys(test ?? {})])];
  const cards = keys.flatMap((k) => [
    `<div class="card train"><div class="label">train ${esc(k)}</div><div class="value">${esc(formatScore(train?.[k]))}</div></div>`,
    ...(test ? [`<div class="card test"><div class="label">test ${esc(k)}</div><div class="value">${esc(formatScore(test[k]))}</div></div>`] : []),
  ]);
  const note = test ? "" : `<p class="intro">No test set: the spec's split leaves no rows for it.</p>`;
  return `${note}<div class="cards">\n${cards.join("\n")}\n</div>`;
}

function weightTable(r: TrainResult): string {
  const rows = r.weights.map(
    (w) =>
      `<tr><td class="name">${esc(`${w.layer}/${w.weight}`)}</td><td>[${esc(w.shape.join(", "))}]</td><td>${esc(w.shape.reduce((a, b) => a * b, 1))}</td><td>${esc(formatScore(w.l1))}</td><td>${esc(formatScore(w.l2))}</td></tr>`,
  );
  return htmlTable(["weight", "shape", "values", "L1 norm", "L2 norm"], rows);
}

/** A report table: a header row of (escaped) titles, then rows of ready HTML. */
function htmlTable(titles: string[], rows: string[]): string {
  return `<div class="table"><table>
<thead><tr>${titles.map((t) => `<th>${esc(t)}</th>`).join("")}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table></div>`;
}

/** The page of a sweep, as text. */
export async function buildSweepReport(s: SweepResult, trials?: TrainResult[], o: ReportOptions = {}): Promise<string> {
  if (!s || !Array.isArray(s.points)) throw new Error("cannot write the report: the sweep result has no points");
  if (trials) matchTrials(s, trials);
  const charts = sweepCharts(s, trials);
  const ids = { n: 0 };
  const curves = charts.filter((c) => c.id === "sweep-curves");
  const main = charts.filter((c) => c.id !== "sweep-curves");
  const best = s.points.find((p) => p.value === s.best);
  const body: string[] = [];
  body.push(section("results", "Results", sweepResultsHtml(s), `Mean ${esc(s.metric)} ± standard deviation over ${esc(plural(s.repeat, "trial"))} of each value of <code>${esc(s.param)}</code>.`));
  body.push(section("charts", `Against ${s.param}`, main.length > 0 ? grid(await draw(main, o, ids)) : `<p class="empty">No results to draw.</p>`));
  if (curves.length > 0) body.push(section("curves", "Learning curves", grid(await draw(curves, o, ids))));
  return page({
    title: `${s.model}: sweep over ${s.param} (regc)`,
    kicker: "regc sweep report",
    heading: s.model,
    source: s.source,
    facts: [
      ["swept", `${s.param}: ${plural(s.points.length, "value")}`],
      ["trials", `${s.repeat} per value`],
      ["metric", s.metric],
      ["best", best ? `${s.param} = ${formatSwept(s.best, sweepIsLog(s))}` : "–"],
      ["best test " + s.metric, best ? formatMeanStd(best.test_mean, best.test_std).join(" ± ") : "–"],
      ["mode", s.mode + (s.reason ? ` (${s.reason})` : "")],
    ],
    nav: [["results", "Results"], ["charts", `Against ${s.param}`], ...(curves.length > 0 ? ([["curves", "Learning curves"]] as [string, string][]) : [])],
    body: body.join("\n"),
    version: VERSION,
  });
}

function sweepResultsHtml(s: SweepResult): string {
  const pm = (m: number, d: number) => {
    const [a, b] = formatMeanStd(m, d);
    return `${esc(a)} <span class="pm">± ${esc(b)}</span>`;
  };
  const log = sweepIsLog(s);
  const rows = s.points.map((p) => {
    const isBest = p.value === s.best;
    const tests = p.trials.map((t) => formatScore(t.test?.[s.metric])).join(" · ");
    return `<tr${isBest ? ' class="best"' : ""}><td class="name">${esc(formatSwept(p.value, log))}${isBest ? '<span class="badge">best</span>' : ""}</td><td>${pm(p.train_mean, p.train_std)}</td><td>${pm(p.test_mean, p.test_std)}</td><td><span class="trials">${esc(tests)}</span></td></tr>`;
  });
  return htmlTable([s.param, `train ${s.metric}`, `test ${s.metric}`, `test ${s.metric} per trial`], rows);
}
