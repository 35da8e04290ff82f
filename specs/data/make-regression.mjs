// Writes regression.csv: 1000 rows of 8 features x0..x7 and a target y, for specs/regression-*.reg.
// y = sin(x0) + 0.5 x1 x2 - x3^2 / 2 + 0.3 x4 + 0.1 noise (x5..x7 are distractors). Deterministic:
// features and noise come from a fixed xorshift32 stream. Run: node specs/data/make-regression.mjs
import { writeFileSync } from "node:fs";
import { xorshift32 } from "./xorshift.mjs";

const uniform = xorshift32(0x2545f491);
function gauss() {
  const u = 1 - uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}
const rows = ["x0,x1,x2,x3,x4,x5,x6,x7,y"];
for (let i = 0; i < 1000; i++) {
  const x = Array.from({ length: 8 }, () => 4 * uniform() - 2);
  const y = Math.sin(x[0]) + 0.5 * x[1] * x[2] - (x[3] * x[3]) / 2 + 0.3 * x[4] + 0.1 * gauss();
  rows.push([...x, y].map((v) => v.toFixed(5)).join(","));
}
writeFileSync(new URL("regression.csv", import.meta.url), `${rows.join("\n")}\n`);
