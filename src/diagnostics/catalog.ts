// The one catalog of regc's diagnostics: every code, its severity and what it means.
// Every error or warning a user can see is a Diagnostic of one of these kinds (src/diagnostics/index.ts).
// Codes are stable: never renumber, only add. test/diagnostics.test.ts proves each code is produced
// by a spec in test/diagnostics/ (but regc import's and the first run-time codes, which their own
// tests prove) and documented here.

export type Severity = "error" | "warning";

export interface CatalogEntry {
  code: string;
  severity: Severity;
  /** One line on what the diagnostic means and how to fix it, for docs and `--explain`. */
  doc: string;
}

export const catalog = {
  // Reading and syntax: REG00xx
  syntax: { code: "REG0001", severity: "error", doc: "The text does not follow the grammar; the message says what was expected." },
  badCharacter: { code: "REG0002", severity: "error", doc: "A character that no token of the language starts with." },
  unterminatedString: { code: "REG0003", severity: "error", doc: "A string literal is missing its closing double quote." },
  tooDeep: { code: "REG0004", severity: "error", doc: "Brackets nest deeper than regc accepts (64 levels)." },
  emptyFile: { code: "REG0005", severity: "error", doc: "The file has no statements; a spec needs at least a model." },
  notUtf8: { code: "REG0006", severity: "error", doc: "The file is not valid UTF-8 text." },
  tooManyErrors: { code: "REG0007", severity: "error", doc: "So many problems that regc stopped reporting them; fix the first ones." },

  // Names and structure: REG01xx
  undefinedName: { code: "REG0100", severity: "error", doc: "A name is used but never defined as a schedule or param." },
  unusedName: { code: "REG0101", severity: "error", doc: "A schedule or param is defined but never used." },
  duplicateName: { code: "REG0102", severity: "error", doc: "A schedule, param or layer name is defined twice." },
  sweepNotParam: { code: "REG0103", severity: "error", doc: "`sweep X over ...` needs X to be declared with `param X = ...`." },
  noModel: { code: "REG0104", severity: "error", doc: "A spec needs exactly one `model` block." },
  duplicateBlock: { code: "REG0105", severity: "error", doc: "A block that may appear once (model, train, regularize, sweep, repeat) appears twice." },
  missingInput: { code: "REG0106", severity: "error", doc: "A model starts with `input [dims]`, the shape of one sample." },
  badInput: { code: "REG0107", severity: "error", doc: "The input shape must be a list of positive integers (and at most one `none` for a variable length)." },
  badSweep: { code: "REG0108", severity: "error", doc: "A sweep runs over a non-empty list of numbers or `logspace(start, stop, count)`." },
  badRepeat: { code: "REG0109", severity: "error", doc: "`repeat` takes a whole number from 1 to 1000." },
  noLayers: { code: "REG0110", severity: "error", doc: "A model needs at least one layer after its input." },

  // Layers and arguments: REG02xx
  unknownLayer: { code: "REG0200", severity: "error", doc: "The layer type is not one regc knows (Keras class names, case-sensitive)." },
  unknownArgument: { code: "REG0201", severity: "error", doc: "The layer has no argument of that name." },
  missingArgument: { code: "REG0202", severity: "error", doc: "A required argument of the layer (such as Dense's `units`) is missing." },
  duplicateArgument: { code: "REG0203", severity: "error", doc: "An argument is given twice, by position and by name or by name twice." },
  tooManyArguments: { code: "REG0204", severity: "error", doc: "More positional arguments than the layer takes." },
  badArgument: { code: "REG0205", severity: "error", doc: "An argument has the wrong type or an invalid value." },
  unknownActivation: { code: "REG0206", severity: "error", doc: "The activation is not one Keras has." },
  positionalAfterNamed: { code: "REG0207", severity: "error", doc: "Positional arguments come before named ones." },

  // Regularizers and schedules: REG03xx
  unknownRegularizer: { code: "REG0300", severity: "error", doc: "Regularizers are `l1(a)`, `l2(a)`, `l1_l2(l1: a, l2: b)` or `none`." },
  unknownSlot: { code: "REG0301", severity: "error", doc: "Slots are kernel, bias, recurrent and activity." },
  slotNotOnLayer: { code: "REG0302", severity: "error", doc: "The layer has no weights of that kind (for example `recurrent` on Dense)." },
  negativeCoefficient: { code: "REG0303", severity: "error", doc: "A regularization coefficient must not be negative." },
  nonFiniteCoefficient: { code: "REG0304", severity: "error", doc: "A coefficient or rate must be a finite number (not NaN or infinite)." },
  rateOutOfRange: { code: "REG0305", severity: "error", doc: "A dropout rate must lie in [0, 1)." },
  unknownSchedule: { code: "REG0306", severity: "error", doc: "Schedule kinds are constant, step, ramp, exponential, cosine and warmup." },
  backwardsSchedule: { code: "REG0307", severity: "error", doc: "Schedule breakpoints must increase strictly." },
  badSchedule: { code: "REG0308", severity: "error", doc: "A schedule is missing a value or has one of the wrong kind." },
  notSchedulable: { code: "REG0309", severity: "error", doc: "Only coefficients and dropout rates may follow a schedule." },

  // Shapes: REG04xx
  shapeMismatch: { code: "REG0400", severity: "error", doc: "A layer cannot take the output of the layer before it (wrong rank or size)." },
  emptyOutput: { code: "REG0401", severity: "error", doc: "A layer's output would have a dimension of zero or less (a kernel or pool larger than its input)." },
  reshapeSize: { code: "REG0402", severity: "error", doc: "Reshape's target must hold exactly as many values as its input." },

  // Training: REG05xx
  unknownTrainKey: { code: "REG0500", severity: "error", doc: "The train block has no setting of that name." },
  missingTrainKey: { code: "REG0501", severity: "error", doc: "The train block needs data, loss, optimizer and epochs." },
  unknownData: { code: "REG0502", severity: "error", doc: "Data sources are `moons(samples:, noise:, seed:)` and `csv(path, target:)`." },
  unknownLoss: { code: "REG0503", severity: "error", doc: "The loss is not one Keras has." },
  unknownOptimizer: { code: "REG0504", severity: "error", doc: "The optimizer is not one regc knows (sgd, adam, adamw, rmsprop, adagrad)." },
  unknownMetric: { code: "REG0505", severity: "error", doc: "The metric is not one regc knows." },
  badTrainValue: { code: "REG0506", severity: "error", doc: "A train setting has a value of the wrong kind or out of range." },

  // Data and run-time problems: REG06xx. Produced by running (regc train, regc sweep, generated
  // programs), not by `regc check`. test/runtime/*.test.ts proves REG0600-REG0606 and REG0611 (a
  // backend that does not load); test/diagnostics/ has a spec (and its data) for each other one, run
  // by the command its first line names.
  dataUnreadable: { code: "REG0600", severity: "error", doc: "The data file cannot be read (missing, a directory, or not allowed)." },
  dataEmpty: { code: "REG0601", severity: "error", doc: "The data file has no header or no rows." },
  missingTarget: { code: "REG0602", severity: "error", doc: "The CSV has no column named as the train block's `target`." },
  raggedRow: { code: "REG0603", severity: "error", doc: "A CSV row has more or fewer cells than the header." },
  notANumber: { code: "REG0604", severity: "error", doc: "A CSV cell is empty or not a number." },
  badSplit: { code: "REG0605", severity: "error", doc: "The split (or validation_split) leaves no rows to train on." },
  badOption: { code: "REG0606", severity: "error", doc: "A command-line option of a generated training program (or REGC_BACKEND) is unknown or has a bad value." },
  noTrainBlock: { code: "REG0607", severity: "error", doc: "regc train and regc sweep need a train block (data, loss, optimizer, epochs) in the spec." },
  noSweep: { code: "REG0608", severity: "error", doc: "regc sweep needs a `sweep NAME over [...]` in the spec; regc train trains a spec once." },
  nonFiniteLoss: { code: "REG0609", severity: "error", doc: "Training stopped because the loss became NaN or infinite; try a lower learning rate or smaller coefficients." },
  featureCount: { code: "REG0610", severity: "error", doc: "The data file has another number of feature columns than the model's input takes." },
  backendUnavailable: { code: "REG0611", severity: "error", doc: "The backend asked for with --backend or REGC_BACKEND cannot be loaded (native: @tensorflow/tfjs-node not installed or its binding not built); the message says why. Proven by test/runtime/backend.test.ts." },

  // Emitters' refusals: REG08xx. A spec that checks but that the chosen target (`--keras 2`, `--target
  // tfjs`) cannot express; positioned at the layer. test/diagnostics/ has a spec for each (its first line
  // names the build).
  emitSchedule: { code: "REG0800", severity: "error", doc: "tf.keras 2 / TensorFlow.js JSON (`--keras 2`) has no scheduled regularizers or dropout rates; build with --keras 3 or --target tfjs." },
  emitSlot: { code: "REG0801", severity: "error", doc: "The target cannot express a regularizer on this slot (an activity regularizer in `--keras 2` JSON, which TensorFlow.js cannot load; on Keras 3's SimpleRNN, which ignores it)." },
  emitArgument: { code: "REG0802", severity: "error", doc: "The target cannot express this argument's value (TensorFlow.js has no GRU reset_after: true, no keepdims: true, no causal Conv1D padding)." },

  // regc import (Keras JSON -> spec): REG070x. Positioned by line:col and JSON path in the JSON file;
  // proven by test/import.test.ts (they come from JSON, not from a spec in test/diagnostics/).
  importBadJson: { code: "REG0700", severity: "error", doc: "regc import: the file is not valid JSON; the message gives the line and column." },
  importNotKeras: { code: "REG0701", severity: "error", doc: "regc import: the JSON is not shaped like a Keras model config (model.to_json()); the JSON path names what is missing or wrong." },
  importUnknownLayer: { code: "REG0702", severity: "error", doc: "regc import: a layer class the language does not have (or a custom registered class)." },
  importUnknownKey: { code: "REG0703", severity: "error", doc: "regc import: a layer config key the language has no argument for." },
  importBadValue: { code: "REG0704", severity: "error", doc: "regc import: a value the language cannot express: a non-default initializer or constraint, a fixed key with another value, a frozen layer, a dtype other than float32." },
  importBadRegularizer: { code: "REG0705", severity: "error", doc: "regc import: a regularizer the language cannot express: a class other than L1, L2, L1L2 and regc's ScheduledL1L2, or a bad factor." },
  importNotChain: { code: "REG0706", severity: "error", doc: "regc import: the model is not a single chain of layers from one input (a branching functional model, several inputs or outputs, or no input shape)." },
  importDoesNotCheck: { code: "REG0707", severity: "error", doc: "regc import: the spec the model gives does not pass regc check (for example shapes that do not connect)." },

  // Advice (warnings): REG09xx
  largeCoefficient: { code: "REG0900", severity: "warning", doc: "A coefficient above 0.1 usually swamps the data loss." },
  l2BeforeBatchNorm: { code: "REG0901", severity: "warning", doc: "BatchNormalization right after a layer rescales its output, so an L2 kernel penalty there mostly shrinks weights without regularizing." },
  l2WithAdamW: { code: "REG0902", severity: "warning", doc: "An L2 kernel penalty together with AdamW's decoupled weight decay penalizes the same weights twice." },
  scheduleAfterEnd: { code: "REG0903", severity: "warning", doc: "A schedule breakpoint lies after the last epoch, so training never reaches it." },
  noneWithoutDefault: { code: "REG0904", severity: "warning", doc: "`none` turns off a default, but no `regularize` default applies to this slot." },
} as const satisfies Record<string, CatalogEntry>;

export type DiagnosticKind = keyof typeof catalog;
