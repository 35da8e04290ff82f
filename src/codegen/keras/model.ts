// Builds the model config Keras's to_json() writes, as a JavaScript object in Keras's key order,
// for Keras 3 or tf.keras 2, from the IR and the layer table's Keras keys (src/layers/catalog.ts).
import { ACTIVATIONS, LAYERS, PyFloat, registeredName, rejection, type KerasValue, type LayerDef } from "../../layers/catalog.js";
import type { IR, IRLayer, Regularizer } from "../../ir/types.js";
import type { Coefficient, Schedule } from "../../schedule/index.js";
import { describeCoefficient, plainNumber } from "../../schedule/index.js";
import { compileConfig } from "./compile.js";
import { RegcError } from "../../diagnostics/index.js";

export type KerasVersion = 2 | 3;


/** The Python module (written beside the JSON) that defines regc's custom Keras objects. */
export const SCHEDULES_MODULE = "regc_schedules";

const DTYPE3 = { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null };

/** A coefficient that needs a custom object: a schedule other than `constant(v)`. */
export function isScheduled(c: Coefficient): boolean {
  return plainNumber(c) === undefined;
}

/** A schedule as regc_schedules.py reads it: the IR's own form, keys in a fixed order. */
function scheduleJson(s: Schedule): unknown {
  const at = (a: { epoch: number } | { fraction: number }) => ("epoch" in a ? { epoch: a.epoch } : { fraction: a.fraction });
  switch (s.kind) {
    case "constant":
      return { kind: s.kind, value: s.value };
    case "step":
    case "ramp":
      return { kind: s.kind, points: s.points.map((p) => ({ at: at(p.at), value: p.value })) };
    case "exponential":
      return { kind: s.kind, start: s.start, factor: s.factor, every: s.every };
    case "cosine":
      return { kind: s.kind, start: s.start, end: s.end, epochs: at(s.epochs) };
    case "warmup":
      return { kind: s.kind, start: s.start, target: s.target, epochs: at(s.epochs) };
  }
}

function coefficientJson(c: Coefficient): unknown {
  const n = plainNumber(c);
  if (n !== undefined) return new PyFloat(n);
  const { schedule, name } = c as { schedule: Schedule; name?: string };
  return name === undefined ? { schedule: scheduleJson(schedule) } : { schedule: scheduleJson(schedule), name };
}

class Emitter {
  /** Whether any custom object of regc_schedules.py was written. */
  usesSchedules = false;

  constructor(readonly v: KerasVersion) {}

  /** A regularizer's config; `l` is the layer it is on (where a refusal points). */
  regularizer(r: Regularizer | null | undefined, l: IRLayer, slot: string): unknown {
    if (!r) return null;
    const [l1, l2] = [plainNumber(r.l1), plainNumber(r.l2)];
    if (l1 === undefined || l2 === undefined) {
      if (this.v === 2) {
        const c = l1 === undefined ? r.l1 : r.l2;
        throw new RegcError(
          "emitSchedule",
          `layer '${l.name}': its ${slot} regularizer is scheduled (${describeCoefficient(c)}), and tf.keras 2 / TensorFlow.js JSON has no scheduled regularizers; ` +
            `build with --keras 3 (which writes ${SCHEDULES_MODULE}.py beside the JSON) or --target tfjs`,
          { span: l.span },
        );
      }
      this.usesSchedules = true;
      return {
        module: SCHEDULES_MODULE,
        class_name: "ScheduledL1L2",
        config: { l1: coefficientJson(r.l1), l2: coefficientJson(r.l2) },
        registered_name: registeredName("ScheduledL1L2"),
      };
    }
    // tf.keras 2 writes every value float32-rounded, and TensorFlow.js reads only L1L2, defaulting a
    // missing key to 0.01: one class, both keys, always.
    if (this.v === 2) return { class_name: "L1L2", config: { l1: new PyFloat(Math.fround(l1)), l2: new PyFloat(Math.fround(l2)) } };
    const reg = (cls: string, config: Record<string, unknown>) => ({ module: "keras.regularizers", class_name: cls, config, registered_name: null });
    // Keras 3's L1 keeps its factor as a float32 tensor, so it writes it rounded; L2 and L1L2 keep Python floats.
    if (r.kind === "l1") return reg("L1", { l1: new PyFloat(Math.fround(l1)) });
    if (r.kind === "l2") return reg("L2", { l2: new PyFloat(l2) });
    return reg("L1L2", { l1: new PyFloat(l1), l2: new PyFloat(l2) });
  }

  argValue(def: LayerDef, l: IRLayer, name: string, or?: string): unknown {
    const a = def.args.find((x) => x.name === name);
    if (!a) throw new Error(`internal error: ${def.className} has no argument '${name}' in the layer table`);
    let value = l.args[name];
    if ((value === null || value === undefined) && or) value = l.args[or];
    switch (a.type.kind) {
      case "float":
        // A schedulable float (a Dropout rate) written as constant(x) is the plain number x.
        return new PyFloat(typeof value === "number" ? value : plainNumber(value as Coefficient)!);
      case "activation":
        return this.v === 3 ? value : ACTIVATIONS[value as string];
      case "shape":
        // TensorFlow.js's Reshape leaves a -1 unresolved when it builds the model (a following Flatten
        // then fails: "not fully defined"); the checker has resolved it, and Keras reads either form.
        return this.v === 3 ? value : l.output_shape;
      default:
        return value;
    }
  }

  value(def: LayerDef, l: IRLayer, key: string, kv: KerasValue): unknown {
    if ("arg" in kv) return this.argValue(def, l, kv.arg, kv.or);
    if ("slot" in kv) return this.regularizer(l.regularizers[kv.slot], l, kv.slot);
    if ("fixed" in kv) return kv.fixed;
    const inner = l.inner;
    if (!inner) throw new Error(`internal error: ${l.name} has no wrapped layer for '${key}'`);
    if (kv.wrapped === "layer") return this.layer(inner);
    // Keras 3's Bidirectional rebuilds both directions from the wrapped layer: renamed, the backward
    // one reading the sequence the other way, and both zeroing masked steps when returning sequences.
    const backward = kv.wrapped === "backward";
    return this.layer(inner, {
      name: `${kv.wrapped}_${inner.name}`,
      go_backwards: backward ? !inner.args.go_backwards : inner.args.go_backwards,
      zero_output_for_mask: inner.args.return_sequences,
    });
  }

  /** One layer: module, class, config and (Keras 3) build_config. */
  layer(l: IRLayer, override: Record<string, unknown> = {}): Record<string, unknown> {
    const def = LAYERS[l.class_name]!;
    const refused = rejection(def, this.v, l);
    if (refused) throw new RegcError("slot" in refused.reject ? "emitSlot" : "emitArgument", `layer '${l.name}': --keras ${this.v} cannot express ${refused.what}: ${refused.reject.why}`, { span: l.span });
    // TensorFlow.js refuses to call a layer that has an activity regularizer ("Layer invocation in the
    // presence of activity regularizer(s) is not supported yet"), so it cannot load such a file at all.
    if (this.v === 2 && l.regularizers.activity) {
      throw new RegcError(
        "emitSlot",
        `layer '${l.name}': --keras 2 cannot express an activity regularizer: TensorFlow.js cannot load a layer that has one; build with --keras 3 or --target tfjs`,
        { span: l.span },
      );
    }
    const rate = l.class_name === "Dropout" ? (l.args.rate as Coefficient) : 0;
    if (isScheduled(rate)) return this.scheduledDropout(l, rate);
    const config: Record<string, unknown> = { name: override.name ?? l.name, trainable: true, dtype: this.v === 3 ? DTYPE3 : "float32" };
    const activity = l.regularizers.activity;
    // Keras 3's base Layer config puts a set activity_regularizer right after dtype; a layer that
    // lists it again in its own config keeps that position (Python's {**base, **config}, as here).
    if (this.v === 3 && activity) config.activity_regularizer = this.regularizer(activity, l, "activity");
    for (const [key, kv] of this.v === 3 ? def.keras.v3 : def.keras.v2) config[key] = key in override ? override[key] : this.value(def, l, key, kv);
    if (this.v === 2) return { class_name: def.className, config };
    const out: Record<string, unknown> = { module: "keras.layers", class_name: def.className, config, registered_name: null };
    if (def.keras.buildConfig) out.build_config = { input_shape: [null, ...l.input_shape] };
    return out;
  }

  scheduledDropout(l: IRLayer, rate: Coefficient): Record<string, unknown> {
    if (this.v === 2) {
      throw new RegcError(
        "emitSchedule",
        `layer '${l.name}': its dropout rate is scheduled (${describeCoefficient(rate)}), and tf.keras 2 / TensorFlow.js JSON has no scheduled dropout; build with --keras 3 or --target tfjs`,
        { span: l.span },
      );
    }
    this.usesSchedules = true;
    return {
      module: SCHEDULES_MODULE,
      class_name: "ScheduledDropout",
      config: { name: l.name, trainable: true, dtype: DTYPE3, rate: coefficientJson(rate), seed: null, noise_shape: null },
      registered_name: registeredName("ScheduledDropout"),
    };
  }
}

/** Keras names an unnamed input input_layer, input_layer_1, ...: the first one no layer has taken. */
function inputName(ir: IR, base: string): string {
  const taken = new Set(ir.layers.map((l) => l.name));
  for (let i = 0; ; i++) {
    const name = i === 0 ? base : `${base}_${i}`;
    if (!taken.has(name)) return name;
  }
}

/** The model as Keras's to_json() would write it, and whether it needs regc_schedules.py. */
export function modelConfig(ir: IR, v: KerasVersion): { model: Record<string, unknown>; usesSchedules: boolean } {
  const e = new Emitter(v);
  const shape = [null, ...ir.input];
  const layers = ir.layers.map((l) => e.layer(l));
  if (v === 2) {
    const input = {
      class_name: "InputLayer",
      config: { batch_input_shape: shape, dtype: "float32", sparse: false, ragged: false, name: inputName(ir, "input_1") },
    };
    return {
      model: { class_name: "Sequential", config: { name: ir.name, layers: [input, ...layers] }, keras_version: "2.12.0", backend: "tensorflow" },
      usesSchedules: false,
    };
  }
  const input = {
    module: "keras.layers",
    class_name: "InputLayer",
    config: { batch_shape: shape, dtype: "float32", sparse: false, ragged: false, name: inputName(ir, "input_layer"), optional: false },
    registered_name: null,
  };
  const model = {
    module: "keras",
    class_name: "Sequential",
    config: { name: ir.name, trainable: true, dtype: DTYPE3, layers: [input, ...layers], build_input_shape: shape },
    registered_name: null,
    build_config: { input_shape: shape },
    compile_config: compileConfig(ir.train),
  };
  return { model, usesSchedules: e.usesSchedules };
}

