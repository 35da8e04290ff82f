// The one file writer: all outputs or none, earlier outputs untouched on failure, no temporaries left.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IoError, readSpec, writeAtomically } from "../src/io/index.js";
import { tempDir } from "./helpers.js";

describe("writeAtomically", () => {
  it("writes every file", () => {
    const dir = tempDir();
    writeAtomically([{ path: join(dir, "a.json"), content: "A" }, { path: join(dir, "sub", "b.py"), content: "B" }]);
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe("A");
    expect(readFileSync(join(dir, "sub", "b.py"), "utf8")).toBe("B");
    expect(readdirSync(dir).sort()).toEqual(["a.json", "sub"]);
  });

  it("leaves earlier outputs as they were and no temporary files when one output fails", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.json"), "old A");
    mkdirSync(join(dir, "b.json")); // a directory where a file must go: its rename fails
    writeFileSync(join(dir, "b.json", "keep"), "x");
    expect(() => writeAtomically([{ path: join(dir, "a.json"), content: "new A" }, { path: join(dir, "b.json"), content: "B" }])).toThrow(IoError);
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe("old A");
    expect(readdirSync(dir).sort()).toEqual(["a.json", "b.json"]);
  });
});

describe("readSpec", () => {
  it("locates the first byte that is not UTF-8", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "x.reg"), Buffer.from([0x61, 0x0a, 0x62, 0x63, 0xc3, 0x28, 0x0a]));
    const s = readSpec(join(dir, "x.reg"));
    expect(s.diagnostics).toHaveLength(1);
    expect(s.diagnostics[0]).toMatchObject({ code: "REG0006", span: { line: 2, column: 3 } });
    expect(s.diagnostics[0]!.message).toContain("byte 0xc3 at offset 4");
  });
  it("reads valid UTF-8 with non-ASCII text", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "x.reg"), "# café ünïcödé\n");
    expect(readSpec(join(dir, "x.reg"))).toMatchObject({ source: "# café ünïcödé\n", diagnostics: [] });
    expect(existsSync(join(dir, "x.reg"))).toBe(true);
  });
});
