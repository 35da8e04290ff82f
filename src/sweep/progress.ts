// Progress over a sweep's trials, on stderr: a bar with ETA on a terminal (cli-progress), a plain line
// every tenth of the work otherwise, nothing in --json mode. Work is counted in trial-epochs, so a
// batched sweep (all trials advance together) and worker processes (one trial at a time) read alike.
import cliProgress from "cli-progress";

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
    const bar = new cliProgress.SingleBar(
      { format: "trials {trials}/{ntrials} [{bar}] {percentage}% | ETA {eta_formatted}", stream, hideCursor: true, etaBuffer: 100, fps: 5 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { trials: 0, ntrials: opts.trials });
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
        const eta = ((Date.now() - t0) / done) * (total - done);
        stream.write(`trials ${trialsDone()}/${opts.trials}  ${tenth * 10}%  (ETA ${Math.round(eta / 1000)}s)\n`);
      }
    },
    stop() {},
  };
}
