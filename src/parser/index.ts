// Parsing: source text to a typed AST with positions, or positioned syntax diagnostics (all of them, capped).
import type { CstElement, CstNode, IRecognitionException, IToken } from "chevrotain";
import type * as A from "./ast.js";
import { describeToken, regParser } from "./grammar.js";
import * as T from "./tokens.js";
import { diag, sortDiagnostics, type SourceDiagnostic } from "../diagnostics/index.js";

export type * from "./ast.js";

export const MAX_DIAGNOSTICS = 50;
export const MAX_NESTING = 64;

export interface ParseResult {
  /** Present only when the file has no syntax errors. */
  ast?: A.SpecFile;
  diagnostics: SourceDiagnostic[];
}

export function tokenSpan(tok: IToken, last: IToken = tok): A.Span {
  return {
    line: tok.startLine ?? 1,
    column: tok.startColumn ?? 1,
    offset: tok.startOffset,
    endLine: last.endLine ?? tok.startLine ?? 1,
    endColumn: (last.endColumn ?? tok.startColumn ?? 0) + 1,
    endOffset: (last.endOffset ?? last.startOffset) + 1,
  };
}

function spanAt(offset: number, line: number, column: number, length: number): A.Span {
  return { line, column, offset, endLine: line, endColumn: column + length, endOffset: offset + length };
}

export function parse(source: string): ParseResult {
  const diagnostics: SourceDiagnostic[] = [];
  const lexed = T.regLexer.tokenize(source);
  for (const e of lexed.errors) {
    const ch = source.slice(e.offset, e.offset + Math.max(1, e.length)).slice(0, 16);
    const shown = JSON.stringify(ch).slice(1, -1);
    diagnostics.push(diag("badCharacter", `unexpected character${ch.length > 1 ? "s" : ""} '${shown}'`, spanAt(e.offset, e.line ?? 1, e.column ?? 1, e.length)));
  }
  const tokens: IToken[] = [];
  let depth = 0;
  for (const tok of lexed.tokens) {
    if (tok.tokenType === T.UnterminatedString) {
      const next = source[tok.endOffset! + 1];
      const why = next === "\\" ? "has an invalid escape (use \\\", \\\\, \\n, \\t or \\uXXXX)" : "has no closing '\"' before the end of the line";
      diagnostics.push(diag("unterminatedString", `this string ${why}`, tokenSpan(tok)));
      // Parse on as if the string were closed, so the rest of the file gets real diagnostics, not echoes.
      tokens.push({ ...tok, tokenType: T.StringLit, tokenTypeIdx: T.StringLit.tokenTypeIdx!, image: tok.image + '"' });
      continue;
    }
    const t = tok.tokenType;
    if (t === T.LBrace || t === T.LParen || t === T.LBracket) depth++;
    if (t === T.RBrace || t === T.RParen || t === T.RBracket) depth = Math.max(0, depth - 1);
    if (depth > MAX_NESTING) {
      // Stop before the parser recurses that deep: report once, parse nothing further.
      diagnostics.push(diag("tooDeep", `brackets nest deeper than ${MAX_NESTING} levels`, tokenSpan(tok)));
      return { diagnostics: cap(diagnostics) };
    }
    tokens.push(tok);
  }
  if (tokens.length === 0 && diagnostics.length === 0) {
    const what = source.trim().length === 0 ? "the file is empty" : "the file has only comments";
    diagnostics.push(diag("emptyFile", `${what}: a spec needs at least a 'model' block`, spanAt(0, 1, 1, 0)));
    return { diagnostics };
  }

  const parser = regParser();
  parser.input = tokens;
  const cst = parser.file();
  for (const e of parser.errors) diagnostics.push(withOpener(syntaxDiagnostic(e, source), e, tokens));
  for (const s of nodes(cst, "stray")) {
    const first = toks(s, "Stray").sort((a, b) => a.startOffset - b.startOffset)[0]!;
    const what = first.tokenType === T.Identifier ? `unknown statement '${first.image}'` : `unexpected ${describeToken(first)}`;
    diagnostics.push(diag("syntax", `${what}: expected a statement (model, train, schedule, param, sweep, repeat or regularize)`, tokenSpan(first)));
  }
  if (diagnostics.length > 0) return { diagnostics: cap(sortDiagnostics(diagnostics)) };

  const comments = (lexed.groups.comments ?? []).map((c) => ({ text: c.image, span: tokenSpan(c) }));
  const end = tokens[tokens.length - 1]!;
  const ast: A.SpecFile = {
    statements: nodes(cst, "statement").map(statement),
    comments,
    span: { ...tokenSpan(tokens[0]!, end) },
  };
  return { ast, diagnostics };
}

function syntaxDiagnostic(e: IRecognitionException, source: string): SourceDiagnostic {
  let tok = e.token;
  // At the end of the file Chevrotain points at a virtual EOF token without a position: use the last character.
  if (tok.tokenType.name === "EOF" || Number.isNaN(tok.startOffset)) {
    const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
    const prev = previous && !Number.isNaN(previous.startOffset) ? previous : undefined;
    if (prev) return diag("syntax", e.message, tokenSpan(prev));
    const lines = source.split("\n");
    return diag("syntax", e.message, spanAt(source.length, lines.length, (lines[lines.length - 1]?.length ?? 0) + 1, 0));
  }
  return diag("syntax", e.message, tokenSpan(tok));
}

const CLOSERS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/** "expected ')'": say where the bracket it would close was opened, which is where the mistake usually is. */
function withOpener(d: SourceDiagnostic, e: IRecognitionException, tokens: IToken[]): SourceDiagnostic {
  const m = /^expected '([)\]}])'/.exec(d.message);
  if (!m) return d;
  const open = CLOSERS[m[1]!]!;
  const stack: IToken[] = [];
  for (const t of tokens) {
    if (t.startOffset >= e.token.startOffset && !Number.isNaN(e.token.startOffset)) break;
    if (t.image === open) stack.push(t);
    else if (t.image === m[1]) stack.pop();
  }
  const opener = stack[stack.length - 1];
  return opener ? { ...d, message: `${d.message} (to close the '${open}' on line ${opener.startLine}, column ${opener.startColumn})` } : d;
}

function cap(diagnostics: SourceDiagnostic[]): SourceDiagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const kept = diagnostics.slice(0, MAX_DIAGNOSTICS);
  kept.push(diag("tooManyErrors", `${diagnostics.length - MAX_DIAGNOSTICS} more problems not shown`, kept[kept.length - 1]!.span));
  return kept;
}

// ---- CST to AST -------------------------------------------------------------------------------

function nodes(n: CstNode, key: string): CstNode[] {
  return (n.children[key] ?? []) as CstNode[];
}
function node(n: CstNode, key: string): CstNode {
  return nodes(n, key)[0]!;
}
function toks(n: CstNode, key: string): IToken[] {
  return (n.children[key] ?? []) as IToken[];
}
function tok(n: CstNode, key: string): IToken {
  return toks(n, key)[0]!;
}
function maybeNode(n: CstNode, key: string): CstNode | undefined {
  return nodes(n, key)[0];
}

function nodeSpan(n: CstNode): A.Span {
  const l = n.location!;
  return {
    line: l.startLine!,
    column: l.startColumn!,
    offset: l.startOffset,
    endLine: l.endLine!,
    endColumn: l.endColumn! + 1,
    endOffset: l.endOffset! + 1,
  };
}

function statement(n: CstNode): A.Statement {
  const [kind, inner] = Object.entries(n.children)[0]! as [string, CstElement[]];
  const s = inner[0] as CstNode;
  const span = nodeSpan(s);
  switch (kind) {
    case "modelDecl": {
      const name = tok(s, "Name");
      const items = nodes(s, "modelItem").map((m): A.InputDecl | A.Layer => {
        const input = maybeNode(m, "inputDecl");
        if (input) return { kind: "input", shape: list(node(input, "list")), span: nodeSpan(input) };
        return layer(node(m, "layer"));
      });
      return { kind: "model", name: name.image, nameSpan: tokenSpan(name), items, span };
    }
    case "scheduleDecl":
    case "paramDecl": {
      const name = tok(s, "Name");
      const k = kind === "scheduleDecl" ? "schedule" : "param";
      return { kind: k, name: name.image, nameSpan: tokenSpan(name), value: value(node(s, "value")), span };
    }
    case "sweepDecl": {
      const name = tok(s, "Name");
      return { kind: "sweep", name: name.image, nameSpan: tokenSpan(name), over: value(node(s, "value")), span };
    }
    case "repeatDecl":
      return { kind: "repeat", count: value(node(s, "value")), span };
    case "regularizeDecl":
      return { kind: "regularize", block: block(node(s, "block")), span };
    case "trainDecl":
      return { kind: "train", block: block(node(s, "block")), span };
  }
  throw new Error(`unreachable statement kind ${kind}`);
}

function layer(n: CstNode): A.Layer {
  const type = tok(n, "type");
  const name = toks(n, "layerName")[0];
  const b = maybeNode(n, "block");
  return {
    kind: "layer",
    type: type.image,
    typeSpan: tokenSpan(type),
    ...(name ? { name: name.image, nameSpan: tokenSpan(name) } : {}),
    args: args(node(n, "argList")),
    ...(b ? { block: block(b) } : {}),
    span: nodeSpan(n),
  };
}

function args(n: CstNode): A.Arg[] {
  return nodes(n, "arg").map((a) => {
    const name = toks(a, "argName")[0];
    return {
      ...(name ? { name: name.image, nameSpan: tokenSpan(name) } : {}),
      value: value(node(a, "value")),
      span: nodeSpan(a),
    };
  });
}

function block(n: CstNode): A.Block {
  return {
    entries: nodes(n, "entry").map((e) => {
      const k = node(e, "key");
      const parts = [...toks(k, "Name"), ...toks(k, "Number"), ...toks(k, "Percent")].sort((a, b) => a.startOffset - b.startOffset);
      return {
        key: parts.map((p) => p.image).join("."),
        keySpan: nodeSpan(k),
        value: value(node(e, "value")),
        span: nodeSpan(e),
      };
    }),
    span: nodeSpan(n),
  };
}

function list(n: CstNode): A.ListValue {
  return { kind: "list", items: nodes(n, "value").map(value), span: nodeSpan(n) };
}

function value(n: CstNode): A.Value {
  const span = nodeSpan(n);
  const num = toks(n, "Number")[0];
  if (num) return { kind: "number", value: Number(num.image), raw: num.image, span };
  const pct = toks(n, "Percent")[0];
  if (pct) return { kind: "percent", value: Number(pct.image.slice(0, -1)) / 100, raw: pct.image, span };
  const str = toks(n, "String")[0];
  if (str) return { kind: "string", value: JSON.parse(str.image) as string, raw: str.image, span };
  const l = maybeNode(n, "list");
  if (l) return list(l);
  const c = node(n, "call");
  const name = tok(c, "ValueName");
  const argList = maybeNode(c, "argList");
  const b = maybeNode(c, "block");
  // `none` is a word like any other to the grammar; it means "no regularizer" only when bare.
  if (name.image === "none" && !argList && !b) return { kind: "none", span };
  return {
    kind: "call",
    name: name.image,
    nameSpan: tokenSpan(name),
    ...(argList ? { args: args(argList) } : {}),
    ...(b ? { block: block(b) } : {}),
    span: nodeSpan(c),
  };
}
