// How the CLI prints and exits: color only on a terminal and never with NO_COLOR; diagnostics through
// the one printer (src/diagnostics).
import { renderText, type FileDiagnostics } from "../diagnostics/index.js";

export const EXIT = { ok: 0, errors: 1, usage: 2, changed: 3 } as const;

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

export function setExit(code: number): void {
  process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
}

/** A file's diagnostics on stderr, as text with code frames (nothing when there are none). */
export function printDiagnostics(f: FileDiagnostics): void {
  if (f.diagnostics.length > 0) process.stderr.write(renderText(f, { color: useColor(process.stderr) }) + "\n");
}

/**
 * Output into a closed pipe (`regc schema | head -1`): stop at once, quietly, instead of an unhandled
 * EPIPE 'error' with a stack trace. The status is the one the command had recorded so far, else 0 (not
 * 141, a shell's status for a SIGPIPE death): the reader chose to stop reading, which is not regc's
 * failure even under `set -o pipefail`, while an error already found is still reported. Installed once,
 * by each CLI entry (bin.ts and the start-up snapshot's main).
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
      process.exit(Number(process.exitCode ?? 0));
    });
  }
}
