// The conversion funnel card (get_conversion_funnel): joins checked → not subscribed
// (muted or warned) → subscribed afterwards → unmuted, the conversion rate, the time
// from warning to subscription, and the subscribers gained per channel and per group.
// Shown on Overview and Analytics, with a CSV export like every card.
import { isMissingRoute } from "../pb";
import { useLoad } from "../data";
import { useReconnect } from "../live";
import { compact, duration, pct } from "../format";
import { Card, Skeleton, Empty, ErrorBox } from "./ui";
import { downloadCSV } from "./pager";
import { Icon } from "./icons";
import { FUNNEL_RPC, loadFunnel } from "../overviewdata";

export { FUNNEL_RPC };

const STAGES = [
  ["checked", "Joins checked"],
  ["not_subscribed", "Not subscribed (muted or warned)"],
  ["subscribed", "Subscribed afterwards"],
  ["unmuted", "Unmuted"],
];

/** A channel's name: @username, else its title, else its id. */
function channelName(c) {
  return c.username ? "@" + c.username : c.title || String(c.channel_id);
}

/** A group's name: its title ("other" for joins no group's link brought), else its id. */
function groupName(g) {
  return g.title || String(g.group_id);
}

/** The funnel's answer as CSV rows: stages, rates, then gains per bucket. */
export function funnelCSV(d) {
  const rows = STAGES.map(([k]) => ({ section: "stage", name: k, value: d.stages[k] }));
  rows.push({ section: "rate", name: "conversion_rate", value: d.conversion_rate });
  rows.push({ section: "time", name: "median_seconds", value: d.time_to_subscribe.median_seconds });
  rows.push({ section: "time", name: "p90_seconds", value: d.time_to_subscribe.p90_seconds });
  for (const s of d.series) {
    rows.push({ section: "gained", date: s.date, channel_id: s.channel_id, group_id: s.group_id, value: s.subscribers, requests: s.requests });
  }
  return rows;
}

const CSV_COLUMNS = ["section", "name", "date", "channel_id", "group_id", "value", "requests"].map((k) => [k, k]);

/**
 * The funnel card; period is 24h/7d/30d/90d, groupId (optional) narrows it to one group,
 * preload is useLoad's (a preload of loadFunnel with the same period and group).
 */
export function FunnelCard({ period = "7d", groupId, id = "funnel", preload = "" }) {
  const res = useLoad(() => loadFunnel(period, groupId), [period, groupId || 0], { interval: 60000, preload });
  useReconnect(res.reload);
  const d = res.data;
  const title = `Conversion funnel (${period})`;
  return (
    <Card
      id={id}
      title={title}
      actions={
        d && (
          <button type="button" class="btn btn-small btn-ghost" data-csv={FUNNEL_RPC} aria-label={`Export ${title} as CSV`}
            onClick={() => downloadCSV(`${FUNNEL_RPC}-${period}`, funnelCSV(d), CSV_COLUMNS)}>
            <Icon name="file" size={16} /> CSV
          </button>
        )
      }
    >
      <div data-rpc={FUNNEL_RPC} data-loaded={d !== undefined ? "yes" : "no"}>
        {res.error && !d ? (
          isMissingRoute(res.error) ? (
            <div class="alert alert-info"><Icon name="alert" /><span>This server does not offer {FUNNEL_RPC} yet.</span></div>
          ) : (
            <ErrorBox error={res.error} onRetry={res.reload} prefix="Could not load the conversion funnel:" />
          )
        ) : d === undefined ? (
          <Skeleton lines={4} />
        ) : (
          <FunnelBody d={d} />
        )}
      </div>
    </Card>
  );
}

function FunnelBody({ d }) {
  const top = Math.max(1, d.stages.checked, d.stages.not_subscribed);
  const t = d.time_to_subscribe;
  return (
    <>
      <div class="bars" data-testid="funnel-stages">
        {STAGES.map(([k, label]) => (
          <div class="bar-row" key={k} data-stage={k}>
            <span class="small">{label}</span>
            <span class="bar-track" role="img" aria-label={`${label}: ${d.stages[k]}`}>
              <span class="bar-fill" style={{ width: `${(100 * d.stages[k]) / top}%`, display: "block" }} />
            </span>
            <span class="small right">{compact(d.stages[k])}</span>
          </div>
        ))}
      </div>
      <dl class="tiles">
        <div><dt>Conversion</dt><dd data-testid="funnel-rate">{pct(d.conversion_rate)}</dd></div>
        <div><dt>Median to subscribe</dt><dd>{t.samples ? duration(t.median_seconds) : "—"}</dd></div>
        <div><dt>p90 to subscribe</dt><dd>{t.samples ? duration(t.p90_seconds) : "—"}</dd></div>
        <div><dt>Subscribers gained</dt><dd data-testid="funnel-gained">{compact(d.gained.subscribers)}</dd></div>
      </dl>
      {d.per_channel.length === 0 ? (
        <Empty icon="chart" title="No channel joins in this period" />
      ) : (
        <div class="grid-2">
          <GainList title="Per channel" items={d.per_channel.map((c) => ({ key: c.channel_id, label: channelName(c), n: c.subscribers, r: c.requests }))} />
          <GainList title="Per group (via its link)" items={d.per_group.map((g) => ({ key: g.group_id, label: groupName(g), n: g.subscribers, r: g.requests }))} />
        </div>
      )}
    </>
  );
}

function GainList({ title, items }) {
  return (
    <div>
      <h3 class="small muted">{title}</h3>
      <ul data-testid={"funnel-" + title.split(" ")[1]}>
        {items.map((i) => (
          <li key={i.key} class="small">
            {i.label}: <b>{compact(i.n)}</b>
            {i.r ? ` (+${compact(i.r)} requests)` : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}
