// Lookups of only the records a page shows (by their Telegram ids), so that no page
// loads a whole collection to name a few rows: at 20,000 groups that is megabytes.
import { useEffect, useRef, useState } from "preact/hooks";
import { pb } from "./pb";

const EMPTY = Object.freeze({});

const PER_REQUEST = 50; // values a request asks for (PocketBase caps a filter at 3,500 characters)

/**
 * Loads the records of collection whose `field` is one of values, with only `fields`
 * (comma-separated) returned: one request per PER_REQUEST values.
 */
export async function findByValues(collection, field, values, fields) {
  const list = [...new Set(values)];
  const chunks = [];
  for (let i = 0; i < list.length; i += PER_REQUEST) chunks.push(list.slice(i, i + PER_REQUEST));
  const pages = await Promise.all(
    chunks.map((chunk) => {
      const filter = chunk.map((v, i) => pb.filter(`${field} = {:v${i}}`, { ["v" + i]: v })).join(" || ");
      return pb.collection(collection).getList(1, chunk.length, { filter, fields, skipTotal: true });
    }),
  );
  return pages.flatMap((p) => p.items);
}

/**
 * Names of the records of collection whose `field` is one of values, as nameOf gives
 * them: {value: nameOf(record)}, each value once, PER_REQUEST values a request.
 */
export async function namesOf(collection, field, values, fields, nameOf) {
  const rows = await findByValues(collection, field, values, fields);
  return Object.fromEntries(rows.map((r) => [r[field], nameOf(r)]));
}

/**
 * Names of the records of collection whose `field` takes the given values, looked up
 * as new values appear (each value once): {value: nameOf(record)}. Values named in
 * `known` (looked up already, e.g. with the rows that show them) are not asked again.
 * A failed lookup is tried again when the values change.
 */
export function useNames(collection, field, values, fields, nameOf, known = EMPTY) {
  const [names, setNames] = useState({});
  const asked = useRef(new Set());
  const wanted = [...new Set(values.filter((v) => v !== undefined && v !== null && v !== ""))];
  const key = wanted.map(String).sort().join(",");
  useEffect(() => {
    const fresh = wanted.filter((v) => !asked.current.has(String(v)) && !(v in known));
    if (!fresh.length) return;
    for (const v of fresh) asked.current.add(String(v));
    namesOf(collection, field, fresh, fields, nameOf).then(
      (found) => setNames((n) => ({ ...n, ...found })),
      () => fresh.forEach((v) => asked.current.delete(String(v))),
    );
  }, [key, known]);
  return known === EMPTY ? names : { ...known, ...names };
}
