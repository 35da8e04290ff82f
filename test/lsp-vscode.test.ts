// The VS Code extension (editors/vscode/) packages to a .vsix with @vscode/vsce (`npm run package:vscode`),
// and the package holds what VS Code needs: the manifest contributing the .reg language, its grammar (regc's
// own TextMate grammar), the language configuration and the bundled client that starts `regc lsp --stdio`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runAsync, tempDir } from "./helpers.js";

const EXT = join(ROOT, "editors/vscode");

describe("the VS Code extension", () => {
  it("packages to a .vsix that holds the manifest, grammar, language configuration and client", async () => {
    rmSync(join(EXT, "regc.vsix"), { force: true });
    const r = await runAsync("npm", ["run", "package:vscode"], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(existsSync(join(EXT, "regc.vsix"))).toBe(true);

    // A .vsix is a zip (Open Packaging Conventions): unpack it with Python's zipfile.
    const dir = tempDir("regc-vsix-");
    const unzip = spawnSync("python3", ["-m", "zipfile", "-e", join(EXT, "regc.vsix"), dir], { encoding: "utf8" });
    expect(unzip.status, unzip.stderr).toBe(0);
    const ext = join(dir, "extension");
    expect(readFileSync(join(dir, "extension.vsixmanifest"), "utf8")).toContain('Id="regc-vscode"');

    const manifest = JSON.parse(readFileSync(join(ext, "package.json"), "utf8"));
    expect(manifest.engines.vscode).toMatch(/^\^1\./);
    expect(manifest.contributes.languages).toEqual([expect.objectContaining({ id: "reg", extensions: [".reg"], configuration: "./language-configuration.json" })]);
    expect(manifest.contributes.grammars).toEqual([{ language: "reg", scopeName: "source.reg", path: "./syntaxes/regc.tmLanguage.json" }]);
    expect(manifest.contributes.configuration.properties["regc.path"].type).toBe("string");

    // The one grammar, the one regc's tests run with vscode-textmate.
    expect(readFileSync(join(ext, "syntaxes/regc.tmLanguage.json"), "utf8")).toBe(readFileSync(join(ROOT, "grammar/regc.tmLanguage.json"), "utf8"));
    const config = JSON.parse(readFileSync(join(ext, "language-configuration.json"), "utf8"));
    expect(config.comments.lineComment).toBe("#");
    expect(config.brackets).toEqual([["{", "}"], ["[", "]"], ["(", ")"]]);

    // The client is bundled (vscode-languageclient inside; only `vscode` and node's modules come from outside)
    // and starts `regc lsp --stdio`.
    const main = readFileSync(join(ext, manifest.main), "utf8");
    const required = [...main.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(required).toContain("vscode");
    expect(required.filter((m) => m !== "vscode" && !builtinModules.includes(m.replace(/^node:/, "")))).toEqual([]);
    expect(main).toMatch(/"lsp","--stdio"/);
    expect(main).toContain("node_modules");

    // Nothing the extension does not need: no sources, no node_modules.
    const files = spawnSync("python3", ["-m", "zipfile", "-l", join(EXT, "regc.vsix")], { encoding: "utf8" }).stdout;
    expect(files).not.toMatch(/extension\/(src|node_modules)\//);
  }, 180_000);
});
