// TensorFlow.js program emitter: `regc build --target tfjs`. A pure function of the checked IR: a
// readable training program (JavaScript or TypeScript) that builds the model with explicit tf.layers
// calls and trains it with regc's runtime (`regc/runtime`), formatted by prettier.
import type { OutputFile, TfjsEmitter } from "../index.js";
import { VERSION } from "../../version.js";
import { programName, programSource } from "./program.js";

/** Prettier's settings for generated programs: fixed here, so no user config changes the bytes. */
const PRETTIER = { printWidth: 110, semi: true, singleQuote: false, trailingComma: "all", quoteProps: "as-needed", bracketSpacing: true, arrowParens: "always", endOfLine: "lf" } as const;

export const emitTfjs: TfjsEmitter = async (ir, opts) => {
  const source = programSource(ir, { ...opts, version: VERSION });
  // prettier is heavy: loaded only when a program is emitted.
  const prettier = await import("prettier");
  const content = await prettier.format(source, { ...PRETTIER, parser: opts.lang === "ts" ? "typescript" : "babel" });
  const file: OutputFile = { name: programName(opts.base, opts.lang), content };
  return [file];
};
