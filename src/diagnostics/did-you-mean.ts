// The one near-miss hint of regc's messages (the checker's names, the importer's layer classes and
// activations): "did you mean 'Dense'?".
import leven from "leven";

/** "did you mean 'Dense'?" for a near miss among the known words, or "". */
export function didYouMean(word: string, known: readonly string[]): string {
  if (known.length === 0) return "";
  const lower = word.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact) return `: did you mean '${exact}'?`;
  // The first of the nearest words, when it is near enough. (The distance is at least the difference in length.)
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const k of known) {
    if (Math.abs(k.length - word.length) >= bestDistance) continue;
    const d = leven(word, k, { maxDistance: bestDistance });
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best === undefined ? "" : `: did you mean '${best}'?`;
}
