/**
 * The stats chart as a chat user sees it: a PNG of the advertised size whose bars carry the
 * builds' result colours in proportion, and words that say what it shows.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { FAILURE, SUCCESS, WARNINGS } from '../../../src/buildbot/results.js';
import { CHART_SIZE, renderBuildTrendChart, type TrendBuild } from '../../../src/charts/build-trend-chart.js';
import { readPngSize } from '../../support/png-size.js';

/** Share of reddish and greenish pixels along a row near the bottom of the plot, where every bar is. */
async function barColours(png: Uint8Array): Promise<{ red: number; green: number }> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const y = Math.round(image.height * 0.8);
  const row = context.getImageData(0, y, image.width, 1).data;
  let red = 0;
  let green = 0;
  for (let x = 0; x < image.width; x++) {
    const [r = 0, g = 0] = [row[x * 4], row[x * 4 + 1]];
    if (r > g + 30) red++;
    else if (g > r + 15) green++;
  }
  return { red: red / image.width, green: green / image.width };
}

const builds = (results: number[]): TrendBuild[] => results.map((result, i) => ({ number: 10 + i, result, duration: 5 + i * 3 }));

describe('the build trend chart', () => {
  it('is a PNG of the size it claims', () => {
    const image = renderBuildTrendChart('fast-pass, last 4 builds', builds([SUCCESS, SUCCESS, FAILURE, SUCCESS]));
    expect(readPngSize(image.png)).toEqual({ width: CHART_SIZE.width, height: CHART_SIZE.height });
    expect({ width: image.width, height: image.height }).toEqual(CHART_SIZE);
    expect(image.png.length).toBeGreaterThan(2_000);
    expect(image.png.length).toBeLessThan(500_000);
  });

  it('draws a bar per build in its result colour: red for the one failure in four', async () => {
    const colours = await barColours(renderBuildTrendChart('fast-fail', builds([SUCCESS, SUCCESS, FAILURE, SUCCESS])).png);
    expect(colours.red).toBeGreaterThan(0.1);
    expect(colours.red).toBeLessThan(0.35);
    expect(colours.green).toBeGreaterThan(colours.red * 2);
  });

  it('has no red where every build passed', async () => {
    const colours = await barColours(renderBuildTrendChart('fast-pass', builds([SUCCESS, SUCCESS, SUCCESS])).png);
    expect(colours.red).toBe(0);
    expect(colours.green).toBeGreaterThan(0.5);
  });

  it('says in words what it shows', () => {
    const image = renderBuildTrendChart('fast-pass, last 4 builds', builds([SUCCESS, WARNINGS, FAILURE, SUCCESS]));
    expect(image.alt).toBe('Chart of fast-pass, last 4 builds, builds #10 to #13: 2 success, 1 warnings, 1 failure; durations 5s to 14s.');
  });
});
