// `regc import`: a Keras 3 or tf.keras 2 / TensorFlow.js model config (what model.to_json() writes)
// -> a formatted .reg spec. The stages: read the JSON with positions (json.ts), validate its structure
// against the JSON Schema of Keras configs (schema.json, compiled ahead of time by ajv standalone),
// read each layer through the layer table's Keras keys into the spec's syntax tree (model.ts, tree.ts),
// lay the tree out (src/format), and check the text (src/checker): a spec that does not check is never
// handed out.
import type { ErrorObject } from "ajv";
import { validate as validateKeras } from "./validate.generated.js";
import { compile } from "../api.js";
import { diag, type Diagnostic } from "../diagnostics/index.js";
import { format } from "../format/index.js";
import type { IR } from "../ir/types.js";
import { JsonSyntaxError, parseJson, pathText, type JsonPath, type Position } from "./json.js";
import { ImportProblem, importModel, type ImportKind } from "./model.js";

export { shortestNumber } from "../schedule/numbers.js";

export interface ImportResult {
  /** The formatted spec, when the model imports. */
  source?: string;
  /** The checked IR of that spec. */
  ir?: IR;
  /** Each at the JSON path of the value at fault (`config.layers[2].config.kernel_constraint`), its span where that value starts. */
  diagnostics: Diagnostic[];
}

/** The JSON Schema of Keras model configs (schema.json), compiled ahead of time by scripts/gen-validator.mjs. */
function validate(doc: unknown): ErrorObject[] {
  return validateKeras(doc) ? [] : (validateKeras.errors ?? []);
}

/** Turns a Keras model config's text into a formatted, checked .reg spec, or diagnostics naming JSON paths. */
export function importKeras(text: string): ImportResult {
  let doc: unknown;
  let positions: Map<string, Position>;
  try {
    ({ value: doc, positions } = parseJson(text));
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return { diagnostics: [diag("importBadJson", `not valid JSON: ${e.message}`, { span: e.position })] };
  }
  const at = (path: JsonPath) => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const pos = positions.get(pathText(p));
      if (pos || p.length === 0) return pos ?? { line: 1, column: 1 };
    }
  };
  const problem = (kind: ImportKind, path: JsonPath, message: string): Diagnostic => diag(kind, message, { span: at(path), ...(path.length > 0 ? { path: pathText(path) } : {}) });

  const errors = validate(doc);
  if (errors.length > 0) {
    const e = errors[0]!;
    const path = pointerPath(e.instancePath);
    const { where, why } = schemaMessage(e, path);
    return { diagnostics: [problem("importNotKeras", where, `not a Keras model config (model.to_json()): ${why}`)] };
  }

  let imported;
  try {
    imported = importModel(doc as Record<string, unknown>);
  } catch (e) {
    if (!(e instanceof ImportProblem)) throw e;
    return { diagnostics: [problem(e.kind, e.path, e.message)] };
  }
  if (imported.problems.length > 0) return { diagnostics: imported.problems.map((p) => problem(p.kind, p.path, p.message)) };

  // The tree through the formatter, so the spec is in the canonical layout `regc fmt --check` expects;
  // then checked as any spec is, from its text.
  const source = format(imported.file, imported.tree);
  const checked = compile(source);
  const errs = checked.diagnostics.filter((d) => d.severity === "error");
  if (errs.length > 0 || !checked.ir || !checked.ast) {
    // Each error is put on the Keras layer its line came from.
    const model = checked.ast?.statements.find((s) => s.kind === "model");
    const layerItems = model?.kind === "model" ? model.items.filter((i) => i.kind === "layer") : [];
    return {
      diagnostics: errs.map((d) => {
        const k = layerItems.findIndex((l) => d.span.line >= l.span.line && d.span.line <= l.span.endLine);
        const path = k >= 0 ? imported.layerPaths[k]! : ["config", "layers"];
        return problem("importDoesNotCheck", path, `the imported model does not check: ${d.message}`);
      }),
    };
  }
  return { source, ir: checked.ir, diagnostics: [] };
}

function pointerPath(pointer: string): JsonPath {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function schemaMessage(e: ErrorObject, path: JsonPath): { where: JsonPath; why: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return { where: path, why: `${where(path)} has no '${String(p.missingProperty)}'` };
    case "additionalProperties":
      return { where: [...path, String(p.additionalProperty)], why: `unexpected key '${String(p.additionalProperty)}' in ${where(path)}` };
    case "type":
      return { where: path, why: `${where(path)} must be ${String(p.type).split(",").map((t) => TYPES[t] ?? t).join(" or ")}` };
    default:
      return { where: path, why: `${where(path)} ${e.message ?? "is not valid"}` };
  }
}

const TYPES: Record<string, string> = { object: "an object", array: "a list", string: "a string", number: "a number", integer: "a whole number", boolean: "true or false", null: "null" };
const where = (path: JsonPath) => (path.length === 0 ? "the top level" : pathText(path));
