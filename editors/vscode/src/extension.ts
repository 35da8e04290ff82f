// The VS Code client: starts `regc lsp --stdio` from the workspace's installed regc (or `regc.path`, or
// `regc` on PATH) and connects it to .reg files through vscode-languageclient.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { workspace, type ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The regc to run: the configured path, else the first workspace folder's node_modules/.bin/regc, else PATH's. */
export function regcCommand(configured: string, folders: readonly string[], exists: (path: string) => boolean = existsSync): string {
  if (configured.trim() !== "") return configured;
  for (const folder of folders) {
    const local = join(folder, "node_modules", ".bin", process.platform === "win32" ? "regc.cmd" : "regc");
    if (exists(local)) return local;
  }
  return "regc";
}

export async function activate(context: ExtensionContext): Promise<void> {
  const command = regcCommand(
    workspace.getConfiguration("regc").get<string>("path", ""),
    (workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
  );
  const run = { command, args: ["lsp", "--stdio"], transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "reg" },
      { scheme: "untitled", language: "reg" },
    ],
  };
  client = new LanguageClient("regc", "regc", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
