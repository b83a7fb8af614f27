// useLoad: fetch on mount (and on deps change), optional polling, manual reload; the
// last good data stays on screen while a reload runs or fails.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { pb } from "./pb";

/**
 * Runs load() and tracks {data, error, loading}. options.interval (ms) polls while the
 * tab is visible. Returns {data, error, loading, reload, setData}.
 */
export function useLoad(load, deps = [], { interval = 0 } = {}) {
  const [st, setSt] = useState({ data: undefined, error: null, loading: true });
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const my = ++seq.current;
    setSt((s) => ({ ...s, loading: true }));
    return Promise.resolve()
      .then(() => loadRef.current())
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
