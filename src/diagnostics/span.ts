// Where a diagnostic points in a spec: every syntax tree node has one (src/parser/ast.ts).

/** A range in the source: 1-based line and column of the first character, and the end (exclusive). */
export interface Span {
  line: number;
  column: number;
  offset: number;
  endLine: number;
  endColumn: number;
  endOffset: number;
}
