// Advice: warnings about specs that are valid but probably not what the user wants. One rule per file.
import type { AdviceRule } from "./types.js";
import { l2BeforeBatchNorm } from "./l2-before-batchnorm.js";
import { l2WithAdamW } from "./l2-with-adamw.js";
import { scheduleAfterEnd } from "./schedule-after-end.js";

export const adviceRules: AdviceRule[] = [l2BeforeBatchNorm, l2WithAdamW, scheduleAfterEnd];
