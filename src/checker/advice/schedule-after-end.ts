// A breakpoint at or after the last epoch is never reached: training ends first.
import { breakpoints, epochOf } from "../../schedule/index.js";
import type { AdviceInput } from "./types.js";

export function scheduleAfterEnd({ ctx }: AdviceInput): void {
  const epochs = ctx.epochs;
  if (epochs === undefined) return;
  const seen = new Set<object>();
  for (const { schedule, span } of ctx.usedSchedules) {
    if (seen.has(schedule)) continue;
    seen.add(schedule);
    const late = breakpoints(schedule).filter((at) => epochOf(at, epochs) > epochs - 1 && !("fraction" in at && at.fraction <= 1));
    if (late.length > 0) {
      const at = epochOf(late[0]!, epochs);
      ctx.report("scheduleAfterEnd", `this schedule changes at epoch ${at}, but training runs epochs 0 to ${epochs - 1}, so it never gets there`, span);
    }
  }
}
