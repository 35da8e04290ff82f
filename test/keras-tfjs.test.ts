// `regc build --keras 2`: the tf.keras 2 form TensorFlow.js loads (tf.models.modelFromJSON). Every spec
// and fixture either loads in real tfjs with regc's layers, shapes, parameter counts and regularizers,
// or is refused with the reason (listed here, so nothing is skipped silently). The reference models
// also predict what real Keras 3 predicted, with the reference weights.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";
import { FIX, FIXTURES, SPECS, buildSpec } from "./keras-emit.js";
import type { Regularizer } from "../src/ir/types.js";
import { emitKeras } from "../src/codegen/keras/index.js";
import { compile } from "../src/api.js";

/** What --keras 2 refuses, and why (the emitter's message). */
const REFUSED: Record<string, RegExp> = {
  "specs/moons-schedule.reg": /its kernel regularizer is scheduled/,
  "specs/regression-dropout.reg": /its dropout rate is scheduled/,
  [`${FIX}/sweep-schedule.reg`]: /its dropout rate is scheduled/,
  [`${FIX}/schedules.reg`]: /its kernel regularizer is scheduled/,
  [`${FIX}/schedules-dropout.reg`]: /its dropout rate is scheduled/,
  [`${FIX}/layers-conv.reg`]: /cannot express an activity regularizer/,
  [`${FIX}/layers-dense.reg`]: /cannot express an activity regularizer/,
  [`${FIX}/layers-rnn.reg`]: /cannot express an activity regularizer/,
  [`${FIX}/layers-extra.reg`]: /cannot express reset_after: true/,
  [`${FIX}/layers-seq.reg`]: /cannot express reset_after: true/,
  "specs/elastic-net.reg": /cannot express an activity regularizer/,
  [`${FIX}/keras3_lstm_l1l2.reg`]: /cannot express an activity regularizer/,
};

type TfLayer = tf.layers.Layer & Record<string, unknown>;

/** A tfjs regularizer as {l1, l2}, or null. */
function tfReg(r: unknown): { l1: number; l2: number } | null {
  if (!r) return null;
  const c = (r as tf.serialization.Serializable).getConfig() as { l1: number; l2: number };
  expect((r as tf.serialization.Serializable).getClassName()).toBe("L1L2");
  return { l1: c.l1, l2: c.l2 };
}

/** regc's regularizer as tf.keras 2 writes it: float32-rounded, both terms. */
function irReg(r: Regularizer | null | undefined): { l1: number; l2: number } | null {
  if (!r) return null;
  return { l1: Math.fround(r.l1 as number), l2: Math.fround(r.l2 as number) };
}

/** The regularizers tfjs built for a layer: on the layer, or its RNN cell. */
function slotsOf(layer: TfLayer): Record<string, { l1: number; l2: number } | null> {
  const holder = (layer.cell as TfLayer | undefined) ?? layer;
  return {
    kernel: tfReg(holder.kernelRegularizer ?? holder.embeddingsRegularizer),
    bias: tfReg(holder.biasRegularizer),
    recurrent: tfReg(holder.recurrentRegularizer),
  };
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const all = [...SPECS, ...FIXTURES].flatMap((spec) => buildSpec(spec, 2));

describe("--keras 2 JSON in TensorFlow.js", () => {
  it("covers every spec and fixture: loaded below, or refused for the listed reason", () => {
    const refused = [...new Set(all.filter((b) => b.error).map((b) => b.spec))].sort();
    expect(refused).toEqual(Object.keys(REFUSED).sort());
    for (const b of all.filter((x) => x.error)) expect(b.error!.message).toMatch(REFUSED[b.spec]!);
    expect(all.filter((b) => b.files).length).toBeGreaterThanOrEqual(17);
  });

  it.each(all.filter((b) => b.files).map((b) => [`${b.spec}${b.value === null ? "" : ` (${b.value})`}`, b] as const))(
    "%s: loads with regc's layers, shapes, parameters and regularizers",
    async (_name, b) => {
      expect(b.files!.map((f) => f.name)).toHaveLength(1);
      const model = await tf.models.modelFromJSON({ modelTopology: JSON.parse(b.files![0]!.content) });
      expect(model.countParams()).toBe(b.ir.params.total);
      const layers = model.layers.filter((l) => l.getClassName() !== "InputLayer") as TfLayer[];
      expect(layers.map((l) => [l.getClassName(), l.name])).toEqual(b.ir.layers.map((l) => [l.class_name, l.name]));
      for (const [i, l] of b.ir.layers.entries()) {
        const t = layers[i]!;
        expect(t.outputShape, l.name).toEqual([null, ...l.output_shape]);
        expect(t.countParams(), l.name).toBe(l.params.trainable + l.params.non_trainable);
        const want = (x: typeof l) => ({ kernel: irReg(x.regularizers.kernel), bias: irReg(x.regularizers.bias), recurrent: irReg(x.regularizers.recurrent) });
        if (l.inner) {
          expect(slotsOf(t.forwardLayer as TfLayer), l.name).toEqual(want(l.inner));
          expect(slotsOf(t.backwardLayer as TfLayer), l.name).toEqual(want(l.inner));
        } else {
          expect(slotsOf(t), l.name).toEqual(want(l));
        }
        // tfjs writes LSTM/GRU recurrent_activation as hard_sigmoid unless told: regc always tells it.
        const cell = ((l.inner ? (t.forwardLayer as TfLayer) : t).cell as TfLayer | undefined) ?? undefined;
        const inner = l.inner ?? l;
        if (cell && "recurrent_activation" in inner.args) {
          expect((cell.getConfig() as Record<string, unknown>).recurrentActivation).toBe(inner.args.recurrent_activation);
        }
      }
      model.dispose();
    },
  );

  it("refuses Conv1D(padding: causal), which TensorFlow.js loads but cannot run", async () => {
    const spec = (padding: string) => `model M {\n  input [5, 3]\n  Conv1D(2, 2, padding: ${padding})\n  Flatten()\n  Dense(1)\n}\n`;
    const ir = (source: string) => compile(source).ir!;
    expect(() => emitKeras(ir(spec("causal")), { spec: "m.reg", base: "m", keras: 2 })).toThrow(
      "layer 'conv1d': --keras 2 cannot express padding: causal: TensorFlow.js's Conv1D does not implement causal padding (it fails when the model runs)",
    );
    expect(emitKeras(ir(spec("causal")), { spec: "m.reg", base: "m", keras: 3 })).toHaveLength(1);
    // Why: the JSON --keras 2 would write (the `same` one with causal put back) loads, then fails at predict.
    const topology = JSON.parse(emitKeras(ir(spec("same")), { spec: "m.reg", base: "m", keras: 2 })[0]!.content);
    const conv = (topology.config.layers as { class_name: string; config: Record<string, unknown> }[]).find((l) => l.class_name === "Conv1D")!;
    conv.config.padding = "causal";
    const model = await tf.models.modelFromJSON({ modelTopology: topology });
    const x = tf.ones([1, 5, 3]);
    expect(() => model.predict(x)).toThrow(/causal/i);
    x.dispose();
    model.dispose();
  });
});

describe("--keras 2 JSON predicts what Keras 3 predicted (reference weights and inputs)", () => {
  const REF = join(ROOT, "test", "fixtures", "keras-reference");
  const read = (f: string) => JSON.parse(readFileSync(join(REF, f), "utf8"));
  it.each(["conv2d_l2", "dense_l2", "dense_l2_input_shape", "dropout_flatten_pool", "functional_dense", "lstm_l1l2"])("keras3_%s", async (name) => {
    const [b] = buildSpec(`${FIX}/keras3_${name}.reg`, 2);
    let json = b!.files?.[0]?.content;
    if (name === "lstm_l1l2") {
      // --keras 2 refuses its L1 activity penalty (tfjs cannot load one); without it the predictions
      // are the same, and the LSTM is the one that tells whether recurrent_activation was written.
      expect(b!.error?.message).toMatch(/activity regularizer/);
      const ir = structuredClone(b!.ir);
      ir.layers[0]!.regularizers.activity = null;
      json = emitKeras(ir, { spec: "", base: "x", keras: 2 })[0]!.content;
    }
    const model = await tf.models.modelFromJSON({ modelTopology: JSON.parse(json!) });
    const weights = read(`keras3_${name}_weights.json`) as number[][];
    expect(model.weights.map((w) => w.shape)).toEqual(weights.map((w) => tf.tensor(w).shape));
    model.setWeights(weights.map((w) => tf.tensor(w)));
    const y = (model.predict(tf.tensor(read(`keras3_${name}_inputs.json`))) as tf.Tensor).arraySync() as number[][];
    const expected = read(`keras3_${name}_expected.json`) as number[][];
    expect(y.length).toBe(expected.length);
    for (const [i, row] of expected.entries()) for (const [j, v] of row.entries()) expect(Math.abs(y[i]![j]! - v)).toBeLessThan(1e-5);
    model.dispose();
  });
});
