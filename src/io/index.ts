// Reading specs and writing outputs: the one place that touches files. Outputs are written atomically.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { diag, type SourceDiagnostic } from "../diagnostics/index.js";

/** A problem reading or writing a file: exit status 2, not a diagnostic about the spec. */
export class IoError extends Error {}

export interface SpecText {
  /** The name diagnostics use: the path as given, or <stdin>. */
  file: string;
  source: string;
  /** A problem with the bytes themselves (not UTF-8), reported like any other diagnostic. */
  diagnostics: SourceDiagnostic[];
}

const decoder = new TextDecoder("utf-8", { fatal: true });

export function readSpec(path: string): SpecText {
  const file = path === "-" ? "<stdin>" : path;
  let bytes: Buffer;
  try {
    if (path !== "-" && statSync(path).isDirectory()) throw new IoError(`cannot read '${path}': it is a directory (give the .reg files in it, for example ${join(path, "*.reg")})`);
    bytes = readFileSync(path === "-" ? 0 : path);
  } catch (e) {
    if (e instanceof IoError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : (e as Error).message;
    throw new IoError(`cannot read '${file}': ${why}`);
  }
  try {
    return { file, source: decoder.decode(bytes), diagnostics: [] };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, at).toString("utf8");
    const lines = before.split("\n");
    const line = lines.length;
    const column = lines[lines.length - 1]!.length + 1;
    const source = bytes.toString("utf8");
    const d = diag("notUtf8", `the file is not UTF-8 text: byte 0x${bytes[at]!.toString(16).padStart(2, "0")} at offset ${at} is not valid UTF-8`, {
      line,
      column,
      offset: before.length,
      endLine: line,
      endColumn: column + 1,
      endOffset: before.length + 1,
    });
    return { file, source, diagnostics: [d] };
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    // Overlong forms and surrogates are invalid too; the decoder's verdict is what counts, this only locates.
    try {
      decoder.decode(b.subarray(i, i + n + 1));
    } catch {
      return i;
    }
    i += n + 1;
  }
  return Math.max(0, b.length - 1);
}

/**
 * Writes all files or none: each goes to a temporary file beside its target; only when every one is
 * written are they moved into place, and if a move fails the ones already moved are rolled back.
 * A failure leaves earlier outputs as they were and no temporary files behind.
 */
export function writeAtomically(files: { path: string; content: string | Uint8Array }[]): void {
  const staged: { temp: string; backup: string; path: string; existed: boolean }[] = [];
  const moved: typeof staged = [];
  let failing = files[0]?.path ?? "";
  try {
    for (const f of files) {
      failing = f.path;
      if (statSync(f.path, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error("a directory is in the way"), { code: "EISDIR" });
      mkdirSync(dirname(f.path), { recursive: true });
      const temp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.tmp`);
      writeFileSync(temp, f.content);
      staged.push({ temp, backup: `${temp}.old`, path: f.path, existed: existsSync(f.path) });
    }
    for (const s of staged) {
      failing = s.path;
      if (s.existed) renameSync(s.path, s.backup);
      moved.push(s);
      renameSync(s.temp, s.path);
    }
  } catch (e) {
    for (const s of moved.reverse()) {
      if (existsSync(s.temp)) rmSync(s.temp, { force: true });
      else if (statSync(s.path, { throwIfNoEntry: false })?.isFile()) rmSync(s.path, { force: true });
      if (s.existed) renameSync(s.backup, s.path);
    }
    for (const s of staged) rmSync(s.temp, { force: true });
    throw new IoError(`cannot write '${failing}': ${(e as NodeJS.ErrnoException).code === "EISDIR" || (e as NodeJS.ErrnoException).code === "ENOTEMPTY" ? "a directory is in the way" : (e as Error).message}`);
  }
  for (const s of staged) if (s.existed) rmSync(s.backup, { force: true });
}

/** The current content of an output, or undefined when it does not exist. */
export function readOutput(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** A CSV cell (RFC 4180): quoted, with its quotes doubled, when it holds a quote, a comma or a newline. */
export function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
