// Toast notifications: toast("Saved") or toast(message, "error").
import { useEffect, useState } from "preact/hooks";

let seq = 0;
let items = [];
const listeners = new Set();

function emit() {
  listeners.forEach((fn) => fn(items));
}

/** Shows a short message for a few seconds. kind: success, error, info. */
export function toast(message, kind = "success") {
  const id = ++seq;
  items = [...items, { id, message, kind }];
  emit();
  setTimeout(() => {
    items = items.filter((t) => t.id !== id);
    emit();
  }, kind === "error" ? 7000 : 4000);
}

/** Where toasts render (once, in the app shell). */
export function Toaster() {
  const [list, setList] = useState(items);
  useEffect(() => {
    listeners.add(setList);
    return () => listeners.delete(setList);
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} class={"toast toast-" + t.kind}>
          {t.message}
        </div>
      ))}
    </div>
  );
}
