import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * A uPlot chart (canvas; its styles come from its own stylesheet file, so it runs under a strict
 * CSP). `summary` is the text alternative screen readers get, since a canvas says nothing.
 */
export function UplotChart({
  options,
  data,
  summary,
  label,
}: {
  options: Omit<uPlot.Options, 'width' | 'height'> & { height?: number };
  data: uPlot.AlignedData;
  summary: string;
  label: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = container.current;
    if (!target) return;
    const width = Math.max(320, target.clientWidth || 640);
    const chart = new uPlot({ ...options, width, height: options.height ?? 240 }, data, target);
    const resize = new ResizeObserver(() => {
      const next = Math.max(320, target.clientWidth);
      if (next !== chart.width) chart.setSize({ width: next, height: chart.height });
    });
    resize.observe(target);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [options, data]);
  return (
    <figure className="chart">
      <div ref={container} role="img" aria-label={label} />
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
