// What an advice rule is given and what it is: the rules and their list (index.ts) both read this.
import type { Context } from "../context.js";
import type { IR } from "../../ir/types.js";
import type { Span } from "../../parser/ast.js";

export interface AdviceInput {
  ctx: Context;
  ir: Pick<IR, "layers" | "train">;
  /** Where each layer (by index) was written. */
  spans: Span[];
}

export type AdviceRule = (input: AdviceInput) => void;
