/**
 * The picture `stats BUILDER` sends where a platform shows images: one bar per build coloured by
 * its result, and the builds' durations as a line over them, oldest build on the left. Drawn on
 * the server with Chart.js on @napi-rs/canvas (Skia, prebuilt: nothing to compile at install),
 * so chat users see the chart without a browser or a link to one.
 */
import { createCanvas } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Title, type ChartConfiguration, type Plugin } from 'chart.js';
import { resultName, RESULT_HEX_COLOURS } from '../buildbot/results.js';
import { formatDuration } from '../core/format-time.js';
import type { ReplyImage } from '../core/reply.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Title);

export interface TrendBuild {
  number: number;
  /** Buildbot result code. */
  result: number | null;
  /** Seconds. */
  duration: number;
}

/** Big enough to read in a chat's preview, small enough to stay a few tens of kilobytes. */
export const CHART_SIZE = { width: 800, height: 400 } as const;

const UNKNOWN_COLOUR = '#9e9e9e';
const LINE_COLOUR = '#1565c0';
/** Bars are a background for the line: pale enough that the line reads over them. */
const BAR_ALPHA = '66';
// DejaVu Sans ships with most Linux systems; Skia falls back to another sans-serif font elsewhere.
const FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Chats show a transparent PNG on their own background, dark in night mode: paint it white. */
const whiteBackground: Plugin = {
  id: 'white-background',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

function chartConfig(title: string, builds: readonly TrendBuild[]): ChartConfiguration<'bar' | 'line', number[], string> {
  const colours = builds.map((b) => (b.result === null ? UNKNOWN_COLOUR : (RESULT_HEX_COLOURS[b.result] ?? UNKNOWN_COLOUR)));
  return {
    type: 'bar',
    data: {
      labels: builds.map((b) => `#${b.number}`),
      datasets: [
        {
          type: 'line',
          label: 'duration',
          data: builds.map((b) => b.duration),
          yAxisID: 'duration',
          borderColor: LINE_COLOUR,
          backgroundColor: LINE_COLOUR,
          borderWidth: 2,
          pointRadius: 3,
          order: 0,
        },
        {
          type: 'bar',
          label: 'result',
          // every bar full height: its colour is what it says
          data: builds.map(() => 1),
          yAxisID: 'result',
          backgroundColor: colours.map((c) => c + BAR_ALPHA),
          borderColor: colours,
          borderWidth: 1,
          categoryPercentage: 0.9,
          barPercentage: 1,
          order: 1,
        },
      ],
    },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      font: { family: FONT_FAMILY },
      plugins: {
        title: { display: true, text: title, font: { family: FONT_FAMILY, size: 16 } },
        legend: { display: false },
      },
      scales: {
        x: { ticks: { font: { family: FONT_FAMILY }, autoSkip: true, maxRotation: 0 } },
        duration: {
          type: 'linear',
          position: 'left',
          beginAtZero: true,
          ticks: { font: { family: FONT_FAMILY }, callback: (value) => formatDuration(Number(value)) },
        },
        // shown but invisible: a scale with display off is left out of the layout and its bars overflow
        result: { type: 'linear', position: 'right', min: 0, max: 1, ticks: { display: false }, grid: { display: false }, border: { display: false } },
      },
    },
    plugins: [whiteBackground],
  };
}

/** "fast-pass, builds #3 to #32: 28 passed, 2 failed; durations 4s to 1m 10s." */
function describeChart(title: string, builds: readonly TrendBuild[]): string {
  const counts = new Map<string, number>();
  for (const b of builds) counts.set(resultName(b.result), (counts.get(resultName(b.result)) ?? 0) + 1);
  const results = [...counts].map(([name, n]) => `${n} ${name}`).join(', ');
  const durations = builds.map((b) => b.duration);
  const first = builds[0];
  const last = builds.at(-1);
  const span = first && last ? `builds #${first.number} to #${last.number}` : 'no builds';
  return `Chart of ${title}, ${span}: ${results}; durations ${formatDuration(Math.min(...durations))} to ${formatDuration(Math.max(...durations))}.`;
}

/** The chart as a PNG, oldest build first. `builds` must not be empty. */
export function renderBuildTrendChart(title: string, builds: readonly TrendBuild[]): ReplyImage {
  const canvas = createCanvas(CHART_SIZE.width, CHART_SIZE.height);
  // Chart.js is typed for the DOM's canvas; Skia's canvas offers the same 2D context API,
  // which is all Chart.js calls when no DOM is present (its BasicPlatform).
  const chart = new Chart(canvas as unknown as HTMLCanvasElement, chartConfig(title, builds));
  try {
    // With animation off, the constructor has drawn the chart already.
    return { png: canvas.toBuffer('image/png'), alt: describeChart(title, builds), width: CHART_SIZE.width, height: CHART_SIZE.height };
  } finally {
    chart.destroy();
  }
}
