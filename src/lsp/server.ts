// `regc lsp --stdio`: the Language Server Protocol server (vscode-languageserver). Every answer comes from
// the compiler's own stages: diagnostics are `regc check`'s, formatting is `regc fmt`'s. It loads neither
// TensorFlow.js nor prettier.
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  LSPErrorCodes,
  ResponseError,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type Range,
  type TextEdit,
} from "vscode-languageserver";
import { createConnection } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import type * as A from "../parser/ast.js";
import { catalog, type SourceDiagnostic } from "../diagnostics/index.js";
import { format } from "../format/index.js";
import { analyze, relatedOf, type Analysis } from "./analysis.js";
import { fixes } from "./actions.js";
import { complete, type ItemKind } from "./completion.js";
import { docsUrl } from "./docs.js";
import { hover } from "./hover.js";
import { checkRename, definition, foldingRanges, outline, references, renameSpans, type OutlineSymbol, type SymbolKind as OutlineKind } from "./navigation.js";

/** How long typing must pause before diagnostics are computed and published. */
export const DEBOUNCE_MS = 20;

/** Starts the server on standard input and output. */
export function runStdio(): void {
  // Whatever a library logs must not corrupt the protocol on stdout.
  console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);
  const connection = createConnection(process.stdin, process.stdout);
  serve(connection);
  connection.listen();
}

export function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, Analysis>();
  const timers = new Map<string, NodeJS.Timeout>();

  const analysisOf = (doc: TextDocument): Analysis => {
    const cached = cache.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const a = analyze(doc.getText(), doc.version);
    cache.set(doc.uri, a);
    return a;
  };

  const publish = (uri: string) => {
    timers.delete(uri);
    const doc = documents.get(uri);
    if (!doc) return;
    try {
      const a = analysisOf(doc);
      void connection.sendDiagnostics({ uri, version: a.version, diagnostics: a.diagnostics.map((d) => toLsp(d, uri, a)) });
    } catch (e) {
      // A bug in regc must not end the session: say so in the editor's log, keep serving.
      connection.console.error(`regc: internal error checking ${uri}: ${(e as Error).message}`);
    }
  };

  documents.onDidChangeContent(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.set(document.uri, setTimeout(publish, DEBOUNCE_MS, document.uri));
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    cache.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  /**
   * Runs a request against the document as it was when the request arrived. Edits already sent behind it
   * are applied first; if they changed the document, the request is for an
   * out-of-date version and is answered with ContentModified, as the protocol asks.
   */
  const current = <T>(uri: string, token: CancellationToken, f: (doc: TextDocument, a: Analysis) => T): Promise<T | null> => {
    const version = documents.get(uri)?.version;
    return new Promise((resolve, reject) => {
      // Two turns: vscode-jsonrpc handles one queued message per turn (setImmediate), so a didChange sent
      // right behind this request is applied before the version is compared.
      const later = (f: () => void) => setImmediate(() => setImmediate(f));
      later(() => {
        const doc = documents.get(uri);
        if (token.isCancellationRequested) return reject(new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled"));
        if (!doc) return resolve(null);
        if (doc.version !== version) return reject(new ResponseError(LSPErrorCodes.ContentModified, "the document changed"));
        try {
          resolve(f(doc, analysisOf(doc)));
        } catch (e) {
          // A bug must never take the server down: the one request fails, the session goes on.
          reject(new ResponseError(-32603, `internal error: ${(e as Error).message}`));
        }
      });
    });
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [":", "(", ".", "[", " "] },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: "regc" },
  }));

  connection.onHover(({ textDocument, position }, token) =>
    current(textDocument.uri, token, (doc, a) => {
      const h = hover(a, doc.offsetAt(position));
      return h ? { contents: { kind: "markdown" as const, value: h.markdown }, range: range(h.span) } : null;
    }),
  );

  connection.onCompletion(({ textDocument, position }, token) =>
    current(textDocument.uri, token, (doc) =>
      complete(doc.getText(), doc.offsetAt(position)).map((i) => ({
        label: i.label,
        kind: ITEM_KINDS[i.kind],
        ...(i.insert ? { insertText: i.insert } : {}),
        ...(i.detail ? { detail: i.detail } : {}),
        ...(i.documentation ? { documentation: i.documentation } : {}),
      })),
    ),
  );

  connection.onDefinition(({ textDocument, position }, token) =>
    current(textDocument.uri, token, (doc, a) => {
      const span = definition(a, doc.offsetAt(position));
      return span ? { uri: textDocument.uri, range: range(span) } : null;
    }),
  );

  connection.onReferences(({ textDocument, position, context }, token) =>
    current(textDocument.uri, token, (doc, a) => references(a, doc.offsetAt(position), context.includeDeclaration).map((s) => ({ uri: textDocument.uri, range: range(s) }))),
  );

  connection.onPrepareRename(({ textDocument, position }, token) =>
    current(textDocument.uri, token, (doc, a) => {
      const r = checkRename(a, doc.offsetAt(position));
      if (!r.ok) throw new ResponseError(-32602, r.message);
      return { range: range(r.occurrence.span), placeholder: r.occurrence.name };
    }),
  );

  connection.onRenameRequest(({ textDocument, position, newName }, token) =>
    current(textDocument.uri, token, (doc, a) => {
      const r = checkRename(a, doc.offsetAt(position), newName);
      if (!r.ok) throw new ResponseError(-32602, r.message);
      const edits: TextEdit[] = renameSpans(a, r.occurrence).map((s) => ({ range: range(s), newText: newName }));
      return { changes: { [textDocument.uri]: edits } };
    }),
  );

  connection.onDocumentSymbol(({ textDocument }, token) => current(textDocument.uri, token, (_doc, a) => outline(a).map(toSymbol)));

  connection.onFoldingRanges(({ textDocument }, token) =>
    current(textDocument.uri, token, (_doc, a) => foldingRanges(a).map((f) => ({ startLine: f.start, endLine: f.end, ...(f.comment ? { kind: "comment" } : {}) }))),
  );

  connection.onDocumentFormatting(({ textDocument }, token) =>
    current(textDocument.uri, token, (doc, a) => {
      // As `regc fmt`: a file that does not parse is never rewritten.
      if (!a.ast) return [];
      const formatted = format(a.ast, a.text);
      if (formatted === a.text) return [];
      return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(a.text.length) }, newText: formatted }];
    }),
  );

  connection.onCodeAction(({ textDocument, range: r }, token) =>
    current(textDocument.uri, token, (doc, a) =>
      fixes(a, doc.offsetAt(r.start), doc.offsetAt(r.end)).map((f) => ({
        title: f.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLsp(f.diagnostic, textDocument.uri, a)],
        ...(f.preferred ? { isPreferred: true } : {}),
        edit: { changes: { [textDocument.uri]: f.edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text })) } },
      })),
    ),
  );

  documents.listen(connection);
}

/** A span as `regc check` reports it (1-based line and column, end exclusive) as an LSP range. */
function range(s: A.Span): Range {
  return { start: { line: s.line - 1, character: s.column - 1 }, end: { line: s.endLine - 1, character: s.endColumn - 1 } };
}

const UNUSED = catalog.unusedName.code;

function toLsp(d: SourceDiagnostic, uri: string, a: Analysis): LspDiagnostic {
  const href = docsUrl(d.code);
  const related = relatedOf(a, d);
  return {
    range: range(d.span),
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: "regc",
    message: d.message,
    ...(d.code === UNUSED ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(related.length > 0 ? { relatedInformation: related.map((r) => ({ location: { uri, range: range(r.span) }, message: r.message })) } : {}),
  };
}

const ITEM_KINDS: Record<ItemKind, CompletionItemKind> = {
  class: CompletionItemKind.Class,
  property: CompletionItemKind.Property,
  function: CompletionItemKind.Function,
  value: CompletionItemKind.Value,
  keyword: CompletionItemKind.Keyword,
  variable: CompletionItemKind.Variable,
  enum: CompletionItemKind.EnumMember,
};

const SYMBOL_KINDS: Record<OutlineKind, SymbolKind> = {
  module: SymbolKind.Module,
  class: SymbolKind.Class,
  function: SymbolKind.Function,
  variable: SymbolKind.Variable,
  object: SymbolKind.Object,
  property: SymbolKind.Property,
  array: SymbolKind.Array,
  number: SymbolKind.Number,
};

function toSymbol(s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name,
    ...(s.detail ? { detail: s.detail } : {}),
    kind: SYMBOL_KINDS[s.kind],
    range: range(s.span),
    selectionRange: range(s.selection),
    ...(s.children ? { children: s.children.map(toSymbol) } : {}),
  };
}
