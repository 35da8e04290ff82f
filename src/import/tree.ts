// The imported spec's syntax tree (src/parser/ast.ts), built node by node in reading order for the
// formatter (src/format), which lays it out as it lays out a parsed spec. A node's span is where it
// comes in that order (one position per node, one line each), comments sit between the nodes they
// come between, and the importer marks where it wants a blank line: the spans, comments and marks
// are all the formatter reads besides the tree.
import type * as A from "../parser/ast.js";
import type { Gaps } from "../format/index.js";

/** Something the importer read, built into nodes only when the spec is written out (so spans come in order). */
export type Make<T> = (tree: TreeBuilder) => T;

export class TreeBuilder implements Gaps {
  private at = 0;
  readonly comments: A.Comment[] = [];
  private readonly blanks: number[] = [];

  /** A node's first position; its children take the ones after it. */
  open(): number {
    return this.at++;
  }

  /** The span from `start` (from open()) to here. */
  close(start: number): A.Span {
    const end = this.at++;
    return { line: start + 1, column: 1, offset: start, endLine: end + 1, endColumn: 1, endOffset: end };
  }

  private leaf(): A.Span {
    return this.close(this.open());
  }

  /** A `#` comment line here (`text` without the `#`). */
  comment(text: string): void {
    this.comments.push({ text: `# ${text}`, span: this.leaf() });
  }

  /** A blank line before what comes next. */
  blank(): void {
    this.blanks.push(this.at);
  }

  blankBetween(from: number, to: number): boolean {
    return this.blanks.some((b) => b > from && b <= to);
  }

  get end(): number {
    return this.at;
  }

  // ---- values ----------------------------------------------------------------------------------

  /** A number as the spec writes it (`raw`: its text, e.g. the shortest that gives back a float32). */
  number(value: number, raw: string): A.NumberValue {
    return { kind: "number", value, raw, span: this.leaf() };
  }

  percent(value: number, raw: string): A.PercentValue {
    return { kind: "percent", value, raw, span: this.leaf() };
  }

  none(): A.NoneValue {
    return { kind: "none", span: this.leaf() };
  }

  /** A bare name: `relu`, `same`, a schedule's name. */
  name(name: string): A.CallValue {
    const span = this.leaf();
    return { kind: "call", name, nameSpan: span, span };
  }

  list(items: Make<A.Value>[]): A.ListValue {
    const start = this.open();
    const values = items.map((m) => m(this));
    return { kind: "list", items: values, span: this.close(start) };
  }

  /** `name(args)`, `name { entries }` or `name(args) { entries }`. */
  call(name: string, args: [string | undefined, Make<A.Value>][] | undefined, entries?: [string, Make<A.Value>][]): A.CallValue {
    const start = this.open();
    const nameSpan = this.leaf();
    const built = args?.map(([n, m]) => this.arg(n, m));
    const block = entries && this.block(entries);
    return { kind: "call", name, nameSpan, ...(built ? { args: built } : {}), ...(block ? { block } : {}), span: this.close(start) };
  }

  arg(name: string | undefined, make: Make<A.Value>): A.Arg {
    const start = this.open();
    const nameSpan = name === undefined ? undefined : this.leaf();
    const value = make(this);
    return { ...(name === undefined ? {} : { name, nameSpan }), value, span: this.close(start) };
  }

  block(entries: [string, Make<A.Value>][]): A.Block {
    const start = this.open();
    const built = entries.map(([key, m]): A.Entry => {
      const s = this.open();
      const keySpan = this.leaf();
      const value = m(this);
      return { key, keySpan, value, span: this.close(s) };
    });
    return { entries: built, span: this.close(start) };
  }

  // ---- statements -------------------------------------------------------------------------------

  schedule(name: string, make: Make<A.Value>): A.ScheduleDecl {
    const start = this.open();
    const nameSpan = this.leaf();
    const value = make(this);
    return { kind: "schedule", name, nameSpan, value, span: this.close(start) };
  }

  input(shape: Make<A.ListValue>): A.InputDecl {
    const start = this.open();
    return { kind: "input", shape: shape(this), span: this.close(start) };
  }

  layer(type: string, name: string | undefined, args: [string | undefined, Make<A.Value>][], entries: [string, Make<A.Value>][]): A.Layer {
    const start = this.open();
    const typeSpan = this.leaf();
    const nameSpan = name === undefined ? undefined : this.leaf();
    const built = args.map(([n, m]) => this.arg(n, m));
    const block = entries.length > 0 ? this.block(entries) : undefined;
    return { kind: "layer", type, typeSpan, ...(name === undefined ? {} : { name, nameSpan }), args: built, ...(block ? { block } : {}), span: this.close(start) };
  }

  /** A model: its items are built inside it (comments between them included). */
  model(name: string, items: (tree: TreeBuilder) => (A.InputDecl | A.Layer)[]): A.ModelDecl {
    const start = this.open();
    const nameSpan = this.leaf();
    const built = items(this);
    return { kind: "model", name, nameSpan, items: built, span: this.close(start) };
  }

  file(statements: A.Statement[]): A.SpecFile {
    return { statements, comments: this.comments, span: { line: 1, column: 1, offset: 0, endLine: this.at + 1, endColumn: 1, endOffset: this.at } };
  }
}
