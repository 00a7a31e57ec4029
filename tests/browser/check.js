// Browser checks of a built site, driven by tests/site_browser.rs:
//   node check.js CHROMIUM SITE_DIR MODE PAGE...
// MODE is one of:
//   layout  - at 390x844 (JS on and off): no horizontal page scroll, every chart within its card and its
//             text >= 10 px on screen; at 1280x800: no table wider than the page's main column, no chart
//             shown above 1.3 times its drawn size; no console errors
//   axe     - axe-core on each page, light and dark colour scheme: 0 violations
//   js      - sortable tables, filter boxes and the search page work (PAGE is ignored)
// Prints one line per problem and exits 1 when there is any.
"use strict";
const path = require("path");
const fs = require("fs");
const puppeteer = require("puppeteer-core");

const [chromium, site, mode, ...pages] = process.argv.slice(2);
const problems = [];
const url = (p) => "file://" + path.join(site, p);

async function open(browser, page, { width, height, js = true, scheme = "light" }) {
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  tab.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await tab.setJavaScriptEnabled(js);
  await tab.setViewport({ width, height });
  await tab.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
  await tab.goto(url(page), { waitUntil: "load" });
  return { tab, errors };
}

async function layout(browser) {
  for (const page of pages) {
    for (const js of [true, false]) {
      const { tab, errors } = await open(browser, page, { width: 390, height: 844, js });
      const r = await tab.evaluate(() => {
        const small = [];
        const wide = [];
        for (const svg of document.querySelectorAll("svg[viewBox]")) {
          const vb = svg.viewBox.baseVal;
          const box = svg.getBoundingClientRect();
          if (!vb || !vb.width || !box.width) continue;
          const scale = box.width / vb.width;
          // The chart fits its card (scaled to it, not cut or scrolled).
          const card = svg.closest("figure, .card") || svg.parentElement;
          const cs = getComputedStyle(card);
          const inner = card.getBoundingClientRect().right - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingRight);
          if (box.right > inner + 0.5) wide.push(`${svg.querySelector("title")?.textContent.slice(0, 40)} ends at ${Math.round(box.right)} px, its card at ${Math.round(inner)}`);
          for (const t of svg.querySelectorAll("text")) {
            const px = parseFloat(t.getAttribute("font-size") || getComputedStyle(t).fontSize) * scale;
            if (px < 9.95) { small.push(px.toFixed(1) + " px: " + t.textContent.slice(0, 30)); break; }
          }
        }
        return { width: document.documentElement.scrollWidth, small, wide };
      });
      const tag = `${page} (390 px, JS ${js ? "on" : "off"})`;
      if (r.width > 390) problems.push(`${tag}: page is ${r.width} px wide`);
      for (const s of r.small) problems.push(`${tag}: chart text ${s}`);
      for (const w of r.wide) problems.push(`${tag}: chart wider than its card: ${w}`);
      for (const e of errors) problems.push(`${tag}: console: ${e}`);
      await tab.close();
    }
    const { tab, errors } = await open(browser, page, { width: 1280, height: 800 });
    const wide = await tab.evaluate(() => {
      const main = document.querySelector("main").getBoundingClientRect();
      const out = [];
      for (const t of document.querySelectorAll("main table")) {
        const b = t.getBoundingClientRect();
        if (b.width && b.right > main.right + 1) out.push(`table "${(t.caption || t.tHead || t).textContent.trim().slice(0, 40)}" ends at ${Math.round(b.right)} px, main at ${Math.round(main.right)}`);
      }
      if (document.documentElement.scrollWidth > 1280) out.push(`page is ${document.documentElement.scrollWidth} px wide`);
      // Charts are drawn for the screen and shown at most 1.3 times that size (none blown up to a wide card).
      for (const svg of document.querySelectorAll("main svg[viewBox]")) {
        const vb = svg.viewBox.baseVal;
        const b = svg.getBoundingClientRect();
        if (vb && vb.width && b.width / vb.width > 1.31) out.push(`chart "${svg.querySelector("title")?.textContent.slice(0, 40)}" shown ${(b.width / vb.width).toFixed(2)} times its drawn size`);
      }
      return out;
    });
    for (const w of wide) problems.push(`${page} (1280 px): ${w}`);
    for (const e of errors) problems.push(`${page} (1280 px): console: ${e}`);
    await tab.close();
  }
}

async function axe(browser) {
  const source = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  for (const page of pages) {
    for (const scheme of ["light", "dark"]) {
      const { tab } = await open(browser, page, { width: 1280, height: 900, scheme });
      await tab.evaluate(source);
      const result = await tab.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      });
      for (const v of result) problems.push(`${page} (${scheme}): ${v}`);
      await tab.close();
    }
  }
}

async function js(browser) {
  // Sorting: the teams index sorted by "Done" puts the lowest completion first.
  let { tab, errors } = await open(browser, "teams/index.html", { width: 1280, height: 800 });
  const sorted = await tab.evaluate(() => {
    const th = [...document.querySelectorAll("table.data thead th")].find((t) => t.textContent.trim().startsWith("Done"));
    if (!th || !th.querySelector("button")) return "no sort button on Done";
    th.querySelector("button").click();
    const col = th.cellIndex;
    const vals = [...th.closest("table").tBodies[0].rows].map((r) => parseFloat(r.cells[col].textContent) || 0);
    const ok = vals.every((v, i) => i === 0 || vals[i - 1] <= v);
    return ok && th.getAttribute("aria-sort") === "ascending" ? "" : "not sorted ascending: " + vals.join(",");
  });
  if (sorted) problems.push("teams/index.html: sort: " + sorted);
  // Filtering: typing a team name leaves only that row.
  await tab.type("p.filter input", "checkout");
  const shown = await tab.evaluate(() => [...document.querySelectorAll("table.data tbody tr")].filter((r) => !r.hidden).map((r) => r.cells[0].textContent.trim()));
  if (shown.length !== 1 || shown[0] !== "Checkout") problems.push("teams/index.html: filter `checkout` shows " + JSON.stringify(shown));
  for (const e of errors) problems.push("teams/index.html: console: " + e);
  await tab.close();
  // A filter box on a level checklist and on an activity page.
  for (const page of ["levels/1.html", "activities/index.html", "teams/views/by-level.html", "activities/" + fs.readdirSync(path.join(site, "activities")).find((f) => f.endsWith(".html"))]) {
    ({ tab, errors } = await open(browser, page, { width: 1280, height: 800 }));
    if (!(await tab.$("p.filter input"))) problems.push(page + ": no filter box");
    for (const e of errors) problems.push(page + ": console: " + e);
    await tab.close();
  }
  // Search: from the header form of any page to results for teams and activities.
  ({ tab, errors } = await open(browser, "teams/checkout.html", { width: 1280, height: 800 }));
  await tab.type("#site-q", "build");
  await Promise.all([tab.waitForNavigation(), tab.click("form.search button")]);
  const results = await tab.evaluate(() => ({
    links: [...document.querySelectorAll("#search-results a")].map((a) => a.getAttribute("href")),
    nojs: document.getElementById("search-nojs").hidden,
  }));
  if (!results.links.some((h) => h.includes("activities/"))) problems.push("search `build`: no activity found: " + JSON.stringify(results.links));
  if (!results.nojs) problems.push("search: the no-JavaScript note is still shown");
  await tab.evaluate(() => { const i = document.getElementById("search-q"); i.value = ""; });
  await tab.type("#search-q", "checkout");
  const teams = await tab.evaluate(() => [...document.querySelectorAll("#search-results a")].map((a) => a.getAttribute("href")));
  if (!teams.includes("../teams/checkout.html")) problems.push("search `checkout`: " + JSON.stringify(teams));
  for (const e of errors) problems.push("search: console: " + e);
  await tab.close();
  // Without JavaScript the search page says where to look instead.
  ({ tab } = await open(browser, "search/index.html", { width: 1280, height: 800, js: false }));
  const note = await tab.evaluate(() => !document.getElementById("search-nojs").hidden);
  if (!note) problems.push("search without JavaScript: no note");
  await tab.close();
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--disable-background-networking"],
  });
  try {
    await { layout, axe, js }[mode](browser);
  } finally {
    await browser.close();
  }
  for (const p of problems) console.log(p);
  process.exit(problems.length ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
