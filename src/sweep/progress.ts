// Progress over a sweep's trials, on stderr: a bar with ETA on a terminal (cli-progress), a plain line
// every tenth of the work otherwise, nothing in --json mode. Work is counted in trial-epochs, so a
// batched sweep (all trials advance together) and worker processes (one trial at a time) read alike.
import { etaSeconds, progressBar } from "../runtime/progress.js";

export interface SweepProgress {
  /** Adds finished trial-epochs. */
  advance(trialEpochs: number): void;
  stop(): void;
}

export function sweepProgress(opts: { trials: number; epochs: number; mode: "bar" | "lines" | "none"; stream?: NodeJS.WriteStream }): SweepProgress {
  const stream = opts.stream ?? process.stderr;
  const total = opts.trials * opts.epochs;
  let done = 0;
  const trialsDone = () => Math.floor(done / opts.epochs + 1e-9);
  if (opts.mode === "none" || total === 0) return { advance() {}, stop() {} };
  if (opts.mode === "bar") {
    const bar = progressBar(stream, total, "trials {trials}/{ntrials} [{bar}] {percentage}% | ETA {eta_formatted}", { trials: 0, ntrials: opts.trials }, { etaBuffer: 100, fps: 5 });
    return {
      advance(n) {
        done += n;
        bar.update(done, { trials: trialsDone() });
      },
      stop() {
        bar.stop();
      },
    };
  }
  const t0 = Date.now();
  let shown = 0;
  return {
    advance(n) {
      done += n;
      const tenth = Math.floor((done / total) * 10);
      if (tenth > shown) {
        shown = tenth;
        stream.write(`trials ${trialsDone()}/${opts.trials}  ${tenth * 10}%  (ETA ${etaSeconds(t0, done, total)}s)\n`);
      }
    },
    stop() {},
  };
}
