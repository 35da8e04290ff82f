// Layer names as the checker gives them, Keras's rule: a layer the spec names keeps its name; the
// others get their kind's automatic name, dense, dense_1, dense_2, ... skipping names already taken,
// in the order of the model (a wrapper before the layer it wraps).

export class LayerNames {
  private readonly taken = new Set<string>();
  private readonly counters = new Map<string, number>();

  /** Takes a name the spec gives; false when a layer has it already. */
  claim(name: string): boolean {
    if (this.taken.has(name)) return false;
    this.taken.add(name);
    return true;
  }

  /** The next automatic name for a kind (its `autoName` in the layer table). */
  auto(base: string): string {
    for (;;) {
      const n = this.counters.get(base) ?? 0;
      this.counters.set(base, n + 1);
      const name = n === 0 ? base : `${base}_${n}`;
      if (this.claim(name)) return name;
    }
  }
}

/** The names of a model's layers, each given by its own name (when it has one) or its kind's automatic one, and its wrapped layer's kind. */
export function layerNames(layers: readonly { name?: string; autoName: string; wrapped?: string }[]): string[] {
  const names = new LayerNames();
  for (const l of layers) if (l.name !== undefined) names.claim(l.name);
  return layers.map((l) => {
    const name = l.name ?? names.auto(l.autoName);
    if (l.wrapped !== undefined) names.auto(l.wrapped);
    return name;
  });
}
