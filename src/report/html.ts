// The report page: one self-contained HTML file (inline CSS and SVG, nothing fetched; the Content
// Security Policy forbids any request). Every string from the spec or the results is escaped here.

export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export interface Figure {
  id: string;
  title: string;
  caption: string;
  svg: string;
  half?: boolean;
}

/**
 * Vega numbers its clip paths and gradients with counters global to the process: renumbered per page
 * (prefix + order of appearance), the page is the same bytes whatever was drawn before, and ids stay
 * unique among the page's SVGs.
 */
export function renumberIds(svg: string, counter: { n: number }): string {
  const ids = new Map<string, string>();
  return svg.replace(/(id="|#)((?:p_)?(?:clip|gradient_)\d+)(?=["')])/g, (_, lead: string, id: string) => {
    let to = ids.get(id);
    if (to === undefined) ids.set(id, (to = `regc-def-${++counter.n}`));
    return lead + to;
  });
}

export function figure(f: Figure): string {
  const width = /^<svg[^>]*\swidth="([\d.]+)"/.exec(f.svg)?.[1];
  // Vega's SVG: drop the fixed size so it scales to the column (the viewBox keeps its proportions).
  const svg = f.svg.replace(/^<svg([^>]*?)\swidth="[\d.]+"\sheight="[\d.]+"/, `<svg$1 role="img" aria-label="${esc(f.title)}"`);
  return `<figure class="chart${f.half ? " half" : ""}" data-chart="${esc(f.id)}">
<figcaption><span class="chart-title">${esc(f.title)}</span><span class="chart-caption">${esc(f.caption)}</span></figcaption>
<div class="plot"${width ? ` style="--w:${width}px"` : ""}>${svg}</div>
</figure>`;
}

export function section(id: string, title: string, body: string, intro?: string): string {
  return `<section id="${esc(id)}">
<h2>${esc(title)}</h2>${intro ? `\n<p class="intro">${intro}</p>` : ""}
${body}
</section>`;
}

export function grid(items: string[]): string {
  return `<div class="grid">\n${items.join("\n")}\n</div>`;
}

export function page(o: { title: string; kicker: string; heading: string; source: string; facts: [string, string][]; banner?: string; nav: [string, string][]; body: string; version: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="regc ${esc(o.version)}">
<title>${esc(o.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top">
<div class="wrap">
<p class="kicker">${esc(o.kicker)}</p>
<h1>${esc(o.heading)}</h1>
<p class="source">from <code>${esc(o.source)}</code></p>
<dl class="facts">
${o.facts.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join("\n")}
</dl>
<nav>${o.nav.map(([id, label]) => `<a href="#${esc(id)}">${esc(label)}</a>`).join("")}</nav>
</div>
</header>
<main class="wrap">
${o.banner ?? ""}
${o.body}
</main>
<footer class="wrap">Written by regc ${esc(o.version)}. Charts drawn with Vega-Lite; this page needs no network.</footer>
</body>
</html>
`;
}

const CSS = `
:root { --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --bg: #f8fafc; --card: #ffffff; --accent: #2563eb; --best: #16a34a; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.wrap { max-width: 1160px; margin: 0 auto; padding: 0 24px; }
header.top { background: var(--card); border-bottom: 1px solid var(--line); padding: 28px 0 0; margin-bottom: 8px; }
.kicker { margin: 0; color: var(--accent); font-size: 12px; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; }
h1 { margin: 4px 0 2px; font-size: 30px; line-height: 1.2; font-weight: 700; overflow-wrap: anywhere; }
.source { margin: 0 0 16px; color: var(--muted); }
code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f1f5f9; padding: 1px 6px; border-radius: 4px; color: var(--ink); overflow-wrap: anywhere; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 0 0 18px; }
.facts div { min-width: 0; }
.facts dt { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .06em; }
.facts dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
nav { display: flex; flex-wrap: wrap; gap: 4px 20px; border-top: 1px solid var(--line); padding: 10px 0; }
nav a { color: var(--muted); text-decoration: none; font-size: 13px; font-weight: 500; }
nav a:hover { color: var(--accent); }
section { margin: 28px 0 8px; }
h2 { font-size: 19px; margin: 0 0 4px; }
h3 { font-size: 15px; margin: 22px 0 8px; color: #334155; }
.intro { margin: 0 0 14px; color: var(--muted); max-width: 75ch; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.chart { grid-column: 1 / -1; margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px 10px; min-width: 0; }
.chart.half { grid-column: auto; }
figcaption { display: flex; flex-direction: column; margin-bottom: 6px; }
.chart-title { font-weight: 600; overflow-wrap: anywhere; }
.chart-caption { color: var(--muted); font-size: 13px; }
.plot { max-width: var(--w, 100%); }
.plot svg { display: block; width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; background: var(--card); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; font-variant-numeric: tabular-nums; }
.table { overflow-x: auto; border-radius: 10px; }
th, td { padding: 8px 14px; text-align: right; border-bottom: 1px solid var(--line); white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
th { background: #f1f5f9; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: #475569; font-weight: 600; }
tbody tr:last-child td { border-bottom: 0; }
td.name { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
td .pm { color: var(--muted); }
td .trials { color: var(--muted); font-size: 13px; }
tr.best td { background: #f0fdf4; font-weight: 600; }
.badge { display: inline-block; margin-left: 8px; padding: 0 8px; border-radius: 999px; background: var(--best); color: #fff; font-size: 11px; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; vertical-align: 1px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .06em; }
.card .value { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .sub { color: var(--muted); font-size: 13px; }
.card.train .value { color: #1d4ed8; }
.card.test .value { color: #c2410c; }
.banner { margin: 20px 0 0; padding: 10px 14px; border-radius: 8px; border: 1px solid #fed7aa; background: #fff7ed; color: #9a3412; }
.banner.error { border-color: #fecaca; background: #fef2f2; color: #991b1b; }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 12px; padding-top: 24px; padding-bottom: 32px; }
@media (max-width: 820px) { .grid { grid-template-columns: minmax(0, 1fr); } .wrap { padding: 0 14px; } h1 { font-size: 24px; } }
/* On a phone a chart keeps 3/4 of its size, to stay readable, and scrolls sideways in its card. */
@media (max-width: 600px) { .plot { overflow-x: auto; } .plot svg { min-width: calc(var(--w, 600px) * 0.75); } }
`.trim();
