// A sweep's numbers: per point, the trials' final scores, their mean and standard deviation, and the
// best point; rendered as sweep.json, sweep.csv and the table `regc sweep` prints.
import type { Scores, SweepPoint, SweepResult, SweepTrial } from "./types.js";
import { shortestNumber } from "../schedule/numbers.js";
import { csvCell } from "../io/index.js";
import { higherIsBetter } from "../settings/catalog.js";
import { mean, std } from "../runtime/stats.js";

export type { SweepPoint, SweepResult, SweepTrial };


/** Rounds to 6 significant digits for the JSON file (float32 results carry no more). */
function r6(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}

function roundScores(s: Scores | null): Scores | null {
  return s ? (Object.fromEntries(Object.entries(s).map(([k, v]) => [k, r6(v)])) as Scores) : null;
}

/** What summarizeSweep takes: a SweepResult before its means, deviations and best point. */
export type ResultInput = Omit<SweepResult, "points" | "best"> & {
  /** Per point value, its trials in repeat order. */
  points: Pick<SweepPoint, "value" | "trials">[];
};

/** Means, deviations and the best point (by test mean of the metric; train mean when there is no test set). */
export function summarizeSweep(input: ResultInput): SweepResult {
  const { metric } = input;
  const points: SweepPoint[] = input.points.map((p) => {
    const train = p.trials.map((t) => t.train[metric] ?? NaN);
    const test = p.trials.map((t) => t.test?.[metric] ?? NaN);
    return {
      value: p.value,
      trials: p.trials.map((t) => ({ seed: t.seed, train: roundScores(t.train)!, test: roundScores(t.test) })),
      train_mean: r6(mean(train)),
      train_std: r6(std(train)),
      test_mean: r6(mean(test)),
      test_std: r6(std(test)),
    };
  });
  const hasTest = input.points.every((p) => p.trials.every((t) => t.test !== null));
  const up = higherIsBetter(metric);
  let best = points[0]!;
  for (const p of points) {
    const a = hasTest ? p.test_mean : p.train_mean;
    const b = hasTest ? best.test_mean : best.train_mean;
    if (Number.isFinite(a) && (!Number.isFinite(b) || (up ? a > b : a < b))) best = p;
  }
  return {
    source: input.source,
    model: input.model,
    param: input.param,
    repeat: input.repeat,
    mode: input.mode,
    reason: input.reason,
    metric,
    points,
    best: best.value,
  };
}

/** sweep.csv: one row per trial: value, repeat, seed, then train_* and test_* for the loss and each metric. */
export function sweepCsv(r: SweepResult): string {
  const keys = [...new Set(r.points.flatMap((p) => p.trials.flatMap((t) => Object.keys(t.train))))];
  const header = [r.param, "repeat", "seed", ...keys.map((k) => `train_${k}`), ...keys.map((k) => `test_${k}`)];
  const rows = [header.map(csvCell).join(",")];
  for (const p of r.points) {
    p.trials.forEach((t, i) => {
      const cells = [String(p.value), String(i), String(t.seed), ...keys.map((k) => csvNumber(t.train[k])), ...keys.map((k) => csvNumber(t.test?.[k]))];
      rows.push(cells.join(","));
    });
  }
  return rows.join("\n") + "\n";
}

function csvNumber(x: number | undefined): string {
  return x === undefined ? "" : String(x);
}

/**
 * The table `regc sweep` prints, as the published lambda grid reads: one row per value with the
 * train and test means and standard deviations of the metric, the best point marked.
 */
export function sweepTable(r: SweepResult): string {
  const d = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "-");
  const head = [r.param, `train ${r.metric}`, "±", `test ${r.metric}`, "±", ""];
  const body = r.points.map((p) => [shortestNumber(p.value), d(p.train_mean), d(p.train_std), d(p.test_mean), d(p.test_std), p.value === r.best ? "<- best" : ""]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  const trials = r.points.reduce((a, p) => a + p.trials.length, 0);
  const what = `${r.points.length} value${r.points.length === 1 ? "" : "s"} of ${r.param} x ${r.repeat} repeat${r.repeat === 1 ? "" : "s"} = ${trials} trials (${r.mode})`;
  return [`${r.model}: ${what}; mean ± std over repeats`, line(head), ...body.map(line)].join("\n");
}
