// A Language Server Protocol client for tests: starts `regc lsp --stdio` as an editor does (bin/regc) and
// talks JSON-RPC to it through vscode-jsonrpc's client side.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { createProtocolConnection, type ProtocolConnection, type PublishDiagnosticsParams, type TextDocumentContentChangeEvent } from "vscode-languageserver/node";
import { ROOT } from "./helpers.js";

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: { test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly conn: ProtocolConnection,
  ) {
    child.stderr.on("data", (d: Buffer) => this.stderr.push(d.toString()));
    this.exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    conn.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => (w.test(p) ? (w.resolve(p), false) : true));
    });
  }

  /** Starts `BIN lsp --stdio` (the checkout's bin/regc unless told otherwise) and initializes it. */
  static async start(opts: { bin?: string; cwd?: string } = {}): Promise<LspClient> {
    const child = spawn(opts.bin ?? join(ROOT, "bin", "regc"), ["lsp", "--stdio"], { cwd: opts.cwd ?? ROOT });
    const conn = createProtocolConnection(child.stdout, child.stdin);
    conn.listen();
    const client = new LspClient(child, conn);
    await conn.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
    await conn.sendNotification("initialized", {});
    return client;
  }

  /** The next diagnostics published for `uri` (at `version`, when given). */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    const test = (p: PublishDiagnosticsParams) => p.uri === uri && (version === undefined || p.version === version);
    const already = this.published.find(test);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "reg", version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges });
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<number | null> {
    await this.conn.sendRequest("shutdown");
    await this.conn.sendNotification("exit");
    const code = await this.exited;
    this.conn.dispose();
    return code;
  }
}
