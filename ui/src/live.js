// Realtime: one SSE connection for the whole app (the SDK's; every page and card
// subscribes through it), the custom topics of DESIGN.md §6, record subscriptions, and
// the connection state shown as the Live badge. The SDK reconnects by itself after a
// server restart and re-sends the subscriptions; pages refetch on reconnect
// (onReconnect) to fill the gap.
//
// A page the browser hides (pagehide: another page loaded, or kept in the back/forward
// cache; freeze: a frozen background tab) closes its connection, and a page shown again
// (pageshow from that cache, resume) reopens it with the same subscriptions. Otherwise
// cached pages keep their streams open, and HTTP/1.1 allows a browser 6 connections
// per host: after a few loads by address, new pages wait for a free one.
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

let suspended = false;

/** Closes the connection of a hidden page; the subscriptions stay for resume. */
function suspend() {
  if (!started || suspended) return;
  suspended = true;
  clearTimeout(offlineTimer);
  const rt = pb.realtime;
  const onDisconnect = rt.onDisconnect;
  rt.onDisconnect = undefined; // closing on purpose: no "Reconnecting…"
  // disconnect() keeps the subscriptions (unsubscribe() would drop every page's).
  if (typeof rt.disconnect === "function") rt.disconnect();
  rt.onDisconnect = onDisconnect;
  setState("connecting");
}

/** Reopens the connection of a page shown again; PB_CONNECT refetches what was missed. */
function resume() {
  if (!suspended) return;
  suspended = false;
  if (!started) return;
  if (typeof pb.realtime.connect === "function") pb.realtime.connect().catch(() => setState("offline"));
}

if (typeof window !== "undefined") {
  window.addEventListener("pagehide", suspend);
  window.addEventListener("pageshow", (e) => e.persisted && resume());
  document.addEventListener("freeze", suspend);
  document.addEventListener("resume", resume);
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
 * subscription pass {collection: COL.botStatus} instead of a topic.
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
