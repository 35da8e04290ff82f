// When training stops: the non-finite-loss stop and early stopping (Keras's EarlyStopping callback).
import { tf, type Tensor } from "../tf.js";
import { higherIsBetter } from "../../settings/catalog.js";
import type { EpochLog, TrainSettings } from "./types.js";

/** The message when an epoch's loss is NaN or infinite, else null. */
export function nonFiniteLoss(log: EpochLog): string | null {
  if (Number.isFinite(log.loss)) return null;
  return `training stopped at epoch ${log.epoch + 1}: the loss became ${Number.isNaN(log.loss) ? "NaN" : "infinite"} (try a lower learning rate or smaller coefficients)`;
}

/** Early stopping on one trial: patience, min_delta, and the best epoch's weights when asked. */
export class EarlyStopping {
  private readonly up: boolean;
  private best: number;
  bestEpoch = -1;
  private bestWeights: Tensor[] | null = null;
  private wait = 0;
  private warned = false;

  constructor(
    private readonly es: NonNullable<TrainSettings["early_stopping"]>,
    private readonly snapshot: () => Tensor[],
    private readonly warn: (message: string) => void,
  ) {
    this.up = higherIsBetter(es.monitor);
    this.best = this.up ? -Infinity : Infinity;
  }

  /** Takes an epoch's log; returns the message when training stops here. */
  update(log: EpochLog): string | null {
    const es = this.es;
    const cur = log[es.monitor];
    if (typeof cur !== "number") {
      if (!this.warned) this.warn(`early stopping monitors '${es.monitor}', which this run does not have (${es.monitor.startsWith("val_") ? "no validation_split" : "not a metric"}); it is skipped`);
      this.warned = true;
      return null;
    }
    const improved = this.up ? cur - es.min_delta > this.best : cur + es.min_delta < this.best;
    if (improved || this.bestEpoch < 0) {
      this.best = cur;
      this.bestEpoch = log.epoch;
      this.wait = 0;
      if (es.restore_best_weights) {
        this.bestWeights?.forEach((t) => t.dispose());
        this.bestWeights = this.snapshot().map((t) => tf.keep(t));
      }
      return null;
    }
    if (++this.wait < es.patience) return null;
    return `early stopping at epoch ${log.epoch + 1}: ${es.monitor} has not improved for ${es.patience} epoch${es.patience === 1 ? "" : "s"} (best ${shortNumber(this.best)} at epoch ${this.bestEpoch + 1})`;
  }

  /** The best epoch's weights, when kept and not the last epoch's (Keras 3 restores them at the end, stopped early or not). */
  weightsToRestore(lastEpoch: number): Tensor[] | null {
    return this.bestWeights && this.bestEpoch >= 0 && this.bestEpoch !== lastEpoch ? this.bestWeights : null;
  }

  dispose(): void {
    this.bestWeights?.forEach((t) => t.dispose());
    this.bestWeights = null;
  }
}

function shortNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}
