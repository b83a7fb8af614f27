// Bots and their live status, shared by Overview, Bots and the bot detail page.
import { useCallback } from "preact/hooks";
import { pb } from "./pb";
import { useLoad } from "./data";
import { TOPICS, useReconnect, useSubscription } from "./live";
import { COL } from "./collections";

/** Loads every visible bot and its bot_status row: {bots, status: {botId: row}}. */
export async function loadBots() {
  const [bots, rows] = await Promise.all([
    pb.collection(COL.botInstances).getFullList({ sort: "-created" }),
    pb.collection(COL.botStatus).getFullList(),
  ]);
  const status = {};
  for (const r of rows) status[r.bot_instance] = r;
  return { bots, status };
}

/**
 * Bots with live status: bot_status/status_changed events and record changes of
 * bot_instances and bot_status update the list without a reload. options.preload is
 * useLoad's (a preload of loadBots).
 */
export function useBots({ preload = "" } = {}) {
  const res = useLoad(loadBots, [], { interval: 60000, preload });
  const { setData, reload } = res;

  const onStatus = useCallback(
    (ev) => {
      const row = ev && ev.record ? ev.record : ev; // record event or flat topic data
      if (!row || !row.bot_instance) return;
      setData((d) => (d ? { ...d, status: { ...d.status, [row.bot_instance]: { ...d.status[row.bot_instance], ...row } } } : d));
    },
    [setData],
  );
  useSubscription(TOPICS.botStatus, onStatus);
  useSubscription({ collection: COL.botStatus }, onStatus);
  useSubscription({ collection: COL.botInstances }, (ev) => {
    if (!ev || !ev.record) return;
    setData((d) => {
      if (!d) return d;
      const others = d.bots.filter((b) => b.id !== ev.record.id);
      if (ev.action === "delete" || ev.record.is_deleted) return { ...d, bots: others };
      const exists = others.length !== d.bots.length;
      const bots = exists ? d.bots.map((b) => (b.id === ev.record.id ? ev.record : b)) : [ev.record, ...d.bots];
      return { ...d, bots };
    });
  });
  useReconnect(reload);
  return res;
}

/** "@name" of a bot record. */
export function botHandle(b) {
  return b && b.bot_username ? "@" + b.bot_username : "bot";
}

/** Whether a status row's heartbeat is older than 2 minutes (the bot stopped reporting). */
export function isStale(row, now = Date.now()) {
  if (!row || !row.last_heartbeat) return false;
  const t = Date.parse(String(row.last_heartbeat).replace(" ", "T"));
  return !isNaN(t) && now - t > 120000;
}

/**
 * Why an enabled group is not enforced although it says "protected": no bot serves it,
 * its bot was deleted (invisible to admins, so the expanded relation is missing), or its
 * bot is deactivated. null when a running-capable bot serves it (or it is disabled).
 */
export function groupBotProblem(g) {
  if (!g || !g.enabled) return null;
  if (!g.bot_instance) return "no bot serves this group: send /protect there with an active bot";
  const bot = g.expand && g.expand.bot_instance;
  if (!bot || bot.is_deleted) return "its bot was deleted: add a bot and send /protect in the group";
  if (!bot.is_active) return `its bot @${bot.bot_username} is deactivated: activate it on the Bots page`;
  return null;
}
