// scanModel finds every regularized slot of the language in the model the tfjs program builds: for each
// layer of src/layers/catalog.ts with slots (Dense, Conv1D/2D, Embedding, LSTM/GRU/SimpleRNN, the RNNs also
// inside Bidirectional: both directions) and each of its slots (kernel, bias, recurrent, activity), the
// catalog's weight for that slot is penalized with the spec's coefficients; for the layers whose tfjs
// class registers its own regularizer losses, the penalties equal tfjs's calculateLosses().
import { beforeAll, describe, expect, it } from "vitest";
import { compile, type IR } from "../../src/api.js";
import { LAYERS } from "../../src/layers/catalog.js";
import { loadProgram, loadRuntime, type Runtime } from "../../src/run/index.js";

// Distinct coefficients everywhere, so a penalty found on the wrong weight cannot match.
const SOURCE = `model AllSlots {
  input [12]
  Embedding(50, 8) {
    kernel: l2(0.011)
    activity: l1(0.012)
  }
  LSTM(6, return_sequences: true) {
    kernel: l2(0.021)
    recurrent: l1(0.022)
    bias: l1_l2(l1: 0.023, l2: 0.024)
    activity: l2(0.025)
  }
  GRU(5, return_sequences: true, reset_after: false) {
    kernel: l1(0.031)
    recurrent: l2(0.032)
    bias: l1(0.033)
    activity: l1_l2(l1: 0.034, l2: 0.035)
  }
  SimpleRNN(4, return_sequences: true) {
    kernel: l2(0.041)
    recurrent: l2(0.042)
    bias: l1(0.043)
    activity: l2(0.044)
  }
  Bidirectional(LSTM(3, return_sequences: true) { kernel: l2(0.051) recurrent: l1(0.052) bias: l2(0.053) })
  Bidirectional(GRU(2, return_sequences: true, reset_after: false) { kernel: l1(0.061) recurrent: l2(0.062) bias: l1_l2(l1: 0.063, l2: 0.064) }, merge_mode: sum)
  Bidirectional(SimpleRNN(2, return_sequences: true) { kernel: l2(0.071) recurrent: l2(0.072) bias: l1(0.073) })
  Conv1D(4, 3) {
    kernel: l2(0.081)
    bias: l1(0.082)
    activity: l2(0.083)
  }
  Reshape([10, 4, 1])
  Conv2D(2, 2) {
    kernel: l1(0.091)
    bias: l2(0.092)
    activity: l1(0.093)
  }
  Flatten()
  Dense(1) {
    kernel: l2(0.101)
    bias: l2(0.102)
    activity: l1_l2(l1: 0.103, l2: 0.104)
  }
}
`;

type Row = [layer: string, slot: string, shape: number[] | null, l1: number, l2: number];
const sortRows = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

let rt: Runtime;
let ir: IR;
beforeAll(async () => {
  rt = await loadRuntime();
  await rt.setupBackend({ backend: "cpu", log: () => {} });
  const r = compile(SOURCE);
  if (!r.ir) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  ir = r.ir;
});

describe("scanModel covers every layer and slot of the language", () => {
  it("the spec has every layer with slots in the catalog, with every one of its slots regularized (Bidirectional's wrapped layers too)", () => {
    const withSlots = Object.values(LAYERS).filter((d) => d.slots.length > 0);
    const seen = (layers: IR["layers"]) => layers.flatMap((l) => Object.entries(l.regularizers).filter(([, r]) => r).map(([slot]) => `${l.class_name}/${slot}`));
    const top = new Set(seen(ir.layers));
    const inner = new Set(seen(ir.layers.flatMap((l) => (l.inner ? [l.inner] : []))));
    for (const d of withSlots) for (const slot of d.slots) expect(top, `${d.className} ${slot}`).toContain(`${d.className}/${slot}`);
    for (const cls of ["LSTM", "GRU", "SimpleRNN"]) for (const slot of ["kernel", "recurrent", "bias"]) expect(inner).toContain(`${cls}/${slot}`);
  });

  it("finds each slot's penalty on the catalog's weight with the spec's coefficients, and nothing else", async () => {
    const program = await loadProgram(ir, "all-slots.reg", "all-slots");
    const model = program.buildModel();
    try {
      const scan = rt.scanModel(model);
      const coef = (r: { getConfig(): unknown }) => {
        const c = r.getConfig() as { l1: number; l2: number };
        return [Math.fround(c.l1), Math.fround(c.l2)] as const;
      };
      const got: Row[] = [
        ...scan.penalties.map((p): Row => [p.key.split("/")[0]!, p.key.split("/").at(-1)!, p.weight.shape, ...coef(p.regularizer)]),
        ...scan.activity.map((a): Row => [a.key.split("/")[0]!, "activity", null, ...coef(a.regularizer)]),
      ];
      // What the catalog says: each weight with a slot (Bidirectional: both directions' weights), and the activity slot.
      const want: Row[] = ir.layers.flatMap((l) => {
        const regs = (l.inner ?? l).regularizers;
        const c = (r: { l1: unknown; l2: unknown }) => [Math.fround(r.l1 as number), Math.fround(r.l2 as number)] as const;
        const rows: Row[] = l.weights.filter((w) => w.slot && regs[w.slot]).map((w): Row => [l.name, w.slot!, w.shape, ...c(regs[w.slot!]!)]);
        if (regs.activity) rows.push([l.name, "activity", null, ...c(regs.activity)]);
        return rows;
      });
      expect(want.filter((r) => r[0].startsWith("bidirectional")).length).toBe(18);
      expect(sortRows(got)).toEqual(sortRows(want));

      // Independent of regc: tfjs's own Embedding, Conv and Dense layers register their weight regularizers
      // (its RNN layers do not register their cells'; real Keras checks those: test/interop/one-model.test.ts).
      for (const layer of model.layers.filter((l) => /^(Embedding|Conv[12]D|Dense)$/.test(l.getClassName()))) {
        const mine = scan.penalties.filter((p) => p.key.startsWith(`${layer.name}/`));
        rt.tf.tidy(() => {
          const theirs = layer.calculateLosses();
          expect(theirs.length, layer.name).toBe(mine.length);
          const a = rt.tf.addN(mine.map((p) => p.regularizer.apply(p.weight.read()))).dataSync()[0]!;
          expect(a, layer.name).toBeGreaterThan(0);
          expect(a, layer.name).toBeCloseTo(rt.tf.addN(theirs).dataSync()[0]!, 6);
        });
      }
    } finally {
      model.dispose();
    }
  });
});
