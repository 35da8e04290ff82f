// `regc summary FILE [--json]`: the Keras-style table of a checked spec.
import { renderSummary, summarize } from "../../summary/index.js";
import { checkedSpec } from "../checked.js";

export async function run(path: string, opts: { json?: boolean }): Promise<void> {
  const { ir } = checkedSpec(path);
  if (!ir) return;
  process.stdout.write((opts.json ? JSON.stringify(summarize(ir), null, 2) : renderSummary(ir)) + "\n");
}
