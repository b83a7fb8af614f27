// Groups: every protected group with search and pagination, protection on/off, linked
// channels and the bot's health check. A row opens the group (settings, links, health).
import { useState } from "preact/hooks";
import { groupBotProblem } from "../botsdata";
import { pb, canWrite } from "../pb";
import { useLoad } from "../data";
import { compact } from "../format";
import { Link } from "../router";
import { useSubscription } from "../live";
import { Card, PageHeader, Skeleton, Empty, ErrorBox, Badge } from "../components/ui";
import { Pager, SearchBox } from "../components/pager";
import { Icon } from "../components/icons";
import { EnabledSwitch, HealthBadge } from "../components/groupstatus";
import { COL } from "../collections";

const PER_PAGE = 20;

// A page of groups comes in one request: each group with its bot and its links' channels
// (a back-relation expand), the channels with only what the table shows.
const VIA = `${COL.groupChannelLinks}_via_group`;
const EXPAND = `bot_instance,${VIA}.channel`;
const FIELDS = ["*", "expand.bot_instance.*", `expand.${VIA}.id`, ...["id", "title", "username", "channel_id"].map((f) => `expand.${VIA}.expand.channel.${f}`)].join(",");

/** The linked channels of a group of a page: [channel record + link id]. */
function linkedChannels(g) {
  return ((g.expand && g.expand[VIA]) || []).map((l) => ({ link: l.id, ...(l.expand && l.expand.channel) }));
}

export function Groups({ user }) {
  const [q, setQ] = useState("");
  const [status, setStatus] = useState("");
  const [page, setPage] = useState(1);
  const writer = canWrite(user);
  const res = useLoad(async () => {
    const parts = [];
    const t = q.trim();
    if (t) parts.push(/^-?\d+$/.test(t) ? pb.filter("(title ~ {:q} || group_id = {:n})", { q: t, n: Number(t) }) : pb.filter("title ~ {:q}", { q: t }));
    if (status === "on") parts.push("enabled = true");
    if (status === "off") parts.push("enabled = false");
    return pb.collection(COL.protectedGroups).getList(page, PER_PAGE, { filter: parts.join(" && "), sort: "title", expand: EXPAND, fields: FIELDS });
  }, [q, status, page]);
  useSubscription({ collection: COL.protectedGroups }, (ev) => {
    if (ev && ev.action === "update") res.setData((d) => d && { ...d, items: d.items.map((g) => (g.id === ev.record.id ? { ...g, ...ev.record, expand: g.expand } : g)) });
  });
  const d = res.data;
  return (
    <>
      <PageHeader title="Groups" subtitle="Groups your bots protect: who must join which channels before writing.">
        <button type="button" class="btn" onClick={res.reload} disabled={res.loading} aria-label="Refresh the list">
          <Icon name="refresh" /> Refresh
        </button>
      </PageHeader>
      <Card id="groups" title={d ? `${d.totalItems} group${d.totalItems === 1 ? "" : "s"}` : "Groups"}>
        <div class="toolbar">
          <SearchBox value={q} onChange={(v) => (setQ(v), setPage(1))} label="Search groups by title or id" />
          <select aria-label="Filter by protection" value={status} onChange={(e) => (setStatus(e.currentTarget.value), setPage(1))}>
            <option value="">All groups</option>
            <option value="on">Protected</option>
            <option value="off">Disabled</option>
          </select>
        </div>
        {res.error && !d ? (
          <ErrorBox error={res.error} onRetry={res.reload} prefix="Could not load groups:" />
        ) : !d ? (
          <Skeleton lines={5} />
        ) : d.items.length === 0 ? (
          <Empty icon="shield" title={q || status ? "No group matches" : "No groups yet"}>
            {q || status ? "Try another search." : <>Add a bot to a group as an admin and send <code>/protect</code> there.</>}
          </Empty>
        ) : (
          <div class="table-wrap">
            <table class="table" data-testid="groups-table">
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Protection</th>
                  <th scope="col">Health</th>
                  <th scope="col" class="hide-sm">Members</th>
                  <th scope="col" class="hide-sm">Channels</th>
                  <th scope="col" class="hide-sm">Bot</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((g) => (
                  <tr key={g.id} data-group={g.group_id}>
                    <td>
                      <Link href={`/groups/${g.id}`} class="bot-cell">
                        <span>
                          <strong>{g.title || "Untitled group"}</strong>
                          <span class="muted small block">{g.group_id}</span>
                        </span>
                      </Link>
                      {groupBotProblem(g) && (
                        <span class="small block warn-text" data-testid="bot-hint">
                          Not enforced: {groupBotProblem(g)}
                        </span>
                      )}
                    </td>
                    <td data-testid="group-enabled">
                      {writer ? <EnabledSwitch group={g} onDone={(rec) => res.setData((x) => ({ ...x, items: x.items.map((i) => (i.id === rec.id ? { ...i, enabled: rec.enabled } : i)) }))} /> : g.enabled ? <Badge tone="ok">protected</Badge> : <Badge>disabled</Badge>}
                    </td>
                    <td>
                      <HealthBadge health={g.health} />
                    </td>
                    <td class="hide-sm">{compact(g.member_count)}</td>
                    <td class="hide-sm">
                      {linkedChannels(g).map((c) => c.title || c.username || c.channel_id).join(", ") || <span class="muted">none</span>}
                    </td>
                    <td class="hide-sm muted">
                      {g.expand && g.expand.bot_instance ? "@" + g.expand.bot_instance.bot_username : "—"}
                      {g.expand && g.expand.bot_instance && !g.expand.bot_instance.is_active ? <Badge tone="warn">inactive</Badge> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {d && <Pager page={page} totalPages={d.totalPages} onPage={setPage} label="Groups pages" />}
      </Card>
    </>
  );
}
