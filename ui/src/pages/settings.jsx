// Settings: the server configuration (admin_config, JSON values; sensitive ones read
// "***" for non-owners), the webhook tester, appearance, and for owners the admin users.
import { useState } from "preact/hooks";
import { pb, canWrite, loadSchema } from "../pb";
import { useLoad } from "../data";
import { ago, dateTime } from "../format";
import { useTheme } from "../theme";
import { Card, PageHeader, Skeleton, Empty, ErrorBox, Badge, Dialog, Switch, SaveFooter } from "../components/ui";
import { Icon } from "../components/icons";
import { toast } from "../components/toast";
import { useAction } from "../action";
import { COL } from "../collections";

const MASK = "***";

export function Settings({ user }) {
  const writer = canWrite(user);
  const owner = user && user.role === "owner";
  return (
    <>
      <PageHeader title="Settings" subtitle="Server configuration, webhook check and who may use this dashboard." />
      <Config writer={writer} owner={owner} />
      <div class="grid-2">
        {writer && <WebhookTester />}
        <Appearance user={user} />
      </div>
      {owner && <AdminUsers me={user} />}
    </>
  );
}

function show(v) {
  return typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v);
}

function Config({ writer, owner }) {
  const res = useLoad(() => pb.collection(COL.adminConfig).getFullList({ sort: "key", expand: "updated_by" }), []);
  // Keys only owners change (which bot verifies Telegram logins, private webhook targets).
  const schema = useLoad(() => loadSchema(), []);
  const ownerOnly = (schema.data && schema.data.owner_only_config) || [];
  const [editing, setEditing] = useState(null);
  return (
    <Card id="config" title="Configuration" actions={<span class="muted small">The bots re-read changes within 30 s.</span>}>
      {res.error && !res.data ? (
        <ErrorBox error={res.error} onRetry={res.reload} prefix="Could not load the configuration:" />
      ) : !res.data ? (
        <Skeleton lines={6} />
      ) : res.data.length === 0 ? (
        <Empty icon="gear" title="No configuration keys" />
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="config-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
                <th scope="col" class="hide-sm">Description</th>
                <th scope="col" class="hide-sm">Changed</th>
                {writer && (
                  <th scope="col" class="right">
                    <span class="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {res.data.map((r) => {
                const trust = ownerOnly.includes(r.key);
                const locked = (r.is_sensitive || trust) && !owner;
                return (
                  <tr key={r.id} data-key={r.key}>
                    <td>
                      <code>{r.key}</code> {r.is_sensitive && <Badge tone="warn">sensitive</Badge>} {trust && <Badge tone="warn">owners only</Badge>}
                    </td>
                    <td data-testid="config-value">
                      <code>{r.value === MASK && locked ? MASK : show(r.value)}</code>
                    </td>
                    <td class="hide-sm muted small">{r.description}</td>
                    <td class="hide-sm muted small" title={dateTime(r.updated)}>
                      {ago(r.updated)}
                      {r.expand && r.expand.updated_by ? " by " + (r.expand.updated_by.full_name || r.expand.updated_by.email) : ""}
                    </td>
                    {writer && (
                      <td class="right">
                        {locked ? (
                          <span class="muted small" title={trust ? "Only owners change this setting" : "Only owners see and change sensitive values"}>
                            owner only
                          </span>
                        ) : (
                          <button type="button" class="btn btn-small btn-ghost" onClick={() => setEditing(r)} aria-label={`Edit ${r.key}`}>
                            Edit
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {writer && <ConfigDialog entry={editing} owner={owner} onClose={() => setEditing(null)} onSaved={res.reload} />}
    </Card>
  );
}

function ConfigDialog({ entry, owner, onClose, onSaved }) {
  const [text, setText] = useState(null);
  const [sensitive, setSensitive] = useState(null);
  const { busy, error, setError, run } = useAction();
  const value = text === null ? (entry ? JSON.stringify(entry.value, null, 2) : "") : text;
  const sens = sensitive === null ? !!(entry && entry.is_sensitive) : sensitive;
  function close() {
    setText(null);
    setSensitive(null);
    setError("");
    onClose();
  }
  async function save(e) {
    e.preventDefault();
    let parsed;
    try {
      parsed = JSON.parse(value);
    } catch {
      return setError('The value must be JSON: a number (600), true/false, a "string", an array or an object.');
    }
    await run(async () => {
      const body = { value: parsed };
      if (owner) body.is_sensitive = sens;
      await pb.collection(COL.adminConfig).update(entry.id, body);
      toast(`${entry.key} saved`);
      close();
      onSaved();
    });
  }
  return (
    <Dialog
      open={!!entry}
      title={entry ? `Edit ${entry.key}` : ""}
      onClose={close}
      footer={<SaveFooter formId="config-form" busy={busy} onCancel={close} />}
    >
      <form id="config-form" class="form" onSubmit={save}>
        {entry && entry.description && <p class="muted">{entry.description}</p>}
        <label class="field">
          <span>Value (JSON)</span>
          <textarea name="value" rows={4} spellcheck={false} value={value} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        {owner && <Switch checked={sens} onChange={setSensitive} label="Sensitive (shown as *** to admins and viewers)" />}
        {error && <ErrorBox error={{ message: error }} />}
      </form>
    </Dialog>
  );
}

function WebhookTester() {
  const [url, setUrl] = useState("");
  const { busy, error, setError, run } = useAction();
  const [out, setOut] = useState(null);
  async function test(e) {
    e.preventDefault();
    setError("");
    setOut(null);
    if (!/^https?:\/\//.test(url.trim())) return setError("Enter an http:// or https:// URL.");
    await run(async () => {
      setOut(await pb.send("/api/functions/test-webhook", { method: "POST", body: { url: url.trim() } }));
    });
  }
  return (
    <Card id="webhook" title="Webhook tester">
      <form class="form" onSubmit={test}>
        <label class="field">
          <span>URL</span>
          <div class="input-row">
            <input type="url" name="webhook_url" placeholder="https://example.com/telegram/webhook" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
            <button type="submit" class="btn btn-primary" disabled={busy}>
              <Icon name="send" /> {busy ? "Testing…" : "Test"}
            </button>
          </div>
          <small class="muted">Sends a test update (POST JSON) and reports the answer. Private addresses are refused unless webhook_test_allow_private is true.</small>
        </label>
      </form>
      {error && <ErrorBox error={{ message: error }} />}
      {out && (
        <div class={"alert " + (out.success ? "alert-info" : "alert-error")} role="status" data-testid="webhook-result">
          <Icon name={out.success ? "check" : "alert"} />
          <span>
            {out.success ? "Reachable" : "Failed"}: HTTP {out.status || "no answer"} in {out.latency_ms} ms{out.error ? ` — ${out.error}` : ""}
          </span>
        </div>
      )}
    </Card>
  );
}

function Appearance({ user }) {
  const [theme, setTheme] = useTheme();
  return (
    <Card id="appearance" title="Appearance and account">
      <div class="segmented" role="radiogroup" aria-label="Theme (settings)">
        {[
          ["light", "Light"],
          ["dark", "Dark"],
          ["system", "System"],
        ].map(([v, l]) => (
          <button key={v} type="button" role="radio" aria-checked={theme === v} class={theme === v ? "on" : ""} onClick={() => setTheme(v)}>
            {l}
          </button>
        ))}
      </div>
      <dl class="props" style={{ marginTop: "12px" }}>
        <dt>Signed in as</dt>
        <dd>{user.full_name || user.email}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>
          <Badge tone="info">{user.role}</Badge>
        </dd>
        <dt>Telegram</dt>
        <dd data-testid="my-telegram">
          {user.telegram_id ? (
            <code>{user.telegram_id}</code>
          ) : user.superuser ? (
            <span class="muted">none (superusers sign in with email and password)</span>
          ) : user.role === "owner" ? (
            <span class="muted">not linked; set your Telegram id under Admin users below</span>
          ) : (
            <span class="muted">not linked (ask an owner)</span>
          )}
        </dd>
      </dl>
    </Card>
  );
}

const ROLES = ["viewer", "admin", "owner"];

function AdminUsers({ me }) {
  const res = useLoad(() => pb.collection(COL.adminUsers).getFullList({ sort: "email" }), []);
  const [inviting, setInviting] = useState(false);
  const [tgEdit, setTgEdit] = useState(null);
  const { run } = useAction({ toastErrors: true });
  const update = (u, body, msg) =>
    run(async () => {
      await pb.collection(COL.adminUsers).update(u.id, body);
      toast(msg);
      res.reload();
    });
  return (
    <Card
      id="admins"
      title="Admin users"
      actions={
        <button type="button" class="btn btn-primary btn-small" onClick={() => setInviting(true)}>
          <Icon name="plus" /> Invite
        </button>
      }
    >
      {res.error && !res.data ? (
        <ErrorBox error={res.error} onRetry={res.reload} />
      ) : !res.data ? (
        <Skeleton lines={3} />
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="admins-table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Active</th>
                <th scope="col" class="hide-sm">Telegram id</th>
                <th scope="col" class="hide-sm">Last login</th>
              </tr>
            </thead>
            <tbody>
              {res.data.map((u) => {
                const self = u.id === me.id;
                return (
                  <tr key={u.id} data-email={u.email}>
                    <td>
                      <strong>{u.full_name || u.email}</strong>
                      {self && <Badge tone="info">you</Badge>}
                      <span class="muted small block">{u.email}</span>
                    </td>
                    <td>
                      <select
                        aria-label={`Role of ${u.email}`}
                        value={u.role}
                        disabled={self}
                        title={self ? "You cannot change your own role" : undefined}
                        onChange={(e) => update(u, { role: e.currentTarget.value }, `${u.email} is now ${e.currentTarget.value}`)}
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <Switch
                        checked={!!u.is_active}
                        disabled={self}
                        onChange={(on) => update(u, { is_active: on }, `${u.email} ${on ? "reactivated" : "deactivated"}`)}
                        label={<span class="sr-only">{`${u.email} active`}</span>}
                      />
                    </td>
                    <td class="hide-sm">
                      {u.telegram_id ? <code>{u.telegram_id}</code> : <span class="muted">not set</span>}{" "}
                      <button type="button" class="btn btn-small btn-ghost" onClick={() => setTgEdit(u)} aria-label={`Set the Telegram id of ${u.email}`}>
                        Set
                      </button>
                    </td>
                    <td class="hide-sm muted">{u.last_login ? ago(u.last_login) : "never"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <InviteDialog open={inviting} onClose={() => setInviting(false)} onDone={res.reload} />
      <TelegramDialog user={tgEdit} onClose={() => setTgEdit(null)} onSave={(u, id) => update(u, { telegram_id: id }, `Telegram id of ${u.email} saved`)} />
    </Card>
  );
}

function InviteDialog({ open, onClose, onDone }) {
  const blank = { email: "", full_name: "", password: "", role: "viewer", telegram_id: "" };
  const [f, setF] = useState(blank);
  const { busy, error, setError, run } = useAction();
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  function close() {
    setF(blank);
    setError("");
    onClose();
  }
  async function submit(e) {
    e.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(f.email)) return setError("Enter the email address they will sign in with.");
    if (f.password.length < 10) return setError("The first password needs at least 10 characters; they can change it later.");
    if (f.telegram_id && !/^\d+$/.test(f.telegram_id)) return setError("The Telegram id is a number.");
    await run(async () => {
      await pb.collection(COL.adminUsers).create({
        email: f.email.trim(),
        full_name: f.full_name.trim(),
        password: f.password,
        passwordConfirm: f.password,
        role: f.role,
        is_active: true,
        telegram_id: f.telegram_id ? Number(f.telegram_id) : 0,
      });
      toast(`${f.email} invited as ${f.role}`);
      close();
      onDone();
    });
  }
  return (
    <Dialog
      open={open}
      title="Invite an admin user"
      onClose={close}
      footer={
        <>
          <button type="button" class="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" form="invite-form" class="btn btn-primary" disabled={busy}>
            {busy ? "Inviting…" : "Invite"}
          </button>
        </>
      }
    >
      <form id="invite-form" class="form" onSubmit={submit} noValidate>
        <label class="field">
          <span>Email</span>
          <input type="email" name="email" autoComplete="off" value={f.email} onInput={set("email")} />
        </label>
        <label class="field">
          <span>Full name</span>
          <input type="text" name="full_name" value={f.full_name} onInput={set("full_name")} />
        </label>
        <label class="field">
          <span>First password</span>
          <input type="password" name="password" autoComplete="new-password" value={f.password} onInput={set("password")} />
          <small class="muted">Share it with them privately; at least 10 characters.</small>
        </label>
        <label class="field">
          <span>Role</span>
          <select name="role" value={f.role} onChange={set("role")}>
            <option value="viewer">viewer — reads everything</option>
            <option value="admin">admin — also changes bots, groups, config, commands</option>
            <option value="owner">owner — also manages admin users and secrets</option>
          </select>
        </label>
        <label class="field">
          <span>Telegram id (optional, for Telegram login)</span>
          <input type="text" inputMode="numeric" name="telegram_id" value={f.telegram_id} onInput={set("telegram_id")} />
        </label>
        {error && <ErrorBox error={{ message: error }} />}
      </form>
    </Dialog>
  );
}

function TelegramDialog({ user, onClose, onSave }) {
  const [v, setV] = useState(null);
  const [error, setError] = useState("");
  const value = v === null ? (user && user.telegram_id ? String(user.telegram_id) : "") : v;
  function close() {
    setV(null);
    setError("");
    onClose();
  }
  function submit(e) {
    e.preventDefault();
    if (value && !/^\d+$/.test(value)) return setError("The Telegram id is a number (empty removes it).");
    onSave(user, value ? Number(value) : 0);
    close();
  }
  return (
    <Dialog
      open={!!user}
      title={user ? `Telegram id of ${user.email}` : ""}
      onClose={close}
      footer={
        <>
          <button type="button" class="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" form="tg-form" class="btn btn-primary">
            Save
          </button>
        </>
      }
    >
      <form id="tg-form" class="form" onSubmit={submit}>
        <label class="field">
          <span>Telegram user id</span>
          <input type="text" inputMode="numeric" name="telegram_id" value={value} onInput={(e) => setV(e.currentTarget.value)} />
          <small class="muted">Lets them sign in with the Telegram login button. Empty removes it.</small>
        </label>
        {error && <ErrorBox error={{ message: error }} />}
      </form>
    </Dialog>
  );
}
