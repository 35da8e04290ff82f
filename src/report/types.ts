// The data the report draws: history.json (the runtime's TrainResult) and sweep.json (the sweep's
// SweepResult), each defined once by the stage that writes it.
import type { EpochLog, Histogram, TrainResult, WeightStats } from "../runtime/index.js";
export type { Scores, SweepPoint, SweepResult, SweepTrial } from "../sweep/types.js";
export type { Histogram, TrainResult, WeightStats };
/** One epoch of training (loss = data_loss + reg_loss; `val_*` only with a validation split). */
export type HistoryEntry = EpochLog;
