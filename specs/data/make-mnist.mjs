// Writes mnist.csv for specs/mnist-cnn.reg: 300 MNIST-shaped images (28 x 28 grey levels from 0 to 1,
// columns p0..p783 row-major) of ten synthetic classes, and their label 0..9. Class k is a stroke
// pattern (a bar at one of five angles, thin or thick) drawn at a random offset with noise, so a CNN
// can learn it and overfit it. Not MNIST itself: no download is possible or needed. Deterministic
// (xorshift32). Run: node specs/data/make-mnist.mjs
import { writeFileSync } from "node:fs";
import { xorshift32 } from "./xorshift.mjs";

const uniform = xorshift32(0x1b873593);
const SIZE = 28;
const rows = [[...Array.from({ length: SIZE * SIZE }, (_, i) => `p${i}`), "label"].join(",")];
for (let i = 0; i < 300; i++) {
  const label = i % 10;
  const angle = (Math.PI * (label % 5)) / 5;
  const width = label < 5 ? 1.2 : 2.6;
  const [cx, cy] = [14 + 6 * (uniform() - 0.5), 14 + 6 * (uniform() - 0.5)];
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  const pixels = [];
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      const [u, v] = [c - cx, r - cy];
      const along = u * dx + v * dy;
      const across = Math.abs(-u * dy + v * dx);
      const ink = Math.abs(along) <= 9 && across <= width ? 1 : 0;
      const noise = uniform() < 0.03 ? uniform() : 0;
      pixels.push(Math.round(100 * Math.min(1, ink * (0.7 + 0.3 * uniform()) + noise)) / 100);
    }
  }
  rows.push([...pixels, label].join(","));
}
writeFileSync(new URL("mnist.csv", import.meta.url), `${rows.join("\n")}\n`);
