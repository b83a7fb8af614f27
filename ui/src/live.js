// Realtime: one SSE connection (the SDK's), the custom topics of DESIGN.md §6, record
// subscriptions, and the connection state shown as the Live badge. The SDK reconnects
// by itself after a server restart and re-sends the subscriptions; pages refetch on
// reconnect (onReconnect) to fill the gap.
import { useEffect, useRef, useState } from "preact/hooks";
import { pb } from "./pb";

/** The custom topics (DESIGN.md §6). */
export const TOPICS = {
  verification: "dashboard/verification",
  botStatus: "bot_status/status_changed",
  command: "commands/command_updated",
  log: "logs/new_log",
};

/** How long a lost connection shows "Reconnecting" before it reads "Offline". */
const OFFLINE_AFTER_MS = 8000;

let state = "connecting"; // connecting | live | reconnecting | offline
let wasConnected = false;
let offlineTimer = 0;
const stateListeners = new Set();
const reconnectListeners = new Set();

function setState(s) {
  if (s === state) return;
  state = s;
  stateListeners.forEach((fn) => fn(s));
}

let started = false;
let stopConnectWatch = null;

/** Starts watching the connection (called once the admin is signed in). */
export function startLive() {
  if (started) return;
  started = true;
  setState("connecting");
  pb.realtime.onDisconnect = (active) => {
    if (!active || active.length === 0) return; // we unsubscribed ourselves
    setState("reconnecting");
    clearTimeout(offlineTimer);
    offlineTimer = setTimeout(() => state === "reconnecting" && setState("offline"), OFFLINE_AFTER_MS);
  };
  pb.realtime
    .subscribe("PB_CONNECT", () => {
      clearTimeout(offlineTimer);
      setState("live");
      if (wasConnected) reconnectListeners.forEach((fn) => fn());
      wasConnected = true;
    })
    .then((unsub) => (stopConnectWatch = unsub))
    .catch(() => setState("offline"));
}

/** Drops every subscription (logout). */
export function stopLive() {
  started = false;
  wasConnected = false;
  clearTimeout(offlineTimer);
  pb.realtime.onDisconnect = undefined;
  if (stopConnectWatch) stopConnectWatch().catch(() => {});
  stopConnectWatch = null;
  setState("connecting");
}

/** The connection state, kept up to date. */
export function useLiveState() {
  const [s, set] = useState(state);
  useEffect(() => {
    stateListeners.add(set);
    set(state);
    return () => stateListeners.delete(set);
  }, []);
  return s;
}

/** Calls fn after the realtime connection came back (refetch what may have been missed). */
export function useReconnect(fn) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const call = () => ref.current();
    reconnectListeners.add(call);
    return () => reconnectListeners.delete(call);
  }, []);
}

/**
 * Subscribes fn to a realtime topic while the component is mounted. For a record
 * subscription pass {collection: "bot_status"} instead of a topic.
 */
export function useSubscription(topic, fn) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    let cancelled = false;
    let unsub = null;
    const handler = (data) => !cancelled && ref.current(data);
    const p =
      typeof topic === "string"
        ? pb.realtime.subscribe(topic, handler)
        : pb.collection(topic.collection).subscribe(topic.record || "*", handler);
    p.then((u) => {
      if (cancelled) u().catch(() => {});
      else unsub = u;
    }).catch(() => {
      /* the connection watcher shows the problem; the SDK retries */
    });
    return () => {
      cancelled = true;
      if (unsub) unsub().catch(() => {});
    };
  }, [typeof topic === "string" ? topic : topic.collection + "/" + (topic.record || "*")]);
}
