// BatchNormalization right after a layer undoes the scale of its output, so an L2 kernel penalty there mostly shrinks weights without regularizing.
import { maxValue } from "../../schedule/index.js";
import type { AdviceInput } from "./types.js";

export function l2BeforeBatchNorm({ ctx, ir, spans }: AdviceInput): void {
  ir.layers.forEach((layer, i) => {
    const next = ir.layers[i + 1];
    const reg = layer.regularizers.kernel;
    if (next?.class_name === "BatchNormalization" && reg && maxValue(reg.l2) > 0) {
      ctx.report(
        "l2BeforeBatchNorm",
        `'${layer.name}' has an L2 kernel penalty but is followed by BatchNormalization '${next.name}', which cancels the scale the penalty shrinks`,
        spans[i]!,
      );
    }
  });
}
