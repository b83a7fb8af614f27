// Group detail: health (what to fix, first), protection switch, linked channels
// (link / unlink) and the settings editor for params with a live warning preview.
import { useMemo, useState } from "preact/hooks";
import { groupBotProblem } from "../botsdata";
import { pb, canWrite, defaultWarning, loadSchema, paramRule } from "../pb";
import { useLoad } from "../data";
import { ago, compact, dateTime } from "../format";
import { Link, navigate } from "../router";
import { useSubscription } from "../live";
import { Card, PageHeader, Skeleton, Empty, ErrorBox, Badge, Switch, Dialog } from "../components/ui";
import { Icon } from "../components/icons";
import { toast } from "../components/toast";
import { useAction } from "../action";
import { EnabledSwitch, HealthBadge } from "../components/groupstatus";
import { COL } from "../collections";

const RIGHT_FIX = {
  administrator: "Make the bot an administrator",
  admin: "Make the bot an administrator",
  member: "Add the bot back (it was removed)",
  can_restrict_members: "Give the bot the “Ban users” right",
  can_delete_messages: "Give the bot the “Delete messages” right",
  can_invite_users: "Give the bot the “Invite users via link” right (needed for join requests and for the join link of a private channel)",
  group_invite_link:
    "Let the bot create invite links in the channel (“Invite users via link”): it makes one link per group to count the subscribers each group brings",
  supergroup:
    "Upgrade this basic group to a supergroup (make it public, or set “Chat history for new members” to Visible), then send /protect again",
};

// Labels of the params values the server allows (GET /api/nezuko/schema); a value
// without a label here shows as itself.
const LABELS = {
  action: { mute: "Mute until they join", kick: "Kick (they may rejoin)", delete: "Delete their messages" },
  mode: { enforce: "Enforce", observe: "Observe only (log, never restrict)" },
  on_error: { restrict: "Restrict (safe)", allow: "Allow (lenient)" },
  language: { en: "English", es: "Español", de: "Deutsch" },
};

export function GroupDetail({ id, user }) {
  const res = useLoad(async () => {
    const [group, links, channels] = await Promise.all([
      pb.collection(COL.protectedGroups).getOne(id, { expand: "bot_instance" }),
      pb.collection(COL.groupChannelLinks).getFullList({ filter: pb.filter("group = {:id}", { id }), expand: "channel" }),
      pb.collection(COL.enforcedChannels).getFullList({ sort: "title" }),
    ]);
    return { group, links, channels };
  }, [id]);
  useSubscription({ collection: COL.protectedGroups, record: id }, (ev) => {
    if (ev && ev.record) res.setData((d) => d && { ...d, group: { ...d.group, ...ev.record, expand: d.group.expand } });
  });
  const writer = canWrite(user);
  if (res.error && !res.data)
    return res.error.status === 404 ? (
      <div class="card">
        <Empty icon="shield" title="Group not found">
          <Link href="/groups" class="btn">
            <Icon name="back" /> Back to groups
          </Link>
        </Empty>
      </div>
    ) : (
      <ErrorBox error={res.error} onRetry={res.reload} prefix="Could not load the group:" />
    );
  if (!res.data) return <Skeleton lines={8} />;
  const { group: g, links, channels } = res.data;
  const bot = g.expand && g.expand.bot_instance;
  return (
    <>
      <PageHeader title={g.title || "Untitled group"} subtitle={`Group ${g.group_id}${bot ? " · protected by @" + bot.bot_username : ""}`}>
        {writer ? <EnabledSwitch group={g} withLabel onDone={(rec) => res.setData((d) => ({ ...d, group: { ...d.group, enabled: rec.enabled } }))} /> : g.enabled ? <Badge tone="ok">protected</Badge> : <Badge>disabled</Badge>}
      </PageHeader>
      {groupBotProblem(g) && (
        <div class="alert alert-error" role="alert" data-testid="bot-hint">
          <Icon name="alert" />
          <span>Protection is on, but nothing is enforced: {groupBotProblem(g)}.</span>
        </div>
      )}
      <Health group={g} bot={bot} />
      <div class="grid-2">
        <Card id="facts" title="Overview">
          <dl class="props">
            <dt>Protection</dt>
            <dd>{g.enabled ? <Badge tone="ok">on</Badge> : <Badge>off — members are not checked</Badge>}</dd>
            <dt>Members</dt>
            <dd>
              {compact(g.member_count)} {g.last_sync_at && <span class="muted small">(synced {ago(g.last_sync_at)})</span>}
            </dd>
            <dt>Mode</dt>
            <dd>{(g.params && g.params.mode) === "observe" ? <Badge tone="warn">observe (nobody is restricted)</Badge> : "enforce"}</dd>
            <dt>Added</dt>
            <dd>{dateTime(g.created)}</dd>
          </dl>
        </Card>
        <Channels group={g} links={links} channels={channels} writer={writer} onChange={res.reload} />
      </div>
      <Settings key={g.id} group={g} links={links} writer={writer} onSaved={(rec) => res.setData((d) => ({ ...d, group: { ...d.group, ...rec, expand: d.group.expand } }))} />
      {writer && <RemoveGroup group={g} />}
    </>
  );
}

function Health({ group, bot }) {
  const h = group.health;
  if (!h || typeof h !== "object" || h.ok === undefined)
    return (
      <div class="alert alert-info" data-testid="health">
        <Icon name="clock" />
        <span>The bot has not checked its rights in this group yet. It does on /protect, /status and periodically.</span>
      </div>
    );
  if (h.ok)
    return (
      <div class="card health-ok" data-testid="health">
        <strong>
          <Icon name="check" /> Healthy
        </strong>{" "}
        <span class="muted">— the bot has every right it needs here and in the linked channels. Checked {ago(h.checked_at)}.</span>
      </div>
    );
  const who = bot ? "@" + bot.bot_username : "the bot";
  return (
    <section class="card health-alert" data-testid="health" aria-labelledby="health-title" role="alert">
      <h2 id="health-title">
        <Icon name="alert" /> Protection is impaired: {who} lacks rights
      </h2>
      <p class="muted small">Checked {ago(h.checked_at)}. Until fixed, members may be let through or not be checked at all.</p>
      <ul>
        {(h.problems || []).map((p, i) => (
          <li key={i}>
            <strong>{p.title || p.chat_id}</strong> <span class="muted small">({p.chat_id})</span>
            {p.since && <span class="muted small"> since {ago(p.since)}</span>}
            <ul>
              {(Array.isArray(p.missing) ? p.missing : [p.missing]).map((m) => (
                <li key={m}>
                  {RIGHT_FIX[m] || "Grant " + m} in {p.title || p.chat_id}.
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <p class="small">
        Then send <code>/status</code> in the group: the bot checks again and this notice goes away.
      </p>
    </section>
  );
}

function channelLabel(c) {
  return c.title || (c.username ? "@" + c.username : String(c.channel_id));
}

function Channels({ group, links, channels, writer, onChange }) {
  const [pick, setPick] = useState("");
  const { busy, run } = useAction({ toastErrors: true });
  const linked = new Set(links.map((l) => l.channel));
  const free = channels.filter((c) => !linked.has(c.id));
  async function link(e) {
    e.preventDefault();
    if (!pick) return;
    await run(async () => {
      await pb.collection(COL.groupChannelLinks).create({ group: group.id, channel: pick });
      toast("Channel linked");
      setPick("");
      onChange();
    });
  }
  async function unlink(l) {
    await run(async () => {
      await pb.collection(COL.groupChannelLinks).delete(l.id);
      toast("Channel unlinked");
      onChange();
    });
  }
  return (
    <Card id="links" title="Required channels">
      {links.length === 0 ? (
        <Empty icon="radio" title="No channel linked">
          Members are only checked against linked channels.
        </Empty>
      ) : (
        <ul class="mini-bots" data-testid="linked-channels">
          {links.map((l) => {
            const c = (l.expand && l.expand.channel) || {};
            return (
              <li key={l.id} class="row-between" data-channel={c.channel_id}>
                <span>
                  <strong>{channelLabel(c)}</strong>
                  <span class="muted small block">
                    {c.channel_id} · {compact(c.subscriber_count)} subscribers
                  </span>
                </span>
                {writer && (
                  <button type="button" class="btn btn-small btn-ghost" disabled={busy} onClick={() => unlink(l)} aria-label={`Unlink ${channelLabel(c)}`}>
                    <Icon name="x" /> Unlink
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {writer && (
        <form class="toolbar" onSubmit={link} style={{ marginTop: "12px" }}>
          <select aria-label="Channel to link" value={pick} onChange={(e) => setPick(e.currentTarget.value)} class="grow" disabled={free.length === 0}>
            <option value="">{free.length ? "Choose a channel…" : "Every channel is linked"}</option>
            {free.map((c) => (
              <option key={c.id} value={c.id}>
                {channelLabel(c)} ({c.channel_id})
              </option>
            ))}
          </select>
          <button type="submit" class="btn btn-primary" disabled={!pick || busy}>
            <Icon name="plus" /> Link channel
          </button>
        </form>
      )}
    </Card>
  );
}

function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/** The warning as the bot renders it (HTML-escaped text, then the placeholders). */
export function renderWarning(text, { group, channels }) {
  const names = channels.length ? channels.map((c) => esc(c.username ? "@" + c.username : c.title || "the channel")).join(", ") : "<i>no channel linked</i>";
  return esc(text).replaceAll("{user}", '<a href="#" tabindex="-1">Alex</a>').replaceAll("{channels}", names).replaceAll("{group}", esc(group.title || ""));
}

function Settings({ group, links, writer, onSaved }) {
  const p0 = group.params && typeof group.params === "object" ? group.params : {};
  const [p, setP] = useState({
    action: p0.action || "mute",
    mode: p0.mode || "enforce",
    on_error: p0.on_error || "restrict",
    warning_text: p0.warning_text || "",
    language: p0.language || "en",
    warning_ttl_seconds: p0.warning_ttl_seconds === undefined || p0.warning_ttl_seconds === null ? "" : String(p0.warning_ttl_seconds),
    exempt: (p0.exempt_user_ids || []).join(", "),
    join_requests: !!p0.join_requests,
  });
  const { busy, error, setError, run } = useAction();
  const set = (k) => (e) => setP({ ...p, [k]: e.currentTarget.value });
  const chans = links.map((l) => (l.expand && l.expand.channel) || {});
  const ro = !writer;
  // The allowed values and limits come from the server (collections.ParamRules); only
  // their labels live here. So does the bot's default warning text.
  const schema = useLoad(() => loadSchema(), []);
  const defaultText = defaultWarning(schema.data, p.language, p.action);
  const preview = useMemo(() => renderWarning(p.warning_text || defaultText, { group, channels: chans }), [p.warning_text, defaultText, links]);
  const rule = (k) => paramRule(schema.data, k) || { values: [p[k]], max: 0 };
  const textMax = rule("warning_text").max || 1000;
  const ttlMax = rule("warning_ttl_seconds").max || undefined;

  async function save(e) {
    e.preventDefault();
    setError("");
    const exempt = p.exempt.split(/[\s,]+/).filter(Boolean);
    if (exempt.some((x) => !/^-?\d+$/.test(x))) return setError("Exempt users must be Telegram user ids (numbers), separated by commas.");
    if (p.warning_ttl_seconds !== "" && !/^\d+$/.test(p.warning_ttl_seconds)) return setError("Auto-delete must be a whole number of seconds (0 keeps warnings).");
    const params = { ...p0, action: p.action, mode: p.mode, on_error: p.on_error, language: p.language, join_requests: p.join_requests, exempt_user_ids: exempt.map(Number) };
    if (p.warning_text.trim()) params.warning_text = p.warning_text;
    else delete params.warning_text;
    if (p.warning_ttl_seconds !== "") params.warning_ttl_seconds = Number(p.warning_ttl_seconds);
    else delete params.warning_ttl_seconds;
    if (!params.join_requests) delete params.join_requests;
    if (!params.exempt_user_ids.length) delete params.exempt_user_ids;
    await run(async () => {
      const rec = await pb.collection(COL.protectedGroups).update(group.id, { params });
      toast("Settings saved");
      onSaved(rec);
    });
  }
  const sel = (k, label, hint) => (
    <label class="field">
      <span>{label}</span>
      <select name={k} value={p[k]} onChange={set(k)} disabled={ro}>
        {rule(k).values.map((v) => (
          <option key={v} value={v}>
            {(LABELS[k] && LABELS[k][v]) || v}
          </option>
        ))}
      </select>
      {hint && <small class="muted">{hint}</small>}
    </label>
  );
  return (
    <Card id="settings" title="Settings">
      <form class="form" onSubmit={save} data-testid="group-settings">
        <fieldset disabled={ro} style={{ border: 0, padding: 0, margin: 0 }}>
          <div class="form-grid">
            {sel("action", "Action for non-members")}
            {sel("mode", "Mode")}
            {sel("on_error", "When Telegram cannot be asked")}
            {sel("language", "Language of the bot's messages")}
            <label class="field">
              <span>Auto-delete warnings after (seconds)</span>
              <input type="number" min="0" max={ttlMax} name="warning_ttl_seconds" value={p.warning_ttl_seconds} placeholder="server default" onInput={set("warning_ttl_seconds")} />
              <small class="muted">Empty = the server default (admin_config warning_ttl_seconds); 0 keeps them.</small>
            </label>
            <label class="field">
              <span>Exempt users</span>
              <input type="text" name="exempt" value={p.exempt} placeholder="12345, 67890" onInput={set("exempt")} />
              <small class="muted">Telegram user ids never checked, comma separated.</small>
            </label>
            <div class="field span-all">
              <Switch checked={p.join_requests} onChange={(v) => setP({ ...p, join_requests: v })} disabled={ro} label="Gate join requests (approve only members of the channels)" />
            </div>
            <label class="field span-all">
              <span>Warning text</span>
              <textarea name="warning_text" rows={3} maxLength={textMax} value={p.warning_text} placeholder={defaultText} onInput={set("warning_text")} aria-describedby="wt-hint" />
              <small id="wt-hint" class="muted">
                {p.warning_text.length}/{textMax} · Empty = the bot's default text in the group's language. Placeholders: <code>{"{user}"}</code> <code>{"{channels}"}</code> <code>{"{group}"}</code>.
              </small>
            </label>
            <div class="field span-all">
              <span>Preview</span>
              <div class="preview" data-testid="warning-preview" aria-live="polite" dangerouslySetInnerHTML={{ __html: preview }} />
            </div>
          </div>
        </fieldset>
        {error && <ErrorBox error={{ message: error }} />}
        {writer && (
          <div class="row-between">
            <span class="muted small">The bot applies changes within a second.</span>
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? "Saving…" : "Save settings"}
            </button>
          </div>
        )}
      </form>
    </Card>
  );
}

/** Danger zone: removes the group record (its channel links go with it). */
function RemoveGroup({ group }) {
  const [open, setOpen] = useState(false);
  const { busy, error, run } = useAction();
  async function remove() {
    await run(async () => {
      await pb.collection(COL.protectedGroups).delete(group.id);
      toast(`${group.title || group.group_id} removed`);
      navigate("/groups");
    });
  }
  return (
    <Card id="danger" title="Danger zone" class="danger-zone">
      <div class="row-between">
        <p class="muted">Removing forgets the group, its settings and channel links. The bot stops checking members there until someone sends /protect again.</p>
        <button type="button" class="btn btn-danger" onClick={() => setOpen(true)}>
          <Icon name="trash" /> Remove group
        </button>
      </div>
      <Dialog
        open={open}
        title={`Remove ${group.title || group.group_id}?`}
        onClose={() => setOpen(false)}
        footer={
          <>
            <button type="button" class="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="button" class="btn btn-danger" onClick={remove} disabled={busy}>
              {busy ? "Removing…" : "Remove group"}
            </button>
          </>
        }
      >
        <p>Its settings and channel links are deleted. This cannot be undone.</p>
        {error && <ErrorBox error={{ message: error }} />}
      </Dialog>
    </Card>
  );
}
