// Session lifetime: the SDK's auth store holds the token (localStorage); this module
// validates it on start, notices expiry, and says why the login page is showing.
import { pb, logout, authCollection } from "./pb";
import { preloadsSettled } from "./data";

let note = "";

/** Why the user is on the login page ("" for a plain visit), read once. */
export function takeLoginNote() {
  const n = note;
  note = "";
  return n;
}

/** Ends the session because it expired or was revoked. */
export function expire(message = "Your session expired. Please sign in again.") {
  if (!pb.authStore.token) return;
  note = message;
  logout();
}

/** Drops a stored token that expired while the tab was closed (call before the first render). */
export function checkStoredSession() {
  if (pb.authStore.token && !pb.authStore.isValid) expire();
}

/**
 * Starts watching the session: refreshes the auth record (role changes, deactivation;
 * once the first page's preloaded requests are answered, so that it does not hold one
 * of the browser's connections before them) and checks the token's expiry every 20 s.
 * Returns a stop function.
 */
export function watchSession() {
  preloadsSettled().then(() => {
    if (!pb.authStore.isValid) return;
    pb.collection(authCollection())
      .authRefresh()
      .catch((err) => {
        if ([401, 403, 404].includes(err.status)) expire("Your session is no longer valid. Please sign in again.");
      });
  });
  const id = setInterval(() => {
    if (pb.authStore.token && !pb.authStore.isValid) expire();
  }, 20000);
  // Any API call answered 401 means the session is gone.
  const prev = pb.afterSend;
  pb.afterSend = function (response, data) {
    if (response.status === 401 && pb.authStore.token && !response.url.includes("/auth-with-password") && !response.url.includes("/api/auth/telegram")) {
      expire();
    }
    return prev ? prev(response, data) : data;
  };
  return () => {
    clearInterval(id);
    pb.afterSend = prev;
  };
}
