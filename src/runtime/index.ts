// The runtime that generated training programs import as `regc/runtime` (dist/runtime.mjs).
// The contract with the emitter, `regc train` and `regc sweep` is README.md's "The runtime: regc/runtime".
export { tf } from "./tf.js";
export { setupBackend, BACKEND_CHOICES, type BackendName, type BackendChoice, type BackendOptions } from "./backend/index.js";
export { regularizers, l1l2, ScheduledL1L2, type RegularizerLike } from "./regularizers.js";
export { layers, scheduledDropout, ScheduledDropout, withActivityRegularizer } from "./layers.js";
export { setEpoch, scanModel, forward, type ModelScan, type SlotPenalty, type ActivityPenalty } from "./model-scan.js";
export { loadData, type Dataset, type DataSource, type Split, type XY } from "./data/index.js";
export { parseCsv } from "./data/csv.js";
export { makeMoons } from "./data/moons.js";
export { initialWeights, setWeights, computeFans } from "./init.js";
export { shuffleOrder, mixSeed, dropoutMaskSeed, setRandomState } from "./random.js";
export { AdamW, makeOptimizer } from "./optimizers.js";
export { lossFunction, metricFunction } from "./losses.js";
export { trainModel, evaluate, trainStacked, type TrainSettings, type EpochLog, type TrainOutcome, type Evaluation, type StackedTrial, type StackedLayer, type StackedResult } from "./loop/index.js";
export { histogram, norms, type Histogram } from "./stats.js";
export { saveRun, modelArtifacts, historyCsv } from "./save.js";
export { runProgram, parseCliArgs, runCli, isMain, type Program, type ProgramSpec, type RunOptions, type TrainResult, type WeightStats } from "./program.js";
export { RegcError } from "../diagnostics/index.js";
export { valueAt, coefficientAt, type Coefficient, type Schedule } from "../schedule/index.js";
