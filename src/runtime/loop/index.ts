// The training loop (loop.ts) and its two trainees: one tfjs model (model.ts) and the stacked
// weights of a batched sweep (stacked.ts).
export { runLoop, type LoopOptions } from "./loop.js";
export { trainModel, evaluate, modelTrainee } from "./model.js";
export { trainStacked, type StackedTrial, type StackedLayer, type StackedOptions, type StackedResult } from "./stacked.js";
export { evaluateTrials } from "./evaluate.js";
export type { TrainSettings, EpochLog, TrainOutcome, TrainHooks, Evaluation, Trainee } from "./types.js";
