// The settings table's losses and metrics against real Keras 3 (tools/keras-oracle): on targets and
// outputs made as each entry's Shapes say, the runtime computes what Keras's own function does.
import { beforeAll, describe, expect, it } from "vitest";
import { lossFunction, metricFunction, setupBackend, tf } from "../../src/runtime/index.js";
import { LOSSES, METRICS, type Shapes } from "../../src/settings/catalog.js";
import { sample, unitsFor } from "../settings-data.js";
import { runDriver } from "./keras-oracle.js";

const cases = [
  ...Object.entries(LOSSES).map(([name, l]) => ({ kind: "loss" as const, name, shapes: l.shapes as Shapes })),
  ...Object.entries(METRICS).flatMap(([name, m]) => (m.compute === "byLoss" ? [] : [{ kind: "metric" as const, name, shapes: m.compute.shapes }])),
].map((c) => ({ ...c, ...sample(c.shapes, unitsFor(c.shapes), 7) }));

let keras: number[] = [];
beforeAll(async () => {
  await setupBackend({ log: () => {} });
  keras = runDriver<number[]>("settings_driver.py", cases.map(({ kind, name, y, p }) => ({ kind, name, y, p })), "numpy");
});

describe("the runtime's losses and metrics are Keras's", () => {
  it.each(cases.map((c, i) => [`${c.kind} ${c.name}`, i] as const))("%s", (_label, i) => {
    const { kind, name, y, p } = cases[i]!;
    const fn = kind === "loss" ? lossFunction(name) : metricFunction(name, "mean_squared_error", p[0]!.length);
    const got = tf.tidy(() => fn(tf.tensor2d(y), tf.tensor2d(p)).dataSync()[0]!);
    expect(got).toBeCloseTo(keras[i]!, 5);
  });
});
