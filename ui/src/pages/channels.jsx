// Channels: the channels members must join, with subscriber counts, invite links and
// the groups each one protects. Admins and owners can set a channel's invite link and
// whether a pending join request to it counts as joining (count_join_requests).
import { useState } from "preact/hooks";
import { pb, canWrite, rpc, channelGroups } from "../pb";
import { useLoad } from "../data";
import { ago, compact } from "../format";
import { Link } from "../router";
import { Card, PageHeader, Skeleton, Empty, ErrorBox, Badge, Dialog, SaveFooter } from "../components/ui";
import { Pager, SearchBox } from "../components/pager";
import { Icon } from "../components/icons";
import { toast } from "../components/toast";
import { useAction } from "../action";
import { COL } from "../collections";

const PER_PAGE = 20;

const GROUPS_SHOWN = 5; // groups named per channel; the rest are counted

/**
 * The groups each channel protects (a channel may protect thousands), one request for
 * the page: {channelId: {groups: the first GROUPS_SHOWN linked by title, total}}.
 */
async function groupsByChannel(ids) {
  const out = {};
  if (!ids.length) return out;
  const res = await channelGroups(ids, GROUPS_SHOWN);
  for (const it of res.items) out[it.channel] = { groups: it.groups, total: it.total };
  return out;
}

export function Channels({ user }) {
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState(null);
  const [removing, setRemoving] = useState(null);
  const writer = canWrite(user);
  const res = useLoad(async () => {
    const t = q.trim();
    const filter = !t ? "" : /^-?\d+$/.test(t) ? pb.filter("(title ~ {:q} || channel_id = {:n})", { q: t, n: Number(t) }) : pb.filter("(title ~ {:q} || username ~ {:q})", { q: t });
    const list = await pb.collection(COL.enforcedChannels).getList(page, PER_PAGE, { filter, sort: "title" });
    return { ...list, groups: await groupsByChannel(list.items.map((c) => c.id)) };
  }, [q, page]);
  const d = res.data;
  const brought = useBrought();
  return (
    <>
      <PageHeader title="Channels" subtitle="Channels members must join before they may write in the groups.">
        <button type="button" class="btn" onClick={res.reload} disabled={res.loading} aria-label="Refresh the list">
          <Icon name="refresh" /> Refresh
        </button>
      </PageHeader>
      <Card id="channels" title={d ? `${d.totalItems} channel${d.totalItems === 1 ? "" : "s"}` : "Channels"}>
        <div class="toolbar">
          <SearchBox value={q} onChange={(v) => (setQ(v), setPage(1))} label="Search channels by title, username or id" />
        </div>
        {res.error && !d ? (
          <ErrorBox error={res.error} onRetry={res.reload} prefix="Could not load channels:" />
        ) : !d ? (
          <Skeleton lines={4} />
        ) : d.items.length === 0 ? (
          <Empty icon="radio" title={q ? "No channel matches" : "No channels yet"}>
            {q ? "Try another search." : <>A group admin links a channel with <code>/protect @channel</code> in the group.</>}
          </Empty>
        ) : (
          <div class="table-wrap">
            <table class="table" data-testid="channels-table">
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">Subscribers</th>
                  <th scope="col">Invite link</th>
                  <th scope="col" title="A pending join request counts as joining the channel">
                    Join requests
                  </th>
                  <th scope="col">Protects · subscribers brought (30d)</th>
                  {writer && (
                    <th scope="col" class="right">
                      <span class="sr-only">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {d.items.map((c) => (
                  <tr key={c.id} data-channel={c.channel_id}>
                    <td>
                      <strong>{c.title || "Untitled channel"}</strong>
                      <span class="muted small block">
                        {c.username ? (
                          <a href={`https://t.me/${c.username}`} target="_blank" rel="noopener noreferrer">
                            @{c.username}
                          </a>
                        ) : (
                          "private"
                        )}{" "}
                        · {c.channel_id}
                      </span>
                    </td>
                    <td>
                      {compact(c.subscriber_count)}
                      {c.last_sync_at && <span class="muted small block">synced {ago(c.last_sync_at)}</span>}
                    </td>
                    <td>{c.invite_link ? <InviteLink url={c.invite_link} /> : <Badge>no link</Badge>}</td>
                    <td data-testid="channel-requests">
                      <RequestsToggle channel={c} writer={writer} onSaved={res.reload} />
                    </td>
                    <td data-testid="channel-groups">
                      {d.groups[c.id].groups.length === 0 ? (
                        <span class="muted">no group</span>
                      ) : (
                        d.groups[c.id].groups.map((g) => (
                          <span key={g.id} class="block">
                            <Link href={`/groups/${g.id}`}>{g.title || g.group_id}</Link>
                            <span class="muted small" data-testid="brought"> · {compact(brought[`${c.channel_id}:${g.group_id}`] || 0)} brought</span>
                          </span>
                        ))
                      )}
                      {d.groups[c.id].total > d.groups[c.id].groups.length && (
                        <span class="muted small block" data-testid="more-groups">
                          and {compact(d.groups[c.id].total - d.groups[c.id].groups.length)} more group{d.groups[c.id].total - d.groups[c.id].groups.length === 1 ? "" : "s"}
                        </span>
                      )}
                      {brought[`${c.channel_id}:0`] > 0 && (
                        <span class="muted small block">other links: {compact(brought[`${c.channel_id}:0`])}</span>
                      )}
                    </td>
                    {writer && (
                      <td class="right">
                        <button type="button" class="btn btn-small btn-ghost" onClick={() => setEditing(c)} aria-label={`Edit the invite link of ${c.title || c.channel_id}`}>
                          Edit link
                        </button>
                        <button type="button" class="btn-icon danger" onClick={() => setRemoving(c)} aria-label={`Remove ${c.title || c.channel_id}`} title="Remove">
                          <Icon name="trash" />
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {d && <Pager page={page} totalPages={d.totalPages} onPage={setPage} label="Channels pages" />}
      </Card>
      {writer && <EditLinkDialog channel={editing} onClose={() => setEditing(null)} onSaved={res.reload} />}
      {writer && <RemoveDialog channel={removing} onClose={() => setRemoving(null)} onDone={res.reload} />}
    </>
  );
}

// RequestsToggle shows (and, for admins and owners, switches) whether a pending join
// request to the channel counts as joining it: the bot then unmutes a user who asked to
// join and waits for approval, and its warnings use a join-request link.
function RequestsToggle({ channel, writer, onSaved }) {
  const { busy, run } = useAction();
  const on = !!channel.count_join_requests;
  if (!writer) return <Badge>{on ? "count" : "off"}</Badge>;
  const name = channel.title || channel.channel_id;
  const flip = () =>
    run(async () => {
      await pb.collection(COL.enforcedChannels).update(channel.id, { count_join_requests: !on });
      toast(!on ? `Join requests to ${name} count as joining` : `Join requests to ${name} no longer count`);
      onSaved();
    });
  return (
    <label class="nowrap small">
      <input type="checkbox" checked={on} disabled={busy} onChange={flip} aria-label={`Count pending join requests to ${name} as joining`} /> {on ? "count" : "off"}
    </label>
  );
}

/** Subscribers each group's link brought to each channel in the last 30 days, keyed
 * "channel_id:group_id" (group 0 = no group's link), from get_conversion_funnel. */
function useBrought() {
  const res = useLoad(() => rpc("get_conversion_funnel", { p_period: "30d" }), [], { interval: 60000 });
  const out = {};
  for (const s of res.data?.series || []) {
    const k = `${s.channel_id}:${s.group_id}`;
    out[k] = (out[k] || 0) + s.subscribers;
  }
  return out;
}

function InviteLink({ url }) {
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      toast("Invite link copied");
    } catch {
      toast("Could not copy; select the link instead.", "error");
    }
  }
  return (
    <span class="nowrap">
      <a href={url} target="_blank" rel="noopener noreferrer" class="small">
        {url.replace(/^https?:\/\//, "")}
      </a>
      <button type="button" class="btn-icon" aria-label="Copy the invite link" title="Copy" onClick={copy}>
        <Icon name="file" size={16} />
      </button>
    </span>
  );
}

function EditLinkDialog({ channel, onClose, onSaved }) {
  const [value, setValue] = useState(null);
  const { busy, error, setError, run } = useAction();
  const v = value === null ? (channel && channel.invite_link) || "" : value;
  function close() {
    setValue(null);
    setError("");
    onClose();
  }
  async function save(e) {
    e.preventDefault();
    if (v && !/^https:\/\/(t\.me|telegram\.me)\//.test(v.trim())) return setError("An invite link starts with https://t.me/");
    await run(async () => {
      await pb.collection(COL.enforcedChannels).update(channel.id, { invite_link: v.trim() });
      toast("Invite link saved");
      close();
      onSaved();
    });
  }
  return (
    <Dialog
      open={!!channel}
      title={channel ? `Invite link of ${channel.title || channel.channel_id}` : ""}
      onClose={close}
      footer={<SaveFooter formId="link-form" busy={busy} onCancel={close} />}
    >
      <form id="link-form" class="form" onSubmit={save}>
        <label class="field">
          <span>Invite link</span>
          <input type="url" name="invite_link" value={v} placeholder="https://t.me/+AbCdEf…" onInput={(e) => setValue(e.currentTarget.value)} />
          <small class="muted">The bot's warnings use its own link per group (so every join is counted for the group that brought it); this one is used where it cannot make one. Empty = t.me/username for public channels.</small>
        </label>
        {error && <ErrorBox error={{ message: error }} />}
      </form>
    </Dialog>
  );
}

function RemoveDialog({ channel, onClose, onDone }) {
  const { busy, error, setError, run } = useAction();
  const remove = () =>
    run(async () => {
      await pb.collection(COL.enforcedChannels).delete(channel.id);
      toast(`${channel.title || channel.channel_id} removed`);
      onClose();
      onDone();
    });
  return (
    <Dialog
      open={!!channel}
      title={channel ? `Remove ${channel.title || channel.channel_id}?` : ""}
      onClose={() => (setError(""), onClose())}
      footer={
        <>
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="btn btn-danger" onClick={remove} disabled={busy}>
            {busy ? "Removing…" : "Remove channel"}
          </button>
        </>
      }
    >
      <p>Groups stop requiring it: its links to groups are deleted too.</p>
      {error && <ErrorBox error={{ message: error }} />}
    </Dialog>
  );
}
