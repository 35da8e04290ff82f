// Draws Vega-Lite specs as SVG text at build time: vega-lite compiles each to Vega, and Vega's
// headless view (renderer "none") renders it. Both are loaded here only, on the report's path.
import type { TopLevelSpec } from "vega-lite";

type Libraries = { vega: typeof import("vega"); vl: typeof import("vega-lite") };
let libraries: Promise<Libraries> | undefined;

function load(): Promise<Libraries> {
  libraries ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vl]) => ({ vega, vl }));
  return libraries;
}

/** A logger that keeps warnings (in `warnings`, when given) instead of printing them, and throws on errors. */
function logger(vega: typeof import("vega"), warnings?: string[]) {
  const l = vega.logger(vega.Warn);
  return Object.assign(l, {
    warn: (...args: unknown[]) => {
      warnings?.push(args.map(String).join(" "));
      return l;
    },
    error: (...args: unknown[]): never => {
      throw new Error(`chart: ${args.map(String).join(" ")}`);
    },
  });
}

/** The Vega spec that a Vega-Lite spec compiles to. */
export async function compile(spec: TopLevelSpec, warnings?: string[]): Promise<import("vega").Spec> {
  const { vega, vl } = await load();
  return vl.compile(spec, { logger: logger(vega, warnings) }).spec;
}

/** An <svg> element (text) drawing the spec; Vega-Lite's and Vega's warnings go to `warnings`. */
export async function renderSvg(spec: TopLevelSpec, warnings?: string[]): Promise<string> {
  const { vega } = await load();
  const view = new vega.View(vega.parse(await compile(spec, warnings)), { renderer: "none", logger: logger(vega, warnings) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
