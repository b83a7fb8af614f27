// Charts: a uPlot stacked-area time chart and an SVG half gauge.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useDarkMode } from "../theme";
import { compact } from "../format";
import { timeAxis } from "../timeaxis";

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/**
 * Stacked areas over time. x: the bucket starts of period (timeaxis.fill), unix seconds;
 * layers: [{label, values, color}] bottom first.
 */
export function StackedAreaChart({ x, layers, period, height = 240, label }) {
  const box = useRef(null);
  const dark = useDarkMode();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const grid = cssVar("--grid");
    const text = cssVar("--text-muted");
    // uPlot fills each series down to zero, so draw cumulative sums, top layer first.
    const sums = [];
    let acc = x.map(() => 0);
    for (const l of layers) {
      acc = acc.map((v, i) => v + (Number(l.values[i]) || 0));
      sums.push(acc);
    }
    const order = layers.map((_, i) => layers.length - 1 - i);
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const time = timeAxis(period, el, axis);
    const opts = {
      width: el.clientWidth || 600,
      height,
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      // Stacked look: each upper layer fills down to the one below it, the bottom to zero.
      bands: order.slice(0, -1).map((li, k) => ({ series: [k + 1, k + 2], fill: layers[li].color + "66" })),
      scales: { x: time.scale, y: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
      hooks: { draw: [time.hook] },
      axes: [
        time.axis,
        { ...axis, size: 52, values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? compact(t) : "")) },
      ],
      series: [
        {},
        ...order.map((i) => ({
          label: layers[i].label,
          stroke: layers[i].color,
          fill: i === 0 ? layers[i].color + "66" : undefined,
          width: 2,
          points: { show: x.length < 40 },
        })),
      ],
    };
    const plot = new uPlot(opts, [x, ...order.map((i) => sums[i])], el);
    const ro = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [x, layers, period, height, dark]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}

/** A half-circle gauge of value/100 with a coloured arc (≥90 green, ≥70 yellow, ≥50 orange, else red). */
export function Gauge({ value, label }) {
  const v = Math.max(0, Math.min(100, Number(value) || 0));
  const tone = v >= 90 ? "ok" : v >= 70 ? "warn" : v >= 50 ? "orange" : "bad";
  const r = 80;
  const len = Math.PI * r;
  return (
    <figure class="gauge" aria-label={`${label}: ${v.toFixed(0)} of 100`} role="img">
      <svg viewBox="0 0 200 110" width="200" height="110" aria-hidden="true">
        <path d="M20 100 A80 80 0 0 1 180 100" class="gauge-track" />
        <path d="M20 100 A80 80 0 0 1 180 100" class={"gauge-arc gauge-" + tone} stroke-dasharray={`${(len * v) / 100} ${len}`} />
      </svg>
      <figcaption>
        <span class="gauge-value">{v.toFixed(0)}</span>
        <span class="muted">/ 100</span>
      </figcaption>
    </figure>
  );
}
