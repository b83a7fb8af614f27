// Entry point: the smallest start. Signed in on the Overview, its first requests leave
// at once (overviewdata.js), while the app shell and the Overview's code load and run
// (their own chunk).
import { pb } from "./pb";
import { checkStoredSession } from "./session";
import { preloadOverview } from "./overviewdata";
import "./styles.css";

checkStoredSession();
const app = import("./app"); // asked first: its chunk does not wait behind the API requests
if (pb.authStore.isValid && (location.pathname === "/" || location.pathname === "/login")) preloadOverview();
app.then(({ mount }) => mount(document.getElementById("app")));
