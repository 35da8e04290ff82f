// The training settings the editor offers and explains: losses, optimizers and metrics. One function reads
// them from the training-settings table the checker reads (src/settings/catalog.ts), so the editor never
// knows a name the checker does not, nor a meaning the table does not give.
import { LOSSES, METRICS, OPTIMIZERS } from "../settings/catalog.js";

export interface Setting {
  kind: "loss" | "optimizer" | "metric";
  name: string;
  /** What Keras computes, in a sentence. */
  meaning: string;
  /** The Keras name it stands for, when it is an alias (`mse` for mean_squared_error). */
  aliasOf?: string;
  /** Optimizers: each argument and its Keras 3 default, in order. */
  defaults?: Readonly<Record<string, number | boolean>>;
}

/** Every loss, optimizer and metric the checker accepts, with its meaning. */
export function trainingSettings(): Setting[] {
  return [
    ...Object.entries(LOSSES).flatMap(([name, l]): Setting[] => [
      { kind: "loss", name, meaning: l.doc },
      ...l.aliases.map((alias: string): Setting => ({ kind: "loss", name: alias, meaning: l.doc, aliasOf: name })),
    ]),
    ...Object.entries(OPTIMIZERS).map(([name, o]): Setting => ({ kind: "optimizer", name, meaning: o.doc, defaults: Object.fromEntries(o.args.map((a) => [a.name, a.default])) })),
    ...Object.entries(METRICS).map(([name, m]): Setting => ({ kind: "metric", name, meaning: m.doc })),
  ];
}

export function settingsOf(kind: Setting["kind"]): Setting[] {
  return trainingSettings().filter((s) => s.kind === kind);
}
