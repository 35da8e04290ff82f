// Code actions: fixes for the diagnostics in a range. A "did you mean" suggestion applied; the fixes for
// Keras-shaped mistakes (`units=4`, 'relu' in single quotes, `True`, `kernel_regularizer:` as an argument);
// removing an unused schedule or param.
import type * as A from "../parser/ast.js";
import { catalog, type SourceDiagnostic } from "../diagnostics/index.js";
import { LAYERS, type Slot } from "../layers/catalog.js";
import { contains, layersOf, type Analysis } from "./analysis.js";

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  title: string;
  diagnostic: SourceDiagnostic;
  edits: Edit[];
  preferred?: boolean;
}

/** Every fix for the diagnostics that touch the offsets [start, end]. */
export function fixes(a: Analysis, start: number, end: number): Fix[] {
  const out: Fix[] = [];
  for (const d of a.diagnostics) {
    if (d.span.endOffset < start || d.span.offset > end) continue;
    for (const f of [didYouMean, equalsForColon, singleQuotes, pythonBool, argumentToSlot, removeUnused]) {
      const fix = f(a, d);
      if (fix) out.push(fix);
    }
  }
  return out;
}

const text = (a: Analysis, s: { offset: number; endOffset: number }) => a.text.slice(s.offset, s.endOffset);

/** "unknown layer 'Dens': did you mean 'Dense'?": the misspelt word in the diagnostic's range becomes the suggestion. */
function didYouMean(a: Analysis, d: SourceDiagnostic): Fix | undefined {
  const m = /(?:'([^']*)')?[:;] did you mean '([^']+)'\?$/.exec(d.message);
  if (!m) return undefined;
  const written = text(a, d.span);
  const wrong = m[1] !== undefined && written.includes(m[1]) ? m[1] : written.replace(/^"|"$/g, "");
  const at = written.lastIndexOf(wrong);
  if (!wrong || at < 0 || !/^[A-Za-z_][\w.]*$/.test(wrong)) return undefined;
  const start = d.span.offset + at;
  return { title: `Change '${wrong}' to '${m[2]}'`, diagnostic: d, edits: [{ start, end: start + wrong.length, text: m[2]! }], preferred: true };
}

/** Python's `units=4` in an argument list: the language writes `units: 4`. */
function equalsForColon(a: Analysis, d: SourceDiagnostic): Fix | undefined {
  if (d.code !== catalog.syntax.code || !/^expected '\)' but found '='/.test(d.message)) return undefined;
  const before = a.text.slice(0, d.span.offset);
  if (!/[A-Za-z_]\w*\s*$/.test(before)) return undefined;
  const after = a.text[d.span.endOffset] === " " ? "" : " ";
  return { title: "Write the argument as 'name: value' (not Python's 'name=value')", diagnostic: d, edits: [{ start: d.span.offset, end: d.span.endOffset, text: ":" + after }], preferred: true };
}

/** Python's 'relu': strings take double quotes. */
function singleQuotes(a: Analysis, d: SourceDiagnostic): Fix | undefined {
  if (d.code !== catalog.badCharacter.code || a.text[d.span.offset] !== "'") return undefined;
  const lineEnd = a.text.indexOf("\n", d.span.offset);
  const rest = a.text.slice(d.span.offset + 1, lineEnd < 0 ? undefined : lineEnd);
  const close = rest.indexOf("'");
  // Only the opening quote of a pair: the closing one gets no second fix.
  const before = a.text.slice(a.text.lastIndexOf("\n", d.span.offset - 1) + 1, d.span.offset);
  if (close < 0 || (before.split("'").length - 1) % 2 === 1 || /["\\]/.test(rest.slice(0, close))) return undefined;
  const end = d.span.offset + 1 + close;
  return { title: "Use double quotes for the string", diagnostic: d, edits: [{ start: d.span.offset, end: d.span.offset + 1, text: '"' }, { start: end, end: end + 1, text: '"' }], preferred: true };
}

/** Python's True and False. */
function pythonBool(a: Analysis, d: SourceDiagnostic): Fix | undefined {
  const written = text(a, d.span);
  if (!/must be true or false$/.test(d.message) || !/^(True|False)$/.test(written)) return undefined;
  return { title: `Change '${written}' to '${written.toLowerCase()}'`, diagnostic: d, edits: [{ start: d.span.offset, end: d.span.endOffset, text: written.toLowerCase() }], preferred: true };
}

/** Keras's `kernel_regularizer: l2(1e-4)` as a layer argument: the language puts it in the layer's slot block. */
function argumentToSlot(a: Analysis, d: SourceDiagnostic): Fix | undefined {
  if (d.code !== catalog.unknownArgument.code || !a.ast) return undefined;
  const layer = layersOf(a.ast).find((l) => contains(l.span, d.span.offset));
  const arg = layer?.args.find((x) => x.nameSpan && x.nameSpan.offset === d.span.offset);
  const def = layer && Object.hasOwn(LAYERS, layer.type) ? LAYERS[layer.type]! : undefined;
  if (!layer || !arg?.name || !def) return undefined;
  const slot = (Object.entries(def.slotKeys) as [Slot, string][]).find(([s, key]) => key === arg.name && def.slots.includes(s))?.[0];
  if (!slot) return undefined;
  // Rewritten whole, so only when no comment inside the layer would be lost.
  if (a.ast.comments.some((c) => contains(layer.span, c.span.offset))) return undefined;
  const indent = /[ \t]*$/.exec(a.text.slice(0, layer.span.offset))![0];
  const args = layer.args.filter((x) => x !== arg).map((x) => text(a, x.span));
  const entries = (layer.block?.entries ?? []).filter((e) => e.key !== slot).map((e) => text(a, e.span));
  entries.push(`${slot}: ${text(a, arg.value.span)}`);
  const head = `${layer.type}${layer.name ? ` ${layer.name}` : ""}(${args.join(", ")})`;
  const body = entries.map((e) => `${indent}  ${e}`).join("\n");
  return {
    title: `Move ${arg.name} into the layer's '${slot}' slot`,
    diagnostic: d,
    edits: [{ start: layer.span.offset, end: layer.span.endOffset, text: `${head} {\n${body}\n${indent}}` }],
    preferred: true,
  };
}

/** Removes the line(s) of an unused schedule or param declaration. */
function removeUnused(a: Analysis, d: SourceDiagnostic): Fix | undefined {
  if (d.code !== catalog.unusedName.code || !a.ast) return undefined;
  const decl = a.ast.statements.find((s): s is A.ScheduleDecl | A.ParamDecl => (s.kind === "schedule" || s.kind === "param") && s.nameSpan.offset === d.span.offset);
  if (!decl) return undefined;
  let start = a.text.lastIndexOf("\n", decl.span.offset - 1) + 1;
  let end = a.text.indexOf("\n", decl.span.endOffset);
  end = end < 0 ? a.text.length : end + 1;
  // Keep the lines whole only when the declaration is alone on them.
  if (a.text.slice(start, decl.span.offset).trim() !== "" || !/^\s*(#.*)?$/.test(a.text.slice(decl.span.endOffset, end))) {
    start = decl.span.offset;
    end = decl.span.endOffset;
  }
  return { title: `Remove the unused ${decl.kind} '${decl.name}'`, diagnostic: d, edits: [{ start, end, text: "" }] };
}
