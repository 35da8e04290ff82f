// Progress while training: a bar with ETA on a terminal (cli-progress), a plain line every tenth of
// the run otherwise, nothing in --json or quiet mode. Everything goes to stderr.
import cliProgress from "cli-progress";
import type { EpochLog } from "./loop/index.js";

export interface Progress {
  epoch(log: EpochLog): void;
  stop(): void;
}

/** regc's one progress bar, on `stream` over `total` units (epochs, or a sweep's trial-epochs). */
export function progressBar(stream: NodeJS.WriteStream, total: number, format: string, payload: Record<string, unknown>, smoothing: { etaBuffer: number; fps: number }): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar({ format, stream, hideCursor: true, ...smoothing }, cliProgress.Presets.shades_classic);
  bar.start(total, 0, payload);
  return bar;
}

/** Whole seconds left, at the pace so far (`done` of `total` units since `t0`). */
export function etaSeconds(t0: number, done: number, total: number): number {
  return Math.round((((Date.now() - t0) / done) * (total - done)) / 1000);
}

function summary(log: EpochLog, metrics: string[]): string {
  const parts = [`loss ${log.loss.toFixed(4)}`];
  if (log.reg_loss !== 0) parts.push(`reg ${log.reg_loss.toFixed(4)}`);
  for (const m of metrics) if (typeof log[m] === "number") parts.push(`${m} ${(log[m] as number).toFixed(4)}`);
  if (typeof log["val_loss"] === "number") parts.push(`val_loss ${(log["val_loss"] as number).toFixed(4)}`);
  return parts.join("  ");
}

export function makeProgress(opts: { epochs: number; metrics: string[]; mode: "bar" | "lines" | "none"; stream?: NodeJS.WriteStream }): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.mode === "none") return { epoch() {}, stop() {} };
  if (opts.mode === "bar") {
    const bar = progressBar(stream, opts.epochs, "epoch {value}/{total} [{bar}] {percentage}% | ETA {eta_formatted} | {stats}", { stats: "" }, { etaBuffer: 50, fps: 10 });
    return {
      epoch(log) {
        bar.update(log.epoch + 1, { stats: summary(log, opts.metrics) });
      },
      stop() {
        bar.stop();
      },
    };
  }
  const every = Math.max(1, Math.ceil(opts.epochs / 10));
  const t0 = Date.now();
  let last: EpochLog | null = null;
  let printed = -1;
  const line = (log: EpochLog) => {
    const done = log.epoch + 1;
    stream.write(`epoch ${done}/${opts.epochs}  ${summary(log, opts.metrics)}  (ETA ${etaSeconds(t0, done, opts.epochs)}s)\n`);
    printed = log.epoch;
  };
  return {
    epoch(log) {
      last = log;
      if ((log.epoch + 1) % every === 0 || log.epoch === 0) line(log);
    },
    stop() {
      if (last && printed !== last.epoch) line(last);
    },
  };
}
