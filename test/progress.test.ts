// Progress on stderr when it is not a terminal: a line at every tenth of the work, for a training run
// (epochs) and a sweep (trial-epochs, whether trials advance together or one at a time).
import { describe, expect, it } from "vitest";
import { makeProgress } from "../src/runtime/progress.js";
import { sweepProgress } from "../src/sweep/progress.js";

function sink(): { stream: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const stream = { write: (s: string) => lines.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe("progress lines", () => {
  it("training: the first epoch, every tenth, and the last when the run stops early", () => {
    const { stream, lines } = sink();
    const p = makeProgress({ epochs: 50, metrics: ["accuracy"], mode: "lines", stream });
    for (let epoch = 0; epoch < 23; epoch++) p.epoch({ epoch, loss: 0.5, data_loss: 0.4, reg_loss: 0.1, reg: {}, coefficients: {}, accuracy: 0.75 });
    p.stop();
    expect(lines.map((l) => l.split("  ")[0])).toEqual(["epoch 1/50", "epoch 5/50", "epoch 10/50", "epoch 15/50", "epoch 20/50", "epoch 23/50"]);
    expect(lines[0]).toMatch(/^epoch 1\/50  loss 0\.5000  reg 0\.1000  accuracy 0\.7500  \(ETA \d+s\)\n$/);
  });

  it("sweep: a line at each tenth of the trial-epochs, with the trials that much work amounts to", () => {
    // 4 trials x 10 epochs, batched (the 4 advance together, one epoch at a time) or one trial after another.
    const expected: Record<number, string[]> = {
      4: ["0/4  10%", "0/4  20%", "1/4  30%", "1/4  40%", "2/4  50%", "2/4  60%", "2/4  70%", "3/4  80%", "3/4  90%", "4/4  100%"],
      10: ["1/4  20%", "2/4  50%", "3/4  70%", "4/4  100%"],
    };
    for (const step of [4, 10]) {
      const { stream, lines } = sink();
      const p = sweepProgress({ trials: 4, epochs: 10, mode: "lines", stream });
      for (let done = 0; done < 40; done += step) p.advance(step);
      p.stop();
      expect(lines).toEqual(expected[step]!.map((s) => expect.stringMatching(new RegExp(`^trials ${s}  \\(ETA \\d+s\\)\\n$`))));
    }
  });
});
