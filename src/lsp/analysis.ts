// One document's analysis: the compiler's own parse and check of its text (nothing computed a second way),
// and an index of where each declared name is defined and used, for navigation, rename and hover.
import type { Compiled } from "../api.js";
import { check } from "../checker/index.js";
import { catalog } from "../diagnostics/catalog.js";
import type { IRLayer } from "../ir/types.js";
import { parse } from "../parser/index.js";
import type * as A from "../parser/ast.js";

export type NameKind = "schedule" | "param" | "layer";

/** A declared name or a use of one, where it is written. */
export interface Occurrence {
  name: string;
  kind: NameKind;
  span: A.Span;
  declaration: boolean;
}

/** Where a value sits: the statement, the train key or layer slot it is the value of, the call it is an argument of. */
export interface ValueContext {
  statement: A.Statement;
  layer?: A.Layer;
  /** The block entry (train setting, slot, `regularize` key, breakpoint) the value belongs to. */
  entry?: A.Entry;
  /** The call whose argument the value is, and the argument's name when it is named. */
  call?: A.CallValue | A.Layer;
  arg?: A.Arg;
}

export interface Analysis extends Compiled {
  version: number;
  text: string;
  /** Each layer written in the model, as far as it checked (also when the spec has errors elsewhere). */
  layers: (IRLayer | undefined)[];
  /** Every declaration and use of a schedule, param or named layer, in source order (worked out when first read). */
  readonly occurrences: Occurrence[];
}

/** `regc check`'s own steps (api.ts's compile), keeping the layers the checker got through. */
export function analyze(text: string, version: number): Analysis {
  const parsed = parse(text);
  if (!parsed.ast) return { diagnostics: parsed.diagnostics, layers: [], version, text, occurrences: [] };
  const ast = parsed.ast;
  const checked = check(ast);
  // Diagnostics are published after every pause in typing; the index only when navigation asks for it.
  let occurrences: Occurrence[] | undefined;
  return {
    ast,
    ir: checked.ir,
    diagnostics: checked.diagnostics,
    layers: checked.layers,
    version,
    text,
    get occurrences() {
      return (occurrences ??= occurrencesOf(ast));
    },
  };
}

export function contains(span: A.Span, offset: number): boolean {
  return offset >= span.offset && offset <= span.endOffset;
}

/** Visits every value of the file with its context, outermost first. */
export function walkValues(file: A.SpecFile, visit: (v: A.Value, ctx: ValueContext) => void): void {
  const value = (v: A.Value, ctx: ValueContext): void => {
    visit(v, ctx);
    if (v.kind === "list") for (const x of v.items) value(x, ctx);
    if (v.kind === "call") {
      for (const a of v.args ?? []) value(a.value, { ...ctx, call: v, arg: a });
      for (const e of v.block?.entries ?? []) value(e.value, { ...ctx, call: v, arg: undefined, entry: e });
    }
  };
  for (const s of file.statements) {
    switch (s.kind) {
      case "schedule":
      case "param":
        value(s.value, { statement: s });
        break;
      case "sweep":
        value(s.over, { statement: s });
        break;
      case "repeat":
        value(s.count, { statement: s });
        break;
      case "regularize":
      case "train":
        for (const e of s.block.entries) value(e.value, { statement: s, entry: e });
        break;
      case "model":
        for (const it of s.items) {
          if (it.kind === "input") {
            value(it.shape, { statement: s });
            continue;
          }
          for (const a of it.args) value(a.value, { statement: s, layer: it, call: it, arg: a });
          for (const e of it.block?.entries ?? []) value(e.value, { statement: s, layer: it, entry: e });
        }
        break;
    }
  }
}

export function layersOf(file: A.SpecFile): A.Layer[] {
  const model = file.statements.find((s): s is A.ModelDecl => s.kind === "model");
  return model ? model.items.filter((i): i is A.Layer => i.kind === "layer") : [];
}

function occurrencesOf(file: A.SpecFile): Occurrence[] {
  const out: Occurrence[] = [];
  const declared = new Map<string, NameKind>();
  for (const s of file.statements) {
    if ((s.kind === "schedule" || s.kind === "param") && !declared.has(s.name)) declared.set(s.name, s.kind);
  }
  for (const s of file.statements) {
    if (s.kind === "schedule" || s.kind === "param") out.push({ name: s.name, kind: s.kind, span: s.nameSpan, declaration: true });
    if (s.kind === "sweep" && declared.get(s.name) === "param") out.push({ name: s.name, kind: "param", span: s.nameSpan, declaration: false });
  }
  for (const l of layersOf(file)) if (l.name && l.nameSpan) out.push({ name: l.name, kind: "layer", span: l.nameSpan, declaration: true });
  walkValues(file, (v) => {
    // A bare word that names a declaration is a use of it (the checker's lookup reads the same words).
    if (v.kind === "call" && !v.args && !v.block && declared.has(v.name)) out.push({ name: v.name, kind: declared.get(v.name)!, span: v.nameSpan, declaration: false });
  });
  return out.sort((a, b) => a.span.offset - b.span.offset);
}

/** The declared name at an offset (its declaration or a use), if any. */
export function occurrenceAt(a: Analysis, offset: number): Occurrence | undefined {
  return a.occurrences.find((o) => contains(o.span, offset));
}

/** Every occurrence of the same declared name (its declarations first). */
export function occurrencesOfName(a: Analysis, o: Occurrence): Occurrence[] {
  return a.occurrences.filter((x) => x.name === o.name && x.kind === o.kind).sort((x, y) => Number(y.declaration) - Number(x.declaration));
}

/**
 * The other places a diagnostic is about, from the spec's own declarations: the first definition of a name
 * defined twice, the first of two blocks that may appear once. (`regc check` names them in its message.)
 */
export function relatedOf(a: Analysis, d: { code: string; span: A.Span }): { message: string; span: A.Span }[] {
  if (!a.ast) return [];
  const earlier = (s: A.Span) => s.offset < d.span.offset;
  if (d.code === catalog.duplicateName.code) {
    const here = a.occurrences.find((o) => o.declaration && o.span.offset === d.span.offset);
    const first = here && a.occurrences.find((o) => o.declaration && o.name === here.name && (o.kind === "layer") === (here.kind === "layer") && earlier(o.span));
    return first ? [{ message: `'${first.name}' is first defined here`, span: first.span }] : [];
  }
  if (d.code === catalog.duplicateBlock.code || d.code === catalog.noModel.code) {
    const here = a.ast.statements.find((s) => s.span.offset === d.span.offset);
    const first = here && a.ast.statements.find((s) => s.kind === here.kind && earlier(s.span));
    return first ? [{ message: `the first '${first.kind}' is here`, span: first.span }] : [];
  }
  return [];
}
