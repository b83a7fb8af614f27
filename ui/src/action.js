// useAction runs a form's, dialog's or button's write: busy while it runs, one at a
// time, and a failure either kept as the form's error message or toasted.
import { useState } from "preact/hooks";
import { errorMessage } from "./pb";
import { toast } from "./components/toast";

// useAction returns { busy, error, setError, run }. run(fn) clears the error, awaits
// fn and resolves true when it succeeded, false when it threw (the message then goes
// to error, or to a toast with { toastErrors: true }). explain turns an error into
// the message (default errorMessage).
export function useAction({ toastErrors = false, explain = errorMessage } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  async function run(fn) {
    setBusy(true);
    setError("");
    try {
      await fn();
      return true;
    } catch (err) {
      if (toastErrors) toast(explain(err), "error");
      else setError(explain(err));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
