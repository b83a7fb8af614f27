// Pagination controls and a debounced search box, shared by the list pages.
import { useEffect, useState } from "preact/hooks";

/** Previous / Next with "page x of y" (totalPages may be unknown: -1). */
export function Pager({ page, totalPages, onPage, label = "Pagination" }) {
  if (totalPages === 0 || (totalPages === 1 && page === 1)) return null;
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" class="btn btn-small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span class="muted small" aria-live="polite">
        Page {page}
        {totalPages > 0 ? ` of ${totalPages}` : ""}
      </span>
      <button type="button" class="btn btn-small" disabled={totalPages > 0 && page >= totalPages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

/** A search input that reports its value after the user stops typing. */
export function SearchBox({ value, onChange, label, placeholder, delay = 300 }) {
  const [v, setV] = useState(value || "");
  useEffect(() => {
    if (v === value) return;
    const id = setTimeout(() => onChange(v), delay);
    return () => clearTimeout(id);
  }, [v]);
  return (
    <input type="search" class="input search" aria-label={label} placeholder={placeholder || label} value={v} onInput={(e) => setV(e.currentTarget.value)} />
  );
}

/** Turns rows (array of objects) into CSV text; columns: [key, header]. */
export function toCSV(rows, columns) {
  const cols = columns || Object.keys(rows[0] || {}).map((k) => [k, k]);
  const cell = (v) => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  return [cols.map((c) => cell(c[1])).join(","), ...rows.map((r) => cols.map((c) => cell(r[c[0]])).join(","))].join("\r\n") + "\r\n";
}

/** Offers rows as a CSV file download. */
export function downloadCSV(name, rows, columns) {
  const blob = new Blob([toCSV(rows, columns)], { type: "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name.endsWith(".csv") ? name : name + ".csv";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
