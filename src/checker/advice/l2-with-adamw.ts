// AdamW already decays weights (decoupled); an L2 kernel penalty on top penalizes the same weights twice.
import { maxValue } from "../../schedule/index.js";
import type { AdviceInput } from "./types.js";

export function l2WithAdamW({ ctx, ir, spans }: AdviceInput): void {
  const opt = ir.train?.optimizer;
  if (opt?.name !== "adamw" || !(Number(opt.weight_decay) > 0)) return;
  ir.layers.forEach((layer, i) => {
    const regs = [layer.regularizers.kernel, layer.inner?.regularizers.kernel];
    if (regs.some((r) => r && maxValue(r.l2) > 0)) {
      ctx.report(
        "l2WithAdamW",
        `'${layer.name}' has an L2 kernel penalty and the optimizer is adamw with weight_decay ${opt.weight_decay}: the weights are decayed twice`,
        spans[i]!,
      );
    }
  });
}
