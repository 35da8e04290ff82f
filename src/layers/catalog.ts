// The one table of layers: each layer's Keras arguments and defaults, regularizer slots, output shape
// rule and weights (from which parameter counts follow). The checker, summary, emitters and runtime
// all read it; nothing else knows a layer's arguments or shapes.

/** A shape without the batch axis; null is a dimension only known at run time (a sequence length). */
export type Dims = (number | null)[];

export type Slot = "kernel" | "bias" | "recurrent" | "activity";
export const SLOTS: readonly Slot[] = ["kernel", "bias", "recurrent", "activity"];

export type ArgType =
  | { kind: "int"; min: number }
  | { kind: "float"; min: number; max?: number; maxExclusive?: boolean; schedulable?: boolean }
  | { kind: "bool" }
  | { kind: "activation" }
  | { kind: "enum"; values: readonly string[] }
  /** An int or a tuple of `rank` ints (kernel_size, strides, pool_size); stored as the tuple. */
  | { kind: "ints"; rank: number; min: number }
  /** A list of ints, one of which may be -1 (Reshape's target_shape). */
  | { kind: "shape" }
  /** A recurrent layer, written as a call: `Bidirectional(LSTM(32))`. */
  | { kind: "layer"; classes: readonly string[] };

export const REQUIRED = Symbol("required");

export interface ArgDef {
  name: string;
  type: ArgType;
  /** The Keras default, or REQUIRED; null means Keras's None (for example strides defaulting to pool_size). */
  default: unknown;
}

export interface Weight {
  name: string;
  shape: number[];
  trainable: boolean;
  /** The regularizer slot that penalizes this weight, if any. */
  slot?: "kernel" | "bias" | "recurrent";
}

/** Argument values after defaults: numbers, booleans, strings, int tuples, or a nested layer. */
export type Args = Record<string, unknown>;

export interface LayerDef {
  className: string;
  /** Keras's base for automatic names: dense, dense_1, ... */
  autoName: string;
  /** Arguments that may be given by position, in order. */
  positional: readonly string[];
  args: readonly ArgDef[];
  slots: readonly Slot[];
  /** The Keras config key each slot is written to. */
  slotKeys: Partial<Record<Slot, string>>;
  /** The rank of input the layer takes, or a minimum rank. */
  inputRank: { exactly: number; words: string } | { atLeast: number; words: string };
  /** Output dims from input dims, or a message saying why they cannot connect. */
  output(input: Dims, a: Args): Dims | string;
  weights(input: Dims, a: Args): Weight[];
  /** The layer's Keras config, key by key: what the Keras emitter writes and `regc import` reads. */
  keras: KerasDef;
}

/** A number Keras writes as a Python float (`1.0`, `1e-05`), where JSON alone cannot tell it from an int. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A table value with every PyFloat as its number: what the value is, whatever Keras's notation for it. */
export function withoutPyFloats(x: unknown): unknown {
  if (x instanceof PyFloat) return x.value;
  if (Array.isArray(x)) return x.map(withoutPyFloats);
  if (x && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, withoutPyFloats(v)]));
  return x;
}

/** The registered name of one of regc's custom Keras objects (python/regc_schedules.py registers them in package `regc`). */
export function registeredName(cls: string): string {
  return `regc>${cls}`;
}

/** Where one key of a Keras layer config comes from. */
export type KerasValue =
  /** An argument of the language, in Keras's form (floats as floats, activations by Keras's name); `or` stands in when it is null. */
  | { arg: string; or?: string }
  /** A regularizer slot: its regularizer's config, or null. */
  | { slot: Slot }
  /** An argument the language does not have: always Keras's default (import accepts nothing else). */
  | { fixed: unknown }
  /** Bidirectional's wrapped layer: Keras 3 writes both directions, tf.keras 2 the layer as given. */
  | { wrapped: "forward" | "backward" | "layer" };

export type KerasKeys = readonly (readonly [key: string, value: KerasValue])[];

export type KerasReject = { format: 2 | 3; why: string } & ({ arg: string; value: unknown } | { slot: Slot });

export interface KerasDef {
  /** Keras 3 config keys after name, trainable and dtype, in the order Keras 3.15 writes them. */
  v3: KerasKeys;
  /** tf.keras 2 config keys after name, trainable and dtype (what TensorFlow.js reads). */
  v2: KerasKeys;
  /** Whether Keras 3 writes a build_config: only layers that define build() record their input shape. */
  buildConfig: boolean;
  /**
   * What a format cannot carry (an argument value, or any regularizer on a slot): the emitter refuses
   * it with `why` rather than write a file the loader would misread or silently ignore.
   */
  rejects?: readonly KerasReject[];
}

/**
 * The first thing Keras format `format` cannot carry in a layer with these arguments and regularized
 * slots (the catalog's rejects): the reject, and what the layer has that it refuses.
 */
export function rejection(
  def: LayerDef,
  format: 2 | 3,
  layer: { args: Readonly<Record<string, unknown>>; regularizers: Readonly<Partial<Record<Slot, unknown>>> },
): { reject: KerasReject; what: string } | undefined {
  for (const r of def.keras.rejects ?? []) {
    if (r.format !== format) continue;
    const what = "slot" in r ? (layer.regularizers[r.slot] ? `${r.slot === "activity" ? "an" : "a"} ${r.slot} regularizer` : undefined) : layer.args[r.arg] === r.value ? `${r.arg}: ${String(r.value)}` : undefined;
    if (what) return { reject: r, what };
  }
  return undefined;
}

const karg = (name: string): KerasValue => ({ arg: name });
const kslot = (s: Slot): KerasValue => ({ slot: s });
const kfixed = (value: unknown): KerasValue => ({ fixed: value });
const pyf = (x: number) => new PyFloat(x);
// Initializers as each format writes them: Keras 3 with module and registered_name, tf.keras 2 bare.
const init3 = (cls: string, config: Record<string, unknown> = {}): KerasValue =>
  kfixed({ module: "keras.initializers", class_name: cls, config, registered_name: null });
const init2 = (cls: string, config: Record<string, unknown> = {}): KerasValue => kfixed({ class_name: cls, config });
const K3 = {
  glorot: init3("GlorotUniform", { seed: null, input_axes: null, output_axes: null }),
  orthogonal: init3("Orthogonal", { seed: null, gain: pyf(1) }),
  zeros: init3("Zeros"),
  ones: init3("Ones"),
  uniform: init3("RandomUniform", { seed: null, minval: pyf(-0.05), maxval: pyf(0.05) }),
};
const K2 = {
  glorot: init2("GlorotUniform", { seed: null }),
  orthogonal: init2("Orthogonal", { gain: pyf(1), seed: null }),
  zeros: init2("Zeros"),
  ones: init2("Ones"),
  uniform: init2("RandomUniform", { minval: pyf(-0.05), maxval: pyf(0.05), seed: null }),
};
const NONE = kfixed(null);
const CHANNELS_LAST = kfixed("channels_last");

const activationArg: ArgDef = { name: "activation", type: { kind: "activation" }, default: "linear" };
const useBias: ArgDef = { name: "use_bias", type: { kind: "bool" }, default: true };
const padding: ArgDef = { name: "padding", type: { kind: "enum", values: ["valid", "same"] }, default: "valid" };
const positive = { kind: "int", min: 1 } as const;
const weightSlots: Partial<Record<Slot, string>> = {
  kernel: "kernel_regularizer",
  bias: "bias_regularizer",
  recurrent: "recurrent_regularizer",
  activity: "activity_regularizer",
};

export function last(d: Dims): number | null {
  return d[d.length - 1] ?? null;
}

function need(n: number | null, what: string): number {
  if (n === null) throw new ShapeError(`${what} must be known, but it is None`);
  return n;
}

export class ShapeError extends Error {}

/** The input of a 1D layer (a sequence) or a 2D one (an image): its rank without the batch. */
function spatialInput(rank: number): LayerDef["inputRank"] {
  return rank === 1 ? { exactly: 2, words: "a sequence (steps, channels)" } : { exactly: 3, words: "an image (height, width, channels)" };
}

/** Keras's output length for a convolution or pooling window along one axis. */
export function windowOut(n: number | null, size: number, stride: number, pad: string, dilation = 1): number | null {
  if (n === null) return null;
  if (pad === "same") return Math.ceil(n / stride);
  return Math.floor((n - (size - 1) * dilation - 1) / stride) + 1;
}

function dense(): LayerDef {
  return {
    className: "Dense",
    autoName: "dense",
    positional: ["units"],
    args: [{ name: "units", type: positive, default: REQUIRED }, activationArg, useBias],
    slots: ["kernel", "bias", "activity"],
    slotKeys: weightSlots,
    inputRank: { atLeast: 1, words: "a tensor of rank 1 or more" },
    output: (input, a) => [...input.slice(0, -1), a.units as number],
    weights: (input, a) => {
      const d = need(last(input), "the last input dimension of Dense");
      const u = a.units as number;
      return [
        { name: "kernel", shape: [d, u], trainable: true, slot: "kernel" },
        ...(a.use_bias ? [{ name: "bias", shape: [u], trainable: true, slot: "bias" as const }] : []),
      ];
    },
    keras: {
      // Dense writes activity_regularizer only when set (Keras's base Layer config), never null.
      v3: [
        ["units", karg("units")], ["activation", karg("activation")], ["use_bias", karg("use_bias")],
        ["kernel_initializer", K3.glorot], ["bias_initializer", K3.zeros],
        ["kernel_regularizer", kslot("kernel")], ["bias_regularizer", kslot("bias")],
        ["kernel_constraint", NONE], ["bias_constraint", NONE], ["quantization_config", NONE],
      ],
      v2: [
        ["units", karg("units")], ["activation", karg("activation")], ["use_bias", karg("use_bias")],
        ["kernel_initializer", K2.glorot], ["bias_initializer", K2.zeros],
        ["kernel_regularizer", kslot("kernel")], ["bias_regularizer", kslot("bias")], ["activity_regularizer", kslot("activity")],
        ["kernel_constraint", NONE], ["bias_constraint", NONE],
      ],
      buildConfig: true,
    },
  };
}

function conv(rank: 1 | 2): LayerDef {
  return {
    className: `Conv${rank}D`,
    autoName: `conv${rank}d`,
    positional: ["filters", "kernel_size"],
    args: [
      { name: "filters", type: positive, default: REQUIRED },
      { name: "kernel_size", type: { kind: "ints", rank, min: 1 }, default: REQUIRED },
      { name: "strides", type: { kind: "ints", rank, min: 1 }, default: Array(rank).fill(1) },
      rank === 1
        ? { name: "padding", type: { kind: "enum", values: ["valid", "same", "causal"] }, default: "valid" }
        : padding,
      { name: "dilation_rate", type: { kind: "ints", rank, min: 1 }, default: Array(rank).fill(1) },
      activationArg,
      useBias,
    ],
    slots: ["kernel", "bias", "activity"],
    slotKeys: weightSlots,
    inputRank: spatialInput(rank),
    output: (input, a) => {
      const k = a.kernel_size as number[];
      const s = a.strides as number[];
      const dl = a.dilation_rate as number[];
      const pad = a.padding === "causal" ? "same" : (a.padding as string);
      const spatial = input.slice(0, rank).map((n, i) => windowOut(n, k[i]!, s[i]!, pad, dl[i]!));
      return [...spatial, a.filters as number];
    },
    weights: (input, a) => {
      const ch = need(last(input), `the channels of Conv${rank}D's input`);
      const f = a.filters as number;
      return [
        { name: "kernel", shape: [...(a.kernel_size as number[]), ch, f], trainable: true, slot: "kernel" },
        ...(a.use_bias ? [{ name: "bias", shape: [f], trainable: true, slot: "bias" as const }] : []),
      ];
    },
    keras: convKeras(rank),
  };
}

function convKeras(rank: 1 | 2): KerasDef {
  const head = (k: typeof K3): [string, KerasValue][] => [
    ["filters", karg("filters")], ["kernel_size", karg("kernel_size")], ["strides", karg("strides")], ["padding", karg("padding")],
    ["data_format", CHANNELS_LAST], ["dilation_rate", karg("dilation_rate")], ["groups", kfixed(1)],
    ["activation", karg("activation")], ["use_bias", karg("use_bias")],
    ["kernel_initializer", k.glorot], ["bias_initializer", k.zeros],
    ["kernel_regularizer", kslot("kernel")], ["bias_regularizer", kslot("bias")], ["activity_regularizer", kslot("activity")],
    ["kernel_constraint", NONE], ["bias_constraint", NONE],
  ];
  return {
    v3: head(K3),
    v2: head(K2),
    buildConfig: true,
    // TensorFlow.js loads Conv1D(padding: "causal") but throws when the model runs ("CAUSAL padding mode in
    // conv1dWithBias is not implemented"): refused for tf.keras 2 JSON and, through it, for tfjs programs.
    ...(rank === 1
      ? { rejects: [{ format: 2, arg: "padding", value: "causal", why: "TensorFlow.js's Conv1D does not implement causal padding (it fails when the model runs)" }] as const }
      : {}),
  };
}

function pooling(kind: "Max" | "Average", rank: 1 | 2): LayerDef {
  return {
    className: `${kind}Pooling${rank}D`,
    autoName: `${kind.toLowerCase()}_pooling${rank}d`,
    positional: ["pool_size"],
    args: [
      // Keras 3 requires AveragePooling's pool_size; MaxPooling defaults to 2.
      { name: "pool_size", type: { kind: "ints", rank, min: 1 }, default: kind === "Max" ? Array(rank).fill(2) : REQUIRED },
      { name: "strides", type: { kind: "ints", rank, min: 1 }, default: null },
      padding,
    ],
    slots: [],
    slotKeys: {},
    inputRank: spatialInput(rank),
    output: (input, a) => {
      const p = a.pool_size as number[];
      const s = (a.strides as number[] | null) ?? p;
      return [...input.slice(0, rank).map((n, i) => windowOut(n, p[i]!, s[i]!, a.padding as string)), last(input)];
    },
    weights: () => [],
    keras: (() => {
      // Keras writes strides resolved: pool_size when none were given.
      const keys: KerasKeys = [["pool_size", karg("pool_size")], ["padding", karg("padding")], ["strides", { arg: "strides", or: "pool_size" }], ["data_format", CHANNELS_LAST]];
      return { v3: keys, v2: keys, buildConfig: false };
    })(),
  };
}

function globalPooling(rank: 1 | 2): LayerDef {
  return {
    className: `GlobalAveragePooling${rank}D`,
    autoName: `global_average_pooling${rank}d`,
    positional: [],
    args: [{ name: "keepdims", type: { kind: "bool" }, default: false }],
    slots: [],
    slotKeys: {},
    inputRank: spatialInput(rank),
    output: (input, a) => (a.keepdims ? [...Array(rank).fill(1), last(input)] : [last(input)]),
    weights: () => [],
    keras: {
      v3: [["data_format", CHANNELS_LAST], ["keepdims", karg("keepdims")]],
      v2: [["data_format", CHANNELS_LAST], ["keepdims", karg("keepdims")]],
      buildConfig: false,
      rejects: [{ format: 2, arg: "keepdims", value: true, why: "TensorFlow.js's global pooling layers ignore keepdims and would drop the pooled axes" }],
    },
  };
}

function identity(className: string, autoName: string, args: ArgDef[], positional: string[], keras: KerasDef): LayerDef {
  return {
    className,
    autoName,
    positional,
    args,
    slots: [],
    slotKeys: {},
    inputRank: { atLeast: 1, words: "a tensor of rank 1 or more" },
    output: (input) => input,
    weights: () => [],
    keras,
  };
}

function normalization(className: "BatchNormalization" | "LayerNormalization"): LayerDef {
  const batch = className === "BatchNormalization";
  return {
    className,
    autoName: batch ? "batch_normalization" : "layer_normalization",
    positional: [],
    args: [
      ...(batch ? [{ name: "momentum", type: { kind: "float", min: 0, max: 1 }, default: 0.99 } as ArgDef] : []),
      { name: "epsilon", type: { kind: "float", min: 0 }, default: 0.001 },
      { name: "center", type: { kind: "bool" }, default: true },
      { name: "scale", type: { kind: "bool" }, default: true },
    ],
    slots: [],
    slotKeys: {},
    inputRank: { atLeast: 1, words: "a tensor of rank 1 or more" },
    output: (input) => input,
    weights: (input, a) => {
      const c = need(last(input), `the last input dimension of ${className}`);
      const w: Weight[] = [];
      if (a.scale) w.push({ name: "gamma", shape: [c], trainable: true });
      if (a.center) w.push({ name: "beta", shape: [c], trainable: true });
      if (batch) w.push({ name: "moving_mean", shape: [c], trainable: false }, { name: "moving_variance", shape: [c], trainable: false });
      return w;
    },
    keras: batch
      ? {
          v3: [
            ["axis", kfixed(-1)], ["momentum", karg("momentum")], ["epsilon", karg("epsilon")], ["center", karg("center")], ["scale", karg("scale")],
            ["beta_initializer", K3.zeros], ["gamma_initializer", K3.ones], ["moving_mean_initializer", K3.zeros], ["moving_variance_initializer", K3.ones],
            ["beta_regularizer", NONE], ["gamma_regularizer", NONE], ["beta_constraint", NONE], ["gamma_constraint", NONE],
            ["synchronized", kfixed(false)], ["renorm", kfixed(false)], ["renorm_clipping", NONE], ["renorm_momentum", kfixed(pyf(0.99))],
          ],
          v2: [
            ["axis", kfixed(-1)], ["momentum", karg("momentum")], ["epsilon", karg("epsilon")], ["center", karg("center")], ["scale", karg("scale")],
            ["beta_initializer", K2.zeros], ["gamma_initializer", K2.ones], ["moving_mean_initializer", K2.zeros], ["moving_variance_initializer", K2.ones],
            ["beta_regularizer", NONE], ["gamma_regularizer", NONE], ["beta_constraint", NONE], ["gamma_constraint", NONE],
          ],
          buildConfig: true,
        }
      : {
          v3: [
            // Once built, Keras 3's LayerNormalization writes its axis as a list.
            ["axis", kfixed([-1])], ["epsilon", karg("epsilon")], ["center", karg("center")], ["scale", karg("scale")], ["rms_scaling", kfixed(false)],
            ["beta_initializer", K3.zeros], ["gamma_initializer", K3.ones],
            ["beta_regularizer", NONE], ["gamma_regularizer", NONE], ["beta_constraint", NONE], ["gamma_constraint", NONE],
          ],
          v2: [
            ["axis", kfixed(-1)], ["epsilon", karg("epsilon")], ["center", karg("center")], ["scale", karg("scale")],
            ["beta_initializer", K2.zeros], ["gamma_initializer", K2.ones],
            ["beta_regularizer", NONE], ["gamma_regularizer", NONE], ["beta_constraint", NONE], ["gamma_constraint", NONE],
          ],
          buildConfig: true,
        },
  };
}

/** LSTM, GRU and SimpleRNN: `gates` copies of the kernel, recurrent kernel and bias. */
function recurrent(className: "LSTM" | "GRU" | "SimpleRNN"): LayerDef {
  const gates = { LSTM: 4, GRU: 3, SimpleRNN: 1 }[className];
  const args: ArgDef[] = [
    { name: "units", type: positive, default: REQUIRED },
    { name: "activation", type: { kind: "activation" }, default: "tanh" },
    ...(className === "SimpleRNN" ? [] : [{ name: "recurrent_activation", type: { kind: "activation" }, default: "sigmoid" } as ArgDef]),
    useBias,
    ...(className === "LSTM" ? [{ name: "unit_forget_bias", type: { kind: "bool" }, default: true } as ArgDef] : []),
    { name: "dropout", type: { kind: "float", min: 0, max: 1, maxExclusive: true }, default: 0 },
    { name: "recurrent_dropout", type: { kind: "float", min: 0, max: 1, maxExclusive: true }, default: 0 },
    { name: "return_sequences", type: { kind: "bool" }, default: false },
    { name: "go_backwards", type: { kind: "bool" }, default: false },
    ...(className === "GRU" ? [{ name: "reset_after", type: { kind: "bool" }, default: true } as ArgDef] : []),
  ];
  return {
    className,
    autoName: className === "SimpleRNN" ? "simple_rnn" : className.toLowerCase(),
    positional: ["units"],
    args,
    slots: ["kernel", "recurrent", "bias", "activity"],
    slotKeys: weightSlots,
    inputRank: { exactly: 2, words: "a sequence (steps, features)" },
    output: (input, a) => (a.return_sequences ? [input[0] ?? null, a.units as number] : [a.units as number]),
    weights: (input, a) => {
      const f = need(last(input), `the features of ${className}'s input`);
      const u = a.units as number;
      const w: Weight[] = [
        { name: "kernel", shape: [f, gates * u], trainable: true, slot: "kernel" },
        { name: "recurrent_kernel", shape: [u, gates * u], trainable: true, slot: "recurrent" },
      ];
      if (a.use_bias) {
        // GRU with reset_after keeps separate input and recurrent biases.
        const shape = className === "GRU" && a.reset_after ? [2, gates * u] : [gates * u];
        w.push({ name: "bias", shape, trainable: true, slot: "bias" });
      }
      return w;
    },
    keras: recurrentKeras(className),
  };
}

function recurrentKeras(className: "LSTM" | "GRU" | "SimpleRNN"): KerasDef {
  const lstm = className === "LSTM";
  const gru = className === "GRU";
  const body = (k: typeof K3): [string, KerasValue][] => [
    ["units", karg("units")], ["activation", karg("activation")],
    ...(className === "SimpleRNN" ? [] : [["recurrent_activation", karg("recurrent_activation")] as [string, KerasValue]]),
    ["use_bias", karg("use_bias")],
    ["kernel_initializer", k.glorot], ["recurrent_initializer", k.orthogonal], ["bias_initializer", k.zeros],
    ...(lstm ? [["unit_forget_bias", karg("unit_forget_bias")] as [string, KerasValue]] : []),
    ["kernel_regularizer", kslot("kernel")], ["recurrent_regularizer", kslot("recurrent")], ["bias_regularizer", kslot("bias")],
    ["activity_regularizer", kslot("activity")],
    ["kernel_constraint", NONE], ["recurrent_constraint", NONE], ["bias_constraint", NONE],
    ["dropout", karg("dropout")], ["recurrent_dropout", karg("recurrent_dropout")],
  ];
  const flags: [string, KerasValue][] = [
    ["return_sequences", karg("return_sequences")], ["return_state", kfixed(false)], ["go_backwards", karg("go_backwards")],
    ["stateful", kfixed(false)], ["unroll", kfixed(false)],
  ];
  return {
    v3: [
      ...flags,
      ["zero_output_for_mask", kfixed(false)],
      ...body(K3),
      ...(gru ? [["reset_after", karg("reset_after")] as [string, KerasValue]] : []),
      // SimpleRNN alone keeps no seed in its config.
      ...(className === "SimpleRNN" ? [] : [["seed", NONE] as [string, KerasValue]]),
    ],
    v2: [
      ...flags,
      ["time_major", kfixed(false)],
      ...body(K2),
      ...(className === "SimpleRNN" ? [] : [["implementation", kfixed(2)] as [string, KerasValue]]),
      ...(gru ? [["reset_after", karg("reset_after")] as [string, KerasValue]] : []),
    ],
    buildConfig: true,
    rejects: [
      ...(gru ? [{ format: 2, arg: "reset_after", value: true, why: "TensorFlow.js's GRU does not support reset_after: true (write GRU(..., reset_after: false))" } as const] : []),
      // Keras 3.15's SimpleRNN takes activity_regularizer but never passes it on: the penalty would vanish.
      ...(className === "SimpleRNN" ? [{ format: 3, slot: "activity", why: "Keras 3's SimpleRNN accepts activity_regularizer but ignores it, so the penalty would silently vanish" } as const] : []),
    ],
  };
}

const RNN_CLASSES = ["LSTM", "GRU", "SimpleRNN"] as const;

function bidirectional(): LayerDef {
  const inner = (a: Args) => a.layer as { def: LayerDef; args: Args };
  return {
    className: "Bidirectional",
    autoName: "bidirectional",
    positional: ["layer"],
    args: [
      { name: "layer", type: { kind: "layer", classes: RNN_CLASSES }, default: REQUIRED },
      { name: "merge_mode", type: { kind: "enum", values: ["concat", "sum", "mul", "ave"] }, default: "concat" },
    ],
    // Regularizers go on the wrapped layer (`Bidirectional(LSTM(32) { kernel: l2(1e-4) })`); both directions share them.
    slots: [],
    slotKeys: {},
    inputRank: { exactly: 2, words: "a sequence (steps, features)" },
    output: (input, a) => {
      const { def, args } = inner(a);
      const out = def.output(input, args);
      if (typeof out === "string" || a.merge_mode !== "concat") return out;
      const u = last(out);
      return [...out.slice(0, -1), u === null ? null : 2 * u];
    },
    weights: (input, a) => {
      const { def, args } = inner(a);
      const w = def.weights(input, args);
      return [...w.map((x) => ({ ...x, name: `forward_${x.name}` })), ...w.map((x) => ({ ...x, name: `backward_${x.name}` }))];
    },
    keras: {
      // Keras 3 writes both directions (forward_<name>, backward_<name> with go_backwards flipped);
      // tf.keras 2 writes the wrapped layer as given, and TensorFlow.js derives the backward one.
      v3: [["merge_mode", karg("merge_mode")], ["layer", { wrapped: "forward" }], ["backward_layer", { wrapped: "backward" }]],
      v2: [["layer", { wrapped: "layer" }], ["merge_mode", karg("merge_mode")]],
      buildConfig: true,
    },
  };
}

function embedding(): LayerDef {
  return {
    className: "Embedding",
    autoName: "embedding",
    positional: ["input_dim", "output_dim"],
    args: [
      { name: "input_dim", type: positive, default: REQUIRED },
      { name: "output_dim", type: positive, default: REQUIRED },
      { name: "mask_zero", type: { kind: "bool" }, default: false },
    ],
    // The embeddings matrix is Embedding's kernel.
    slots: ["kernel", "activity"],
    slotKeys: { kernel: "embeddings_regularizer", activity: "activity_regularizer" },
    inputRank: { atLeast: 1, words: "token ids of rank 1 or more" },
    output: (input, a) => [...input, a.output_dim as number],
    weights: (_input, a) => [{ name: "embeddings", shape: [a.input_dim as number, a.output_dim as number], trainable: true, slot: "kernel" }],
    keras: {
      v3: [
        ["input_dim", karg("input_dim")], ["output_dim", karg("output_dim")], ["embeddings_initializer", K3.uniform],
        ["embeddings_regularizer", kslot("kernel")], ["activity_regularizer", kslot("activity")], ["embeddings_constraint", NONE],
        ["mask_zero", karg("mask_zero")], ["quantization_config", NONE],
      ],
      v2: [
        ["input_dim", karg("input_dim")], ["output_dim", karg("output_dim")], ["embeddings_initializer", K2.uniform],
        ["embeddings_regularizer", kslot("kernel")], ["activity_regularizer", kslot("activity")], ["embeddings_constraint", NONE],
        ["mask_zero", karg("mask_zero")], ["input_length", NONE],
      ],
      buildConfig: true,
    },
  };
}

function flatten(): LayerDef {
  return {
    ...identity("Flatten", "flatten", [], [], { v3: [["data_format", CHANNELS_LAST]], v2: [["data_format", CHANNELS_LAST]], buildConfig: true }),
    output: (input) => {
      if (input.some((d) => d === null)) return "Flatten needs every input dimension known, but one is None";
      return [input.reduce<number>((p, d) => p * (d as number), 1)];
    },
  };
}

function reshape(): LayerDef {
  return {
    ...identity("Reshape", "reshape", [{ name: "target_shape", type: { kind: "shape" }, default: REQUIRED }], ["target_shape"], {
      v3: [["target_shape", karg("target_shape")]],
      v2: [["target_shape", karg("target_shape")]],
      buildConfig: false,
    }),
    output: (input, a) => {
      const target = a.target_shape as number[];
      if (input.some((d) => d === null)) return "Reshape needs every input dimension known, but one is None";
      const size = input.reduce<number>((p, d) => p * (d as number), 1);
      const known = target.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
      const free = target.indexOf(-1);
      if (free >= 0) {
        if (size % known !== 0) return `cannot reshape ${size} values into ${fmtDims(target.map((d) => (d === -1 ? null : d)))}`;
        return target.map((d) => (d === -1 ? size / known : d));
      }
      if (known !== size) return `cannot reshape ${size} values into ${known} (${target.join("x")})`;
      return target;
    },
  };
}

export const LAYERS: Record<string, LayerDef> = Object.fromEntries(
  [
    dense(),
    conv(1),
    conv(2),
    pooling("Max", 1),
    pooling("Max", 2),
    pooling("Average", 1),
    pooling("Average", 2),
    globalPooling(1),
    globalPooling(2),
    flatten(),
    reshape(),
    identity("Dropout", "dropout", [{ name: "rate", type: { kind: "float", min: 0, max: 1, maxExclusive: true, schedulable: true }, default: REQUIRED }], ["rate"], {
      v3: [["rate", karg("rate")], ["seed", NONE], ["noise_shape", NONE]],
      v2: [["rate", karg("rate")], ["noise_shape", NONE], ["seed", NONE]],
      buildConfig: false,
    }),
    identity("GaussianNoise", "gaussian_noise", [{ name: "stddev", type: { kind: "float", min: 0 }, default: REQUIRED }], ["stddev"], {
      v3: [["stddev", karg("stddev")], ["seed", NONE]],
      v2: [["stddev", karg("stddev")], ["seed", NONE]],
      buildConfig: false,
    }),
    normalization("BatchNormalization"),
    normalization("LayerNormalization"),
    identity("Activation", "activation", [{ ...activationArg, default: REQUIRED }], ["activation"], {
      v3: [["activation", karg("activation")]],
      v2: [["activation", karg("activation")]],
      buildConfig: false,
    }),
    embedding(),
    recurrent("LSTM"),
    recurrent("GRU"),
    recurrent("SimpleRNN"),
    bidirectional(),
  ].map((d) => [d.className, d]),
);

/** Activations Keras 3 and TensorFlow.js compute the same way (spec name, tfjs name). */
export const ACTIVATIONS: Record<string, string> = {
  linear: "linear",
  relu: "relu",
  relu6: "relu6",
  sigmoid: "sigmoid",
  tanh: "tanh",
  softmax: "softmax",
  softplus: "softplus",
  softsign: "softsign",
  elu: "elu",
  selu: "selu",
  silu: "swish",
  gelu: "gelu",
  mish: "mish",
};

/** Keras's shape notation: (None, 500). */
export function fmtDims(d: Dims, batch = true): string {
  const all = batch ? [null, ...d] : d;
  const parts = all.map((x) => (x === null ? "None" : String(x)));
  return `(${parts.join(", ")}${parts.length === 1 ? "," : ""})`;
}

export function countWeights(w: Weight[]): { trainable: number; nonTrainable: number } {
  let trainable = 0;
  let nonTrainable = 0;
  for (const x of w) {
    const n = x.shape.reduce((p, d) => p * d, 1);
    if (x.trainable) trainable += n;
    else nonTrainable += n;
  }
  return { trainable, nonTrainable };
}
