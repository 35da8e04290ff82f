// python/regc_schedules.py is the module `regc build` writes beside Keras 3 JSON with schedules: the
// file in the repository (which people read, lint and import) must be exactly the emitted text. The
// emitter imports that file as text; this checks that the built CLI carries it unchanged.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, regc, tempDir } from "./helpers.js";

describe("regc_schedules.py", () => {
  it("regc build writes it beside the JSON of a spec with schedules, and only then", () => {
    const dir = tempDir();
    expect(regc(["build", "specs/moons-schedule.reg", "--out", dir]).status).toBe(0);
    expect(readFileSync(join(dir, "regc_schedules.py"), "utf8")).toBe(readFileSync(join(ROOT, "python", "regc_schedules.py"), "utf8"));
    const plain = tempDir();
    expect(regc(["build", "specs/moons-l2.reg", "--out", plain]).status).toBe(0);
    expect(() => readFileSync(join(plain, "regc_schedules.py"))).toThrow();
  });
});
