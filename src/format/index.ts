// Formatting: one canonical layout for a spec's syntax tree, keeping every comment. Idempotent by
// construction: the layout depends only on the AST and the comments, never on the original spacing,
// except that a blank line the user left between two items is kept (as one).
import type * as A from "../parser/ast.js";

const INDENT = "  ";
const WIDTH = 100;

/**
 * What the layout reads besides the tree: where the blank lines were. A parsed spec's come from its
 * source text; a tree built by a program (`regc import`) says where it wants them.
 */
export interface Gaps {
  /** Whether there is an empty line between the offsets `from` (an end) and `to`. */
  blankBetween(from: number, to: number): boolean;
  /** The offset where the text ends (comments before it and after the last statement close the file). */
  end: number;
}

/** A parsed spec's gaps: its source's empty lines. */
function sourceGaps(source: string): Gaps {
  return { blankBetween: (from, to) => /\n[ \t\r]*\n/.test(source.slice(from, to)), end: source.length };
}

/** The spec in its canonical layout; `source` is the text it was parsed from (or a built tree's Gaps). */
export function format(file: A.SpecFile, source: string | Gaps): string {
  return new Printer(file.comments, typeof source === "string" ? sourceGaps(source) : source).file(file);
}

class Printer {
  private next = 0;
  constructor(
    private readonly comments: A.Comment[],
    private readonly gaps: Gaps,
  ) {}

  file(f: A.SpecFile): string {
    const out: string[] = [];
    let prev: A.Statement | undefined;
    f.statements.forEach((s, i) => {
      const simple = (x: A.Statement | undefined) => x !== undefined && ["schedule", "param", "sweep", "repeat"].includes(x.kind);
      // Blocks stand apart; a run of one-line declarations keeps the user's grouping.
      const blank = prev !== undefined && (!simple(prev) || !simple(s) || this.blankBefore(s.span.offset, prev.span.endOffset));
      this.item(out, "", s.span, () => this.statement(s), blank, f.statements[i + 1]?.span.offset ?? this.gaps.end);
      prev = s;
    });
    this.rest(out, "", this.gaps.end);
    return out.join("\n").replace(/\n{3,}/g, "\n\n") + "\n";
  }

  /** One line-level item with its leading comments, an optional blank line, and a trailing comment. */
  private item(out: string[], indent: string, span: A.Span, render: () => string, blank: boolean, next: number): void {
    const leading = this.takeBefore(span.offset);
    if (blank && out.length > 0) out.push("");
    for (const c of leading) {
      if (c.blankBefore && out.length > 0 && out[out.length - 1] !== "" && c !== leading[0]) out.push("");
      out.push(indent + c.text);
    }
    if (leading.length > 0 && this.blankBefore(span.offset, leading[leading.length - 1]!.end)) out.push("");
    const text = render();
    const trailing = this.trailingOn(span.endLine, span.endOffset, next);
    out.push(indent + text + (trailing ? `  ${trailing}` : ""));
  }

  /** Comments left before `offset` (inside a block, before its closing brace), each on its own line. */
  private rest(out: string[], indent: string, offset: number): void {
    for (const c of this.takeBefore(offset)) {
      if (c.blankBefore && out.length > 0 && out[out.length - 1] !== "") out.push("");
      out.push(indent + c.text);
    }
  }

  private takeBefore(offset: number): { text: string; end: number; blankBefore: boolean }[] {
    const out: { text: string; end: number; blankBefore: boolean }[] = [];
    while (this.next < this.comments.length && this.comments[this.next]!.span.offset < offset) {
      const c = this.comments[this.next++]!;
      const prevEnd = out.length > 0 ? out[out.length - 1]!.end : -1;
      out.push({ text: c.text.trimEnd(), end: c.span.endOffset, blankBefore: prevEnd >= 0 && this.blankBefore(c.span.offset, prevEnd) });
    }
    return out;
  }

  /** A comment on the item's last line, when no other item starts before it on that line. */
  private trailingOn(line: number, after: number, next: number): string | undefined {
    const c = this.comments[this.next];
    if (c && c.span.line === line && c.span.offset >= after && c.span.offset < next) {
      this.next++;
      return c.text.trimEnd();
    }
    return undefined;
  }

  private hasCommentWithin(span: A.Span): boolean {
    for (let i = this.next; i < this.comments.length && this.comments[i]!.span.offset < span.endOffset; i++) {
      if (this.comments[i]!.span.offset >= span.offset) return true;
    }
    return false;
  }

  /** Whether the source has an empty line between `from` (an end offset) and `to`. */
  private blankBefore(to: number, from: number): boolean {
    if (from < 0 || to <= from) return false;
    return this.gaps.blankBetween(from, to);
  }

  private statement(s: A.Statement): string {
    switch (s.kind) {
      case "schedule":
        return `schedule ${s.name} = ${this.value(s.value, "")}`;
      case "param":
        return `param ${s.name} = ${this.value(s.value, "")}`;
      case "sweep":
        return `sweep ${s.name} over ${this.value(s.over, "")}`;
      case "repeat":
        return `repeat ${this.value(s.count, "")}`;
      case "regularize":
        return `regularize ${this.block(s.block, "", true)}`;
      case "train":
        return `train ${this.block(s.block, "", true)}`;
      case "model": {
        const out: string[] = [];
        let prevEnd = -1;
        s.items.forEach((it, i) => {
          const blank = prevEnd >= 0 && this.blankBefore(it.span.offset, prevEnd);
          const next = s.items[i + 1]?.span.offset ?? s.span.endOffset;
          this.item(out, INDENT, it.span, () => (it.kind === "input" ? `input ${this.value(it.shape, INDENT)}` : this.layer(it, INDENT)), blank, next);
          prevEnd = it.span.endOffset;
        });
        this.rest(out, INDENT, s.span.endOffset - 1);
        return `model ${s.name} {\n${out.join("\n")}\n}`;
      }
    }
  }

  private layer(l: A.Layer, indent: string): string {
    const head = `${l.type}${l.name ? ` ${l.name}` : ""}(${this.args(l.args, indent)})`;
    // A layer's slots always go one per line: they are what a reader looks for.
    return l.block ? `${head} ${this.block(l.block, indent, true)}` : head;
  }

  private args(args: A.Arg[], indent: string): string {
    return args.map((a) => (a.name ? `${a.name}: ` : "") + this.value(a.value, indent)).join(", ");
  }

  /** `{ a: 1, b: 2 }` on one line when short and comment-free (or forced onto lines). */
  private block(b: A.Block, indent: string, multiline: boolean): string {
    if (b.entries.length === 0 && !this.hasCommentWithin(b.span)) return "{}";
    if (!multiline && !this.hasCommentWithin(b.span)) {
      const saved = this.next;
      const inline = `{ ${b.entries.map((e) => `${e.key}: ${this.value(e.value, indent)}`).join(", ")} }`;
      if (!inline.includes("\n") && indent.length + inline.length <= WIDTH) return inline;
      this.next = saved;
    }
    const inner = indent + INDENT;
    const out: string[] = [];
    let prevEnd = -1;
    b.entries.forEach((e, i) => {
      const blank = prevEnd >= 0 && this.blankBefore(e.span.offset, prevEnd);
      const next = b.entries[i + 1]?.span.offset ?? b.span.endOffset;
      this.item(out, inner, e.span, () => `${e.key}: ${this.value(e.value, inner)}`, blank, next);
      prevEnd = e.span.endOffset;
    });
    this.rest(out, inner, b.span.endOffset - 1);
    return `{\n${out.join("\n")}\n${indent}}`;
  }

  private value(v: A.Value, indent: string): string {
    switch (v.kind) {
      case "number":
      case "percent":
      case "string":
        return v.raw;
      case "none":
        return "none";
      case "list":
        return `[${v.items.map((x) => this.value(x, indent)).join(", ")}]`;
      case "call": {
        let s = v.name;
        if (v.args) s += `(${this.args(v.args, indent)})`;
        if (v.block) s += ` ${this.block(v.block, indent, false)}`;
        return s;
      }
    }
  }
}
