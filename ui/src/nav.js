// The dashboard's pages: one line each. The sidebar shows the entries with a label.
// The Overview and the fleet's lists (Bots, Groups, Channels) come with the app shell;
// every other page is its own chunk (lazypage.jsx).
import { Overview } from "./pages/overview";
import { Bots } from "./pages/bots";
import { Groups } from "./pages/groups";
import { Channels } from "./pages/channels";
import { lazyPage } from "./lazypage";

const BotDetail = lazyPage(() => import("./pages/botdetail"), "BotDetail");
const GroupDetail = lazyPage(() => import("./pages/groupdetail"), "GroupDetail");
const Commands = lazyPage(() => import("./pages/commands"), "Commands");
const Logs = lazyPage(() => import("./pages/logs"), "Logs");
const Settings = lazyPage(() => import("./pages/settings"), "Settings");
const Audit = lazyPage(() => import("./pages/audit"), "Audit");
const Analytics = lazyPage(() => import("./pages/analytics"), "Analytics");

/** Routes in match order: pattern, page component, and (for the sidebar) label and icon. */
export const ROUTES = [
  { pattern: "/", page: Overview, label: "Overview", icon: "home", title: "Overview" },
  { pattern: "/analytics", page: Analytics, label: "Analytics", icon: "chart", title: "Analytics" },
  { pattern: "/bots", page: Bots, label: "Bots", icon: "bot", title: "Bots" },
  { pattern: "/bots/:id", page: BotDetail, title: "Bot", parent: "/bots" },
  { pattern: "/groups", page: Groups, label: "Groups", icon: "shield", title: "Groups" },
  { pattern: "/groups/:id", page: GroupDetail, title: "Group", parent: "/groups" },
  { pattern: "/channels", page: Channels, label: "Channels", icon: "radio", title: "Channels" },
  { pattern: "/commands", page: Commands, label: "Commands", icon: "terminal", title: "Commands" },
  { pattern: "/logs", page: Logs, label: "Logs", icon: "list", title: "Logs" },
  { pattern: "/audit", page: Audit, label: "Audit", icon: "file", title: "Audit log" },
  { pattern: "/settings", page: Settings, label: "Settings", icon: "gear", title: "Settings" },
];

/** The sidebar entries. */
export const NAV = ROUTES.filter((r) => r.label);
