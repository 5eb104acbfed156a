// The charts are the heaviest code (uPlot): loaded on demand, after the page's data, so the first page stays
// small. A chart always comes with its numbers as a table for screen readers and keyboard users.
import { useEffect, useState } from "preact/hooks";
import { ErrorNotice, Loading } from "../ui";
import type { LineChartProps } from "./line-chart";

type Module = typeof import("./line-chart");

export function LazyLineChart(props: LineChartProps) {
  const [mod, setMod] = useState<{ m: Module }>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    import("./line-chart").then((m) => setMod({ m }), setError);
  }, []);
  if (error) return <ErrorNotice error={error} />;
  if (!mod) return <Loading what="Loading the chart" />;
  return <mod.m.LineChart {...props} />;
}
