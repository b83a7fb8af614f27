// Analytics: every RPC of spec/rpc.md, with a period switch (24h/7d/30d/90d) for the
// ones that take p_period and a CSV export of each card's table.
import { useMemo, useState } from "preact/hooks";
import { rpc, isMissingRoute } from "../pb";
import { useLoad } from "../data";
import { compact, duration, parseTime, pct } from "../format";
import { useReconnect } from "../live";
import { Card, PageHeader, Skeleton, Empty, ErrorBox } from "../components/ui";
import { downloadCSV } from "../components/pager";
import { StackedAreaChart, Gauge } from "../components/chart";
import { LineChart } from "../components/linechart";
import { fill } from "../timeaxis";
import { Icon } from "../components/icons";
import { FunnelCard } from "../components/funnel";

const PERIODS = ["24h", "7d", "30d", "90d"];

/** Runs one RPC and renders loading / error / its body; offers its rows as CSV. */
function Rpc({ id, title, name, params = {}, note, csv, cls = "", children }) {
  const key = JSON.stringify(params);
  const res = useLoad(() => rpc(name, params), [name, key], { interval: 60000 });
  useReconnect(res.reload);
  const rows = res.data !== undefined && csv ? csv(res.data) : null;
  return (
    <Card
      id={id}
      title={title}
      class={cls}
      actions={
        <>
          {note && <span class="muted small">{note}</span>}
          {rows && rows.length > 0 && (
            <button type="button" class="btn btn-small btn-ghost" onClick={() => downloadCSV(`${name}${params.p_period ? "-" + params.p_period : ""}`, rows)} aria-label={`Export ${title} as CSV`} data-csv={name}>
              <Icon name="file" size={16} /> CSV
            </button>
          )}
        </>
      }
    >
      <div data-rpc={name} data-loaded={res.data !== undefined ? "yes" : "no"}>
        {res.error && !res.data ? (
          isMissingRoute(res.error) ? (
            <div class="alert alert-info">
              <Icon name="alert" />
              <span>This server does not offer {name} yet.</span>
            </div>
          ) : (
            <ErrorBox error={res.error} onRetry={res.reload} prefix={`Could not load ${title.toLowerCase()}:`} />
          )
        ) : res.data === undefined ? (
          <Skeleton lines={4} />
        ) : (
          children(res.data)
        )}
      </div>
    </Card>
  );
}

function when(p) {
  const v = p.timestamp || p.date || "";
  // A bare date ("2026-11-21") is a UTC day bucket.
  const d = parseTime(/^\d{4}-\d\d-\d\d$/.test(v) ? v + "T00:00:00Z" : v);
  return d ? Math.floor(d.getTime() / 1000) : 0;
}

/** Horizontal bars; stacked puts each full label above its bar (long names such as Telegram methods). */
function Bars({ items, max, fmt = compact, testid, stacked = false }) {
  const m = max || Math.max(1, ...items.map((i) => i.value));
  if (!items.length) return <Empty icon="chart" title="No data in this period" />;
  return (
    <div class={"bars" + (stacked ? " bars-stacked" : "")} data-testid={testid}>
      {items.map((i) => (
        <div class="bar-row" key={i.label}>
          <span class="small bar-label" title={i.label}>
            {stacked || i.label.length <= 24 ? i.label : i.label.slice(0, 23) + "…"}
          </span>
          <span class="bar-track" role="img" aria-label={`${i.label}: ${fmt(i.value)}`}>
            <span class="bar-fill" style={{ width: `${(100 * i.value) / m}%`, display: "block", background: i.color }} />
          </span>
          <span class="small right">{fmt(i.value)}</span>
        </div>
      ))}
    </div>
  );
}

function Tiles({ items }) {
  return (
    <dl class="tiles">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Analytics() {
  const [period, setPeriod] = useState("7d");
  const P = { p_period: period };
  return (
    <>
      <PageHeader title="Analytics" subtitle="How the protection performs: checks, speed, cache, groups and bots.">
        <div class="segmented" role="radiogroup" aria-label="Period">
          {PERIODS.map((p) => (
            <button key={p} type="button" role="radio" aria-checked={period === p} class={period === p ? "on" : ""} onClick={() => setPeriod(p)}>
              {p}
            </button>
          ))}
        </div>
      </PageHeader>
      <div class="grid-2">
        <Rpc id="a-overview" title="All time" name="get_analytics_overview" csv={(d) => [d]}>
          {(d) => (
            <Tiles
              items={[
                ["Verifications", compact(d.total_verifications)],
                ["Success rate", pct(d.success_rate)],
                ["Avg response", Math.round(d.avg_latency_ms) + " ms"],
                ["Cache efficiency", pct(d.cache_hit_rate)],
                ["Groups", compact(d.total_groups)],
                ["Channels", compact(d.total_channels)],
              ]}
            />
          )}
        </Rpc>
        <Rpc id="a-stats" title="Today" name="get_dashboard_stats" csv={(d) => [d]}>
          {(d) => (
            <Tiles
              items={[
                ["Checks today", compact(d.verifications_today)],
                ["Checks this week", compact(d.verifications_week)],
                ["Success rate", pct(d.success_rate)],
                ["Cache hits", pct(d.cache_hit_rate)],
                ["Bot uptime", duration(d.bot_uptime_seconds)],
                ["Groups / channels", `${d.total_groups} / ${d.total_channels}`],
              ]}
            />
          )}
        </Rpc>
      </div>
      <FunnelCard id="a-funnel" period={period} />
      <Rpc id="a-trends" title="Verification trends" name="get_verification_trends" params={P} csv={(d) => d.series}>
        {(d) => <Trends d={d} period={period} />}
      </Rpc>
      <div class="grid-2">
        <Rpc id="a-growth" title="User growth" name="get_user_growth" params={P} csv={(d) => d.series}>
          {(d) => <Growth d={d} period={period} />}
        </Rpc>
        <Rpc id="a-daily" title="Daily totals" name="get_chart_data" params={P} csv={(d) => d}>
          {(d) =>
            d.length === 0 ? (
              <Empty icon="chart" title="No data in this period" />
            ) : (
              <div class="table-wrap" style={{ maxHeight: "260px", overflow: "auto" }}>
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col" class="right">Total</th>
                      <th scope="col" class="right">Verified</th>
                      <th scope="col" class="right">Failed</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.map((r) => (
                      <tr key={r.date}>
                        <td class="nowrap">{String(r.date).includes("T") ? new Date(when(r) * 1000).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }) : r.date}</td>
                        <td class="right">{r.total}</td>
                        <td class="right">{r.successful}</td>
                        <td class="right">{r.failed}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Rpc>
      </div>
      <div class="grid-2">
        <Rpc id="a-latency" title="Latency trend (avg and p95)" name="get_latency_trend" params={P} csv={(d) => d.series}>
          {(d) => <LatencyTrend d={d} period={period} />}
        </Rpc>
        <Rpc id="a-cache" title="Cache hit rate trend" name="get_cache_hit_rate_trend" params={P} csv={(d) => d.series}>
          {(d) => <CacheTrend d={d} period={period} />}
        </Rpc>
      </div>
      <p class="muted small">The cards below cover the last 7 days.</p>
      <div class="grid-2">
        <Rpc id="a-latdist" title="Latency distribution" name="get_latency_distribution" csv={(d) => d}>
          {(d) => (
            <>
              <p class="muted small">{pct((d.find((b) => b.sort_order === 1) || {}).percentage)} of checks complete in under 50 ms.</p>
              <Bars items={[...d].sort((a, b) => a.sort_order - b.sort_order).map((b) => ({ label: b.bucket, value: b.count }))} testid="latency-bars" />
            </>
          )}
        </Rpc>
        <Rpc id="a-health" title="Bot health score" name="get_bot_health" csv={(d) => [d]}>
          {(d) => (
            <>
              <Gauge value={d.overall_score} label="Bot health score" />
              <Tiles
                items={[
                  ["Uptime", pct(d.uptime_percent)],
                  ["Success rate", pct(d.success_rate)],
                  ["Cache efficiency", pct(d.cache_efficiency)],
                  ["Error rate", pct(d.error_rate)],
                ]}
              />
            </>
          )}
        </Rpc>
      </div>
      <Rpc id="a-hourly" title="Hourly activity (UTC)" name="get_hourly_activity" csv={(d) => d}>
        {(d) => <Heatmap d={d} />}
      </Rpc>
      <div class="grid-2">
        <Rpc id="a-top" title="Top groups" name="get_top_groups" params={{ p_limit: 10 }} csv={(d) => d}>
          {(d) => <Bars items={d.map((g) => ({ label: g.title || String(g.group_id), value: g.verifications }))} testid="top-groups" />}
        </Rpc>
        <Rpc id="a-api" title="Telegram API calls" name="get_api_calls_distribution" csv={(d) => d}>
          {(d) => <Bars items={d.map((m) => ({ label: m.method, value: m.count }))} stacked testid="api-methods" />}
        </Rpc>
      </div>
      <div class="grid-2">
        <Rpc id="a-dist" title="Verification outcomes" name="get_verification_distribution" csv={(d) => [d]}>
          {(d) => (
            <>
              <p class="muted small">{compact(d.total)} checks</p>
              <Bars
                items={[
                  { label: "Verified", value: d.verified, color: "var(--ok)" },
                  { label: "Restricted", value: d.restricted, color: "var(--warn)" },
                  { label: "Error", value: d.error, color: "var(--bad)" },
                ]}
                max={Math.max(1, d.total)}
              />
            </>
          )}
        </Rpc>
        <Rpc id="a-cachebreak" title="Cache performance" name="get_cache_breakdown" csv={(d) => [d]}>
          {(d) => (
            <>
              <p class="muted small">
                {compact(d.total)} lookups · {pct(d.hit_rate)} served from cache
              </p>
              <Bars
                items={[
                  { label: "Cache hit", value: d.cached, color: "var(--ok)" },
                  { label: "Telegram API call", value: d.api, color: "var(--info)" },
                ]}
                max={Math.max(1, d.total)}
              />
            </>
          )}
        </Rpc>
      </div>
      <Rpc id="a-groups" title="Groups status" name="get_groups_status" csv={(d) => [d]}>
        {(d) => (
          <Bars
            items={[
              { label: "Protected", value: d.active, color: "var(--ok)" },
              { label: "Disabled", value: d.inactive, color: "var(--text-muted)" },
            ]}
            max={Math.max(1, d.total)}
          />
        )}
      </Rpc>
    </>
  );
}

function Trends({ d, period }) {
  const f = useMemo(() => fill(d.series, period, { ok: (p) => p.successful, bad: (p) => p.failed }), [d, period]);
  const layers = useMemo(
    () => [
      { label: "Verified", values: f.ok, color: "#16a34a" },
      { label: "Restricted / errors", values: f.bad, color: "#e11d48" },
    ],
    [f],
  );
  return (
    <>
      <p class="muted small" data-testid="analytics-trend-summary">
        {compact(d.summary.total_verifications)} checks in the last {period} · {pct(d.summary.success_rate)} verified
      </p>
      {d.series.length === 0 ? <Empty icon="chart" title="No verifications in this period" /> : <StackedAreaChart x={f.x} layers={layers} period={period} label={`Verifications, last ${period}`} />}
    </>
  );
}

/**
 * New users and growth. Growth compares the period's new users with the users seen
 * before it; with none before (a new install), there is nothing to compare with.
 */
function Growth({ d, period }) {
  const f = useMemo(() => fill(d.series, period, { n: (p) => p.new_users }), [d, period]);
  const lines = useMemo(() => [{ label: "New users", values: f.n, color: "#2563eb" }], [f]);
  const first = d.series[0];
  const before = first ? (Number(first.total_users) || 0) - (Number(first.new_users) || 0) : 0;
  return (
    <>
      <p class="muted small" data-testid="growth-summary">
        {compact(d.summary.total_new_users)} new users ·{" "}
        {before > 0 ? `${d.summary.growth_rate >= 0 ? "+" : ""}${pct(d.summary.growth_rate)} growth` : "growth: not enough data yet (no users before this period)"}
      </p>
      {d.series.length === 0 ? <Empty icon="users" title="No new users in this period" /> : <LineChart x={f.x} lines={lines} bars period={period} label="New users per bucket" />}
    </>
  );
}

function LatencyTrend({ d, period }) {
  const f = useMemo(() => fill(d.series, period, { avg: (p) => p.avg_latency, p95: (p) => p.p95_latency }, null), [d, period]);
  const lines = useMemo(
    () => [
      { label: "Average", values: f.avg, color: "#2563eb" },
      { label: "p95", values: f.p95, color: "#d6336c", dash: [6, 4] },
    ],
    [f],
  );
  return (
    <>
      <p class="muted small">Current average {Math.round(d.current_avg || 0)} ms</p>
      {d.series.length === 0 ? <Empty icon="clock" title="No checks in this period" /> : <LineChart x={f.x} lines={lines} period={period} unit=" ms" label="Average and p95 latency" />}
    </>
  );
}

function CacheTrend({ d, period }) {
  const f = useMemo(() => fill(d.series, period, { v: (p) => p.value }, null), [d, period]);
  const lines = useMemo(
    () => [
      { label: "Hit rate", values: f.v, color: "#16a34a" },
      { label: "Average", values: f.v.map((v) => (v === null ? null : d.average_rate)), color: "#94a3b8", dash: [6, 4] },
    ],
    [f],
  );
  return (
    <>
      <p class="muted small">
        Now {pct(d.current_rate)} · average {pct(d.average_rate)}
      </p>
      {d.series.length === 0 ? <Empty icon="chart" title="No lookups in this period" /> : <LineChart x={f.x} lines={lines} period={period} unit="%" yRange={[0, 100]} label="Cache hit rate" />}
    </>
  );
}

function Heatmap({ d }) {
  const byHour = Array.from({ length: 24 }, (_, h) => d.find((r) => r.hour === h) || { hour: h, label: `${String(h).padStart(2, "0")}:00`, verifications: 0, restrictions: 0 });
  const max = Math.max(1, ...byHour.map((r) => r.verifications));
  const peak = byHour.reduce((a, b) => (b.verifications > a.verifications ? b : a), byHour[0]);
  if (!d.length) return <Empty icon="clock" title="No activity in the last 7 days" />;
  return (
    <>
      <p class="muted small">Peak activity at {peak.label} UTC</p>
      <div class="heatmap" data-testid="heatmap">
        {byHour.map((r) => (
          <div
            key={r.hour}
            title={`${r.label}: ${r.verifications} checks, ${r.restrictions} restricted`}
            aria-label={`${r.label}: ${r.verifications} checks, ${r.restrictions} restricted`}
            role="img"
            style={{ opacity: 0.08 + (0.92 * r.verifications) / max }}
          />
        ))}
      </div>
      <div class="row-between muted small">
        <span>00:00</span>
        <span>12:00</span>
        <span>23:00</span>
      </div>
    </>
  );
}
