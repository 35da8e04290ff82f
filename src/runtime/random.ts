// Seeds for everything random in a run. regc uses its own MT19937 (NumPy's legacy RandomState
// stream, src/runtime/data/mt19937.ts) computed in float64 JavaScript, so the numbers are the same on
// every backend (tfjs's seeded ops differ between backends for some initializers, e.g. QR).
import { MT19937 } from "./data/mt19937.js";

/** A 32-bit hash of a few integers (murmur3's finalizer over a running mix), to seed one stream per purpose. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * The order of the n training rows in an epoch: MT19937 seeded by mixSeed(seed, epoch, 1), then
 * NumPy's shuffle (the legacy `RandomState.permutation(n)`).
 */
export function shuffleOrder(n: number, seed: number, epoch: number): Int32Array {
  return new MT19937(mixSeed(seed, epoch, 1)).permutation(n);
}

/**
 * A run position for ScheduledDropout applied outside the training loop (by hand): its masks are
 * seeded from it when the layer's own `seed` is unset. The loop itself sets each layer's `seed` per
 * step and never touches this.
 */
const state = { seed: null as number | null, epoch: 0, step: 0 };

export function setRandomState(seed: number | null, epoch = 0, step = 0): void {
  state.seed = seed;
  state.epoch = epoch;
  state.step = step;
}

/**
 * The seed of one dropout mask: run seed, epoch, step (the batch's index counted from 0 over the
 * whole run) and the layer's name. The mask is tf.dropout(x, rate, undefined, seed), whose uniform
 * draws are computed in JavaScript (tfjs's seeded alea), the same on every backend.
 */
export function dropoutMaskSeed(seed: number, epoch: number, step: number, layerName: string): number {
  return mixSeed(seed, epoch, step, fnv1a(layerName), 2);
}

/** Seed for one dropout mask at the run's current position (undefined outside a seeded run: random masks). */
export function dropoutSeed(layerName: string): number | undefined {
  return state.seed === null ? undefined : dropoutMaskSeed(state.seed, state.epoch, state.step, layerName);
}

/** FNV-1a of a string's UTF-16 code units: a layer's name as a seed part. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
