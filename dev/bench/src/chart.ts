import { Comparison } from './types';

const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const colour = (ratio: number, poorBelow: number) =>
  ratio >= 1 ? '#2e7d32' : ratio >= poorBelow ? '#f9a825' : '#c62828';

/**
 * A horizontal bar per figure: the median ratio, a whisker from the lowest to the highest round,
 * and reference lines at 1 (as good as the floor) and at the poor threshold.
 */
export const renderChart = (comparisons: Comparison[], poorBelow: number, title: string): string => {
  const bars = comparisons.flatMap((c) =>
    c.figures.map((f) => ({ label: `${c.group} · ${c.name} · ${f.key}`, ratio: f.ratio })),
  );
  // About 6.6 px per character of 12 px sans-serif: labels are right-aligned and must not run off the left edge.
  const labelWidth = Math.max(200, Math.ceil(Math.max(...bars.map((b) => b.label.length)) * 6.6) + 16);
  const plotWidth = 480;
  const rowHeight = 22;
  const top = 48;
  const height = top + bars.length * rowHeight + 40;
  const maxRatio = Math.max(1.2, ...bars.map((b) => b.ratio.max));
  const x = (ratio: number) => Math.round((labelWidth + (Math.min(ratio, maxRatio) / maxRatio) * plotWidth) * 10) / 10;
  const line = (ratio: number, stroke: string, dash = '') =>
    `<line x1="${x(ratio)}" y1="${top - 6}" x2="${x(ratio)}" y2="${height - 34}" stroke="${stroke}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>` +
    `<text x="${x(ratio)}" y="${height - 20}" text-anchor="middle">${ratio}</text>`;
  const rows = bars.map((bar, i) => {
    const y = top + i * rowHeight;
    const { median, min, max } = bar.ratio;
    return [
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${x(median) - labelWidth}" height="${rowHeight - 8}" fill="${colour(median, poorBelow)}"/>`,
      `<line x1="${x(min)}" y1="${y + rowHeight / 2}" x2="${x(max)}" y2="${y + rowHeight / 2}" stroke="#222"/>`,
      `<text x="${x(Math.max(median, max)) + 6}" y="${y + 15}">${median.toFixed(2)}</text>`,
    ].join('');
  });
  const width = labelWidth + plotWidth + 60;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${width / 2}" y="38" text-anchor="middle" fill="#555">ratio to floor (1 = as good as the floor; whiskers: lowest–highest round)</text>`,
    ...rows,
    line(1, '#222'),
    line(poorBelow, '#c62828', '4 3'),
    '</svg>',
    '',
  ].join('\n');
};
