/**
 * The browser script of the HTML report (plain ES5 so it runs anywhere):
 * reads the report JSON from `#switchyard-report-data` and draws four
 * Chart.js charts, without animation. Each chart's canvas gets
 * `data-rendered="true"` after its first draw; when all have drawn,
 * `window.__switchyardChartsRendered` holds their count (it is 0 before)
 * and `<body data-charts-rendered="N">` is set. `window.__switchyardChartsExpected`
 * is the number of charts on the page.
 */
export const chartScript = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('switchyard-report-data').textContent);
  var report = data.report;
  var palette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#ea580c'];
  var canvases = document.querySelectorAll('canvas[data-chart]');
  var expected = canvases.length;
  var rendered = 0;
  var seen = {};
  window.__switchyardChartsExpected = expected;
  window.__switchyardChartsRendered = 0;
  var signal = {
    id: 'switchyardRendered',
    afterRender: function (chart) {
      var id = chart.canvas.id;
      if (seen[id]) return;
      seen[id] = true;
      rendered += 1;
      chart.canvas.setAttribute('data-rendered', 'true');
      if (rendered === expected) {
        window.__switchyardChartsRendered = rendered;
        document.body.setAttribute('data-charts-rendered', String(rendered));
      }
    }
  };
  var markers = {
    id: 'switchyardEvents',
    afterDatasetsDraw: function (chart) {
      var x = chart.scales.x;
      var area = chart.chartArea;
      var context = chart.ctx;
      context.save();
      context.strokeStyle = '#111827';
      context.fillStyle = '#111827';
      context.setLineDash([4, 4]);
      context.font = '11px sans-serif';
      report.events.forEach(function (event, index) {
        var position = x.getPixelForValue(event.at);
        if (!(position >= area.left && position <= area.right)) return;
        context.beginPath();
        context.moveTo(position, area.top);
        context.lineTo(position, area.bottom);
        context.stroke();
        context.fillText(String(index + 1), position + 3, area.top + 12);
      });
      context.restore();
    }
  };
  function pad(value) { return value < 10 ? '0' + value : String(value); }
  function timeLabel(value) {
    var date = new Date(value);
    return pad(date.getUTCHours()) + ':' + pad(date.getUTCMinutes()) + (report.series.bucketMs < 60000 ? ':' + pad(date.getUTCSeconds()) : '');
  }
  var timeAxis = {
    type: 'linear',
    title: { display: true, text: 'time (UTC)' },
    ticks: { callback: function (value) { return timeLabel(value); }, maxTicksLimit: 10 }
  };
  if (report.from !== report.to) { timeAxis.min = report.series.buckets.length ? report.series.buckets[0].start : report.from; timeAxis.max = report.to; }
  Chart.defaults.animation = false;
  Chart.defaults.responsive = false;
  function draw(id, config) {
    config.plugins = (config.plugins || []).concat([signal]);
    config.options = config.options || {};
    return new Chart(document.getElementById(id), config);
  }
  var buckets = report.series.buckets;
  var withLatency = buckets.filter(function (bucket) { return bucket.latencyMs.count > 0; });
  function series(pick) { return withLatency.map(function (bucket) { return { x: bucket.start, y: pick(bucket) }; }); }
  draw('chart-latency', {
    type: 'line',
    data: { datasets: [
      { label: 'p50', data: series(function (b) { return b.latencyMs.p50; }), borderColor: palette[0], backgroundColor: palette[0] },
      { label: 'p90', data: series(function (b) { return b.latencyMs.p90; }), borderColor: palette[3], backgroundColor: palette[3] },
      { label: 'p99', data: series(function (b) { return b.latencyMs.p99; }), borderColor: palette[1], backgroundColor: palette[1] },
      { label: 'TTFT p50', data: withLatency.filter(function (b) { return b.ttftMs.count > 0; }).map(function (b) { return { x: b.start, y: b.ttftMs.p50 }; }), borderColor: palette[2], backgroundColor: palette[2], borderDash: [6, 3] }
    ] },
    options: { scales: { x: timeAxis, y: { beginAtZero: true, title: { display: true, text: 'ms' } } } },
    plugins: [markers]
  });
  draw('chart-cost', {
    type: 'bar',
    data: {
      labels: report.providers.map(function (p) { return p.provider; }),
      datasets: [
        { label: 'served (USD)', data: report.providers.map(function (p) { return p.costServedUsd; }), backgroundColor: palette[0] },
        { label: 'wasted (USD)', data: report.providers.map(function (p) { return p.costWastedUsd; }), backgroundColor: palette[1] }
      ]
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'USD' } } } }
  });
  draw('chart-share', {
    type: 'line',
    data: { datasets: report.targets.map(function (target, index) {
      var color = palette[index % palette.length];
      return {
        label: target,
        data: buckets.map(function (bucket) { return { x: bucket.start, y: bucket.served === 0 ? 0 : (100 * (bucket.servedBy[target] || 0)) / bucket.served }; }),
        borderColor: color,
        backgroundColor: color + '66',
        fill: index === 0 ? 'origin' : '-1',
        pointRadius: 0
      };
    }) },
    options: { scales: { x: timeAxis, y: { stacked: true, min: 0, max: 100, title: { display: true, text: '% of served' } } } },
    plugins: [markers]
  });
  var depth = report.total.fallbackDepth.histogram;
  draw('chart-depth', {
    type: 'bar',
    data: {
      labels: depth.map(function (_, index) { return String(index); }),
      datasets: [{ label: 'requests', data: depth, backgroundColor: palette[4] }]
    },
    options: { scales: { x: { title: { display: true, text: 'fallback depth (targets tried before the one that served)' } }, y: { beginAtZero: true } } }
  });
})();`;
