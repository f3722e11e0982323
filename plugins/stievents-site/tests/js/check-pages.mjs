// Load pages of a built site in headless Chromium (puppeteer-core) and report what went wrong on each:
// console errors, uncaught exceptions, failed or 4xx/5xx requests, dialogs (script that should never run),
// and, for the pages asked, every axe-core violation.
// Usage: node check-pages.mjs < REQUEST.json
//   REQUEST: {"chromium": PATH, "base": URL ending with /, "pages": [PATH...], "axe": [PATH...], "sandbox": BOOL}
// Prints {"pages": {PATH: {"status", "contentType", "lang", "title", "headings": [[LEVEL, TEXT]...],
//   "links": [[NAME, URL]...], "text" (the axe pages' visible text), "problems": [TEXT...], "violations": [{id, impact, help, nodes}...] or null}}}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const request = JSON.parse(readFileSync(0, "utf8"));
const axePages = new Set(request.axe || []);
const CONCURRENCY = 4;

const browser = await puppeteer.launch({
  executablePath: request.chromium,
  headless: true,
  args: [
    ...(request.sandbox ? [] : ["--no-sandbox"]),
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

// One tab per worker, reused from page to page (a new tab per page costs more than the page).
async function newTab() {
  const page = await browser.newPage();
  page.problems = [];
  page.on("console", (message) => {
    const where = message.location();
    if (message.type() === "error" && !(where && where.url && ignored(where.url))) {
      page.problems.push(`console error: ${message.text()}${where && where.url ? ` (${where.url})` : ""}`);
    }
  });
  page.on("pageerror", (error) => page.problems.push(`uncaught exception: ${error.message}`));
  page.on("requestfailed", (req) => {
    if (!ignored(req.url())) page.problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400 && !ignored(response.url())) {
      page.problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  page.on("dialog", async (dialog) => {
    page.problems.push(`a dialog opened (script ran): ${dialog.type()} ${JSON.stringify(dialog.message())}`);
    await dialog.dismiss();
  });
  return page;
}

// The browser asks every new origin for /favicon.ico on its own; the site need not have one.
function ignored(url) {
  return url.startsWith("http") && new URL(url).pathname === "/favicon.ico";
}

// What a screen reader user meets first: the language, the title, the headings and the links' names.
function outline() {
  const name = (element) => (element.getAttribute("aria-label") || element.textContent || "").replace(/\s+/g, " ").trim();
  return {
    lang: document.documentElement.getAttribute("lang"),
    title: document.title,
    headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => [Number(h.tagName[1]), name(h)]),
    links: [...document.querySelectorAll("a[href]")].map((a) => [name(a), a.href]),
  };
}

async function check(page, path) {
  const problems = [];
  page.problems = problems;
  const result = { status: null, contentType: null, problems, violations: null };
  try {
    const response = await page.goto(request.base + path, { waitUntil: "load", timeout: 60000 });
    result.status = response ? response.status() : null;
    result.contentType = response ? response.headers()["content-type"] || null : null;
    Object.assign(result, await page.evaluate(outline));
    if (axePages.has(path)) {
      result.text = await page.evaluate(() => document.body.innerText);
      await page.evaluate(axeSource);
      const report = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      result.violations = report.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary || "" })),
      }));
    }
  } catch (error) {
    problems.push(`cannot load: ${error.message}`);
  }
  return result;
}

const pages = {};
const queue = [...request.pages];
async function worker() {
  const page = await newTab();
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    pages[path] = await check(page, path);
  }
  await page.close();
}
try {
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ pages }));
