// The app shell: login when signed out; otherwise sidebar, top bar and the routed page.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { pb, currentUser, logout } from "./pb";
import { match, navigate, useRoute, Link } from "./router";
import { ROUTES, NAV } from "./nav";
import { watchSession } from "./session";
import { startLive, stopLive, useLiveState } from "./live";
import { useTheme } from "./theme";
import { Icon } from "./components/icons";
import { Toaster } from "./components/toast";
import { Login } from "./pages/login";
import { NotFound } from "./pages/notfound";

/** Renders the dashboard into el. */
export function mount(el) {
  render(<App />, el);
}

/**
 * The signed-in record as the app compares it: everything but the sign-in stamps
 * (last_login, updated), which every auth refresh moves.
 */
function userKey(u) {
  if (!u) return "";
  const { last_login, updated, ...shown } = u;
  return JSON.stringify(shown);
}

/**
 * Re-renders on every auth store change that changes the user (login, logout, expiry, a
 * refresh that brings a new role or name); a refresh that changes nothing else keeps
 * the page as it is, without drawing it again.
 */
function useAuth() {
  const [user, setUser] = useState(currentUser);
  useEffect(
    () =>
      pb.authStore.onChange(() => {
        const next = currentUser();
        setUser((prev) => (userKey(prev) === userKey(next) ? prev : next));
      }),
    [],
  );
  return user;
}

export function App() {
  const user = useAuth();
  const path = useRoute();
  useEffect(() => watchSession(), []);
  useEffect(() => {
    if (user) startLive();
    else stopLive();
  }, [!!user]);
  useEffect(() => {
    if (user && path === "/login") navigate("/", { replace: true });
  }, [user, path]);

  if (!user) {
    return (
      <>
        <Login />
        <Toaster />
      </>
    );
  }
  return (
    <>
      <Shell user={user} path={path} />
      <Toaster />
    </>
  );
}

function findRoute(path) {
  for (const r of ROUTES) {
    const params = match(r.pattern, path);
    if (params) return { route: r, params };
  }
  return null;
}

function Shell({ user, path }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const found = findRoute(path === "/login" ? "/" : path);
  const Page = found ? found.route.page : NotFound;
  useEffect(() => {
    document.title = (found ? found.route.title + " · " : "") + "Nezuko Dashboard";
  }, [found && found.route]);
  return (
    <div class={"shell" + (menuOpen ? " menu-open" : "")}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Sidebar user={user} path={path} found={found} onNavigate={() => setMenuOpen(false)} />
      <div class="scrim" onClick={() => setMenuOpen(false)} aria-hidden="true" />
      <div class="main-col">
        <header class="topbar">
          <button type="button" class="btn-icon menu-btn" aria-label="Open menu" aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)}>
            <Icon name="menu" />
          </button>
          <Breadcrumbs found={found} />
          <LiveBadge />
        </header>
        <main id="main" class="content" tabIndex={-1}>
          <Page {...(found ? found.params : {})} user={user} />
        </main>
      </div>
    </div>
  );
}

function Sidebar({ user, path, found, onNavigate }) {
  const active = found ? found.route.parent || found.route.pattern : "";
  return (
    <aside class="sidebar" aria-label="Sidebar">
      <Link href="/" class="brand" onNavigate={onNavigate}>
        <span class="brand-mark" aria-hidden="true">
          N
        </span>
        <span>
          <strong>Nezuko</strong>
          <small>Group protection</small>
        </span>
      </Link>
      <nav aria-label="Main">
        <ul>
          {NAV.map((n) => (
            <li key={n.pattern}>
              <Link href={n.pattern} class={"nav-item" + (active === n.pattern ? " active" : "")} aria-current={active === n.pattern ? "page" : undefined} onNavigate={onNavigate}>
                <Icon name={n.icon} />
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div class="sidebar-foot">
        <ThemeSwitch />
        <div class="user">
          <div class="avatar" aria-hidden="true">
            {(user.full_name || user.email || "?").slice(0, 1).toUpperCase()}
          </div>
          <div class="user-text">
            <span class="user-name">{user.full_name || user.email}</span>
            <span class="user-role">{user.superuser ? "superuser" : user.role}</span>
          </div>
          <button type="button" class="btn-icon" aria-label="Log out" title="Log out" onClick={logout}>
            <Icon name="logout" />
          </button>
        </div>
      </div>
    </aside>
  );
}

function ThemeSwitch() {
  const [theme, setTheme] = useTheme();
  const opts = [
    ["light", "sun", "Light"],
    ["dark", "moon", "Dark"],
    ["system", "monitor", "System"],
  ];
  return (
    <div class="segmented" role="radiogroup" aria-label="Theme">
      {opts.map(([v, icon, label]) => (
        <button key={v} type="button" role="radio" aria-checked={theme === v} aria-label={label + " theme"} title={label} class={theme === v ? "on" : ""} onClick={() => setTheme(v)}>
          <Icon name={icon} size={16} />
        </button>
      ))}
    </div>
  );
}

function Breadcrumbs({ found }) {
  const crumbs = [];
  if (found && found.route.parent) {
    const parent = ROUTES.find((r) => r.pattern === found.route.parent);
    crumbs.push(
      <Link key="p" href={parent.pattern}>
        {parent.title}
      </Link>,
    );
  }
  crumbs.push(<span key="c">{found ? found.route.title : "Not found"}</span>);
  return (
    <nav class="crumbs" aria-label="Breadcrumb">
      {crumbs.reduce((acc, c, i) => (i ? [...acc, <span key={"s" + i} aria-hidden="true" class="sep">/</span>, c] : [c]), [])}
    </nav>
  );
}

/** Live / Reconnecting / Offline, from the realtime connection. */
export function LiveBadge() {
  const state = useLiveState();
  const label = { live: "Live", connecting: "Connecting…", reconnecting: "Reconnecting…", offline: "Offline" }[state];
  return (
    <span class={"live live-" + state} role="status" aria-live="polite" data-testid="live-state" title="Realtime connection">
      <span class="live-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
