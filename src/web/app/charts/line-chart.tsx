import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { formatDate } from "../format";
import { TableWrap } from "../ui";

export interface LineChartProps {
  /** What the chart shows, for its accessible name and caption. */
  label: string;
  /** Instants of the points (ISO 8601). */
  at: string[];
  series: { label: string; values: (number | null)[]; color: string }[];
  height?: number;
  /** Formats a value for the axis and the table. */
  format?: (value: number) => string;
}

/** The CSS custom property's value in the current theme (so the chart follows light and dark). */
function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

/** A time-series line chart (uPlot), redrawn on resize and theme change, with its data as a table below. */
export function LineChart(props: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = box.current;
    if (!target) return;
    let chart: uPlot | undefined;
    const draw = () => {
      chart?.destroy();
      const text = cssVar("--text-muted");
      const grid = cssVar("--border");
      const fmt = props.format ?? ((v: number) => String(v));
      chart = new uPlot(
        {
          width: Math.max(280, target.clientWidth),
          height: props.height ?? 240,
          scales: { x: { time: true } },
          axes: [
            { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
            {
              stroke: text,
              grid: { stroke: grid, width: 1 },
              ticks: { stroke: grid },
              values: (_u, vs) => vs.map(fmt),
            },
          ],
          series: [
            {
              label: "Date",
              value: (_u, v) => (v == null ? "—" : formatDate(new Date(v * 1000).toISOString())),
            },
            ...props.series.map((s) => ({
              label: s.label,
              stroke: cssVar(s.color),
              width: 2,
              value: (_u: uPlot, v: number | null) => (v == null ? "—" : fmt(v)),
            })),
          ],
        },
        [
          props.at.map((t) => Date.parse(t) / 1000),
          ...props.series.map((s) => s.values),
        ] as uPlot.AlignedData,
        target,
      );
    };
    draw();
    const resize = new ResizeObserver(() =>
      chart?.setSize({ width: Math.max(280, target.clientWidth), height: props.height ?? 240 }),
    );
    resize.observe(target);
    const theme = new MutationObserver(draw);
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => {
      resize.disconnect();
      theme.disconnect();
      chart?.destroy();
    };
  }, [props]);
  const fmt = props.format ?? ((v: number) => String(v));
  return (
    <figure class="chart">
      <div
        ref={box}
        class="chart-box"
        role="img"
        aria-label={`${props.label} (chart; the table below has the values)`}
      />
      <details>
        <summary>{props.label}: values</summary>
        <TableWrap label={`${props.label}: values`}>
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                {props.series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.at.map((t, i) => (
                <tr key={t}>
                  <td>{formatDate(t)}</td>
                  {props.series.map((s) => (
                    <td key={s.label} class="num">
                      {s.values[i] == null ? "—" : fmt(s.values[i] as number)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}
