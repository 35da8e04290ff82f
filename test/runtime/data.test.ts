// Data loading: moons and CSV, the split, and positioned errors (file:line:col) for bad CSV files.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadData, parseCsv, makeMoons, RegcError } from "../../src/runtime/index.js";
import { renderText } from "../../src/diagnostics/index.js";
import { ROOT } from "../helpers.js";

/** The error `f` throws, as the one printer prints it (`file:line:col: error[REG06xx]: ...`), and its code. */
function errorOf(f: () => unknown): { message: string; code: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof RegcError) return { message: renderText({ diagnostics: [e.diagnostic] }, { color: false }), code: e.diagnostic.code };
    throw e;
  }
  throw new Error("no error");
}

describe("parseCsv", () => {
  it("reads features in column order without the target, and the target", () => {
    const t = parseCsv("a, y ,b\n1,2,3\n4,5e-1,-6\n\n", "d.csv", "y");
    expect(t.columns).toEqual(["a", "y", "b"]);
    expect(Array.from(t.x)).toEqual([1, 3, 4, -6]);
    expect(Array.from(t.y)).toEqual([2, 0.5]);
    expect(t.rows).toBe(2);
    expect(t.features).toBe(2);
  });

  it("reports a missing target column at the header, naming the columns", () => {
    const e = errorOf(() => parseCsv("a,b,c\n1,2,3\n", "data/d.csv", "y"));
    expect(e.message).toBe("data/d.csv:1:1: error[REG0602]: no column 'y' in the header (the columns are 'a', 'b', 'c')");
  });

  it("reports a ragged row at its line: the first extra cell, or the end of a short row", () => {
    expect(errorOf(() => parseCsv("a,b,y\n1,2,3\n4,5,6,7\n", "d.csv", "y")).message).toBe(
      "d.csv:3:7: error[REG0603]: this row has 4 cells, the header has 3",
    );
    expect(errorOf(() => parseCsv("a,b,y\n1,2,3\n1,2,3\n10,20\n", "d.csv", "y")).message).toBe(
      "d.csv:4:6: error[REG0603]: this row has 2 cells, the header has 3",
    );
  });

  it("reports a non-numeric or empty cell at its line and column", () => {
    expect(errorOf(() => parseCsv("a,b,y\n1,2,3\n1, abc,3\n", "d.csv", "y")).message).toBe(
      "d.csv:3:4: error[REG0604]: 'abc' in column 'b' is not a number",
    );
    expect(errorOf(() => parseCsv("a,b,y\r\n1,,3\r\n", "d.csv", "y")).message).toBe("d.csv:2:3: error[REG0604]: an empty cell in column 'b' is not a number");
  });

  it("reports an empty file and a header without rows", () => {
    expect(errorOf(() => parseCsv("", "d.csv", "y")).code).toBe("REG0601");
    expect(errorOf(() => parseCsv("a,y\n\n", "d.csv", "y")).message).toBe("d.csv:1:1: error[REG0601]: the file has a header but no data rows");
  });
});

describe("loadData", () => {
  it("splits moons into the first `count` rows for training and the rest for testing, in order", () => {
    const d = loadData({ kind: "moons", samples: 100, noise: 0.2, seed: 1 }, { count: 30 });
    const m = makeMoons(100, 0.2, 1);
    expect(d.train.rows).toBe(30);
    expect(d.test!.rows).toBe(70);
    expect(d.train.shape).toEqual([2]);
    expect(d.train.x[0]).toBe(Math.fround(m.x[0]!));
    expect(d.test!.x[0]).toBe(Math.fround(m.x[60]!));
    expect(Array.from(d.test!.y)).toEqual(Array.from(m.y.subarray(30)));
  });

  it("resolves a CSV path against baseDir and splits by a fraction", () => {
    const d = loadData({ kind: "csv", path: "data/regression.csv", target: "y" }, { fraction: 0.8 }, { baseDir: join(ROOT, "specs") });
    expect(d.train.rows).toBe(800);
    expect(d.test!.rows).toBe(200);
    expect(d.train.shape).toEqual([8]);
  });

  it("reports a missing file and a feature count that does not fit the model's input", () => {
    const dir = mkdtempSync(join(tmpdir(), "regc-data-"));
    const e = errorOf(() => loadData({ kind: "csv", path: "nope.csv", target: "y" }, null, { baseDir: dir }));
    expect(e.code).toBe("REG0600");
    expect(e.message).toContain("nope.csv:1:1: error[REG0600]: cannot read the data file: no such file");
    writeFileSync(join(dir, "d.csv"), "a,b,y\n1,2,3\n");
    const f = errorOf(() => loadData({ kind: "csv", path: "d.csv", target: "y" }, null, { baseDir: dir, inputShape: [3] }));
    expect(f.message).toBe(`${join(dir, "d.csv")}:1:1: error[REG0610]: the data has 2 feature columns but the model's input [3] needs 3`);
  });

  it("refuses a split that leaves no training rows", () => {
    expect(errorOf(() => loadData({ kind: "moons", samples: 10, noise: 0, seed: 0 }, { count: 11 })).code).toBe("REG0605");
  });
});
