// Prints the size of the built dashboard (../pb_public): each file as built and
// gzipped (level 9, as webui serves it, compressed once), and the JS + CSS total,
// the "bundle" figure of BENCHMARKS.md. Run after `npm run build`: `npm run size`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, extname } from "node:path";
import { gzipSync } from "node:zlib";

const root = new URL("../../pb_public/", import.meta.url).pathname;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KB";
let raw = 0, gz = 0, bundle = 0;
const rows = files(root).sort().map((path) => {
  const body = readFileSync(path);
  const zipped = gzipSync(body, { level: 9 }).length;
  raw += body.length;
  gz += zipped;
  if ([".js", ".css"].includes(extname(path))) bundle += zipped;
  return `${kb(body.length)} ${kb(zipped)}  ${relative(root, path)}`;
});
console.log("   built  gzipped  file");
console.log(rows.join("\n"));
console.log(`${kb(raw)} ${kb(gz)}  all files`);
console.log(`bundle (JS + CSS, gzipped): ${kb(bundle).trim()}`);
