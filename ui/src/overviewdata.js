// What the Overview loads first, in one place: its cards load through these, and when
// the dashboard starts on the Overview, preloadOverview() starts them before the first
// render, so the requests leave while the app still starts (the cards take the promises
// over: useLoad's options.preload).
import { pb, rpc } from "./pb";
import { preload } from "./data";
import { loadBots } from "./botsdata";
import { namesOf } from "./lookup";
import { COL } from "./collections";

/** The analytics function of the conversion funnel card. */
export const FUNNEL_RPC = "get_conversion_funnel";

/** Preload keys of the Overview's cards. */
export const PRELOAD = Object.freeze({
  feed: "overview.feed",
  stats: "overview.stats",
  bots: "overview.bots",
  feedBots: "overview.feedBots",
  health: "overview.health",
  trends: "overview.trends",
  funnel: "overview.funnel",
});

/** The verification chart's periods: value, label and bucket size. */
export const PERIODS = [
  { v: "24h", label: "24h", gran: "hour" },
  { v: "7d", label: "7d", gran: "day" },
  { v: "30d", label: "30d", gran: "day" },
  { v: "90d", label: "90d", gran: "day" },
];

/** The period the verification chart and the funnel card show first. */
export const FIRST_PERIOD = "7d";

/** The stat cards' numbers. */
export const loadStats = () => rpc("get_dashboard_stats");

/** The health score. */
export const loadHealth = () => rpc("get_bot_health");

/** The verification chart's series of a period ({v, gran} of the period switch). */
export const loadTrends = (p) => rpc("get_verification_trends", { p_period: p.v, p_granularity: p.gran });

/** The conversion funnel of a period, optionally of one group. */
export function loadFunnel(period, groupId) {
  const params = { p_period: period };
  if (groupId) params.p_group_id = groupId;
  return rpc(FUNNEL_RPC, params);
}

/** How the feed names a group and a channel. */
export const groupName = (r) => r.title;
export const channelName = (r) => (r.username ? "@" + r.username : r.title);

/** The fields the feed's name lookups read. */
export const GROUP_NAME_FIELDS = "group_id,title";
export const CHANNEL_NAME_FIELDS = "channel_id,title,username";

/**
 * The live feed's first rows (the 40 newest verification rows, as feed items) and the
 * names of their groups and channels, looked up as soon as the rows arrive:
 * {items, groups: {group_id: title}, channels: {channel_id: name}}; an id without a
 * record is named undefined (so it is not looked up again).
 */
export async function loadFeedStart() {
  const res = await pb.collection(COL.verificationLog).getList(1, 40, { sort: "-timestamp", skipTotal: true });
  const items = res.items.map((r) => ({ kind: "verification", key: "v" + r.id, ...r }));
  const gids = [...new Set(items.map((it) => it.group_id).filter(Boolean))];
  const cids = [...new Set(items.map((it) => it.channel_id).filter(Boolean))];
  const [groups, channels] = await Promise.all([
    gids.length ? namesOf(COL.protectedGroups, "group_id", gids, GROUP_NAME_FIELDS, groupName) : {},
    cids.length ? namesOf(COL.enforcedChannels, "channel_id", cids, CHANNEL_NAME_FIELDS, channelName) : {},
  ]);
  return { items, groups: withEvery(gids, groups), channels: withEvery(cids, channels) };
}

/** names with every id of ids present (undefined when no record names it). */
function withEvery(ids, names) {
  const out = Object.fromEntries(ids.map((id) => [id, undefined]));
  return Object.assign(out, names);
}

/**
 * The feed's bots: {byId: {id: bot record}, status: [bot_status rows]}, from the bot
 * list the Bot health card loads (one pair of requests for both cards).
 */
export function feedBotsFrom({ bots, status }) {
  return { byId: Object.fromEntries(bots.map((b) => [b.id, b])), status: Object.values(status) };
}

/** The feed's bots on their own (id, name and status only). */
export async function loadFeedBots() {
  const [rows, st] = await Promise.all([
    pb.collection(COL.botInstances).getFullList({ fields: "id,bot_username,bot_name" }),
    pb.collection(COL.botStatus).getFullList({ fields: "bot_instance,status" }),
  ]);
  return { byId: Object.fromEntries(rows.map((b) => [b.id, b])), status: st };
}

/**
 * Starts the Overview's first loads, the ones its first screen waits for first (the
 * feed, which takes two round trips, the stats and the bots), then the rest.
 */
export function preloadOverview() {
  preload(PRELOAD.feed, loadFeedStart);
  preload(PRELOAD.stats, loadStats);
  const bots = preload(PRELOAD.bots, loadBots);
  preload(PRELOAD.feedBots, () => bots.then(feedBotsFrom));
  preload(PRELOAD.health, loadHealth);
  preload(PRELOAD.trends, () => loadTrends(PERIODS.find((p) => p.v === FIRST_PERIOD)));
  preload(PRELOAD.funnel, () => loadFunnel(FIRST_PERIOD));
}
