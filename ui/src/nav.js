// The dashboard's pages: one line each. The sidebar shows the entries with a label.
import { Overview } from "./pages/overview";
import { Bots } from "./pages/bots";
import { BotDetail } from "./pages/botdetail";
import { Groups } from "./pages/groups";
import { GroupDetail } from "./pages/groupdetail";
import { Commands } from "./pages/commands";
import { Logs } from "./pages/logs";
import { Channels } from "./pages/channels";
import { Settings } from "./pages/settings";
import { Audit } from "./pages/audit";
import { Analytics } from "./pages/analytics";

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
