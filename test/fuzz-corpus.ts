// The fuzz corpus: the bundled specs, one spec per diagnostic code, and seeded mutations of them. Shared
// by the compiler's fuzz test and the language server's replay (test/lsp.test.ts).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { regLexer } from "../src/parser/tokens.js";
import { ROOT } from "./helpers.js";

/** mulberry32: a small seeded generator, so every mutated spec can be regenerated from its seed. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const corpus = [
  ...readdirSync(join(ROOT, "specs")).filter((f) => f.endsWith(".reg")).map((f) => readFileSync(join(ROOT, "specs", f), "utf8")),
  ...readdirSync(join(ROOT, "test/diagnostics")).filter((f) => f.endsWith(".reg")).map((f) => readFileSync(join(ROOT, "test/diagnostics", f), "latin1")),
];

export const NUMBERS = ["1e308", "1e999", "-1e999", "1e-320", "0", "-0", "9007199254740993", "4294967296", "0.9999999999", "1", "-1", "nan", "inf", "1e-7", "100%", "1000000000%"];
export const JUNK = ["{", "}", "(", ")", "[", "]", ":", ",", "=", ".", "%", '"', "#", "\u0000", "\uFEFF", "é", "😀", "\\", "\t", "\r\n", "none", "model", "train", "Dense", "LSTM(", "kernel:", "l2(", "step {", "input ["];

export function mutate(source: string, r: () => number): string {
  const tokens = regLexer.tokenize(source).tokens.map((t) => t.image);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const at = () => Math.floor(r() * Math.max(1, tokens.length));
  const rounds = 1 + Math.floor(r() * 4);
  let text: string | undefined;
  for (let i = 0; i < rounds; i++) {
    switch (Math.floor(r() * 9)) {
      case 0: tokens.splice(at(), 1); break; // delete a token
      case 1: { const k = at(); tokens.splice(k, 0, tokens[k] ?? "x"); break; } // duplicate one
      case 2: { const a = at(), b = at(); [tokens[a], tokens[b]] = [tokens[b]!, tokens[a]!]; break; } // swap two
      case 3: tokens.splice(at(), 0, pick(JUNK)); break;
      case 4: { const k = tokens.findIndex((t, j) => j >= at() && /^-?\d/.test(t)); if (k >= 0) tokens[k] = pick(NUMBERS); break; }
      case 5: { const d = Math.floor(r() * 200); tokens.splice(at(), 0, "[".repeat(d) + "]".repeat(Math.floor(r() * d))); break; }
      case 6: tokens.length = at(); break; // truncate
      case 7: { // random bytes into the text
        const s = tokens.join(" ");
        const k = Math.floor(r() * s.length);
        text = s.slice(0, k) + String.fromCharCode(...Array.from({ length: 1 + Math.floor(r() * 8) }, () => Math.floor(r() * 0xffff))) + s.slice(k);
        break;
      }
      default: tokens.splice(at(), 0, pick(tokens) ?? "x"); // a token from elsewhere
    }
  }
  return text ?? tokens.join(r() < 0.5 ? " " : "\n");
}
