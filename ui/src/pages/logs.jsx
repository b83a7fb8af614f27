// Logs: the server's admin_logs, newest first, with a live tail (logs/new_log), level
// filter, search, pause/resume and "load older".
import { useEffect, useRef, useState } from "preact/hooks";
import { pb } from "../pb";
import { useLoad } from "../data";
import { dateTime, parseTime } from "../format";
import { TOPICS, useReconnect, useSubscription } from "../live";
import { Card, PageHeader, Skeleton, Empty, ErrorBox, Badge } from "../components/ui";
import { SearchBox } from "../components/pager";
import { Icon } from "../components/icons";
import { COL } from "../collections";

const LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];
const TONE = { DEBUG: "muted", INFO: "info", WARNING: "warn", ERROR: "bad", CRITICAL: "bad" };
const PER_PAGE = 100;
const MAX = 2000;

function filterOf(level, q) {
  const parts = [];
  if (level === "WARNING+") parts.push('(level = "WARNING" || level = "ERROR" || level = "CRITICAL")');
  else if (level) parts.push(pb.filter("level = {:l}", { l: level }));
  if (q.trim()) parts.push(pb.filter("(message ~ {:q} || logger ~ {:q} || module ~ {:q})", { q: q.trim() }));
  return parts.join(" && ");
}

function matches(row, level, q) {
  if (level === "WARNING+" && !["WARNING", "ERROR", "CRITICAL"].includes(row.level)) return false;
  if (level && level !== "WARNING+" && row.level !== level) return false;
  const t = q.trim().toLowerCase();
  return !t || [row.message, row.logger, row.module].some((v) => String(v || "").toLowerCase().includes(t));
}

export function Logs() {
  const [level, setLevel] = useState("");
  const [q, setQ] = useState("");
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState([]);
  const [page, setPage] = useState(1);
  const [older, setOlder] = useState({ busy: false, done: false, error: null });
  const res = useLoad(async () => {
    setPage(1);
    setOlder({ busy: false, done: false, error: null });
    const list = await pb.collection(COL.adminLogs).getList(1, PER_PAGE, { filter: filterOf(level, q), sort: "-timestamp", skipTotal: true });
    if (list.items.length < PER_PAGE) setOlder((o) => ({ ...o, done: true }));
    return list.items;
  }, [level, q]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useSubscription(TOPICS.log, (row) => {
    if (!row || !row.id || !matches(row, level, q)) return;
    const r = { ...row, fresh: true };
    if (pausedRef.current) setHeld((h) => [r, ...h].slice(0, MAX));
    else res.setData((d) => (d ? (d.some((x) => x.id === r.id) ? d : [r, ...d].slice(0, MAX)) : d));
  });
  useReconnect(res.reload);
  useEffect(() => setHeld([]), [level, q]);

  function resume() {
    setPaused(false);
    res.setData((d) => {
      const ids = new Set((d || []).map((x) => x.id));
      return [...held.filter((h) => !ids.has(h.id)), ...(d || [])].slice(0, MAX);
    });
    setHeld([]);
  }
  async function loadOlder() {
    setOlder({ busy: true, done: false, error: null });
    try {
      const list = await pb.collection(COL.adminLogs).getList(page + 1, PER_PAGE, { filter: filterOf(level, q), sort: "-timestamp", skipTotal: true });
      setPage(page + 1);
      res.setData((d) => {
        const ids = new Set(d.map((x) => x.id));
        return [...d, ...list.items.filter((x) => !ids.has(x.id))];
      });
      setOlder({ busy: false, done: list.items.length < PER_PAGE, error: null });
    } catch (error) {
      setOlder({ busy: false, done: false, error });
    }
  }
  const rows = res.data;
  return (
    <>
      <PageHeader title="Logs" subtitle="What the server and its bots report, live.">
        {paused ? (
          <button type="button" class="btn btn-primary" onClick={resume}>
            <Icon name="activity" /> Resume{held.length ? ` (${held.length} new)` : ""}
          </button>
        ) : (
          <button type="button" class="btn" onClick={() => setPaused(true)}>
            <Icon name="clock" /> Pause
          </button>
        )}
        <button type="button" class="btn" onClick={res.reload} disabled={res.loading} aria-label="Reload the logs">
          <Icon name="refresh" /> Reload
        </button>
      </PageHeader>
      <Card id="logs" title={rows ? `${rows.length} line${rows.length === 1 ? "" : "s"}${paused ? " · paused" : " · live"}` : "Log stream"}>
        <div class="toolbar">
          <SearchBox value={q} onChange={setQ} label="Search messages" />
          <select aria-label="Level" value={level} onChange={(e) => setLevel(e.currentTarget.value)}>
            <option value="">All levels</option>
            <option value="WARNING+">Warnings and errors</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          {paused && <Badge tone="warn">Paused</Badge>}
        </div>
        {res.error && !rows ? (
          <ErrorBox error={res.error} onRetry={res.reload} prefix="Could not load logs:" />
        ) : !rows ? (
          <Skeleton lines={8} />
        ) : rows.length === 0 ? (
          <Empty icon="list" title={level || q ? "No line matches" : "No logs yet"}>
            New lines appear here as they are written.
          </Empty>
        ) : (
          <div class="log-list" data-testid="log-list" role="log" aria-live={paused ? "off" : "polite"}>
            {rows.map((r) => {
              const t = parseTime(r.timestamp);
              return (
                <div key={r.id} class={"log-line" + (r.fresh ? " fresh" : "")} data-level={r.level} title={dateTime(r.timestamp)}>
                  <span class="muted">{t ? t.toLocaleTimeString(undefined, { hour12: false }) : ""}</span>
                  <span class="lvl">
                    <Badge tone={TONE[r.level] || "muted"}>{r.level}</Badge>
                  </span>
                  <span class="msg">
                    {r.message}
                    {(r.logger || r.module) && (
                      <span class="muted small">
                        {" "}
                        · {r.logger || r.module}
                        {r.function ? "." + r.function : ""}
                      </span>
                    )}
                  </span>
                </div>
              );
            })}
          </div>
        )}
        {rows && rows.length > 0 && (
          <div class="pager">
            {older.error && <ErrorBox error={older.error} />}
            {older.done ? (
              <span class="muted small">That is everything.</span>
            ) : (
              <button type="button" class="btn btn-small" onClick={loadOlder} disabled={older.busy}>
                {older.busy ? "Loading…" : "Load older"}
              </button>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
