// Entry point: mounts the dashboard.
import { render } from "preact";
import { App } from "./app";
import { checkStoredSession } from "./session";
import "./styles.css";

checkStoredSession();
render(<App />, document.getElementById("app"));
