// Reads a numeric CSV with a header row: every column but the target is a feature. Problems are
// reported with their position in the file (file:line:col), never as a stack trace.
import { readFileSync } from "node:fs";
import { RegcError } from "../../diagnostics/index.js";

export interface CsvTable {
  columns: string[];
  /** Feature values, row-major (rows x features), in file order. */
  x: Float32Array;
  y: Float32Array;
  rows: number;
  features: number;
}

interface Cell {
  text: string;
  column: number;
}

/** Splits one line into cells (commas; double-quoted cells may hold commas and "" for a quote). */
function cells(line: string): Cell[] {
  const out: Cell[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    let text = "";
    if (line[i] === '"') {
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          text += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else text += line[i++];
      }
      while (i < line.length && line[i] !== ",") i++;
    } else {
      while (i < line.length && line[i] !== ",") i++;
      text = line.slice(start, i);
    }
    out.push({ text: text.trim(), column: start + 1 + (text.length - text.trimStart().length) });
    if (i >= line.length) return out;
    i++; // the comma
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i;

/** Parses `text` (the content of `file`, the name used in messages) with `target` as the label column. */
export function parseCsv(text: string, file: string, target: string): CsvTable {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== "");
  if (headerIndex < 0) throw new RegcError("dataEmpty", "the file is empty: it needs a header row and at least one data row", { file, span: { line: 1, column: 1 } });
  const header = cells(lines[headerIndex]!);
  const columns = header.map((c) => c.text);
  const t = columns.indexOf(target);
  if (t < 0) {
    throw new RegcError("missingTarget", `no column '${target}' in the header (the columns are ${columns.map((c) => `'${c}'`).join(", ")})`, {
      file,
      span: { line: headerIndex + 1, column: 1 },
    });
  }
  const width = columns.length;
  const features = width - 1;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let li = headerIndex + 1; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.trim() === "") continue;
    const row = cells(line);
    if (row.length !== width) {
      const at = row.length > width ? row[width]!.column : line.length + 1;
      throw new RegcError("raggedRow", `this row has ${row.length} cell${row.length === 1 ? "" : "s"}, the header has ${width}`, {
        file,
        span: { line: li + 1, column: at },
      });
    }
    for (let k = 0; k < width; k++) {
      const c = row[k]!;
      if (!NUMBER.test(c.text)) {
        const what = c.text === "" ? "an empty cell" : `'${c.text.length > 40 ? `${c.text.slice(0, 40)}...` : c.text}'`;
        throw new RegcError("notANumber", `${what} in column '${columns[k]}' is not a number`, { file, span: { line: li + 1, column: c.column } });
      }
      const v = Number(c.text.replace(/^([+-]?)inf(inity)?$/i, "$1Infinity").replace(/^[+-]?nan$/i, "NaN"));
      if (k === t) ys.push(v);
      else xs.push(v);
    }
  }
  const rows = ys.length;
  if (rows === 0) throw new RegcError("dataEmpty", "the file has a header but no data rows", { file, span: { line: headerIndex + 1, column: 1 } });
  return { columns, x: Float32Array.from(xs), y: Float32Array.from(ys), rows, features };
}

export function readCsv(path: string, shownAs: string, target: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new RegcError("dataUnreadable", `cannot read the data file: ${why}`, { file: shownAs, span: { line: 1, column: 1 } });
  }
  return parseCsv(text, shownAs, target);
}
