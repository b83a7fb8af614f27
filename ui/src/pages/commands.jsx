// Commands: issue any bot-manager command (DESIGN.md §5) with a form for its payload,
// and the history with live status changes (commands/command_updated).
import { useEffect, useRef, useState } from "preact/hooks";
import { pb, canWrite } from "../pb";
import { useLoad, useTick } from "../data";
import { ago, dateTime } from "../format";
import { TOPICS, useReconnect, useSubscription } from "../live";
import { Card, PageHeader, Skeleton, Empty, ErrorBox, Badge } from "../components/ui";
import { Pager } from "../components/pager";
import { Icon } from "../components/icons";
import { toast } from "../components/toast";
import { useAction } from "../action";
import { COL } from "../collections";

/** Every command type with its payload fields and a description. */
export const COMMAND_TYPES = {
  start_bot: { fields: [], bot: true, help: "Starts the chosen bot." },
  stop_bot: { fields: [], bot: true, help: "Stops the chosen bot." },
  restart_bot: { fields: [], bot: true, help: "Restarts the chosen bot." },
  sync_members: { fields: ["group_id?"], help: "Re-reads member counts (one group, or every group of the bot)." },
  clear_cache: { fields: ["group_id?"], help: "Forgets cached membership checks (one group, or all)." },
  recheck_user: { fields: ["group_id", "user_id"], help: "Checks a user again now and restricts or frees them." },
  mute_user: { fields: ["group_id", "user_id"], help: "Mutes a user in a group." },
  unmute_user: { fields: ["group_id", "user_id"], help: "Lets a muted user write again." },
  ban_user: { fields: ["group_id", "user_id"], help: "Bans a user from a group." },
  unban_user: { fields: ["group_id", "user_id"], help: "Lifts a ban." },
  send_message: { fields: ["group_id", "text"], help: "Sends a message to a group as the bot." },
  leave_group: { fields: ["group_id"], help: "Makes the bot leave a group." },
};

const TONE = { pending: "info", processing: "warn", completed: "ok", failed: "bad" };
const PER_PAGE = 20;

export function Commands({ user }) {
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState("");
  const writer = canWrite(user);
  useTick(15000);
  const res = useLoad(
    () =>
      pb.collection(COL.adminCommands).getList(page, PER_PAGE, {
        sort: "-created",
        filter: status ? pb.filter("status = {:s}", { s: status }) : "",
        expand: "created_by,bot_instance",
      }),
    [page, status],
  );
  const shown = useRef(null);
  shown.current = res.data;
  useSubscription(TOPICS.command, (ev) => {
    if (!ev || !ev.id) return;
    const known = shown.current && shown.current.items.some((c) => c.id === ev.id);
    if (!known) {
      if (page === 1) res.reload(); // a command issued elsewhere
      return;
    }
    res.setData((d) => d && { ...d, items: d.items.map((c) => (c.id === ev.id ? { ...c, ...ev, fresh: Date.now() } : c)) });
  });
  useReconnect(res.reload);
  const d = res.data;
  return (
    <>
      <PageHeader title="Commands" subtitle="Tell the bots to do something now; results arrive live.">
        <button type="button" class="btn" onClick={res.reload} disabled={res.loading} aria-label="Refresh the history">
          <Icon name="refresh" /> Refresh
        </button>
      </PageHeader>
      {writer && <IssueForm onIssued={() => (page === 1 ? res.reload() : setPage(1))} />}
      <Card
        id="history"
        title="History"
        actions={
          <select aria-label="Filter by status" value={status} onChange={(e) => (setStatus(e.currentTarget.value), setPage(1))}>
            <option value="">All statuses</option>
            {Object.keys(TONE).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        }
      >
        {res.error && !d ? (
          <ErrorBox error={res.error} onRetry={res.reload} prefix="Could not load commands:" />
        ) : !d ? (
          <Skeleton lines={5} />
        ) : d.items.length === 0 ? (
          <Empty icon="terminal" title="No commands yet">
            {writer ? "Issue one above." : "Admins and owners can issue commands."}
          </Empty>
        ) : (
          <div class="table-wrap">
            <table class="table" data-testid="commands-table">
              <thead>
                <tr>
                  <th scope="col">Command</th>
                  <th scope="col">Status</th>
                  <th scope="col">Result</th>
                  <th scope="col" class="hide-sm">By</th>
                  <th scope="col" class="hide-sm">Issued</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((c) => (
                  <tr key={c.id} data-command={c.id} class={c.fresh ? "feed-item fresh" : ""}>
                    <td>
                      <code>{c.command_type}</code>
                      <span class="muted small block">
                        {c.payload && Object.keys(c.payload).length ? JSON.stringify(c.payload) : ""}
                        {c.expand && c.expand.bot_instance ? " @" + c.expand.bot_instance.bot_username : ""}
                      </span>
                    </td>
                    <td data-testid="command-status">
                      <Badge tone={TONE[c.status] || "muted"}>{c.status}</Badge>
                    </td>
                    <td class="small">
                      {c.status === "failed" ? (
                        <span class="tone-bad">{c.error_message || "failed"}</span>
                      ) : c.result && typeof c.result === "object" && Object.keys(c.result).length ? (
                        <code>{JSON.stringify(c.result)}</code>
                      ) : (
                        <span class="muted">—</span>
                      )}
                      {c.executed_at && <span class="muted small block">ran {ago(c.executed_at)}</span>}
                    </td>
                    <td class="hide-sm muted">{c.expand && c.expand.created_by ? c.expand.created_by.full_name || c.expand.created_by.email : "—"}</td>
                    <td class="hide-sm muted nowrap" title={dateTime(c.created)}>
                      {ago(c.created)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {d && <Pager page={page} totalPages={d.totalPages} onPage={setPage} label="History pages" />}
      </Card>
    </>
  );
}

function IssueForm({ onIssued }) {
  const [type, setType] = useState("clear_cache");
  const [bot, setBot] = useState("");
  const [vals, setVals] = useState({ group_id: "", user_id: "", text: "" });
  const { busy, error, setError, run } = useAction();
  const bots = useLoad(() => pb.collection(COL.botInstances).getFullList({ sort: "bot_username", fields: "id,bot_username,is_active" }), []);
  const groups = useGroupSuggestions(vals.group_id);
  const spec = COMMAND_TYPES[type];
  const field = (f) => f.replace("?", "");
  async function submit(e) {
    e.preventDefault();
    setError("");
    const payload = {};
    for (const f of spec.fields) {
      const k = field(f);
      const v = (vals[k] || "").trim();
      const optional = f.endsWith("?");
      if (!v) {
        if (optional) continue;
        return setError(`${label(k)} is required.`);
      }
      if (k === "text") payload.text = v;
      else if (!/^-?\d+$/.test(v)) return setError(`${label(k)} must be a number (a Telegram id).`);
      else payload[k] = Number(v);
    }
    if (spec.bot && !bot) return setError("Choose the bot.");
    await run(async () => {
      await pb.collection(COL.adminCommands).create({ command_type: type, payload, bot_instance: bot || "" });
      toast(`${type} issued`);
      onIssued();
    });
  }
  const set = (k) => (e) => setVals({ ...vals, [k]: e.currentTarget.value });
  const o = { bots: bots.data || [], groups: groups.data || [] };
  return (
    <Card id="issue" title="Issue a command">
      <form class="form" onSubmit={submit} data-testid="command-form">
        <div class="form-grid">
          <label class="field">
            <span>Command</span>
            <select name="command_type" value={type} onChange={(e) => (setType(e.currentTarget.value), setError(""))}>
              {Object.keys(COMMAND_TYPES).map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <small class="muted">{spec.help}</small>
          </label>
          <label class="field">
            <span>Bot{spec.bot ? "" : " (optional)"}</span>
            <select name="bot_instance" value={bot} onChange={(e) => setBot(e.currentTarget.value)}>
              <option value="">{spec.bot ? "Choose a bot…" : "The bot protecting the group"}</option>
              {o.bots.map((b) => (
                <option key={b.id} value={b.id}>
                  @{b.bot_username}
                  {b.is_active ? "" : " (inactive)"}
                </option>
              ))}
            </select>
          </label>
          {spec.fields.map((f) => {
            const k = field(f);
            if (k === "text")
              return (
                <label class="field span-all" key={k}>
                  <span>Message text</span>
                  <textarea name="text" rows={3} value={vals.text} onInput={set("text")} />
                </label>
              );
            return (
              <label class="field" key={k}>
                <span>
                  {label(k)}
                  {f.endsWith("?") ? " (optional)" : ""}
                </span>
                <input name={k} type="text" inputMode="numeric" list={k === "group_id" ? "cmd-groups" : undefined} value={vals[k]} onInput={set(k)} placeholder={k === "group_id" ? "-100…" : "123456789"} />
              </label>
            );
          })}
        </div>
        <datalist id="cmd-groups">
          {o.groups.map((g) => (
            <option key={g.id} value={g.group_id}>
              {g.title}
            </option>
          ))}
        </datalist>
        {error && <ErrorBox error={{ message: error }} />}
        <div class="row-between">
          <span class="muted small">The bot manager picks commands up within a second.</span>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            <Icon name="send" /> {busy ? "Issuing…" : "Issue command"}
          </button>
        </div>
      </form>
    </Card>
  );
}

const SUGGESTIONS = 20; // groups offered under the group id field

/**
 * The groups offered for the group id field: the first SUGGESTIONS by title whose title
 * or id contains what was typed (looked up 300 ms after typing stops), never every group.
 */
function useGroupSuggestions(typed) {
  const [q, setQ] = useState((typed || "").trim());
  useEffect(() => {
    const id = setTimeout(() => setQ((typed || "").trim()), 300);
    return () => clearTimeout(id);
  }, [typed]);
  return useLoad(async () => {
    const filter = q ? pb.filter("(title ~ {:q} || group_id ~ {:q})", { q }) : "";
    const res = await pb.collection(COL.protectedGroups).getList(1, SUGGESTIONS, { filter, sort: "title", fields: "id,group_id,title", skipTotal: true });
    return res.items;
  }, [q]);
}

function label(k) {
  return { group_id: "Group id", user_id: "User id", text: "Text" }[k] || k;
}
