// The reports in a real browser: headless Chromium (Debian's, /usr/bin/chromium; .ci/run installs it)
// opens index.html from disk. No console error, no request at all (the page is self-contained),
// every chart drawn with visible marks; screenshots go to test-output/report/ to be looked at.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSweepReport, writeTrainReport } from "../src/report/index.js";
import type { SweepResult, TrainResult } from "../src/report/types.js";
import { makeSweep } from "./fixtures/report/generate.js";
import { regc, ROOT, tempDir } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const OUT = join(ROOT, "test-output", "report");
const history: TrainResult = JSON.parse(readFileSync(join(ROOT, "test/fixtures/report/history.json"), "utf8"));
const sweepFile: SweepResult = JSON.parse(readFileSync(join(ROOT, "test/fixtures/report/sweep.json"), "utf8"));

let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  await writeTrainReport(history, join(OUT, "train"));
  const { trials } = makeSweep();
  await writeSweepReport(sweepFile, join(OUT, "sweep"), trials);
  profile = mkdtempSync(join(tmpdir(), "regc-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  errors: string[];
  requests: string[];
  failed: string[];
}

/** Opens a report, recording console errors, page errors and every request besides the page itself. */
async function open(file: string, viewport = { width: 1280, height: 900 }): Promise<Visit> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const url = pathToFileURL(file).href;
  const v: Visit = { page, errors: [], requests: [], failed: [] };
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") v.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => v.errors.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    if (r.url() !== url) v.requests.push(r.url());
  });
  page.on("requestfailed", (r) => v.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  const response = await page.goto(url, { waitUntil: "load" });
  expect(response?.ok() ?? true).toBe(true);
  return v;
}

/** For each figure: its id, whether it has an <svg>, and how many data marks have a nonzero bounding box. */
async function charts(page: Page) {
  return page.$$eval("figure.chart", (figures) =>
    figures.map((f) => {
      const svg = f.querySelector("svg");
      // Vega draws the data marks in groups of role "mark" (axes, legends and titles have other roles).
      const marks = svg ? [...svg.querySelectorAll("g.role-mark > path, g.role-mark > rect, g.role-mark > line")] : [];
      const visible = marks.filter((m) => {
        const b = (m as SVGGraphicsElement).getBBox();
        const r = m.getBoundingClientRect();
        return (b.width > 0 || b.height > 0) && (r.width > 0 || r.height > 0);
      });
      const box = svg?.getBoundingClientRect();
      return { id: f.getAttribute("data-chart"), svg: !!svg, marks: marks.length, visible: visible.length, width: box?.width ?? 0, height: box?.height ?? 0 };
    }),
  );
}

async function noOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe("the training report in Chromium", () => {
  it("requests nothing, logs no error, and draws every chart", async () => {
    const v = await open(join(OUT, "train", "index.html"));
    const found = await charts(v.page);
    // The charts the fixture calls for, derived from its data: the loss and regularization loss, one per
    // metric, one per schedule, one histogram per weight, the norms.
    const schedules = Object.keys(history.history[0]!.coefficients);
    const expected = ["loss", "reg-loss", ...history.metrics.map((m) => `metric-${m}`), ...schedules.map((s) => `schedule-${s}`), ...history.weights.map((w) => `hist-${w.layer}/${w.weight}`), "norms"];
    expect(found.map((c) => c.id).sort()).toEqual(expected.sort());
    for (const c of found) {
      expect(c.svg, c.id!).toBe(true);
      expect(c.visible, `${c.id} has visible marks`).toBeGreaterThan(0);
      expect(c.width, c.id!).toBeGreaterThan(200);
      expect(c.height, c.id!).toBeGreaterThan(100);
    }
    expect(await v.page.locator("h1").textContent()).toBe(history.model);
    expect(await v.page.locator(".source code").textContent()).toBe(history.source);
    expect(await noOverflow(v.page)).toBe(true);
    await v.page.screenshot({ path: join(OUT, "train.png"), fullPage: true });
    // Each section alone too, at full resolution, to look at closely.
    for (const id of ["curves", "schedules", "weights"]) await v.page.locator(`#${id}`).screenshot({ path: join(OUT, `train-${id}.png`) });
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(v.failed).toEqual([]);
    await v.page.close();
  });

  it("fits a narrow screen", async () => {
    const v = await open(join(OUT, "train", "index.html"), { width: 400, height: 800 });
    expect(await noOverflow(v.page)).toBe(true);
    // Charts keep a readable size and scroll sideways inside their card; the page itself does not.
    const plots = await v.page.$$eval(".plot", (ps) =>
      ps.map((p) => {
        const svg = p.querySelector("svg")!;
        return { box: p.getBoundingClientRect().width, svg: svg.getBoundingClientRect().width, natural: svg.viewBox.baseVal.width };
      }),
    );
    expect(plots.length).toBeGreaterThan(0);
    for (const p of plots) {
      expect(p.box).toBeLessThanOrEqual(400);
      expect(p.svg).toBeGreaterThanOrEqual(0.75 * p.natural - 1);
    }
    await v.page.screenshot({ path: join(OUT, "train-narrow.png"), fullPage: false });
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([]);
    await v.page.close();
  });
});

describe("the report of a real `regc train --report` run in Chromium", () => {
  it("draws the run's history.json: every chart it calls for, nothing requested, no error", async () => {
    const dir = tempDir("regc-report-train-");
    const r = regc(["train", "test/fixtures/report/moons-decay.reg", "--epochs", "30", "--seed", "1", "--out", join(dir, "out"), "--report", join(dir, "report")]);
    expect(r.stderr + r.stdout).toContain(`wrote ${join(dir, "report", "index.html")}`);
    expect(r.status).toBe(0);
    const run: TrainResult = JSON.parse(readFileSync(join(dir, "out", "history.json"), "utf8"));
    expect(run.history).toHaveLength(30);
    const v = await open(join(dir, "report", "index.html"));
    const found = await charts(v.page);
    const schedules = Object.keys(run.history[0]!.coefficients);
    const expected = ["loss", "reg-loss", ...run.metrics.map((m) => `metric-${m}`), ...schedules.map((s) => `schedule-${s}`), ...run.weights.map((w) => `hist-${w.layer}/${w.weight}`), "norms"];
    expect(found.map((c) => c.id).sort()).toEqual(expected.sort());
    for (const c of found) expect(c.visible, `${c.id} has visible marks`).toBeGreaterThan(0);
    await v.page.screenshot({ path: join(OUT, "real-train.png"), fullPage: true });
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(v.failed).toEqual([]);
    await v.page.close();
  });
});

describe("the sweep report in Chromium", () => {
  it("requests nothing, logs no error, draws every chart and marks the best row", async () => {
    const v = await open(join(OUT, "sweep", "index.html"));
    const found = await charts(v.page);
    expect(found.map((c) => c.id)).toEqual(["sweep-metric", "sweep-loss", "sweep-curves"]);
    for (const c of found) {
      expect(c.svg, c.id!).toBe(true);
      expect(c.visible, `${c.id} has visible marks`).toBeGreaterThan(0);
    }
    // The x axis labels of the metric chart are the swept values, in exponent form on the log axis.
    const labels = await v.page.$$eval('figure[data-chart="sweep-metric"] g.role-axis-label text', (ts) => ts.map((t) => t.textContent));
    for (const p of sweepFile.points) expect(labels).toContain(p.value.toExponential());
    const rows = await v.page.$$eval("tbody tr", (trs) => trs.map((tr) => ({ best: tr.classList.contains("best"), first: tr.querySelector("td")!.textContent })));
    expect(rows).toHaveLength(sweepFile.points.length);
    expect(rows.filter((r) => r.best)).toHaveLength(1);
    expect(rows.findIndex((r) => r.best)).toBe(sweepFile.points.findIndex((p) => p.value === sweepFile.best));
    expect(await noOverflow(v.page)).toBe(true);
    await v.page.screenshot({ path: join(OUT, "sweep.png"), fullPage: true });
    for (const id of ["results", "charts"]) await v.page.locator(`#${id}`).screenshot({ path: join(OUT, `sweep-${id}.png`) });
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(v.failed).toEqual([]);
    await v.page.close();
  });
});
