// What a built model holds that the runtime cares about: each regularized slot (for the per-slot
// penalty in the history), each scheduled coefficient and rate (for setEpoch), each weight's
// initializer (for initialWeights). Found by walking the layers (Bidirectional's two, RNN cells).
import { tf, type LayersModel, type Tensor } from "./tf.js";
import { ScheduledL1L2, type RegularizerLike } from "./regularizers.js";
import { ScheduledDropout, activityRegularizerOf } from "./layers.js";
import { coefficientAt, type Coefficient } from "../schedule/index.js";

type AnyLayer = InstanceType<typeof tf.layers.Layer> & Record<string, unknown>;
type LayerVar = { name: string; read(): Tensor; write(t: Tensor): unknown; shape: number[]; trainable: boolean };

export type WeightSlot = "kernel" | "bias" | "recurrent";

export interface SlotPenalty {
  /** "layer/kernel", "layer/bias", "layer/recurrent" (Bidirectional: "layer/forward_x/kernel"). */
  key: string;
  regularizer: RegularizerLike;
  weight: LayerVar;
}

export interface ActivityPenalty {
  /** "layer/activity". */
  key: string;
  regularizer: RegularizerLike;
  /** Index in model.layers: its output is penalized. */
  index: number;
}

export interface ScheduledItem {
  /** The schedule's name, or "layer/slot" (and ".l1"/".l2" when both are scheduled) for inline ones. */
  key: string;
  coefficient: Coefficient;
}

export interface ModelScan {
  penalties: SlotPenalty[];
  /** Activity penalties (layers.withActivityRegularizer), applied by a layer-by-layer forward pass. */
  activity: ActivityPenalty[];
  scheduled: ScheduledItem[];
  setters: { setEpoch(epoch: number, totalEpochs: number): void }[];
  /** Dropout layers (tfjs's own, constant rates, and ScheduledDropout): the loop seeds their masks per step through their `seed` field. */
  dropouts: (AnyLayer & { seed?: number })[];
  /** Every weight (model.weights order) with the object holding its initializer. */
  weights: { weight: LayerVar; owner: AnyLayer; suffix: string; layer: string }[];
}

/**
 * Each regularizable weight (by its name's last part) -> its slot in the language and the tfjs field
 * holding that slot's regularizer (on the layer, or an RNN's cell). Embedding's embeddings matrix is
 * its kernel slot (src/layers/catalog.ts), held in tfjs's `embeddingsRegularizer`.
 */
const SLOT_OF_SUFFIX: Record<string, { slot: WeightSlot; field: string }> = {
  kernel: { slot: "kernel", field: "kernelRegularizer" },
  embeddings: { slot: "kernel", field: "embeddingsRegularizer" },
  bias: { slot: "bias", field: "biasRegularizer" },
  recurrent_kernel: { slot: "recurrent", field: "recurrentRegularizer" },
};

const cache = new WeakMap<object, ModelScan>();

/** Leaf layers (Bidirectional -> its forward and backward layers) with the object that holds their settings (an RNN's cell). */
function leaves(layer: AnyLayer): { layer: AnyLayer; owner: AnyLayer }[] {
  const fw = layer["forwardLayer"] as AnyLayer | undefined;
  const bw = layer["backwardLayer"] as AnyLayer | undefined;
  if (fw && bw) return [...leaves(fw), ...leaves(bw)];
  const inner = layer["layer"] as AnyLayer | undefined; // TimeDistributed and other wrappers
  if (inner && inner instanceof tf.layers.Layer && !(layer["cell"])) return leaves(inner);
  const cell = layer["cell"] as AnyLayer | undefined;
  return [{ layer, owner: cell && typeof cell === "object" && "kernelInitializer" in cell ? cell : layer }];
}

export function scanModel(model: LayersModel): ModelScan {
  const hit = cache.get(model);
  if (hit) return hit;
  const scan: ModelScan = { penalties: [], activity: [], scheduled: [], setters: [], dropouts: [], weights: [] };
  const byName = new Map<string, { owner: AnyLayer; layer: string }>();
  (model.layers as unknown as AnyLayer[]).forEach((top, index) => {
    const act = activityRegularizerOf(top);
    if (act) {
      if (!(model instanceof tf.Sequential)) throw new Error("regc runtime: activity regularizers need a Sequential model");
      scan.activity.push({ key: `${top.name}/activity`, regularizer: act, index });
      noteScheduled(scan, act, `${top.name}/activity`);
    }
    if (top instanceof ScheduledDropout || /^(Spatial)?Dropout(\dD)?$/.test(top.getClassName())) scan.dropouts.push(top);
    if (top instanceof ScheduledDropout) {
      scan.setters.push(top);
      if (typeof top.schedule !== "number") scan.scheduled.push({ key: top.schedule.name ?? `${top.name}/rate`, coefficient: top.schedule });
    }
    for (const { layer, owner } of leaves(top)) {
      const prefix = layer === top ? top.name : `${top.name}/${layer.name}`;
      for (const w of layer.weights as unknown as LayerVar[]) byName.set(w.name, { owner, layer: top.name });
      for (const w of layer.weights as unknown as LayerVar[]) {
        const found = SLOT_OF_SUFFIX[suffixOf(w.name)];
        if (!found) continue;
        const { slot, field } = found;
        const reg = owner[field] as RegularizerLike | undefined;
        if (!reg || typeof reg.apply !== "function") continue;
        const key = `${prefix}/${slot}`;
        scan.penalties.push({ key, regularizer: reg, weight: w });
        noteScheduled(scan, reg, key);
      }
    }
  });
  for (const w of model.weights as unknown as LayerVar[]) {
    const found = byName.get(w.name);
    scan.weights.push({ weight: w, owner: found?.owner ?? ({} as AnyLayer), suffix: suffixOf(w.name), layer: found?.layer ?? w.name.split("/")[0]! });
  }
  cache.set(model, scan);
  return scan;
}

function noteScheduled(scan: ModelScan, reg: RegularizerLike, key: string): void {
  if (!(reg instanceof ScheduledL1L2)) return;
  if (!scan.setters.includes(reg)) scan.setters.push(reg);
  const both = typeof reg.l1 !== "number" && typeof reg.l2 !== "number";
  for (const [which, c] of [["l1", reg.l1], ["l2", reg.l2]] as const) {
    if (typeof c === "number") continue;
    const k = c.name ?? (both ? `${key}.${which}` : key);
    if (!scan.scheduled.some((s) => s.key === k)) scan.scheduled.push({ key: k, coefficient: c });
  }
}

/** The model's output and its activity penalties (each regularizer(output) / batch size, as Keras 3). */
export function forward(model: LayersModel, x: Tensor, training: boolean): { pred: Tensor; activity: Tensor[] } {
  const scan = scanModel(model);
  if (scan.activity.length === 0) return { pred: model.apply(x, { training }) as Tensor, activity: [] };
  const activity: Tensor[] = [];
  let h = x;
  let next = 0;
  model.layers.forEach((layer, i) => {
    h = layer.apply(h, { training }) as Tensor;
    while (next < scan.activity.length && scan.activity[next]!.index === i) {
      activity.push(tf.div(scan.activity[next]!.regularizer.apply(h), h.shape[0]!));
      next++;
    }
  });
  return { pred: h, activity };
}

/** "dense/kernel" -> "kernel"; "lstm/recurrent_kernel" -> "recurrent_kernel". */
export function suffixOf(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1).replace(/_\d+$/, "");
}

/** Sets every scheduled coefficient and rate in the model for an epoch; returns each schedule's value by key. */
export function setEpoch(model: LayersModel, epoch: number, totalEpochs: number): Record<string, number> {
  const scan = scanModel(model);
  for (const s of scan.setters) s.setEpoch(epoch, totalEpochs);
  const out: Record<string, number> = {};
  for (const s of scan.scheduled) out[s.key] = coefficientAt(s.coefficient, epoch, totalEpochs);
  return out;
}
