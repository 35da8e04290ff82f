// The model as explicit `tf.layers` calls, argument by argument from the layer table's tf.keras 2 keys
// (src/layers/catalog.ts, LayerDef.keras.v2) in TensorFlow.js's camelCase. What differs in tfjs is
// the small table below: factory names, the keys tfjs has no argument for, and initializer names.
import { ACTIVATIONS, LAYERS, rejection, withoutPyFloats, type KerasValue, type LayerDef, type Slot } from "../../layers/catalog.js";
import type { IRLayer, Regularizer } from "../../ir/types.js";
import { plainNumber, type Coefficient, type Schedule } from "../../schedule/index.js";
import { lit, num, obj, str } from "./literal.js";
import { RegcError } from "../../diagnostics/index.js";


interface TfjsLayer {
  /** The `tf.layers` factory. */
  factory: string;
  /** tf.keras 2 keys TensorFlow.js has no argument for, with the only value it computes. */
  absent?: Record<string, unknown>;
}

const TFJS: Record<string, TfjsLayer> = {
  Dense: { factory: "dense" },
  // Conv1D's causal padding is refused by the catalog's tf.keras 2 rejects (TensorFlow.js cannot run it).
  Conv1D: { factory: "conv1d", absent: { groups: 1 } },
  Conv2D: { factory: "conv2d", absent: { groups: 1 } },
  MaxPooling1D: { factory: "maxPooling1d", absent: { data_format: "channels_last" } },
  MaxPooling2D: { factory: "maxPooling2d" },
  AveragePooling1D: { factory: "averagePooling1d", absent: { data_format: "channels_last" } },
  AveragePooling2D: { factory: "averagePooling2d" },
  GlobalAveragePooling1D: { factory: "globalAveragePooling1d", absent: { data_format: "channels_last", keepdims: false } },
  GlobalAveragePooling2D: { factory: "globalAveragePooling2d", absent: { keepdims: false } },
  Flatten: { factory: "flatten" },
  Reshape: { factory: "reshape" },
  Dropout: { factory: "dropout" },
  GaussianNoise: { factory: "gaussianNoise" },
  BatchNormalization: { factory: "batchNormalization" },
  LayerNormalization: { factory: "layerNormalization" },
  Activation: { factory: "activation" },
  Embedding: { factory: "embedding" },
  LSTM: { factory: "lstm", absent: { time_major: false } },
  GRU: { factory: "gru", absent: { time_major: false, reset_after: false } },
  SimpleRNN: { factory: "simpleRNN", absent: { time_major: false } },
  Bidirectional: { factory: "bidirectional" },
};

/** tf.keras 2 initializers by class, as tfjs names them, with the config tfjs's own default has. */
const INITIALIZERS: Record<string, { name: string; defaults: Record<string, unknown> }> = {
  GlorotUniform: { name: "glorotUniform", defaults: {} },
  Orthogonal: { name: "orthogonal", defaults: { gain: 1 } },
  Zeros: { name: "zeros", defaults: {} },
  Ones: { name: "ones", defaults: {} },
  RandomUniform: { name: "randomUniform", defaults: { minval: -0.05, maxval: 0.05 } },
};

/** Keras's enum strings tfjs spells differently. */
const ENUMS: Record<string, string> = { channels_last: "channelsLast" };

export function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The IR's name for a schedule the spec declared, so the program can point at `spec.schedules`. */
export type NamedSchedules = Record<string, Schedule>;

export class ModelWriter {
  /** The runtime's helpers the model needs, so the program imports only those. */
  readonly uses = new Set<"regularizers" | "layers">();

  constructor(private readonly schedules: NamedSchedules) {}

  /**
   * A coefficient: a number, or `{ schedule, name }`. A declared schedule is read from the program's
   * `spec.schedules`; an inline one is written out, named after where it is (`dense/kernel`).
   */
  coefficient(c: Coefficient, site: string): string {
    const n = plainNumber(c);
    if (n !== undefined) return num(n);
    const { schedule, name } = c as { schedule: Schedule; name?: string };
    if (name !== undefined && Object.prototype.hasOwnProperty.call(this.schedules, name)) {
      return obj([["schedule", `spec.schedules[${str(name)}]`], ["name", str(name)]]);
    }
    return obj([["schedule", lit(schedule)], ["name", str(name ?? site)]]);
  }

  regularizer(r: Regularizer, site: string): string {
    // An inline schedule on each term of one l1_l2 needs a name of its own.
    const both = plainNumber(r.l1) === undefined && plainNumber(r.l2) === undefined;
    const l1 = this.coefficient(r.l1, both ? `${site}/l1` : site);
    const l2 = this.coefficient(r.l2, both ? `${site}/l2` : site);
    this.uses.add("regularizers");
    return `regularizers.l1l2(${obj([["l1", l1], ["l2", l2]])})`;
  }

  value(def: LayerDef, l: IRLayer, key: string, kv: KerasValue): string | undefined {
    const absent = TFJS[def.className]!.absent ?? {};
    if (key in absent) {
      const v = "arg" in kv ? l.args[kv.arg] : "fixed" in kv ? withoutPyFloats(kv.fixed) : undefined;
      if (JSON.stringify(v) !== JSON.stringify(absent[key])) {
        throw new RegcError("emitArgument", `${layerLabel(l)}: TensorFlow.js's ${def.className} has no ${key} argument and always computes ${key}: ${JSON.stringify(absent[key])}, but the spec has ${JSON.stringify(v)}`, { span: l.span });
      }
      return undefined;
    }
    if ("arg" in kv) {
      const a = def.args.find((x) => x.name === kv.arg);
      if (!a) throw new Error(`internal error: ${def.className} has no argument '${kv.arg}' in the layer table`);
      let v = l.args[kv.arg];
      if ((v === null || v === undefined) && kv.or) v = l.args[kv.or];
      if (a.type.kind === "activation") {
        const tfjs = ACTIVATIONS[v as string];
        if (!tfjs) throw new RegcError("emitArgument", `${layerLabel(l)}: TensorFlow.js has no activation ${str(String(v))}`, { span: l.span });
        return str(tfjs);
      }
      if (v === null || v === undefined) return undefined;
      // tfjs leaves a -1 in Reshape's target shape unresolved while building, so the next layer
      // cannot see its size (Flatten refuses): write the shape the checker inferred instead.
      if (def.className === "Reshape" && kv.arg === "target_shape" && l.output_shape.every((d) => d !== null)) return lit(l.output_shape);
      return lit(typeof v === "string" && v in ENUMS ? ENUMS[v] : v);
    }
    if ("slot" in kv) {
      // Activity regularizers wrap the layer (tfjs layers cannot take one): see layer().
      if (kv.slot === "activity") return undefined;
      const r = l.regularizers[kv.slot];
      return r ? this.regularizer(r, `${l.name}/${kv.slot}`) : undefined;
    }
    if ("fixed" in kv) {
      const v = withoutPyFloats(kv.fixed);
      if (v === null) return undefined;
      if (typeof v === "object" && !Array.isArray(v) && "class_name" in (v as object)) return initializer(v as { class_name: string; config: Record<string, unknown> });
      return lit(typeof v === "string" && v in ENUMS ? ENUMS[v] : v);
    }
    // Bidirectional's wrapped layer, as given: tfjs derives the backward direction from it.
    if (!l.inner) throw new Error(`internal error: ${l.name} has no wrapped layer`);
    return this.layer(l.inner);
  }

  /** One layer as a `tf.layers` call (or a runtime layer for a scheduled dropout rate). */
  layer(l: IRLayer, inputShape?: (number | null)[]): string {
    const def = LAYERS[l.class_name];
    const tfjs = TFJS[l.class_name];
    if (!def || !tfjs) throw new Error(`internal error: no TensorFlow.js layer for ${l.class_name}`);
    // The tf.keras 2 format's limits are TensorFlow.js's (its loader reads that format).
    const refused = rejection(def, 2, l);
    if (refused) throw new RegcError("slot" in refused.reject ? "emitSlot" : "emitArgument", `${layerLabel(l)}: TensorFlow.js cannot express ${refused.what}: ${refused.reject.why}`, { span: l.span });
    const head: [string, string][] = [["name", str(l.name)]];
    if (inputShape) head.push(["batchInputShape", lit([null, ...inputShape])]);
    let call: string;
    const rate = l.class_name === "Dropout" ? (l.args.rate as Coefficient) : 0;
    if (plainNumber(rate) === undefined) {
      this.uses.add("layers");
      call = `layers.scheduledDropout(${obj([...head, ["rate", this.coefficient(rate, `${l.name}/rate`)]])})`;
    } else {
      const args: [string, string][] = [...head];
      for (const [key, kv] of def.keras.v2) {
        const v = key === "rate" && l.class_name === "Dropout" ? num(plainNumber(rate)!) : this.value(def, l, key, kv);
        if (v !== undefined) args.push([camel(key), v]);
      }
      call = `tf.layers.${tfjs.factory}(${obj(args)})`;
    }
    const activity = (l.regularizers as Partial<Record<Slot, Regularizer | null>>).activity;
    if (activity) this.uses.add("layers");
    return activity ? `layers.withActivityRegularizer(${call}, ${this.regularizer(activity, `${l.name}/activity`)})` : call;
  }
}

/** Which layer, for messages: `layer 'gru'` (the refusal's span points at it). */
function layerLabel(l: IRLayer): string {
  return `layer '${l.name}'`;
}

function initializer(v: { class_name: string; config: Record<string, unknown> }): string {
  const i = INITIALIZERS[v.class_name];
  if (!i) throw new Error(`internal error: no TensorFlow.js initializer for ${v.class_name}`);
  for (const [k, x] of Object.entries(v.config)) {
    if (k === "seed" && x === null) continue;
    if (i.defaults[k] !== x) throw new Error(`internal error: ${v.class_name}'s ${k}: ${String(x)} is not TensorFlow.js's default`);
  }
  return str(i.name);
}
