// Advice: warnings about specs that are valid but probably not what the user wants. One rule per file.
import type { Context } from "../context.js";
import type { IR } from "../../ir/types.js";
import type { Span } from "../../parser/ast.js";
import { l2BeforeBatchNorm } from "./l2-before-batchnorm.js";
import { l2WithAdamW } from "./l2-with-adamw.js";
import { scheduleAfterEnd } from "./schedule-after-end.js";

export interface AdviceInput {
  ctx: Context;
  ir: Pick<IR, "layers" | "train">;
  /** Where each layer (by index) was written. */
  spans: Span[];
}

export type AdviceRule = (input: AdviceInput) => void;

export const adviceRules: AdviceRule[] = [l2BeforeBatchNorm, l2WithAdamW, scheduleAfterEnd];
