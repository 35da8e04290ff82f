// The import rules between regc's stages (`npm test` runs `depcruise src`). The stages are read from
// the Architecture section of README.md (its `stages` block: one line per stage, earliest first), so
// the rules and their description are one list.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const readme = readFileSync(join(__dirname, "README.md"), "utf8");
const block = /^## Architecture$[\s\S]*?^```stages\n([\s\S]*?)^```$/m.exec(readme);
if (!block) throw new Error("README.md has no ```stages block in its Architecture section");
/** @type {string[][]} */
const stages = block[1].trim().split("\n").map((line) => line.trim().split(/\s+/));

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A folder of src/ (`ir`) or a file directly in it (`api.ts`), as a path pattern. */
const where = (name) => (name.includes(".") ? `^src/${escape(name)}$` : `^src/${escape(name)}/`);
const any = (names) => names.map(where).join("|");
const known = any(stages.flat());

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cli-below",
      comment: "Nothing below the command line imports src/cli.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    ...stages.flatMap((line, i) =>
      line.flatMap((name) => {
        const later = [...line.filter((n) => n !== name), ...stages.slice(i + 1).flat()];
        if (later.length === 0) return [];
        return {
          name: `stage-${name}`,
          comment: `${name} imports only from the stages before its own (README.md, Architecture): not from ${later.join(", ")}.`,
          severity: "error",
          from: { path: where(name) },
          to: { path: any(later) },
        };
      }),
    ),
    {
      name: "stage-unlisted",
      comment: "Every folder of src/ has a place in README.md's stages.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^src/", pathNot: known },
    },
    {
      name: "stage-unlisted-from",
      comment: "Every folder of src/ has a place in README.md's stages.",
      severity: "error",
      from: { path: "^src/", pathNot: known },
      to: {},
    },
    {
      name: "no-circular",
      comment: "No import cycles, inside a stage or across.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Type-only imports count: a type from a later stage ties the stages together as much as a value.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.d\\.ts$" },
  },
};
