// Number, duration and time formatting shared by the pages.

/** 999 → "999", 1234 → "1.2K", 2_500_000 → "2.5M". */
export function compact(n) {
  n = Number(n) || 0;
  const abs = Math.abs(n);
  if (abs >= 1e9) return trim(n / 1e9) + "B";
  if (abs >= 1e6) return trim(n / 1e6) + "M";
  if (abs >= 1e3) return trim(n / 1e3) + "K";
  return String(Math.round(n));
}

function trim(x) {
  return x.toFixed(1).replace(/\.0$/, "");
}

/** A percentage with at most one decimal: 60 → "60%", 66.667 → "66.7%". */
export function pct(n) {
  return trim(Number(n) || 0) + "%";
}

/** Seconds as "3d 4h", "5h 12m", "12m", "40s". */
export function duration(sec) {
  sec = Math.max(0, Math.floor(Number(sec) || 0));
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  if (d) return h ? `${d}d ${h}h` : `${d}d`;
  if (h) return m ? `${h}h ${m}m` : `${h}h`;
  if (m) return `${m}m`;
  return `${sec}s`;
}

/**
 * Parses the server's timestamps: RFC 3339, PocketBase's "2026-11-25 19:00:00.000Z",
 * and PostgreSQL's "2026-11-25 19:00:00+00".
 */
export function parseTime(v) {
  if (!v) return null;
  if (v instanceof Date) return v;
  let s = String(v).trim().replace(" ", "T");
  if (/T.*[+-]\d\d$/.test(s)) s += ":00"; // "+05" offset of a date-time, not "-21" of a bare date
  const d = new Date(s);
  return isNaN(d) ? null : d;
}

/** "Just now", "5m ago", "3h ago", "2d ago"; "" for no time. */
export function ago(v, now = Date.now()) {
  const d = parseTime(v);
  if (!d) return "";
  const s = Math.round((now - d.getTime()) / 1000);
  if (s < 10) return "Just now";
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

/** A local date and time, e.g. "Nov 25, 2026, 19:04". */
export function dateTime(v) {
  const d = parseTime(v);
  return d ? d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "—";
}

/** A local date, e.g. "Nov 25, 2026". */
export function date(v) {
  const d = parseTime(v);
  return d ? d.toLocaleDateString(undefined, { dateStyle: "medium" }) : "—";
}
