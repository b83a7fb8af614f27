// Lighthouse scores of the dashboard's Overview and a group page, signed in, against a
// running `nezuko demo` (BENCHMARKS.md "Dashboard (front end)"). Needs lighthouse and
// puppeteer-core from npm and Debian's chromium:
//   npm install --prefix /tmp/lh lighthouse@12 puppeteer-core@23
//   ./nezuko demo --http=127.0.0.1:8097 &
//   NODE_PATH=/tmp/lh/node_modules node scripts/lighthouse.mjs http://127.0.0.1:8097
import { createRequire } from "node:module";
const require = createRequire(import.meta.url + "/../");
const base = process.argv[2] || "http://127.0.0.1:8097";
const load = async (name) => import(require.resolve(name, { paths: (process.env.NODE_PATH || "").split(":") }));
const puppeteer = (await load("puppeteer-core")).default;
const lighthouse = (await load("lighthouse")).default;
const desktop = (await import(require.resolve("lighthouse/core/config/desktop-config.js", { paths: (process.env.NODE_PATH || "").split(":") }))).default;

const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--remote-debugging-port=9333"],
});
const page = await browser.newPage();
await page.goto(base + "/login");
await page.type('input[name="email"]', "owner@nezuko.local");
await page.type('input[name="password"]', "nezuko-demo");
await Promise.all([page.waitForFunction(() => location.pathname !== "/login"), page.click('button[type="submit"]')]);
const groupId = await page.evaluate(async () => {
  const auth = JSON.parse(localStorage.getItem("pocketbase_auth"));
  const r = await fetch("/api/collections/protected_groups/records?perPage=1", { headers: { Authorization: auth.token } });
  return (await r.json()).items[0].id;
});
const out = [];
for (const [name, path] of [["Overview", "/"], ["Group", "/groups/" + groupId]]) {
  for (const [preset, config] of [["desktop", desktop], ["mobile", undefined]]) {
    const res = await lighthouse(base + path, { port: 9333, output: "json", logLevel: "error",
      onlyCategories: ["performance", "accessibility"], disableStorageReset: true }, config);
    const c = res.lhr.categories;
    out.push(`| ${name} | ${preset} | ${Math.round(c.performance.score * 100)} | ${Math.round(c.accessibility.score * 100)} |`);
    const failed = Object.values(res.lhr.audits).filter((a) => a.score !== null && a.score < 1 &&
      c.accessibility.auditRefs.some((r) => r.id === a.id)).map((a) => a.id);
    if (failed.length) out.push(`|   accessibility audits below 1: ${failed.join(", ")} | | | |`);
  }
}
await browser.close();
console.log("| page | preset | performance | accessibility |\n|---|---|---|---|\n" + out.join("\n"));
