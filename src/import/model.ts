// Keras model config -> the spec's syntax tree: the inverse of src/codegen/keras/model.ts. Every layer
// key is read through the layer table's Keras keys (src/layers/catalog.ts: arg, slot, fixed, wrapped),
// so the table stays the one definition of what each key means; this file only knows how to read each
// kind. The tree is built in src/import/tree.ts's reading order and laid out by src/format.
import { ACTIVATIONS, LAYERS, PyFloat, REQUIRED, registeredName, rejection, withoutPyFloats, type ArgDef, type KerasValue, type LayerDef, type Slot } from "../layers/catalog.js";
import { METRICS, OPTIMIZERS, lossNamed, type OptimizerName } from "../settings/catalog.js";
import { didYouMean } from "../diagnostics/did-you-mean.js";
import { layerNames } from "../checker/names.js";
import { scheduleCall, type At, type Schedule } from "../schedule/index.js";
import type * as A from "../parser/ast.js";
import { TreeBuilder, type Make } from "./tree.js";
import { pathText, type JsonPath } from "./json.js";
import { percent, shortestNumber } from "../schedule/numbers.js";

/** The diagnostic kinds of regc import (catalog range REG0700-REG0749). */
export type ImportKind =
  | "importBadJson"
  | "importNotKeras"
  | "importUnknownLayer"
  | "importUnknownKey"
  | "importBadValue"
  | "importBadRegularizer"
  | "importNotChain"
  | "importDoesNotCheck";

/** One thing the language cannot express, at a JSON path. */
export class ImportProblem extends Error {
  constructor(
    readonly kind: ImportKind,
    readonly path: JsonPath,
    message: string,
  ) {
    super(message);
  }
}

type Obj = Record<string, unknown>;
/** An input shape: the spec's dims (null for none), and as the messages write it. */
type Shape = { text: string; dims: (number | null)[] };
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A coefficient of regc's custom objects as read: a number (float32-rounded or not), a schedule, or a declared schedule's name. */
type CoefOut = { number: number; f32: boolean } | { schedule: Schedule } | { name: string };

/** A regularizer as the spec will write it: l1(a), l2(a), l1_l2(l1: a, l2: b). */
interface RegOut {
  kind: "l1" | "l2" | "l1_l2";
  args: [string | undefined, CoefOut][];
}

/** A layer as the spec will write it. */
interface LayerOut {
  def: LayerDef;
  /** The Keras name, when the spec may write it (a valid name). */
  name?: string;
  /** A Keras name the spec cannot write, kept in a comment. */
  badName?: string;
  /** Argument values in the language's form (only those the config gave); a coefficient as `{ coefficient }`. */
  args: Obj;
  slots: [Slot, RegOut][];
  inner?: LayerOut;
  /** Index in config.layers, for mapping check errors back. */
  index: number;
}

/** What reading one model config gives: the spec's syntax tree and layout, and where each layer came from. */
export interface Imported {
  file: A.SpecFile;
  /** Where the tree wants its blank lines (the formatter's Gaps). */
  tree: TreeBuilder;
  /** For each layer of the spec (in order), the JSON path of its Keras layer. */
  layerPaths: JsonPath[];
  problems: ImportProblem[];
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** GlorotUniform -> glorot_uniform: the names Keras also accepts for built-in objects. */
function snake(cls: string): string {
  return cls.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Whether a config value is what a `fixed` table entry says Keras writes (or an equivalent Keras reads the same). */
function matchesFixed(given: unknown, fixed: unknown): boolean {
  const f = withoutPyFloats(fixed);
  if (f === null) return given === null || given === undefined;
  if (Array.isArray(f)) {
    if (!Array.isArray(given)) return f.length === 1 && matchesFixed(given, f[0]);
    return given.length === f.length && given.every((x, i) => matchesFixed(x, f[i]));
  }
  if (isObj(f) && typeof f.class_name === "string") {
    // A serialized Keras object (an initializer): same class, no registered custom class, and every
    // config key it gives at the default (keys Keras versions add or drop are tolerated when null).
    const cls = f.class_name;
    if (typeof given === "string") return given === cls || given === snake(cls);
    // Keras's GlorotUniform is VarianceScaling(scale=1, mode="fan_avg", distribution="uniform"), which
    // is how TensorFlow.js writes it.
    if (cls === "GlorotUniform" && isObj(given) && given.class_name === "VarianceScaling" && isObj(given.config)) {
      const c = given.config;
      return c.scale === 1 && c.mode === "fan_avg" && c.distribution === "uniform" && (c.seed === null || c.seed === undefined);
    }
    if (!isObj(given) || typeof given.class_name !== "string") return false;
    if (given.class_name !== cls && given.class_name !== snake(cls)) return false;
    if (given.registered_name !== undefined && given.registered_name !== null && given.registered_name !== cls) return false;
    const gc = given.config ?? {};
    if (!isObj(gc)) return false;
    const fc = (f.config ?? {}) as Obj;
    return Object.entries(gc).every(([k, v]) => (k in fc ? matchesFixed(v, fc[k]) : v === null));
  }
  if (Array.isArray(given) && given.length === 1 && !Array.isArray(f)) return matchesFixed(given[0], f);
  return deepEqual(given, f);
}

function describeFixed(fixed: unknown): string {
  const f = withoutPyFloats(fixed);
  if (isObj(f) && typeof f.class_name === "string") {
    const cfg = Object.entries((f.config ?? {}) as Obj).filter(([, v]) => v !== null);
    return `${f.class_name}(${cfg.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")})`;
  }
  return JSON.stringify(f);
}

function jsonValue(x: unknown): string {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** A coefficient as a node: its number (float32-rounded ones in the shortest text that gives them back), schedule, or name. */
function coefficientNode(c: CoefOut): Make<A.Value> {
  if ("number" in c) return (t) => t.number(c.number, shortestNumber(c.number, c.f32));
  if ("schedule" in c) return (t) => scheduleNode(t, c.schedule);
  return (t) => t.name(c.name);
}

function regularizerNode(r: RegOut): Make<A.Value> {
  return (t) => t.call(r.kind, r.args.map(([name, c]) => [name, coefficientNode(c)]));
}

/** A schedule as a node: src/schedule's scheduleCall, numbers in their shortest text, fractions as percentages. */
function scheduleNode(t: TreeBuilder, s: Schedule): A.CallValue {
  const c = scheduleCall(s);
  const number = (x: number) => (t: TreeBuilder) => t.number(x, shortestNumber(x));
  const at = (a: At) => (t: TreeBuilder) => ("epoch" in a ? t.number(a.epoch, String(a.epoch)) : t.percent(a.fraction, percent(a.fraction)));
  if ("points" in c) return t.call(c.kind, undefined, c.points.map(([a, v]) => ["epoch" in a ? String(a.epoch) : percent(a.fraction), number(v)]));
  return t.call(c.kind, c.args.map(([name, v]) => [name, typeof v === "number" ? number(v) : at(v)]));
}

export function importModel(doc: Obj): Imported {
  return new Importer(doc).run();
}

class Importer {
  /** Which Keras format the file is: tf.keras 2 / TensorFlow.js (2) or Keras 3. */
  readonly v: 2 | 3;
  readonly problems: ImportProblem[] = [];
  /** Named schedules (regc's custom objects keep the spec's names), in the order they come. */
  readonly schedules = new Map<string, Schedule>();
  readonly notes: string[] = [];

  /** Written by TensorFlow.js's toJSON, which writes null for options left at their defaults. */
  readonly tfjs: boolean;

  constructor(readonly doc: Obj) {
    this.tfjs = String(doc.keras_version ?? "").startsWith("tfjs");
    this.v = !("module" in doc) && ("keras_version" in doc || "backend" in doc) && !String(doc.keras_version ?? "").startsWith("3") ? 2 : 3;
  }

  run(): Imported {
    const doc = this.doc;
    const config = doc.config as Obj;
    const layers = config.layers as Obj[];
    const cls = doc.class_name as string;
    let order: number[];
    if (cls === "Sequential") order = layers.map((_, i) => i);
    else if (cls === "Functional" || cls === "Model") order = this.chain(config);
    else {
      throw new ImportProblem(
        "importNotChain",
        ["class_name"],
        `model class '${cls}' is not one regc imports: it imports Sequential models and Functional models that are a simple chain of layers`,
      );
    }
    if (config.trainable === false) this.problems.push(new ImportProblem("importBadValue", ["config", "trainable"], "the model is not trainable; the language has no frozen layers"));
    this.dtype(config.dtype, ["config", "dtype"], "the model");

    let input: Shape | "from-first-layer" | undefined;
    let rest = order;
    const first = layers[order[0] ?? -1];
    if (first && first.class_name === "InputLayer") {
      input = this.inputLayer(first, ["config", "layers", order[0]!]);
      rest = order.slice(1);
    }
    for (const i of rest) {
      if (layers[i]!.class_name === "InputLayer") {
        this.problems.push(new ImportProblem("importNotChain", ["config", "layers", i, "class_name"], "an InputLayer after the first layer: the language's model has one input, first"));
      }
    }
    if (input === undefined) input = this.inputFromElsewhere(rest[0]);
    this.inputShape = input;
    if (rest.length === 0) throw new ImportProblem("importNotChain", ["config", "layers"], "the model has no layers after its input");

    const out: LayerOut[] = [];
    for (const [k, i] of rest.entries()) {
      try {
        out.push(this.layer(layers[i]!, ["config", "layers", i], { first: k === 0, index: i }));
      } catch (e) {
        if (!(e instanceof ImportProblem)) throw e;
        this.problems.push(e);
      }
    }
    if (input === "from-first-layer") input = this.firstLayerShape;
    const tree = new TreeBuilder();
    if (this.problems.length > 0 || input === undefined) return { file: tree.file([]), tree, layerPaths: [], problems: this.problems };
    const shape = input;

    this.chooseNames(out);
    const modelName = this.modelName(config.name);
    const compileLines = this.compileComment(doc.compile_config);
    // The tree in reading order: the header, the named schedules, the model, the compile_config comment.
    tree.comment(`Imported by regc import from a ${this.v === 3 ? "Keras 3" : "tf.keras 2 / TensorFlow.js"} ${cls} model config.`);
    for (const note of this.notes) tree.comment(note);
    tree.blank();
    const statements: A.Statement[] = [...this.schedules].map(([name, s]) => tree.schedule(name, (t) => scheduleNode(t, s)));
    if (this.schedules.size > 0) tree.blank();
    statements.push(
      tree.model(modelName, (t) => [
        t.input((t) => t.list(shape.dims.map((d) => (t) => (d === null ? t.none() : t.number(d, String(d)))))),
        ...out.map((l) => {
          if (l.badName !== undefined) t.comment(`Keras name: ${JSON.stringify(l.badName)}`);
          const { args, entries } = this.layerParts(l);
          return t.layer(l.def.className, l.name, args, entries);
        }),
      ]),
    );
    if (compileLines.length > 0) {
      tree.blank();
      for (const line of compileLines) tree.comment(line);
    }
    return { file: tree.file(statements), tree, layerPaths: out.map((l) => ["config", "layers", l.index]), problems: [] };
  }

  // ---- model structure --------------------------------------------------------------------------

  /** A functional model's layers in order, when each one takes the output of the one before. */
  private chain(config: Obj): number[] {
    const layers = config.layers as Obj[];
    const names = layers.map((l, i) => String(typeof l.name === "string" ? l.name : ((l.config as Obj).name ?? `#${i}`)));
    const ends = (key: string): string[] => {
      const v = config[key];
      if (!Array.isArray(v)) return [];
      // [name, node, tensor] (one) or [[name, node, tensor], ...] (several)
      return (typeof v[0] === "string" ? [v] : v).map((x) => (Array.isArray(x) ? String(x[0]) : String(x)));
    };
    const inputs = ends("input_layers");
    const outputs = ends("output_layers");
    if (inputs.length !== 1) throw new ImportProblem("importNotChain", ["config", "input_layers"], `a functional model with ${inputs.length} inputs; the language's model has one input`);
    if (outputs.length !== 1) throw new ImportProblem("importNotChain", ["config", "output_layers"], `a functional model with ${outputs.length} outputs; the language's model has one output`);
    const order: number[] = [];
    let current = names.indexOf(inputs[0]!);
    if (current < 0) throw new ImportProblem("importNotChain", ["config", "input_layers"], `the input '${inputs[0]}' is not one of the model's layers`);
    order.push(current);
    const used = new Set([current]);
    for (;;) {
      const prev = names[current]!;
      const next: number[] = [];
      layers.forEach((l, i) => {
        if (this.inbound(l, ["config", "layers", i]).includes(prev)) next.push(i);
      });
      if (next.length === 0) break;
      if (next.length > 1) {
        throw new ImportProblem("importNotChain", ["config", "layers", next[1]!, "inbound_nodes"], `'${prev}' feeds ${next.length} layers; regc imports only a simple chain of layers`);
      }
      const i = next[0]!;
      if (used.has(i)) throw new ImportProblem("importNotChain", ["config", "layers", i, "inbound_nodes"], "the layers form a cycle");
      const from = this.inbound(layers[i]!, ["config", "layers", i]);
      if (from.length !== 1) {
        throw new ImportProblem("importNotChain", ["config", "layers", i, "inbound_nodes"], `layer '${names[i]}' takes ${from.length} inputs (${from.join(", ")}); regc imports only a simple chain of layers`);
      }
      used.add(i);
      order.push(i);
      current = i;
    }
    if (names[current] !== outputs[0]) throw new ImportProblem("importNotChain", ["config", "output_layers"], `the chain from the input ends at '${names[current]}', not at the output '${outputs[0]}'`);
    const unused = layers.findIndex((_, i) => !used.has(i));
    if (unused >= 0) throw new ImportProblem("importNotChain", ["config", "layers", unused], `layer '${names[unused]}' is not on the chain from the input to the output`);
    return order;
  }

  /** The names of the layers a functional layer takes (Keras 3 and Keras 2 node formats). */
  private inbound(layer: Obj, path: JsonPath): string[] {
    const nodes = layer.inbound_nodes;
    if (!Array.isArray(nodes) || nodes.length === 0) return [];
    if (nodes.length > 1) throw new ImportProblem("importNotChain", [...path, "inbound_nodes"], `layer '${String((layer.config as Obj).name)}' is called ${nodes.length} times (shared); regc imports only a simple chain of layers`);
    const node = nodes[0];
    const names: string[] = [];
    const tensor = (t: unknown) => {
      if (isObj(t) && isObj(t.config) && Array.isArray(t.config.keras_history)) names.push(String(t.config.keras_history[0]));
      else if (Array.isArray(t)) t.forEach(tensor);
    };
    if (isObj(node)) {
      // Keras 3: {args: [tensor, ...], kwargs: {}}
      if (isObj(node.kwargs) && Object.keys(node.kwargs).length > 0) {
        throw new ImportProblem("importNotChain", [...path, "inbound_nodes", 0, "kwargs"], `layer '${String((layer.config as Obj).name)}' is called with keyword arguments (${Object.keys(node.kwargs).join(", ")}); the language has none`);
      }
      tensor(node.args);
    } else if (Array.isArray(node)) {
      // Keras 2: [[name, node_index, tensor_index, kwargs], ...]
      for (const t of node) if (Array.isArray(t) && typeof t[0] === "string") names.push(t[0]);
    }
    return names;
  }

  private modelName(name: unknown): string {
    let n = typeof name === "string" ? name.replace(/[^A-Za-z0-9_]/g, "_") : "";
    if (n === "") n = "Imported";
    if (!IDENT.test(n)) n = `m_${n}`;
    if (n !== name) this.notes.push(`The Keras model name ${JSON.stringify(name ?? null)} is written as ${n}.`);
    return n;
  }

  private dtype(d: unknown, path: JsonPath, what: string): void {
    if (d === undefined || d === null) return;
    const name = typeof d === "string" ? d : isObj(d) && isObj(d.config) ? d.config.name : undefined;
    if (name !== "float32") {
      this.problems.push(new ImportProblem("importBadValue", path, `${what} computes in ${JSON.stringify(name)}; the language's layers compute in float32`));
    }
  }

  private shape(shape: unknown, path: JsonPath, batch: boolean): Shape {
    const dims = shape as (number | null)[];
    if (batch) {
      if (dims.length === 0) throw new ImportProblem("importBadValue", path, "the input shape is empty");
      if (dims[0] !== null) throw new ImportProblem("importBadValue", [...path, 0], `the batch size is fixed at ${dims[0]}; the language's input leaves it open (null)`);
    }
    const sample = batch ? dims.slice(1) : dims;
    if (sample.length === 0) throw new ImportProblem("importBadValue", path, "the input shape has no dimension besides the batch");
    sample.forEach((d, i) => {
      if (d !== null && (!Number.isInteger(d) || d < 1)) throw new ImportProblem("importBadValue", [...path, i + (batch ? 1 : 0)], `an input dimension must be at least 1, not ${d}`);
    });
    if (sample.filter((d) => d === null).length > 1) throw new ImportProblem("importBadValue", path, "at most one input dimension (besides the batch) may be null in the language");
    return { text: `[${sample.map((d) => (d === null ? "none" : String(d))).join(", ")}]`, dims: sample };
  }

  private inputLayer(layer: Obj, path: JsonPath): Shape {
    const c = layer.config as Obj;
    const cpath = [...path, "config"];
    let shape: Shape | undefined;
    for (const [k, v] of Object.entries(c)) {
      const p = [...cpath, k];
      switch (k) {
        case "batch_shape":
        case "batch_input_shape":
          shape ??= this.shape(v, p, true);
          break;
        case "shape":
          shape ??= this.shape(v, p, false);
          break;
        case "dtype":
          this.dtype(v, p, "the input");
          break;
        case "sparse":
        case "ragged":
        case "optional":
          if (v !== false) this.problems.push(new ImportProblem("importBadValue", p, `InputLayer's ${k} must be false; the language's input is a dense tensor`));
          break;
        case "name":
        case "input_tensor":
          if (k === "input_tensor" && v !== null) this.problems.push(new ImportProblem("importBadValue", p, "InputLayer's input_tensor must be null"));
          break;
        default:
          this.problems.push(new ImportProblem("importUnknownKey", p, `InputLayer has no key '${k}' regc knows (batch_shape, batch_input_shape, shape, dtype, sparse, ragged, name, optional)`));
      }
    }
    if (shape === undefined) throw new ImportProblem("importBadValue", cpath, "InputLayer gives no shape (batch_shape, batch_input_shape or shape)");
    return shape;
  }

  private firstLayerShape: Shape | undefined;
  private inputShape: Shape | "from-first-layer" | undefined;

  /** No InputLayer: the model's build shape, or (tf.keras 2) the first layer's batch_input_shape. */
  private inputFromElsewhere(first: number | undefined): Shape | "from-first-layer" {
    const config = this.doc.config as Obj;
    const firstConfig = first === undefined ? undefined : ((config.layers as Obj[])[first]!.config as Obj);
    if (firstConfig && ("batch_input_shape" in firstConfig || "batch_shape" in firstConfig)) return "from-first-layer";
    if (Array.isArray(config.build_input_shape)) return this.shape(config.build_input_shape, ["config", "build_input_shape"], true);
    const bc = this.doc.build_config;
    if (isObj(bc) && Array.isArray(bc.input_shape)) return this.shape(bc.input_shape, ["build_config", "input_shape"], true);
    throw new ImportProblem("importNotChain", ["config", "layers"], "the model gives no input shape: no InputLayer, no build_input_shape and no batch_input_shape on its first layer");
  }

  // ---- layers -----------------------------------------------------------------------------------

  private layer(layer: Obj, path: JsonPath, opts: { first?: boolean; wrapped?: boolean; index: number }): LayerOut {
    const cls = layer.class_name as string;
    const config = layer.config as Obj;
    const cpath = [...path, "config"];
    const registered = layer.registered_name;
    if (cls === "ScheduledDropout" && (registered === undefined || registered === null || registered === registeredName(cls))) return this.scheduledDropout(config, cpath, opts.index);
    const def = LAYERS[cls];
    if (!def || cls === "Bidirectional" && opts.wrapped) {
      const known = Object.keys(LAYERS);
      throw new ImportProblem("importUnknownLayer", [...path, "class_name"], `layer class '${cls}' is not in the language${didYouMean(cls, known) || `; it has ${known.join(", ")}`}`);
    }
    if (registered !== undefined && registered !== null && registered !== cls) {
      throw new ImportProblem("importUnknownLayer", [...path, "registered_name"], `'${String(registered)}' is a custom layer class; the language has only Keras's own ${cls}`);
    }
    const out: LayerOut = { def, args: {}, slots: [], index: opts.index };
    this.base(config, cpath, cls, out, !opts.wrapped);
    // The table of the file's format first; a key only the other format writes is read by its entry.
    const keys = new Map<string, KerasValue>();
    for (const table of this.v === 3 ? [def.keras.v2, def.keras.v3] : [def.keras.v3, def.keras.v2]) for (const [k, kv] of table) keys.set(k, kv);
    // Keras 3's base Layer config carries activity_regularizer for every layer that has the slot.
    for (const s of def.slots) keys.set(def.slotKeys[s]!, { slot: s });
    const slotValues = new Map<Slot, RegOut | null>();
    let forward: LayerOut | undefined;
    let backward: { layer: Obj; path: JsonPath } | undefined;
    for (const [key, value] of Object.entries(config)) {
      if (key === "name" || key === "trainable" || key === "dtype") continue;
      const p = [...cpath, key];
      // tf.keras 2 writes the input shape on the first layer too (with or without an InputLayer).
      if (opts.first && (key === "batch_input_shape" || key === "batch_shape")) {
        this.firstLayerShape = this.shape(value, p, true);
        if (this.inputShape !== undefined && this.inputShape !== "from-first-layer" && this.firstLayerShape.text !== this.inputShape.text) {
          throw new ImportProblem("importBadValue", p, `the first layer's ${key} gives the input ${this.firstLayerShape.text}, but the InputLayer ${this.inputShape.text}`);
        }
        continue;
      }
      const kv = keys.get(key);
      if (!kv) {
        throw new ImportProblem("importUnknownKey", p, `${cls} has no argument '${key}' in the language (its Keras keys are ${[...keys.keys()].join(", ")})`);
      }
      if (this.tfjs && value === null && ("arg" in kv || "fixed" in kv)) continue;
      if ("arg" in kv) {
        const a = def.args.find((x) => x.name === kv.arg)!;
        out.args[a.name] = this.argValue(def, a, value, p);
      } else if ("slot" in kv) {
        slotValues.set(kv.slot, this.regularizer(value, p, `${cls}'s ${key}`));
      } else if ("fixed" in kv) {
        // Keras 3's Bidirectional zeroes masked steps of both directions when they return sequences.
        if (opts.wrapped && key === "zero_output_for_mask" && value === config.return_sequences) continue;
        if (!matchesFixed(value, kv.fixed)) throw new ImportProblem("importBadValue", p, this.fixedMessage(cls, key, kv.fixed, value));
      } else if (kv.wrapped === "backward") {
        if (value !== null) backward = { layer: value as Obj, path: p };
      } else {
        forward = this.layer(value as Obj, p, { wrapped: true, index: opts.index });
        // Keras 3 names the wrapped layer forward_<name>.
        if (forward.name?.startsWith("forward_")) forward.name = forward.name.slice("forward_".length);
      }
    }
    for (const a of def.args) {
      if (a.default === REQUIRED && a.type.kind !== "layer" && !(a.name in out.args)) {
        throw new ImportProblem("importBadValue", cpath, `${cls} needs '${a.name}', and the config does not give it`);
      }
    }
    if (def.args.some((a) => a.type.kind === "layer")) {
      if (!forward) throw new ImportProblem("importBadValue", cpath, `${cls} needs the layer it wraps ('layer')`);
      out.inner = forward;
      if (backward) this.checkBackward(forward, backward.layer, backward.path);
    }
    // A strides equal to the pool size is what Keras writes for strides=None.
    for (const a of def.args) {
      const kv = [...def.keras.v3, ...def.keras.v2].find(([, x]) => "arg" in x && x.arg === a.name && x.or)?.[1] as { arg: string; or?: string } | undefined;
      if (kv?.or && a.name in out.args) {
        const other = def.args.find((x) => x.name === kv.or)!;
        if (deepEqual(out.args[a.name], out.args[kv.or] ?? other.default)) delete out.args[a.name];
      }
    }
    // A slot the file's format carries but its Keras ignores (Keras 3's SimpleRNN activity_regularizer):
    // as a spec the penalty would become real, so the model is refused, as the emitter refuses it. Only slots:
    // an argument value the emitter refuses (Conv1D's causal padding in tf.keras 2) is valid Keras, kept.
    const refused = rejection(def, this.v, { args: {}, regularizers: Object.fromEntries(slotValues) });
    if (refused && "slot" in refused.reject) {
      const key = def.slotKeys[refused.reject.slot]!;
      throw new ImportProblem("importBadRegularizer", [...cpath, key], `${cls}'s ${key} cannot be imported: ${refused.reject.why}`);
    }
    for (const s of def.slots) {
      const reg = slotValues.get(s);
      if (reg) out.slots.push([s, reg]);
    }
    return out;
  }

  /** name, trainable and dtype, which every layer config has. */
  private base(config: Obj, cpath: JsonPath, cls: string, out: LayerOut, named: boolean): void {
    const name = config.name;
    if (named && typeof name === "string") {
      if (IDENT.test(name)) out.name = name;
      else out.badName = name;
    } else if (typeof name === "string") out.name = name;
    if (config.trainable === false) throw new ImportProblem("importBadValue", [...cpath, "trainable"], `${cls} '${String(name)}' is not trainable; the language has no frozen layers`);
    this.dtype(config.dtype, [...cpath, "dtype"], `${cls} '${String(name)}'`);
  }

  private fixedMessage(cls: string, key: string, fixed: unknown, given: unknown): string {
    const f = withoutPyFloats(fixed);
    if (key.endsWith("_constraint")) return `${cls}'s ${key} must be null; the language has no constraints`;
    if (key.endsWith("_regularizer")) return `${cls}'s ${key} must be null; the language has no regularizer slot for it`;
    if (key.endsWith("_initializer")) {
      const tfjs = this.tfjs && isObj(given) && given.class_name === "VarianceScaling" ? " (TensorFlow.js writes its default, glorotNormal, this way)" : "";
      return `${cls}'s ${key} must be Keras's default ${describeFixed(f)}, not ${jsonValue(given)}${tfjs}; the language has no initializers`;
    }
    return `${cls}'s ${key} must be ${JSON.stringify(f)}, not ${jsonValue(given)}; the language has no '${key}' argument`;
  }

  private argValue(def: LayerDef, a: ArgDef, v: unknown, p: JsonPath): unknown {
    const what = `${def.className}'s ${a.name}`;
    const bad = (must: string) => new ImportProblem("importBadValue", p, `${what} must be ${must}, not ${jsonValue(v)}`);
    const t = a.type;
    switch (t.kind) {
      case "int":
        if (typeof v !== "number" || !Number.isInteger(v) || v < t.min) throw bad(`a whole number of at least ${t.min}`);
        return v;
      case "float": {
        if (typeof v !== "number" || !Number.isFinite(v)) throw bad("a number");
        if (v < t.min || (t.max !== undefined && (t.maxExclusive ? v >= t.max : v > t.max))) {
          throw bad(t.max === undefined ? `at least ${t.min}` : `in [${t.min}, ${t.max}${t.maxExclusive ? ")" : "]"}`);
        }
        return v;
      }
      case "bool":
        if (typeof v !== "boolean") throw bad("true or false");
        return v;
      case "activation": {
        const name = typeof v === "string" ? (v in ACTIVATIONS ? v : Object.keys(ACTIVATIONS).find((k) => ACTIVATIONS[k] === v)) : undefined;
        if (name === undefined) {
          const known = Object.keys(ACTIVATIONS);
          const hint = (typeof v === "string" && didYouMean(v, known)) || `; it has ${known.join(", ")}`;
          throw new ImportProblem("importBadValue", p, `${what} ${jsonValue(v)} is not an activation the language has${hint}`);
        }
        return name;
      }
      case "enum":
        if (typeof v !== "string" || !t.values.includes(v)) throw bad(`one of ${t.values.map((x) => `"${x}"`).join(", ")}`);
        return v;
      case "ints": {
        const list = typeof v === "number" ? Array(t.rank).fill(v) : v;
        if (!Array.isArray(list) || list.length !== t.rank || !list.every((n) => typeof n === "number" && Number.isInteger(n) && n >= t.min)) {
          throw bad(`a whole number of at least ${t.min} or a list of ${t.rank}`);
        }
        return list;
      }
      case "shape":
        if (!Array.isArray(v) || v.length === 0 || !v.every((n) => Number.isInteger(n) && (n as number) >= -1 && n !== 0) || v.filter((n) => n === -1).length > 1) {
          throw bad("a list of positive dimensions with at most one -1");
        }
        return v;
      case "layer":
        throw new Error("internal error: a wrapped layer is read by its 'wrapped' key");
    }
  }

  /** Keras 3's backward_layer must be the forward layer reading backwards: the language has no other. */
  private checkBackward(forward: LayerOut, layer: Obj, path: JsonPath): void {
    const back = this.layer(layer, path, { wrapped: true, index: forward.index });
    const flip = { ...back.args, go_backwards: !(back.args.go_backwards ?? false) };
    const fwd = { ...forward.args, go_backwards: forward.args.go_backwards ?? false };
    if (back.def !== forward.def || !deepEqual(flip, fwd) || !deepEqual(back.slots, forward.slots)) {
      throw new ImportProblem(
        "importBadValue",
        path,
        "Bidirectional's backward_layer must be its layer reading the other way (go_backwards flipped, everything else the same); the language has no separate backward layer",
      );
    }
  }

  private scheduledDropout(config: Obj, cpath: JsonPath, index: number): LayerOut {
    const def = LAYERS.Dropout!;
    const out: LayerOut = { def, args: {}, slots: [], index };
    this.base(config, cpath, "ScheduledDropout", out, true);
    for (const [key, value] of Object.entries(config)) {
      const p = [...cpath, key];
      if (key === "name" || key === "trainable" || key === "dtype") continue;
      if (key === "rate") out.args.rate = { coefficient: this.coefficient(value, p, false) };
      else if (key === "seed" || key === "noise_shape") {
        if (value !== null) throw new ImportProblem("importBadValue", p, `ScheduledDropout's ${key} must be null; the language has no '${key}' argument`);
      } else throw new ImportProblem("importUnknownKey", p, `ScheduledDropout has no argument '${key}' (its keys are rate, seed, noise_shape)`);
    }
    if (!("rate" in out.args)) throw new ImportProblem("importBadValue", cpath, "ScheduledDropout needs 'rate'");
    return out;
  }

  // ---- regularizers and schedules ---------------------------------------------------------------

  /** A slot's regularizer as the spec writes it (l1(a), l2(a), l1_l2(l1: a, l2: b)), or null for none. */
  private regularizer(r: unknown, p: JsonPath, what: string): RegOut | null {
    if (r === null || r === undefined) return null;
    const reg = r as Obj;
    const cls = reg.class_name as string;
    const registered = reg.registered_name;
    const config = (reg.config ?? {}) as Obj;
    const cp = [...p, "config"];
    if (cls === "ScheduledL1L2" && (registered === undefined || registered === null || registered === registeredName(cls))) {
      for (const k of Object.keys(config)) if (k !== "l1" && k !== "l2") throw new ImportProblem("importBadRegularizer", [...cp, k], `ScheduledL1L2 has no '${k}' (it has l1 and l2)`);
      const l1 = config.l1 ?? 0;
      const l2 = config.l2 ?? 0;
      const a = this.coefficient(l1, [...cp, "l1"], false);
      const b = this.coefficient(l2, [...cp, "l2"], false);
      if (l1 === 0) return { kind: "l2", args: [[undefined, b]] };
      if (l2 === 0) return { kind: "l1", args: [[undefined, a]] };
      return { kind: "l1_l2", args: [["l1", a], ["l2", b]] };
    }
    if (registered !== undefined && registered !== null && registered !== cls) {
      throw new ImportProblem("importBadRegularizer", [...p, "registered_name"], `${what} is a custom regularizer ('${String(registered)}'); the language has L1, L2 and L1L2`);
    }
    const kinds: Record<string, RegOut["kind"]> = { L1: "l1", l1: "l1", L2: "l2", l2: "l2", L1L2: "l1_l2", l1_l2: "l1_l2" };
    const kind = Object.hasOwn(kinds, cls) ? kinds[cls] : undefined;
    if (!kind) {
      throw new ImportProblem("importBadRegularizer", [...p, "class_name"], `${what}: regularizer class '${cls}' is not in the language; it has L1, L2 and L1L2 (l1(), l2(), l1_l2())`);
    }
    const allowed = kind === "l1_l2" ? ["l1", "l2"] : [kind];
    for (const k of Object.keys(config)) {
      if (!allowed.includes(k)) throw new ImportProblem("importBadRegularizer", [...cp, k], `${what}: ${cls} has no '${k}' (Keras refuses it); it takes ${allowed.join(" and ")}`);
    }
    const value = (k: "l1" | "l2"): number => {
      const v = config[k];
      if (v === undefined) {
        if (kind !== "l1_l2") return 0.01; // Keras's L1() and L2() default
        if (this.v === 2) {
          throw new ImportProblem("importBadRegularizer", cp, `${what}: L1L2 must give both l1 and l2 in tf.keras 2 JSON: Keras reads a missing one as 0, TensorFlow.js as 0.01`);
        }
        return 0;
      }
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        throw new ImportProblem("importBadRegularizer", [...cp, k], `${what}: ${cls}'s ${k} must be a number of at least 0, not ${jsonValue(v)}`);
      }
      return v;
    };
    // tf.keras 2 writes every factor float32-rounded, Keras 3 an L1 factor: print the shortest decimal
    // with the same float32 value (1e-3, not 0.0010000000474974513).
    const f32 = this.v === 2 || kind === "l1";
    const n = (x: number): CoefOut => ({ number: x, f32 });
    if (kind === "l1") return { kind, args: [[undefined, n(value("l1"))]] };
    if (kind === "l2") return { kind, args: [[undefined, n(value("l2"))]] };
    const [a, b] = [value("l1"), value("l2")];
    // tf.keras 2 writes every regularizer as L1L2: one with a zero term stands for l1() or l2().
    if (this.v === 2 && a === 0 && b !== 0) return { kind: "l2", args: [[undefined, n(b)]] };
    if (this.v === 2 && b === 0 && a !== 0) return { kind: "l1", args: [[undefined, n(a)]] };
    return { kind, args: [["l1", n(a)], ["l2", n(b)]] };
  }

  /** A coefficient of regc's custom objects: a number, or a schedule (declared by name when it had one). */
  private coefficient(c: unknown, p: JsonPath, f32: boolean): CoefOut {
    if (typeof c === "number") {
      if (!Number.isFinite(c) || c < 0) throw new ImportProblem("importBadRegularizer", p, `a coefficient must be a number of at least 0, not ${jsonValue(c)}`);
      return { number: c, f32 };
    }
    const { schedule, name } = c as { schedule: Schedule; name?: string };
    if (name === undefined) return { schedule };
    const known = this.schedules.get(name);
    // Two schedules are the same when the spec would write them the same.
    if (known !== undefined && !deepEqual(scheduleCall(known), scheduleCall(schedule))) {
      throw new ImportProblem("importBadRegularizer", [...p, "name"], `two different schedules are named '${name}'`);
    }
    this.schedules.set(name, known ?? schedule);
    return { name };
  }

  // ---- writing ----------------------------------------------------------------------------------

  /** An argument's value as a node: numbers in their shortest text, names bare, lists of whole numbers. */
  private valueNode(a: ArgDef, v: unknown): Make<A.Value> {
    if (isObj(v) && isObj(v.coefficient)) return coefficientNode(v.coefficient as CoefOut);
    const int = (x: number) => (t: TreeBuilder) => t.number(x, String(x));
    switch (a.type.kind) {
      case "float":
        return (t) => t.number(v as number, shortestNumber(v as number));
      case "int":
        return int(v as number);
      case "ints": {
        const list = v as number[];
        return list.every((x) => x === list[0]) ? int(list[0]!) : (t) => t.list(list.map(int));
      }
      case "shape":
        return (t) => t.list((v as number[]).map(int));
      default:
        return (t) => t.name(String(v));
    }
  }

  /**
   * A layer's arguments and slots as the spec writes them: positional arguments by position while none
   * is skipped, the rest by name when not the default; the wrapped layer as a call with its slots.
   */
  private layerParts(l: LayerOut): { args: [string | undefined, Make<A.Value>][]; entries: [string, Make<A.Value>][] } {
    const def = l.def;
    const args: [string | undefined, Make<A.Value>][] = [];
    const isDefault = (a: ArgDef) => !(a.name in l.args) || (a.default !== REQUIRED && deepEqual(l.args[a.name], a.default));
    const byPosition = new Set<string>();
    let open = true;
    for (const name of def.positional) {
      const a = def.args.find((x) => x.name === name)!;
      if (a.type.kind === "layer") {
        const inner = this.layerParts(l.inner!);
        args.push([undefined, (t) => t.call(l.inner!.def.className, inner.args, inner.entries.length > 0 ? inner.entries : undefined)]);
        byPosition.add(name);
        continue;
      }
      if (!open || isDefault(a)) {
        open = false;
        continue;
      }
      args.push([undefined, this.valueNode(a, l.args[name])]);
      byPosition.add(name);
    }
    for (const a of def.args) {
      if (byPosition.has(a.name) || a.type.kind === "layer" || isDefault(a)) continue;
      args.push([a.name, this.valueNode(a, l.args[a.name])]);
    }
    return { args, entries: l.slots.map(([s, r]) => [s, regularizerNode(r)]) };
  }

  /**
   * Keeps each Keras layer name, writing it only where the checker's automatic names (src/checker/names.ts:
   * dense, dense_1, ... skipping taken names) would not give it anyway.
   */
  private chooseNames(layers: LayerOut[]): void {
    const want = layers.map((l) => l.name);
    const named = (explicit: (string | undefined)[]) => layerNames(layers.map((l, i) => ({ name: explicit[i], autoName: l.def.autoName, wrapped: l.inner?.def.autoName })));
    const explicit = [...want];
    const same = (names: string[]) => names.every((n, i) => want[i] === undefined || n === want[i]);
    for (let i = 0; i < layers.length; i++) {
      if (explicit[i] === undefined) continue;
      const saved = explicit[i];
      explicit[i] = undefined;
      if (!same(named(explicit))) explicit[i] = saved;
    }
    layers.forEach((l, i) => (l.name = explicit[i]));
  }

  // ---- compile_config ---------------------------------------------------------------------------

  /**
   * Keras's compile_config as a train block in a comment (its lines, without the #): the language's
   * train block also needs data and epochs, which a model config does not hold, so a real one cannot
   * be written.
   */
  private compileComment(cc: unknown): string[] {
    if (!isObj(cc) || Object.keys(cc).length === 0) return [];
    const entries: string[] = [];
    const notes: string[] = [];
    const loss = cc.loss;
    if (typeof loss === "string" && lossNamed(loss)) entries.push(`loss: ${loss}`);
    else if (loss !== undefined && loss !== null) notes.push(`loss ${jsonValue(loss)} is not one the language has`);
    const opt = this.optimizer(cc.optimizer, notes);
    if (opt) entries.push(`optimizer: ${opt}`);
    if (Array.isArray(cc.metrics)) {
      const ms = cc.metrics.flat().filter((m): m is string => typeof m === "string" && Object.hasOwn(METRICS, m));
      if (ms.length > 0) entries.push(`metrics: [${ms.join(", ")}]`);
      if (ms.length !== cc.metrics.flat().length) notes.push(`metrics ${jsonValue(cc.metrics)} are not all ones the language has`);
    }
    const lines = [
      "The model's compile_config as a train block. A train block also needs data and epochs, which a",
      "Keras model config does not hold, so it is left out: to train, uncomment it and fill them in.",
      "train {",
      "  data: csv(\"data.csv\", target: y)",
      ...entries.map((e) => `  ${e}`),
      "  epochs: 10",
      "}",
    ];
    for (const n of notes) lines.push(`Not carried over: ${n}.`);
    return lines;
  }

  private optimizer(o: unknown, notes: string[]): string | undefined {
    if (o === undefined || o === null) return undefined;
    const cls = typeof o === "string" ? o : isObj(o) ? String(o.class_name) : "";
    const config = isObj(o) && isObj(o.config) ? o.config : {};
    const name = (Object.keys(OPTIMIZERS) as OptimizerName[]).find((n) => OPTIMIZERS[n].keras.className === cls || n === cls.toLowerCase());
    if (!name) {
      notes.push(`optimizer ${jsonValue(cls)} is not one the language has`);
      return undefined;
    }
    const { args: defs, keras } = OPTIMIZERS[name];
    const args: string[] = [];
    for (const { name: k, default: d } of defs) {
      const v = config[k];
      if (v === undefined || v === null) continue;
      if (typeof v === "number") {
        // The learning rate lives in a float32 variable, so Keras writes it rounded (and it is always written).
        const f32 = keras.v3.keys.some(([key, from]) => key === k && "arg" in from && from.float32);
        if (f32 || d !== v) args.push(`${k}: ${shortestNumber(v, f32)}`);
      } else if (typeof v === "boolean" && v !== d) args.push(`${k}: ${v}`);
    }
    for (const [k, from] of keras.v3.keys) {
      if ("fixed" in from && k in config && !deepEqual(config[k], from.fixed)) notes.push(`${cls}'s ${k}: ${jsonValue(config[k])} (the language has no '${k}')`);
    }
    return args.length > 0 ? `${name}(${args.join(", ")})` : name;
  }
}
