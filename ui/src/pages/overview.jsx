// Overview: stat cards, verification chart with period switch, live feed, bot health.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { isMissingRoute } from "../pb";
import { useLoad, useTick, endPreloads } from "../data";
import { TOPICS, useLiveState, useReconnect, useSubscription } from "../live";
import { useBots, botHandle } from "../botsdata";
import { compact, pct, duration, ago, parseTime } from "../format";
import { Link } from "../router";
import { Card, PageHeader, Skeleton, Empty, ErrorBox, BotStatusBadge } from "../components/ui";
import { StackedAreaChart, Gauge } from "../components/chart";
import { fill } from "../timeaxis";
import { Icon } from "../components/icons";
import { FunnelCard } from "../components/funnel";
import { COL } from "../collections";
import { useNames } from "../lookup";
import {
  PRELOAD, PERIODS, FIRST_PERIOD, loadStats, loadHealth, loadTrends, loadFeedStart, loadFeedBots,
  groupName, channelName, GROUP_NAME_FIELDS, CHANNEL_NAME_FIELDS,
} from "../overviewdata";

/** Calls fn at most once per ms (trailing call kept), for refetches driven by events. */
function useThrottle(fn, ms) {
  const last = useRef(0);
  const timer = useRef(0);
  const ref = useRef(fn);
  ref.current = fn;
  return () => {
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      ref.current();
    } else if (!timer.current) {
      timer.current = setTimeout(() => {
        timer.current = 0;
        last.current = Date.now();
        ref.current();
      }, wait);
    }
  };
}

export function Overview({ user }) {
  const stats = useLoad(loadStats, [], { interval: 30000, preload: PRELOAD.stats });
  const refreshStats = useThrottle(stats.reload, 3000);
  useSubscription(TOPICS.verification, refreshStats);
  useReconnect(stats.reload);
  const live = useLiveState();
  useEffect(endPreloads, []); // after every card's first load (child effects run first)
  return (
    <>
      <PageHeader title="Overview" subtitle={`Welcome back${user.full_name ? ", " + user.full_name : ""}. Here is what your bots are doing.`} />
      {live === "offline" && (
        <div class="alert alert-info" role="status">
          <Icon name="alert" />
          <span>Real-time updates are unavailable; reconnecting. The numbers still refresh every 30 s.</span>
        </div>
      )}
      <StatCards {...stats} />
      <div class="grid-2">
        <VerificationChart />
        <BotHealth />
      </div>
      <FunnelCard id="o-funnel" period={FIRST_PERIOD} preload={PRELOAD.funnel} />
      <LiveFeed />
    </>
  );
}

function MissingRoute({ route, what }) {
  return (
    <div class="alert alert-info" role="status">
      <Icon name="alert" />
      <span>
        {what} needs <code>{route}</code>, which this server does not offer yet.
      </span>
    </div>
  );
}

function StatCards({ data, error, loading, reload }) {
  if (error && isMissingRoute(error)) return <MissingRoute route="/api/rpc/get_dashboard_stats" what="The statistics" />;
  if (error && !data) return <ErrorBox error={error} onRetry={reload} prefix="Could not load statistics:" />;
  const s = data || {};
  const cards = [
    { key: "total_groups", label: "Protected groups", icon: "shield", value: compact(s.total_groups), caption: "groups with a bot" },
    { key: "total_channels", label: "Enforced channels", icon: "radio", value: compact(s.total_channels), caption: "channels members must join" },
    { key: "verifications_today", label: "Verifications today", icon: "check", value: compact(s.verifications_today), caption: `${pct(s.success_rate)} verified · ${compact(s.verifications_week)} this week` },
    { key: "bot_uptime_seconds", label: "Bot uptime", icon: "clock", value: duration(s.bot_uptime_seconds), caption: `${pct(s.cache_hit_rate)} cache hits (7 days)` },
  ];
  return (
    <div class="stats" aria-busy={loading && !data}>
      {cards.map((c) => (
        <div class="card stat" key={c.key} data-stat={c.key} data-value={data ? s[c.key] : ""}>
          <div class="stat-head">
            <span>{c.label}</span>
            <Icon name={c.icon} />
          </div>
          {data ? <div class="stat-value">{c.value}</div> : <Skeleton lines={1} />}
          <div class="stat-caption muted">{data ? c.caption : "\u00a0"}</div>
        </div>
      ))}
      {error && data && <ErrorBox error={error} onRetry={reload} prefix="Showing older numbers:" />}
    </div>
  );
}

function VerificationChart() {
  const [period, setPeriod] = useState(FIRST_PERIOD);
  const p = PERIODS.find((x) => x.v === period);
  const res = useLoad(() => loadTrends(p), [period], { interval: 60000, preload: PRELOAD.trends });
  const refresh = useThrottle(res.reload, 10000);
  useSubscription(TOPICS.verification, refresh);
  useReconnect(res.reload);
  const filled = useMemo(() => (res.data ? fill(res.data.series, period, { ok: (pt) => pt.successful, bad: (pt) => pt.failed }) : null), [res.data]);
  const layers = useMemo(
    () =>
      filled && [
        { label: "Verified", values: filled.ok, color: "#16a34a" },
        { label: "Restricted / errors", values: filled.bad, color: "#e11d48" },
      ],
    [filled],
  );
  const summary = res.data && res.data.summary;
  return (
    <Card
      id="trends"
      title="Verifications"
      class="span-2"
      actions={
        <div class="segmented" role="radiogroup" aria-label="Chart period">
          {PERIODS.map((x) => (
            <button key={x.v} type="button" role="radio" aria-checked={period === x.v} class={period === x.v ? "on" : ""} onClick={() => setPeriod(x.v)}>
              {x.label}
            </button>
          ))}
        </div>
      }
    >
      {res.error && isMissingRoute(res.error) ? (
        <MissingRoute route="/api/rpc/get_verification_trends" what="The chart" />
      ) : res.error && !res.data ? (
        <ErrorBox error={res.error} onRetry={res.reload} prefix="Could not load the chart:" />
      ) : !res.data ? (
        <Skeleton lines={5} height="240px" />
      ) : (
        <>
          <p class="muted small" data-testid="trend-summary">
            {compact(summary.total_verifications)} checks in the last {period} · {pct(summary.success_rate)} verified
          </p>
          {summary.total_verifications === 0 ? (
            <Empty icon="activity" title="No verifications in this period">
              Members are checked when they join or write in a protected group.
            </Empty>
          ) : (
            <StackedAreaChart x={filled.x} layers={layers} period={period} label={`Verifications per ${p.gran}, last ${period}`} />
          )}
        </>
      )}
    </Card>
  );
}

function BotHealth() {
  const health = useLoad(loadHealth, [], { interval: 60000, preload: PRELOAD.health });
  useReconnect(health.reload);
  const bots = useBots({ preload: PRELOAD.bots });
  const h = health.data;
  return (
    <Card id="health" title="Bot health" actions={<Link href="/bots" class="btn btn-ghost btn-small">All bots</Link>}>
      {health.error && isMissingRoute(health.error) ? (
        <MissingRoute route="/api/rpc/get_bot_health" what="The health score" />
      ) : health.error && !h ? (
        <ErrorBox error={health.error} onRetry={health.reload} />
      ) : !h ? (
        <Skeleton lines={4} />
      ) : (
        <>
          <Gauge value={h.overall_score} label="Overall health score" />
          <dl class="tiles">
            <div><dt>Uptime</dt><dd>{pct(h.uptime_percent)}</dd></div>
            <div><dt>Success</dt><dd>{pct(h.success_rate)}</dd></div>
            <div><dt>Cache</dt><dd>{pct(h.cache_efficiency)}</dd></div>
            <div><dt>Errors</dt><dd>{pct(h.error_rate)}</dd></div>
          </dl>
        </>
      )}
      <BotList {...bots} />
    </Card>
  );
}

function BotList({ data, error, reload }) {
  useTick(15000);
  if (error && !data) return <ErrorBox error={error} onRetry={reload} />;
  if (!data) return <Skeleton lines={2} />;
  if (!data.bots.length)
    return (
      <Empty icon="bot" title="No bots yet">
        <Link href="/bots">Add your first bot</Link>
      </Empty>
    );
  return (
    <ul class="mini-bots" aria-label="Bots">
      {data.bots.slice(0, 6).map((b) => {
        const st = data.status[b.id];
        return (
          <li key={b.id}>
            <Link href={`/bots/${b.id}`}>{b.bot_name || botHandle(b)}</Link>
            <span class="muted small">{st && st.last_heartbeat ? ago(st.last_heartbeat) : ""}</span>
            <BotStatusBadge status={b.is_active ? st && st.status : "stopped"} />
          </li>
        );
      })}
    </ul>
  );
}

const FEED_MAX = 20; // rows shown
const FEED_RAW = 80; // events kept (a join writes one row per channel and check)
const JOIN_GAP = 60; // seconds: checks of one user in one group this close are one join

/**
 * Folds verification events (newest first) into one item per join: the checks of one
 * user in one group no more than JOIN_GAP apart (the join, a channel joined, the
 * button) become one item with the latest outcome per channel.
 */
export function groupJoins(list) {
  const out = [];
  const open = new Map(); // user|group → the item being folded into
  for (const it of list) {
    if (it.kind !== "verification") {
      out.push(it);
      continue;
    }
    const k = it.user_id + "|" + it.group_id;
    const t = (parseTime(it.timestamp)?.getTime() || 0) / 1000;
    const cur = open.get(k);
    if (cur && cur.oldest - t <= JOIN_GAP) {
      cur.oldest = Math.min(cur.oldest, t);
      cur.checks += 1;
      if (!cur.channels.some((c) => c.channel_id === it.channel_id)) cur.channels.push({ channel_id: it.channel_id, status: it.status, cached: it.cached });
      cur.fresh = cur.fresh || it.fresh;
      continue;
    }
    const item = { ...it, oldest: t, checks: 1, channels: it.channel_id ? [{ channel_id: it.channel_id, status: it.status, cached: it.cached }] : [] };
    open.set(k, item);
    out.push(item);
  }
  for (const it of out) {
    if (it.kind !== "verification" || it.channels.length === 0) continue;
    const st = it.channels.map((c) => c.status);
    it.status = st.includes("error") ? "error" : st.includes("restricted") ? "restricted" : "verified";
  }
  return out;
}

/** The 10 newest verification rows, then every verification and bot status event live. */
function LiveFeed() {
  const [items, setItems] = useState([]);
  const lastStatus = useRef({}); // bot record id → last status seen, so heartbeats add nothing
  const bots = useLoad(loadFeedBots, [], { preload: PRELOAD.feedBots });
  const tookStatus = useRef(null); // the bots.data whose statuses lastStatus took
  if (bots.data && tookStatus.current !== bots.data) {
    tookStatus.current = bots.data;
    for (const r of bots.data.status) if (!(r.bot_instance in lastStatus.current)) lastStatus.current[r.bot_instance] = r.status;
  }
  // The first rows come with their groups' and channels' names (one round trip less).
  const initial = useLoad(loadFeedStart, [], { preload: PRELOAD.feed });
  useReconnect(initial.reload);
  useTick(15000);

  const add = (item) =>
    setItems((list) => (list.some((x) => x.key === item.key) ? list : [item, ...list].slice(0, FEED_RAW)));
  useSubscription(TOPICS.verification, (ev) => add({ kind: "verification", key: "v" + (ev.id || Math.random()), fresh: true, ...ev }));
  useSubscription(TOPICS.botStatus, (ev) => {
    if (!ev || !ev.bot_instance || lastStatus.current[ev.bot_instance] === ev.status) return;
    lastStatus.current[ev.bot_instance] = ev.status;
    if (!(ev.bot_instance in b)) bots.reload(); // a bot added since the page loaded
    add({ kind: "bot", key: "b" + ev.bot_instance + ev.status + ev.last_heartbeat, fresh: true, timestamp: ev.last_heartbeat || new Date().toISOString(), ...ev });
  });

  const merged = useMemo(() => {
    const seen = new Set();
    const all = [...items, ...((initial.data && initial.data.items) || [])].filter((x) => (seen.has(x.key) ? false : seen.add(x.key)));
    const ms = (x) => parseTime(x.timestamp)?.getTime() || 0;
    all.sort((a, b) => ms(b) - ms(a));
    return groupJoins(all).slice(0, FEED_MAX);
  }, [items, initial.data]);
  // Only the groups and channels the feed shows are named (never every group).
  const shown = merged.filter((it) => it.kind === "verification");
  const first = initial.data || {};
  const g = useNames(COL.protectedGroups, "group_id", shown.map((it) => it.group_id), GROUP_NAME_FIELDS, groupName, first.groups);
  const ch = useNames(COL.enforcedChannels, "channel_id", shown.flatMap((it) => it.channels.map((c) => c.channel_id)), CHANNEL_NAME_FIELDS, channelName, first.channels);
  const b = (bots.data && bots.data.byId) || {};

  return (
    <Card id="feed" title="Live activity">
      {initial.error && !initial.data ? (
        <ErrorBox error={initial.error} onRetry={initial.reload} prefix="Could not load recent activity:" />
      ) : !initial.data ? (
        <Skeleton lines={4} />
      ) : merged.length === 0 ? (
        <Empty icon="activity" title="No recent activity">
          Verifications and bot status changes appear here as they happen.
        </Empty>
      ) : (
        <ul class="feed" data-testid="feed" aria-live="polite">
          {merged.map((it) => (it.kind === "bot" ? <BotItem key={it.key} it={it} bot={b[it.bot_instance]} /> : <VerificationItem key={it.key} it={it} title={g[it.group_id]} channels={ch} />))}
        </ul>
      )}
    </Card>
  );
}

const verifTone = { verified: ["ok", "check"], restricted: ["warn", "shield"], error: ["bad", "alert"] };

const chanMark = { verified: "✓", restricted: "✗", error: "!" };

/** One join (or re-check) of a user in a group: its outcome and each channel's. */
function VerificationItem({ it, title, channels }) {
  const [tone, icon] = verifTone[it.status] || ["muted", "activity"];
  const list = it.channels || [];
  return (
    <li class={"feed-item" + (it.fresh ? " fresh" : "")} data-user={it.user_id} data-checks={it.checks || 1}>
      <span class={"feed-icon tone-" + tone}>
        <Icon name={icon} size={16} />
      </span>
      <span class="feed-text">
        User <code>{it.user_id}</code> {it.status} in {title ? <strong>{title}</strong> : <>group <code>{it.group_id}</code></>}
        {list.length > 0 ? (
          <span class="muted" data-testid="feed-channels">
            {" · "}
            {list.map((c, i) => (
              <span key={c.channel_id} title={c.status + (c.cached ? " (cached)" : "")}>
                {i > 0 ? ", " : ""}
                {channels[c.channel_id] || "channel " + c.channel_id} {chanMark[c.status] || ""}
              </span>
            ))}
          </span>
        ) : null}
        {(it.checks || 1) > 1 ? <span class="muted"> · {it.checks} checks</span> : it.cached ? <span class="muted"> · cached</span> : null}
      </span>
      <time class="muted small" dateTime={it.timestamp}>
        {ago(it.timestamp)}
      </time>
    </li>
  );
}

const statusPhrase = { running: "is running", starting: "is starting", stopped: "stopped", error: "reported an error" };

function BotItem({ it, bot }) {
  const tone = { running: "ok", starting: "info", error: "bad" }[it.status] || "muted";
  return (
    <li class={"feed-item" + (it.fresh ? " fresh" : "")}>
      <span class={"feed-icon tone-" + tone}>
        <Icon name="bot" size={16} />
      </span>
      <span class="feed-text">
        Bot {bot ? <strong>{botHandle(bot)}</strong> : "a bot"} {statusPhrase[it.status] || it.status}
        {it.uptime_seconds ? <span class="muted"> · up {duration(it.uptime_seconds)}</span> : null}
      </span>
      <time class="muted small" dateTime={it.timestamp}>
        {ago(it.timestamp)}
      </time>
    </li>
  );
}
