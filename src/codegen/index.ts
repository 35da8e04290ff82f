// Emitters: pure functions of the checked IR to output files. They never re-validate and never parse.
import type { IR } from "../ir/types.js";

export interface OutputFile {
  /** File name relative to the output directory. */
  name: string;
  content: string;
}

export interface EmitOptions {
  /** The spec's path as the user gave it, named in generated headers. */
  spec: string;
  /** Base of output names: the spec's file name without .reg (plus the sweep point, if any). */
  base: string;
}

export interface KerasOptions extends EmitOptions {
  keras: 2 | 3;
}

export interface TfjsOptions extends EmitOptions {
  lang: "js" | "ts";
}

export type KerasEmitter = (ir: IR, opts: KerasOptions) => OutputFile[];
export type TfjsEmitter = (ir: IR, opts: TfjsOptions) => Promise<OutputFile[]>;
