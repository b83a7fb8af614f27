// Entry point: the smallest start. Signed in on the Overview, its first requests leave
// at once (overviewdata.js), while the app shell and the Overview's code load and run
// (their own chunk); the other pages' chunks are fetched when idle 2 s after those
// requests, or when first shown.
import { pb } from "./pb";
import { checkStoredSession } from "./session";
import { preloadOverview } from "./overviewdata";
import { preloadsSettled } from "./data";
import "./styles.css";

/** How long after the first page's requests the other pages' chunks are fetched (when idle). */
const PREFETCH_AFTER_MS = 2000;

checkStoredSession();
const app = import("./app"); // asked first: its chunk does not wait behind the API requests
if (pb.authStore.isValid && (location.pathname === "/" || location.pathname === "/login")) preloadOverview();
app.then(({ mount }) => {
  mount(document.getElementById("app"));
  // Late enough not to compete with the first page's drawing or a first click.
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 0));
  preloadsSettled().then(() => setTimeout(() => idle(() => mount.prefetchPages()), PREFETCH_AFTER_MS));
});
