// The one PocketBase client of the dashboard, and helpers around its auth store.
import PocketBase, { ClientResponseError } from "pocketbase";
import { COL } from "./collections";

/** The SDK client; the dashboard is served by the same server it talks to. */
export const pb = new PocketBase(location.origin);
// Pages cancel nothing implicitly: several cards may load the same collection at once.
pb.autoCancellation(false);

/**
 * The signed-in admin_users record, or null. A PocketBase superuser (who may do
 * everything) is shown as an owner: role "owner", superuser true.
 */
export function currentUser() {
  if (!pb.authStore.isValid) return null;
  const r = pb.authStore.record;
  return r && r.collectionName === COL.superusers ? { ...r, role: "owner", superuser: true, full_name: r.email } : r;
}

/** The auth collection of the session: admin_users, or _superusers. */
export function authCollection() {
  const r = pb.authStore.record;
  return r && r.collectionName === COL.superusers ? COL.superusers : COL.adminUsers;
}

/**
 * Signs in with email and password: as a dashboard admin (admin_users) first, else as a
 * PocketBase superuser. A wrong password fails both with the admin_users 400.
 */
export async function signIn(email, password) {
  try {
    return await pb.collection(COL.adminUsers).authWithPassword(email, password);
  } catch (err) {
    if (err.status !== 400) throw err;
    try {
      return await pb.collection(COL.superusers).authWithPassword(email, password);
    } catch {
      throw err;
    }
  }
}

/** Whether the signed-in admin may change bots, groups, config (roles admin and owner). */
export function canWrite(user = currentUser()) {
  return !!user && (user.role === "admin" || user.role === "owner");
}

/**
 * Ends the session; the app shell goes back to the login page. Realtime is closed
 * first, so that no subscription update goes out without the auth it was made with.
 */
export function logout() {
  pb.realtime.unsubscribe().catch(() => {});
  pb.authStore.clear();
}

/**
 * A human message for a failed SDK call: the server's message (and the first field
 * message, if any), or a network hint.
 */
export function errorMessage(err) {
  if (!err) return "";
  if (err instanceof ClientResponseError) {
    if (err.isAbort) return "The request was cancelled.";
    if (err.status === 0) return "The server could not be reached. Check your connection.";
    if (err.status === 429) return "Too many attempts, wait a moment and try again.";
    const data = err.response || {};
    const fields = data.data && typeof data.data === "object" ? Object.values(data.data) : [];
    const detail = fields.find((f) => f && f.message);
    const msg = data.message || err.message || `Request failed (${err.status}).`;
    return detail && detail.message !== msg ? `${msg} ${detail.message}` : msg;
  }
  return err.message || String(err);
}

/** Whether err is "this route does not exist on the server" (a backend not deployed). */
export function isMissingRoute(err) {
  return err instanceof ClientResponseError && err.status === 404;
}

/** Calls an analytics function of DESIGN.md §3: GET /api/rpc/{name}?params. */
export function rpc(name, params = {}) {
  return pb.send(`/api/rpc/${name}`, { method: "GET", query: params });
}

/** Calls the bot manager: POST /api/functions/manage-bot {action, token}. */
export function manageBot(action, token) {
  return pb.send("/api/functions/manage-bot", { method: "POST", body: { action, token } });
}

/**
 * The groups each of the channels (enforced_channels record ids) protects, in one
 * request (GET /api/nezuko/channel-groups): {items: [{channel, groups: the first `limit`
 * by title as {id, title, group_id}, total}]}, one item per distinct id, in order.
 */
export function channelGroups(ids, limit) {
  return pb.send("/api/nezuko/channel-groups", { method: "GET", query: { channels: ids.join(","), limit } });
}

let schemaPromise = null;

/**
 * What the server checks, for forms to offer exactly that (GET /api/nezuko/schema):
 * {group_params: [{key, kind, values, min, max}], owner_only_config: [key],
 * default_warnings: {language: {action: text}}}. Loaded once;
 * a failure is retried on the next call.
 */
export function loadSchema() {
  if (!schemaPromise) {
    schemaPromise = pb.send("/api/nezuko/schema", { method: "GET" }).catch((err) => {
      schemaPromise = null;
      throw err;
    });
  }
  return schemaPromise;
}

/**
 * The bot's default warning text in a language (English when the schema lacks it) for
 * an action, from a loaded schema; "" until it has loaded.
 */
export function defaultWarning(schema, language, action) {
  const texts = (schema && schema.default_warnings) || {};
  return (texts[language] || texts.en || {})[action] || "";
}

/** The rule of one group params key from a loaded schema, or undefined. */
export function paramRule(schema, key) {
  return schema && (schema.group_params || []).find((r) => r.key === key);
}
