// A uPlot line chart for time series: x in unix seconds, lines [{label, values, color, dash}].
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { useDarkMode } from "../theme";
import { compact } from "../format";

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export function LineChart({ x, lines, hourly, height = 220, label, unit = "", yRange, bars }) {
  const box = useRef(null);
  const dark = useDarkMode();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis = { stroke: cssVar("--text-muted"), grid: { stroke: cssVar("--grid"), width: 1 }, ticks: { stroke: cssVar("--grid"), width: 1 } };
    const opts = {
      width: el.clientWidth || 600,
      height,
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      scales: { x: { time: true }, y: { range: yRange || ((u, min, max) => [0, Math.max(1, Math.ceil(max * 1.15))]) } },
      axes: [
        {
          ...axis,
          values: hourly
            ? (u, t) => t.map((v) => new Date(v * 1000).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }))
            : (u, t) => t.map((v) => new Date(v * 1000).toLocaleDateString(undefined, { month: "short", day: "numeric" })),
        },
        { ...axis, size: 56, values: (u, t) => t.map((v) => compact(v) + unit) },
      ],
      series: [
        {},
        ...lines.map((l) => ({
          label: l.label,
          stroke: l.color,
          width: 2,
          dash: l.dash,
          fill: bars ? l.color + "99" : undefined,
          paths: bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined,
          points: { show: x.length < 40 },
        })),
      ],
    };
    const plot = new uPlot(opts, [x, ...lines.map((l) => l.values)], el);
    const ro = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [x, lines, hourly, height, dark]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
