// A tiny history router: paths like /bots/abc, links without reloads.
import { useEffect, useState } from "preact/hooks";

const listeners = new Set();

/** Goes to path (pushState) and re-renders every useRoute user. */
export function navigate(path, { replace = false } = {}) {
  if (path === location.pathname + location.search) return;
  history[replace ? "replaceState" : "pushState"](null, "", path);
  listeners.forEach((fn) => fn(location.pathname));
  window.scrollTo(0, 0);
}

window.addEventListener("popstate", () => listeners.forEach((fn) => fn(location.pathname)));

/** The current path, kept up to date. */
export function useRoute() {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    listeners.add(setPath);
    return () => listeners.delete(setPath);
  }, []);
  return path;
}

/**
 * Matches path against a pattern with :params ("/bots/:id"); returns the params or null.
 */
export function match(pattern, path) {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(":")) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

/** An <a> that navigates without a reload (modifier clicks open new tabs as usual). */
export function Link({ href, children, ...rest }) {
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
    if (rest.onNavigate) rest.onNavigate();
  };
  const { onNavigate, ...props } = rest;
  return (
    <a href={href} onClick={onClick} {...props}>
      {children}
    </a>
  );
}
