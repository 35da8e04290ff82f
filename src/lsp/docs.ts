// The documentation page every diagnostic links to: the catalog's codes, severities and explanations.
// `npm run build` writes it to dist/diagnostics.md; the language server links each code to its heading.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { catalog } from "../diagnostics/catalog.js";

export const DOCS_FILE = "dist/diagnostics.md";

export function diagnosticsMarkdown(): string {
  const out = ["# regc diagnostics", "", "Every problem regc reports carries a stable code from one catalog (`src/diagnostics/catalog.ts`).", ""];
  for (const entry of Object.values(catalog)) out.push(`## ${entry.code}`, "", `${entry.severity}: ${entry.doc}`, "");
  return out.join("\n");
}

/** The installed package's folder: the nearest parent of this module with regc's package.json. */
function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "bin", "regc"))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

let base: string | null | undefined;

/** `file:///.../dist/diagnostics.md#reg0200`, or undefined when the page was never built. */
export function docsUrl(code: string): string | undefined {
  if (base === undefined) {
    const root = packageRoot();
    base = root && existsSync(join(root, DOCS_FILE)) ? pathToFileURL(join(root, DOCS_FILE)).href : null;
  }
  return base === null ? undefined : `${base}#${code.toLowerCase()}`;
}
