// Time charts of a period (24h, 7d, 30d, 90d): the buckets that span exactly the period
// (hours for 24h, UTC days otherwise, as the analytics RPCs bucket), the sparse RPC
// series spread onto them (empty buckets filled), and an x axis whose tick labels never
// repeat or run together at any width.
import uPlot from "uplot";
import { parseTime } from "./format";

const HOUR = 3600;
const DAY = 86400;

/** Bucket size and count of each period. */
export const PERIODS = {
  "24h": { step: HOUR, n: 24 },
  "7d": { step: DAY, n: 7 },
  "30d": { step: DAY, n: 30 },
  "90d": { step: DAY, n: 90 },
};

/** Tick spacings tried, in buckets, smallest first. */
const EVERY = { [HOUR]: [1, 2, 3, 4, 6, 8, 12, 24], [DAY]: [1, 2, 3, 5, 7, 10, 14, 15, 30, 45, 90] };

/** Width a tick label needs, in CSS pixels ("23:00", "Nov 30" and a gap). */
const LABEL_PX = { [HOUR]: 52, [DAY]: 60 };

/** A point's time in unix seconds: its timestamp, or its date (a bare date is a UTC day). */
export function pointTime(p) {
  const v = p.timestamp || p.date || "";
  const d = parseTime(/^\d{4}-\d\d-\d\d$/.test(v) ? v + "T00:00:00Z" : v);
  return d ? Math.floor(d.getTime() / 1000) : null;
}

/** The bucket starts (unix seconds) of period, the last one holding now. */
export function buckets(period, now = Date.now() / 1000) {
  const { step, n } = PERIODS[period] || PERIODS["7d"];
  const last = Math.floor(now / step) * step;
  return Array.from({ length: n }, (_, i) => last - (n - 1 - i) * step);
}

/**
 * Spreads series onto the period's buckets: cols maps a column name to a function of a
 * point; a bucket without a point gets empty (0 for counts, null for rates: a gap).
 */
export function fill(series, period, cols, empty = 0) {
  const { step } = PERIODS[period] || PERIODS["7d"];
  const x = buckets(period);
  const at = new Map();
  for (const p of series || []) {
    const t = pointTime(p);
    if (t !== null) at.set(Math.floor(t / step) * step, p);
  }
  const out = { x };
  for (const [name, pick] of Object.entries(cols)) {
    out[name] = x.map((t) => (at.has(t) ? pick(at.get(t)) : empty));
  }
  return out;
}

/** How many buckets hold a point of series (within the period). */
export function filledCount(series, period) {
  const { step } = PERIODS[period] || PERIODS["7d"];
  const first = buckets(period)[0];
  return new Set((series || []).map(pointTime).filter((t) => t !== null && t >= first).map((t) => Math.floor(t / step))).size;
}

function label(t, step) {
  const d = new Date(t * 1000);
  return step === HOUR
    ? d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    : d.toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
}

/**
 * The uPlot x scale and axis of period: the scale spans exactly the period (half a
 * bucket of margin on each side, so that no point hugs an edge), ticks sit on bucket
 * starts, every k-th bucket with k the smallest spacing whose labels fit the width.
 * The chart element gets data-x-span (seconds) and data-ticks (the labels, "|"-joined).
 */
export function timeAxis(period, el, style) {
  const { step, n } = PERIODS[period] || PERIODS["7d"];
  const x = buckets(period);
  const min = x[0] - step / 2;
  const max = x[n - 1] + step / 2;
  let shown = [];
  return {
    scale: { time: true, range: () => [min, max] },
    axis: {
      ...style,
      space: LABEL_PX[step],
      splits: (u) => {
        const width = u.bbox.width / uPlot.pxRatio || el.clientWidth || 600;
        const fit = Math.max(1, Math.floor(width / LABEL_PX[step]));
        const k = EVERY[step].find((e) => Math.ceil(n / e) <= fit) || n;
        // Count back from the newest bucket, so that "now" always has its label.
        return x.filter((_, i) => (n - 1 - i) % k === 0);
      },
      values: (u, ticks) => {
        shown = ticks.map((t) => label(t, step));
        return shown;
      },
    },
    hook: () => {
      el.dataset.xSpan = String(max - min);
      el.dataset.ticks = shown.join("|");
    },
  };
}
