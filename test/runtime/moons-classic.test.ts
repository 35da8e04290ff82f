// The classic case study, trained for real: an MLP Dense(500, relu) -> Dense(1, sigmoid) on 100
// two-moons points (noise 0.2, seed 1), the first 30 train and the other 70 test, binary
// crossentropy, Adam 1e-3, batch 32, 4000 epochs. Published: train 1.000 / test 0.914 without
// regularization, test 0.943 with L2(0.001) on the hidden kernel. The settings (and the training seed)
// come from specs/moons.reg and specs/moons-l2.reg; the model is written by hand with tf.layers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api.js";
import { runProgram, type ProgramSpec } from "../../src/runtime/index.js";
import { ROOT } from "../helpers.js";
import { moonsModel } from "./helpers.js";

function specOf(file: string): ProgramSpec {
  const { ir, diagnostics } = compile(readFileSync(join(ROOT, file), "utf8"));
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return { source: file, name: ir!.name, train: ir!.train! };
}

describe("the classic moons case study", () => {
  it("specs/moons.reg: the unregularized MLP fits the training set and gets 64/70 test points (0.914)", { timeout: 300_000 }, async () => {
    const spec = specOf("specs/moons.reg");
    expect(spec.train.seed).toBe(0);
    const r = await runProgram({ spec, buildModel: moonsModel() }, { quiet: true, save: false });
    expect(r.epochs_run).toBe(4000);
    expect(r.final.train.accuracy).toBe(1);
    expect(Math.round(r.final.test!.accuracy! * 70)).toBe(64);
    expect(r.final.test!.accuracy!.toFixed(3)).toBe("0.914");
  });

  it("specs/moons-l2.reg: L2(0.001) on the hidden kernel gets 66/70 test points (0.943)", { timeout: 300_000 }, async () => {
    const spec = specOf("specs/moons-l2.reg");
    expect(spec.train.seed).toBe(0);
    const r = await runProgram({ spec, buildModel: moonsModel(0.001) }, { quiet: true, save: false });
    expect(r.final.train.accuracy).toBe(1);
    expect(Math.round(r.final.test!.accuracy! * 70)).toBe(66);
    expect(r.final.test!.accuracy!.toFixed(3)).toBe("0.943");
    // The penalty is reported: 0.001 * sum(w^2) of the hidden kernel, part of the loss.
    const last = r.history.at(-1)!;
    expect(last.reg["dense/kernel"]).toBeGreaterThan(0);
    expect(last.loss).toBeCloseTo(last.data_loss + last.reg_loss, 6);
  });
});
