// A real LSP client: Neovim (Debian's `neovim`, headless, its built-in client) runs `regc lsp --stdio` on a
// spec with an error, and reports what it got through its own APIs: the diagnostic (vim.diagnostic), the
// hover float (vim.lsp.buf.hover), completion after `Den`, and formatting (vim.lsp.buf.formatting_sync).
// .ci/run installs Neovim as it installs Chromium.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, regc, tempDir } from "./helpers.js";

const NVIM = ["/usr/bin/nvim", "/usr/local/bin/nvim"].find((p) => spawnSync(p, ["--version"]).status === 0);

const SCRIPT = String.raw`
local dir, regc = ...
local out = {}
local function float_lines()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= "" then return vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false) end
  end
end
local ok, err = pcall(function()
  local id = vim.lsp.start_client({ name = "regc", cmd = { regc, "lsp", "--stdio" }, root_dir = dir })
  vim.cmd("edit " .. dir .. "/error.reg")
  vim.lsp.buf_attach_client(0, id)
  vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)
  out.diagnostics = vim.tbl_map(function(d)
    return { code = d.code, lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, message = d.message }
  end, vim.diagnostic.get(0))

  -- Hover on the first Dense (line 3), through the float Neovim opens.
  vim.api.nvim_win_set_cursor(0, { 3, 3 })
  vim.lsp.buf.hover()
  vim.wait(10000, function() return float_lines() ~= nil end, 20)
  out.hover = float_lines()

  -- Type "  Den" on a new line in the model (an incremental didChange), then ask for completion there.
  vim.api.nvim_buf_set_lines(0, 3, 3, false, { "  Den" })
  vim.api.nvim_win_set_cursor(0, { 4, 5 })
  local results = vim.lsp.buf_request_sync(0, "textDocument/completion", vim.lsp.util.make_position_params(0, "utf-16"), 10000)
  out.completion = {}
  for _, r in pairs(results or {}) do
    local items = r.result and (r.result.items or r.result) or {}
    for _, item in ipairs(items) do table.insert(out.completion, item.label) end
  end

  -- Formatting an unformatted spec rewrites the buffer.
  vim.cmd("edit " .. dir .. "/messy.reg")
  vim.lsp.buf_attach_client(0, id)
  -- Debian 12's Neovim 0.7 has formatting_sync; later ones replaced it with format.
  if vim.lsp.buf.format then vim.lsp.buf.format({ timeout_ms = 10000 }) else vim.lsp.buf.formatting_sync(nil, 10000) end
  out.formatted = vim.api.nvim_buf_get_lines(0, 0, -1, false)
end)
if not ok then out.error = tostring(err) end
local f = io.open(dir .. "/out.json", "w")
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd("qa!")
`;

describe("Neovim's built-in LSP client", () => {
  it("gets the diagnostic with its code and range, a layer's output shape on hover, Dense after 'Den', and formatting", () => {
    expect(NVIM, "Neovim is not installed: apt-get install -y neovim (as .ci/run does)").toBeDefined();
    const dir = tempDir("regc-nvim-");
    // The last layer's activation is misspelt; the first layer still checks.
    const spec = "model M {\n  input [2]\n  Dense(8, activation: relu)\n  Dense(1, activation: sigmod)\n}\n";
    writeFileSync(join(dir, "error.reg"), spec);
    const messy = readFileSync(join(ROOT, "test/fixtures/fmt/messy.reg"), "utf8");
    writeFileSync(join(dir, "messy.reg"), messy);
    writeFileSync(join(dir, "test.lua"), SCRIPT);
    const r = spawnSync(NVIM!, ["--headless", "--clean", "-c", `lua loadfile(${JSON.stringify(join(dir, "test.lua"))})(${JSON.stringify(dir)}, ${JSON.stringify(join(ROOT, "bin", "regc"))})`], {
      encoding: "utf8",
      timeout: 90_000,
      env: { ...process.env, HOME: dir, XDG_STATE_HOME: dir, XDG_CACHE_HOME: dir },
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as {
      error?: string;
      diagnostics: { code: string; lnum: number; col: number; end_lnum: number; end_col: number; message: string }[];
      hover?: string[];
      completion: string[];
      formatted: string[];
    };
    expect(out.error).toBeUndefined();

    // The diagnostic regc check reports, with its code and range (Neovim's lines and columns count from 0).
    const [d] = (JSON.parse(regc(["check", "--format", "json", "-"], { input: spec }).stdout) as { diagnostics: { code: string; line: number; column: number; endLine: number; endColumn: number; message: string }[] }).diagnostics;
    expect(out.diagnostics).toEqual([{ code: d!.code, lnum: d!.line - 1, col: d!.column - 1, end_lnum: d!.endLine - 1, end_col: d!.endColumn - 1, message: d!.message }]);
    expect(d!.code).toBe("REG0206");

    // Keras: Dense(8) on 2 features outputs (None, 8) with 2 * 8 + 8 = 24 parameters.
    const hover = (out.hover ?? []).join("\n");
    expect(hover).toContain("Output shape: `(None, 8)`");
    expect(hover).toContain("Parameters: 24");

    expect(out.completion).toContain("Dense");
    expect(out.formatted.join("\n") + "\n").toBe(regc(["fmt", "-"], { input: messy }).stdout);
    expect(out.formatted.join("\n") + "\n").not.toBe(messy);
  });
});
