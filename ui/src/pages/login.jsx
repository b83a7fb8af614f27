// The login page: email/password against admin_users (else _superusers), and the Telegram Login Widget
// (POST /api/auth/telegram) when the server has a login bot.
import { useEffect, useRef, useState } from "preact/hooks";
import { pb, errorMessage, signIn } from "../pb";
import { takeLoginNote } from "../session";
import { Icon } from "../components/icons";

/** The global the widget calls back (data-onauth); tests call it with a signed payload. */
const CALLBACK = "nezukoTelegramAuth";

export function Login() {
  const [note] = useState(takeLoginNote);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  useEffect(() => {
    document.title = "Sign in · Nezuko Dashboard";
  }, []);

  async function submit(e) {
    e.preventDefault();
    if (!email || !password) {
      setError("Enter your email and password.");
      return;
    }
    setBusy(true);
    setError("");
    try {
      await signIn(email, password);
    } catch (err) {
      setError(err.status === 400 ? "Wrong email or password, or the account is not active." : errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <div class="login-page">
      <main class="login-card" aria-labelledby="login-title">
        <div class="brand login-brand">
          <span class="brand-mark" aria-hidden="true">
            N
          </span>
          <span>
            <strong id="login-title">Nezuko Dashboard</strong>
            <small>Sign in to watch and steer your bots</small>
          </span>
        </div>
        {note && (
          <div class="alert alert-info" role="status">
            <Icon name="clock" />
            <span>{note}</span>
          </div>
        )}
        <form onSubmit={submit} class="form" noValidate>
          <label class="field">
            <span>Email</span>
            <input type="email" name="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>Password</span>
            <input type="password" name="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          {error && (
            <div class="alert alert-error" role="alert" data-testid="login-error">
              <Icon name="alert" />
              <span>{error}</span>
            </div>
          )}
          <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
        <TelegramLogin />
        <p class="muted small center">Active admin accounts and PocketBase superusers can sign in. No account yet? Run <code>./nezuko owner create EMAIL PASSWORD</code>.</p>
      </main>
    </div>
  );
}

/** The Telegram Login Widget, shown when GET /api/auth/telegram/config names a bot on Telegram's API. */
function TelegramLogin() {
  const [bot, setBot] = useState(null);
  const [state, setState] = useState("idle"); // idle | loading | ready | failed | signing
  const [error, setError] = useState("");
  const box = useRef(null);

  useEffect(() => {
    window[CALLBACK] = async (user) => {
      setState("signing");
      setError("");
      try {
        const res = await pb.send("/api/auth/telegram", { method: "POST", body: user });
        pb.authStore.save(res.token, res.record);
      } catch (err) {
        setError(errorMessage(err));
        setState("ready");
      }
    };
    // optional=1: "no login bot" is 200 {bot_username: ""}, not a 404 in the console;
    // widget false: the login bot is not on Telegram's API (the demo's fake bot), where
    // telegram.org's widget could only fail to load.
    pb.send("/api/auth/telegram/config", { method: "GET", query: { optional: 1 } })
      .then((cfg) => cfg && cfg.widget && cfg.bot_username && setBot(cfg.bot_username))
      .catch(() => setBot(null)); // an older server: email only
    return () => delete window[CALLBACK];
  }, []);

  useEffect(() => {
    if (!bot || !box.current) return;
    setState("loading");
    const s = document.createElement("script");
    s.async = true;
    s.src = "https://telegram.org/js/telegram-widget.js?22";
    s.dataset.telegramLogin = bot;
    s.dataset.size = "large";
    s.dataset.radius = "8";
    s.dataset.requestAccess = "write";
    s.dataset.onauth = CALLBACK + "(user)";
    s.onload = () => setState("ready");
    s.onerror = () => setState("failed");
    box.current.replaceChildren(s);
  }, [bot]);

  if (!bot) return null;
  return (
    <div class="tg-login" data-testid="telegram-login">
      <div class="divider">
        <span>or</span>
      </div>
      <div ref={box} class="tg-widget" hidden={state === "failed"} aria-label={`Log in with Telegram through @${bot}`} />
      {state === "failed" && <p class="muted small center">Failed to load Telegram Login. Please refresh the page.</p>}
      {state === "signing" && <p class="muted small center">Signing in with Telegram…</p>}
      {error && (
        <div class="alert alert-error" role="alert">
          <Icon name="alert" />
          <span>{error}</span>
        </div>
      )}
    </div>
  );
}
