// Writes grammar/diagram.html (Chevrotain's railroad diagrams) and grammar/grammar.json (the
// serialized productions) from the parser itself. test/grammar.test.ts fails when they are stale.
// Run: npx tsx scripts/gen-grammar.ts
import { createSyntaxDiagramsCode } from "chevrotain";
import { writeFileSync } from "node:fs";
import { validatedParser } from "../src/parser/grammar.js";

export function grammarFiles(): { "diagram.html": string; "grammar.json": string } {
  const productions = validatedParser().getSerializedGastProductions();
  return {
    "diagram.html": createSyntaxDiagramsCode(productions, { resourceBase: "https://unpkg.com/chevrotain@11.2.0/diagrams/" }),
    "grammar.json": JSON.stringify(productions, null, 2) + "\n",
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/scripts\//, "/scripts/"))) {
  for (const [name, text] of Object.entries(grammarFiles())) writeFileSync(new URL(`../grammar/${name}`, import.meta.url), text);
}
