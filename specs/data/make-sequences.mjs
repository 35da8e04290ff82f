// Writes sequences.csv for specs/lstm.reg: 256 sequences of 50 steps x 8 features, flattened row-major
// (column s<step>_<feature>), and a target y. Each feature is a sine with its own random frequency and
// phase plus noise; y is the mean over the last 10 steps of feature 0 times feature 1, something an
// LSTM has to remember to predict. Deterministic (xorshift32). Run: node specs/data/make-sequences.mjs
import { writeFileSync } from "node:fs";
import { xorshift32 } from "./xorshift.mjs";

const uniform = xorshift32(0x9e3779b9);
const STEPS = 50;
const FEATURES = 8;
const header = [];
for (let t = 0; t < STEPS; t++) for (let f = 0; f < FEATURES; f++) header.push(`s${t}_${f}`);
const rows = [[...header, "y"].join(",")];
for (let i = 0; i < 256; i++) {
  const freq = Array.from({ length: FEATURES }, () => 0.05 + 0.3 * uniform());
  const phase = Array.from({ length: FEATURES }, () => 2 * Math.PI * uniform());
  const x = [];
  for (let t = 0; t < STEPS; t++) for (let f = 0; f < FEATURES; f++) x.push(Math.sin(freq[f] * t + phase[f]) + 0.05 * (2 * uniform() - 1));
  let y = 0;
  for (let t = STEPS - 10; t < STEPS; t++) y += (x[t * FEATURES] * x[t * FEATURES + 1]) / 10;
  rows.push([...x, y].map((v) => v.toFixed(2)).join(","));
}
writeFileSync(new URL("sequences.csv", import.meta.url), `${rows.join("\n")}\n`);
