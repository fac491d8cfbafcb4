/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type DrillResult, runDrill, type ScenarioInput } from '@switchyard/drill';
import { htmlCharts } from '@switchyard/report';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Debian's `chromium`, installed by `bash scripts/services.sh chromium` (`bash scripts/dev.sh test` runs it). */
const chromiumPath = process.env.SWITCHYARD_CHROMIUM ?? '/usr/bin/chromium';
/** The screenshots CI keeps as test artifacts (git-ignored): 1400 px wide, and a phone's 390 px. */
const screenshotPath = join(import.meta.dirname, '..', 'test-artifacts', 'report.png');
const phoneScreenshotPath = join(import.meta.dirname, '..', 'test-artifacts', 'report-390.png');

/**
 * An export-control day on the simulators (virtual time): a frontier model banned for CN/RU
 * callers at 4 s, its streams cut at 6 s (wasted spend), an EU outage at 8 s.
 */
const scenarioStart = '2026-06-25T09:00:00Z';
const scenario: ScenarioInput = {
  name: 'report-browser',
  start: scenarioStart,
  latency: { '*': { firstTokenMs: 300, tokensPerSecond: 80 }, 'llama-local': { firstTokenMs: 150 } },
  config: {
    targets: [
      {
        id: 'frontier-us',
        provider: 'openai',
        model: 'gpt-frontier',
        hostedIn: 'US',
        origin: 'US',
        weights: 'closed',
        capabilities: ['tools', 'streaming'],
        contextWindow: 128_000,
        price: { input: 2, output: 8 },
        tags: ['frontier'],
      },
      {
        id: 'claude-eu',
        provider: 'anthropic',
        model: 'claude-eu',
        hostedIn: 'DE',
        origin: 'US',
        weights: 'closed',
        capabilities: ['tools', 'streaming'],
        contextWindow: 128_000,
        price: { input: 3, output: 15 },
      },
      {
        id: 'llama-local',
        provider: 'ollama',
        model: 'llama-local',
        hostedIn: 'self',
        origin: 'US',
        weights: 'open',
        capabilities: ['tools', 'streaming'],
        contextWindow: 128_000,
        price: { input: 0, output: 0 },
      },
    ],
    routes: { chat: { targets: ['frontier-us', 'claude-eu'], lastResort: ['llama-local'] } },
  },
  workload: {
    route: 'chat',
    rate: 10,
    total: 120,
    mix: { jurisdictions: { US: 2, DE: 1, CN: 1, RU: 1 }, dataClasses: { internal: 3, regulated: 1 } },
    streaming: 0.5,
  },
  timeline: [
    {
      at: '4s',
      type: 'policy',
      label: 'export control',
      policy: {
        id: 'after-export-control',
        rules: [
          {
            id: 'export/frontier',
            description: 'Frontier models may not serve CN or RU callers',
            source: 'test',
            effect: 'deny',
            when: { jurisdiction: ['CN', 'RU'] },
            targets: { tags: ['frontier'] },
          },
        ],
      },
    },
    { at: '4s', type: 'cutoff', target: 'frontier-us', signal: 'region_block', callers: ['CN', 'RU'] },
    { at: '6s', type: 'stream-fault', target: 'frontier-us', fault: 'cut', afterChunks: 2, duration: '1s' },
    { at: '8s', type: 'outage', provider: 'anthropic', duration: '2s', status: 503 },
  ],
  assertions: [{ type: 'no-denied-attempts' }, { type: 'all-accounted' }],
};

/** Fails (never skips) when Chromium is missing: the test command installs it. */
function requireChromium(): string {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: the HTML report's browser test needs it. ` +
        'Install it with `bash scripts/services.sh chromium` (`bash scripts/dev.sh test` does this), ' +
        'or point SWITCHYARD_CHROMIUM at a Chromium binary.',
    );
  }
  return chromiumPath;
}

interface CanvasState {
  id: string;
  chart: string | null;
  rendered: string | null;
  width: number;
  height: number;
  paintedPixels: number;
}

interface ChartsWindow {
  __switchyardChartsRendered?: number;
  __switchyardChartsExpected?: number;
}

describe('HTML report in headless Chromium', () => {
  let outDir: string;
  let drill: DrillResult;
  let browser: Browser | undefined;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'switchyard-report-browser-'));
    drill = await runDrill({ scenario, out: outDir, baseline: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('runs the drill that the report shows', () => {
    expect(drill.counts.sent).toBe(120);
    expect(drill.passed).toBe(true);
    // Streams cut after content was delivered were billed: wasted spend is not $0.
    expect(drill.wastedCostUsd).toBeGreaterThan(0);
    // The ban and the outage moved traffic: some requests fell back, and local weights served some.
    expect(drill.counts.fallbacks).toBeGreaterThan(0);
    expect(drill.targets['llama-local']?.served ?? 0).toBeGreaterThan(0);
    // The drill wrote its own report next to its records, with its events marked.
    expect(drill.files?.reportHtml).toBe(join(outDir, 'report.html'));
    expect(drill.reportError).toBeUndefined();
  });

  // Launches Chromium and renders the report: 7.7 s on a busy machine.
  it('draws every chart, logs no console error, makes no network request, and saves a screenshot', {
    timeout: 60_000,
  }, async () => {
    const executablePath = requireChromium();
    const html = drill.files?.reportHtml as string;
    const fileUrl = pathToFileURL(html).href;

    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'], headless: true });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    // Anything but the file itself is aborted (and reported below), so the report cannot reach out.
    await context.route(
      (url) => url.href !== fileUrl,
      (route) => route.abort('blockedbyclient'),
    );
    const page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));

    await page.goto(fileUrl, { waitUntil: 'load' });
    await page.waitForFunction(
      () => {
        const flags = window as unknown as ChartsWindow;
        return (
          flags.__switchyardChartsExpected !== undefined &&
          flags.__switchyardChartsRendered === flags.__switchyardChartsExpected
        );
      },
      undefined,
      { timeout: 10_000 },
    );

    const flags = await page.evaluate(() => {
      const flags = window as unknown as ChartsWindow;
      return {
        rendered: flags.__switchyardChartsRendered,
        expected: flags.__switchyardChartsExpected,
        body: document.body.dataset.chartsRendered,
      };
    });
    // The drill counts no budget: its report leaves the budget chart out rather than draw empty axes.
    const onPage = htmlCharts.filter((chart) => chart.id !== 'chart-budgets');
    expect(flags).toEqual({
      rendered: onPage.length,
      expected: onPage.length,
      body: String(onPage.length),
    });

    const canvases: CanvasState[] = await page.$$eval('canvas', (elements) =>
      elements.map((element) => {
        const canvas = element as HTMLCanvasElement;
        const context2d = canvas.getContext('2d');
        let paintedPixels = 0;
        if (context2d && canvas.width > 0 && canvas.height > 0) {
          const { data } = context2d.getImageData(0, 0, canvas.width, canvas.height);
          for (let index = 3; index < data.length; index += 4) if ((data[index] ?? 0) > 0) paintedPixels++;
        }
        return {
          id: canvas.id,
          chart: canvas.dataset.chart ?? null,
          rendered: canvas.dataset.rendered ?? null,
          width: canvas.width,
          height: canvas.height,
          paintedPixels,
        };
      }),
    );
    expect(canvases.map((canvas) => [canvas.id, canvas.chart, canvas.rendered])).toEqual(
      onPage.map((chart) => [chart.id, chart.name, 'true']),
    );
    for (const canvas of canvases) {
      // Axes, labels and data: a drawn chart paints well over 1 % of its canvas; a blank one paints nothing.
      expect(canvas.paintedPixels, `${canvas.id} looks blank`).toBeGreaterThan(
        (canvas.width * canvas.height) / 100,
      );
    }

    // Verdict first, then the charts.
    const verdict = await page.$eval('#verdict', (element) => ({
      text: element.textContent,
      top: element.getBoundingClientRect().top,
    }));
    const firstChart = await page.$eval('canvas', (element) => element.getBoundingClientRect().top);
    expect(verdict.text).toBe('PASSED: all 2 assertions hold');
    expect(verdict.top).toBeLessThan(firstChart);
    // One time axis: offsets from the start, each tick label distinct.
    const ticks = await page.evaluate(() => {
      const chartOf = (
        window as unknown as {
          Chart: { getChart(id: string): { scales: { x: { ticks: { label: string }[] } } } };
        }
      ).Chart;
      return chartOf.getChart('chart-latency').scales.x.ticks.map((tick) => tick.label);
    });
    expect(ticks[0]).toBe('+0s');
    expect(new Set(ticks).size).toBe(ticks.length);
    // On round offsets (+2s, +4s), not on even fractions of the run's span (+2.1s, +4.1s).
    for (const tick of ticks) expect(tick).toMatch(/^\+(\d+m)?(\d+s)?$/);
    // The events, numbered as on the charts, with their offsets and sources.
    const events = await page.$$eval('#table-events tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
    );
    expect(events[0]).toEqual(['1', '+4s', 'export control: policy change', 'timeline']);
    // Every timeline action (4 starts and 2 ends) is on it.
    expect(events.filter((row) => row[3] === 'timeline')).toHaveLength(6);
    const costs = await page.$$eval('#table-targets tbody tr td:first-child', (cells) =>
      cells.map((cell) => cell.textContent),
    );
    expect(costs).toContain('llama-local (local open weights)');
    expect(await page.$('#table-jurisdictions')).not.toBeNull();
    expect(await page.$('#table-baseline')).not.toBeNull();

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([fileUrl]);

    await mkdir(join(screenshotPath, '..'), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    expect((await stat(screenshotPath)).size).toBeGreaterThan(10_000);
    await context.close();
  });

  it('reads on a phone (390 px wide): no sideways scrolling, every chart and the evidence on the page', {
    timeout: 60_000,
  }, async () => {
    browser ??= await chromium.launch({
      executablePath: requireChromium(),
      args: ['--no-sandbox'],
      headless: true,
    });
    const fileUrl = pathToFileURL(drill.files?.reportHtml as string).href;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(fileUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.chartsRendered !== undefined, undefined, {
      timeout: 10_000,
    });
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      canvases: [...document.querySelectorAll('canvas')].map(
        (canvas) => canvas.getBoundingClientRect().right,
      ),
      evidence: [...document.querySelectorAll('#table-verdict td:last-child')].map(
        (cell) => cell.getBoundingClientRect().right,
      ),
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    for (const right of [...layout.canvases, ...layout.evidence]) expect(right).toBeLessThanOrEqual(390);
    expect(layout.evidence).toHaveLength(2);
    await page.screenshot({ path: phoneScreenshotPath, fullPage: true });
    expect((await stat(phoneScreenshotPath)).size).toBeGreaterThan(10_000);
    await context.close();
  });
});
