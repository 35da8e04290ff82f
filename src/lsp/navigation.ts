// Navigation: definitions, references and rename of schedules, params and named layers; the outline
// (document symbols); folding ranges.
import type * as A from "../parser/ast.js";
import { fmtDims } from "../layers/catalog.js";
import { occurrenceAt, occurrencesOfName, type Analysis, type NameKind, type Occurrence } from "./analysis.js";

export function definition(a: Analysis, offset: number): A.Span | undefined {
  const o = occurrenceAt(a, offset);
  return o ? occurrencesOfName(a, o).find((x) => x.declaration)?.span : undefined;
}

export function references(a: Analysis, offset: number, includeDeclaration: boolean): A.Span[] {
  const o = occurrenceAt(a, offset);
  if (!o) return [];
  return occurrencesOfName(a, o).filter((x) => includeDeclaration || !x.declaration).map((x) => x.span);
}

export type RenameCheck = { ok: true; occurrence: Occurrence } | { ok: false; message: string };

/** Whether the name at `offset` can be renamed (and to `newName`, when given). */
export function checkRename(a: Analysis, offset: number, newName?: string): RenameCheck {
  if (!a.ast) return { ok: false, message: "the file does not parse; fix its syntax errors before renaming" };
  const o = occurrenceAt(a, offset);
  if (!o) return { ok: false, message: "only schedules, params and named layers can be renamed" };
  if (newName === undefined || newName === o.name) return { ok: true, occurrence: o };
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return { ok: false, message: `'${newName}' is not a name (letters, digits and _, not starting with a digit)` };
  const taken = new Set<string>(a.occurrences.filter((x) => x.declaration && sameNamespace(x.kind, o.kind)).map((x) => x.name));
  if (taken.has(newName)) return { ok: false, message: `'${newName}' is already declared` };
  return { ok: true, occurrence: o };
}

/** Schedules and params share one namespace; layer names another. */
function sameNamespace(x: NameKind, y: NameKind): boolean {
  return (x === "layer") === (y === "layer");
}

export function renameSpans(a: Analysis, o: Occurrence): A.Span[] {
  return occurrencesOfName(a, o).map((x) => x.span);
}

export type SymbolKind = "module" | "class" | "function" | "variable" | "object" | "property" | "array" | "number";

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  span: A.Span;
  selection: A.Span;
  children?: OutlineSymbol[];
}

/** The outline: the model and its layers, schedules, params, the sweep, defaults and the train block. */
export function outline(a: Analysis): OutlineSymbol[] {
  if (!a.ast) return [];
  const entries = (b: A.Block): OutlineSymbol[] => b.entries.map((e) => ({ name: e.key, kind: "property", span: e.span, selection: e.keySpan }));
  return a.ast.statements.map((s): OutlineSymbol => {
    switch (s.kind) {
      case "model": {
        let index = 0;
        const children = s.items.map((it): OutlineSymbol => {
          if (it.kind === "input") return { name: "input", detail: a.text.slice(it.shape.span.offset, it.shape.span.endOffset), kind: "array", span: it.span, selection: it.span };
          const ir = a.layers[index++];
          return {
            name: ir?.name ?? it.name ?? it.type,
            detail: `${it.type}${ir ? ` ${fmtDims(ir.output_shape)}` : ""}`,
            kind: "class",
            span: it.span,
            selection: it.nameSpan ?? it.typeSpan,
          };
        });
        return { name: s.name, detail: "model", kind: "module", span: s.span, selection: s.nameSpan, children };
      }
      case "schedule":
      case "param":
        return { name: s.name, detail: s.kind, kind: s.kind === "schedule" ? "function" : "variable", span: s.span, selection: s.nameSpan };
      case "sweep":
        return { name: `sweep ${s.name}`, kind: "array", span: s.span, selection: s.nameSpan };
      case "repeat":
        return { name: "repeat", kind: "number", span: s.span, selection: s.count.span };
      case "regularize":
      case "train":
        return { name: s.kind, kind: "object", span: s.span, selection: s.span, children: entries(s.block) };
    }
  });
}

/** Lines (0-based, inclusive) that fold: every block and value spanning lines, and runs of comment lines. */
export function foldingRanges(a: Analysis): { start: number; end: number; comment?: boolean }[] {
  if (!a.ast) return [];
  const out: { start: number; end: number; comment?: boolean }[] = [];
  const add = (s: A.Span) => {
    if (s.endLine > s.line) out.push({ start: s.line - 1, end: s.endLine - 1 });
  };
  const block = (b: A.Block | undefined) => {
    if (!b) return;
    add(b.span);
    for (const e of b.entries) value(e.value);
  };
  const value = (v: A.Value) => {
    if (v.kind === "list") add(v.span);
    if (v.kind === "call") {
      for (const x of v.args ?? []) value(x.value);
      block(v.block);
    }
  };
  for (const s of a.ast.statements) {
    add(s.span);
    if (s.kind === "model") for (const it of s.items) if (it.kind === "layer") block(it.block);
    if (s.kind === "train" || s.kind === "regularize") for (const e of s.block.entries) value(e.value);
    if (s.kind === "schedule" || s.kind === "param") value(s.value);
  }
  let run: A.Comment[] = [];
  const flush = () => {
    if (run.length > 1) out.push({ start: run[0]!.span.line - 1, end: run[run.length - 1]!.span.line - 1, comment: true });
    run = [];
  };
  for (const c of a.ast.comments) {
    const last = run[run.length - 1];
    if (last && c.span.line !== last.span.line + 1) flush();
    run.push(c);
  }
  flush();
  return out;
}
