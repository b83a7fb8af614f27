// A uPlot line chart for time series: x the bucket starts of period (timeaxis.fill),
// unix seconds; lines [{label, values, color, dash}] (null: no data in that bucket).
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { useDarkMode } from "../theme";
import { compact } from "../format";
import { timeAxis } from "../timeaxis";

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export function LineChart({ x, lines, period, height = 220, label, unit = "", yRange, bars }) {
  const box = useRef(null);
  const dark = useDarkMode();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis = { stroke: cssVar("--text-muted"), grid: { stroke: cssVar("--grid"), width: 1 }, ticks: { stroke: cssVar("--grid"), width: 1 } };
    const time = timeAxis(period, el, axis);
    const opts = {
      width: el.clientWidth || 600,
      height,
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      scales: { x: time.scale, y: { range: yRange || ((u, min, max) => [0, Math.max(1, Math.ceil(max * 1.15))]) } },
      hooks: { draw: [time.hook] },
      axes: [
        time.axis,
        { ...axis, size: 56, values: (u, t) => t.map((v) => (bars && !Number.isInteger(v) ? "" : compact(v) + unit)) },
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
          points: { show: l.values.filter((v) => v !== null && v !== undefined).length < 40 },
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
  }, [x, lines, period, height, dark]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
