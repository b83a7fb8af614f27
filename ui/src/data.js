// useLoad: fetch on mount (and on deps change), optional polling, manual reload; the
// last good data stays on screen while a reload runs or fails.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { pb } from "./pb";

const preloads = new Map(); // key → promise of a load started before its page rendered
let preloading = Promise.resolve(); // settles when every preload started so far has

/**
 * Starts load() at once (before the page that shows it has rendered: its requests leave
 * while the dashboard still starts) and keeps its promise under key for the first load
 * of every useLoad given options.preload = key. Returns the promise.
 */
export function preload(key, load) {
  let p;
  try {
    p = Promise.resolve(load());
  } catch (err) {
    p = Promise.reject(err);
  }
  p.catch(() => {}); // a failure goes to the useLoad that takes it, not to the console
  preloads.set(key, p);
  preloading = Promise.allSettled([preloading, p]);
  return p;
}

/** A promise that settles once every preload started so far has (at once if none). */
export function preloadsSettled() {
  return preloading;
}

/** The promise preload(key, …) started, if it is still kept. */
export function preloaded(key) {
  return preloads.get(key);
}

/**
 * Drops every preload (a page calls it once its cards took theirs): every later load,
 * on this page or another, asks the server afresh.
 */
export function endPreloads() {
  preloads.clear();
}

/**
 * Runs load() and tracks {data, error, loading}. options.interval (ms) polls while the
 * tab is visible. options.preload names a preload(key, …) whose promise stands in for
 * the first load, when there is one. Returns {data, error, loading, reload, setData}.
 */
export function useLoad(load, deps = [], { interval = 0, preload: preloadKey = "" } = {}) {
  const [st, setSt] = useState({ data: undefined, error: null, loading: true });
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const preKey = useRef(preloadKey);

  const reload = useCallback(() => {
    const my = ++seq.current;
    const pre = preKey.current && preloads.get(preKey.current);
    preKey.current = ""; // the first load only
    setSt((s) => ({ ...s, loading: true }));
    return (pre || Promise.resolve().then(() => loadRef.current()))
      .then(
        (data) => my === seq.current && setSt({ data, error: null, loading: false }),
        (error) => {
          if (my !== seq.current) return;
          if (error && error.status === 401) pb.authStore.clear(); // session over: back to login
          setSt((s) => ({ ...s, error, loading: false }));
        },
      );
  }, []);

  useEffect(() => {
    reload();
  }, deps);

  useEffect(() => {
    if (!interval) return;
    const id = setInterval(() => document.visibilityState === "visible" && reload(), interval);
    return () => clearInterval(id);
  }, [interval, reload]);

  const setData = useCallback((f) => setSt((s) => ({ ...s, data: typeof f === "function" ? f(s.data) : f })), []);
  return { ...st, reload, setData };
}

/** Re-renders every `ms` (for "5m ago" labels). */
export function useTick(ms = 15000) {
  const [, set] = useState(0);
  useEffect(() => {
    const id = setInterval(() => set((n) => n + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
}
