// Audit: who changed what (admin_audit_log), filter by actor, resource and action, with
// old and new values side by side.
import { useState } from "preact/hooks";
import { pb } from "../pb";
import { useLoad } from "../data";
import { ago, dateTime } from "../format";
import { Card, PageHeader, Skeleton, Empty, ErrorBox, Badge } from "../components/ui";
import { Pager, SearchBox } from "../components/pager";
import { Icon } from "../components/icons";
import { COL } from "../collections";

const PER_PAGE = 25;
const RESOURCES = [COL.botInstances, COL.protectedGroups, COL.enforcedChannels, COL.groupChannelLinks, COL.adminConfig, COL.adminUsers, COL.adminCommands, COL.owners];
const TONE = { create: "ok", update: "info", delete: "bad" };

export function Audit() {
  const [actor, setActor] = useState("");
  const [resource, setResource] = useState("");
  const [action, setAction] = useState("");
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(null);
  const res = useLoad(() => {
    const parts = [];
    if (actor.trim()) parts.push(pb.filter("actor ~ {:a}", { a: actor.trim() }));
    if (resource) parts.push(pb.filter("resource_type = {:r}", { r: resource }));
    if (action) parts.push(pb.filter("action = {:x}", { x: action }));
    return pb.collection(COL.adminAuditLog).getList(page, PER_PAGE, { filter: parts.join(" && "), sort: "-created" });
  }, [actor, resource, action, page]);
  const d = res.data;
  const reset = (f) => (v) => (f(v), setPage(1));
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every change made through the API: who, what, when, before and after.">
        <button type="button" class="btn" onClick={res.reload} disabled={res.loading} aria-label="Refresh the audit log">
          <Icon name="refresh" /> Refresh
        </button>
      </PageHeader>
      <Card id="audit" title={d ? `${d.totalItems} change${d.totalItems === 1 ? "" : "s"}` : "Changes"}>
        <div class="toolbar">
          <SearchBox value={actor} onChange={reset(setActor)} label="Filter by actor (email or system)" />
          <select aria-label="Resource" value={resource} onChange={(e) => reset(setResource)(e.currentTarget.value)}>
            <option value="">All resources</option>
            {RESOURCES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <select aria-label="Action" value={action} onChange={(e) => reset(setAction)(e.currentTarget.value)}>
            <option value="">All actions</option>
            <option value="create">create</option>
            <option value="update">update</option>
            <option value="delete">delete</option>
          </select>
        </div>
        {res.error && !d ? (
          <ErrorBox error={res.error} onRetry={res.reload} prefix="Could not load the audit log:" />
        ) : !d ? (
          <Skeleton lines={6} />
        ) : d.items.length === 0 ? (
          <Empty icon="file" title={actor || resource || action ? "No change matches" : "No changes recorded yet"} />
        ) : (
          <div class="table-wrap">
            <table class="table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Resource</th>
                  <th scope="col" class="right">
                    <span class="sr-only">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((r) => [
                  <tr key={r.id} data-audit={r.id} data-resource={r.resource_type}>
                    <td class="nowrap" title={dateTime(r.created)}>
                      {ago(r.created)}
                    </td>
                    <td>{r.actor || "—"}</td>
                    <td>
                      <Badge tone={TONE[r.action] || "muted"}>{r.action}</Badge>
                    </td>
                    <td>
                      <code>{r.resource_type}</code>
                      <span class="muted small block" data-testid="audit-resource" title={r.resource_id}>
                        {resourceName(r)}
                      </span>
                    </td>
                    <td class="right">
                      <button type="button" class="btn btn-small btn-ghost" aria-expanded={open === r.id} aria-controls={"diff-" + r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>
                        {open === r.id ? "Hide" : "Changes"}
                      </button>
                    </td>
                  </tr>,
                  open === r.id && (
                    <tr key={r.id + "-d"} id={"diff-" + r.id}>
                      <td colSpan={5}>
                        <Diff before={r.old_value} after={r.new_value} />
                        {(r.ip_address || r.user_agent) && (
                          <p class="muted small">
                            From {r.ip_address || "?"} · {r.user_agent || ""}
                          </p>
                        )}
                      </td>
                    </tr>
                  ),
                ])}
              </tbody>
            </table>
          </div>
        )}
        {d && <Pager page={page} totalPages={d.totalPages} onPage={setPage} label="Audit pages" />}
      </Card>
    </>
  );
}

function isObj(v) {
  return v && typeof v === "object" && !Array.isArray(v);
}

/** Old and new values side by side; changed keys highlighted. */
function Diff({ before, after }) {
  const a = isObj(before) ? before : null;
  const b = isObj(after) ? after : null;
  if (!a && !b) {
    return (
      <div class="diff" data-testid="audit-diff">
        <Side title="Before" value={before} />
        <Side title="After" value={after} />
      </div>
    );
  }
  const keys = [...new Set([...Object.keys(a || {}), ...Object.keys(b || {})])].filter((k) => !["created", "updated", "collectionId", "collectionName"].includes(k)).sort();
  return (
    <div class="diff" data-testid="audit-diff">
      <div>
        <strong class="small">Before</strong>
        <pre>{a ? <Lines keys={keys} o={a} other={b} /> : <span class="muted">—</span>}</pre>
      </div>
      <div>
        <strong class="small">After</strong>
        <pre>{b ? <Lines keys={keys} o={b} other={a} /> : <span class="muted">—</span>}</pre>
      </div>
    </div>
  );
}

const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);

/**
 * One line per key of o; a key whose value differs in other is highlighted. An object
 * on both sides (params) opens into its own keys, so only the key that changed is marked.
 */
function Lines({ keys, o, other }) {
  return keys
    .filter((k) => k in o)
    .map((k) => {
      const v = o[k];
      const w = other ? other[k] : undefined;
      if (other && isObj(v) && isObj(w)) {
        const sub = [...new Set([...Object.keys(v), ...Object.keys(w)])].sort();
        return (
          <div key={k}>
            {`${k}: {`}
            <div class="nested">
              <Lines keys={sub} o={v} other={w} />
            </div>
            {"}"}
          </div>
        );
      }
      return (
        <div key={k} class={other && !same(v, w) ? "changed" : ""}>
          {`${k}: ${JSON.stringify(v)}`}
        </div>
      );
    });
}

/** What the change was made to, by name (group or channel title, bot, email, key), else its record id. */
function resourceName(r) {
  const v = (isObj(r.new_value) && r.new_value) || (isObj(r.old_value) && r.old_value) || {};
  const name =
    (v.bot_username && "@" + v.bot_username + (v.bot_name ? ` (${v.bot_name})` : "")) ||
    v.title ||
    v.email ||
    v.key ||
    (v.command_type && `${v.command_type} command`);
  return name || r.resource_id;
}

function Side({ title, value }) {
  return (
    <div>
      <strong class="small">{title}</strong>
      <pre>{value === null || value === undefined || value === "" ? "—" : JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}
