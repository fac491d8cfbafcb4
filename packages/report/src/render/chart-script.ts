/**
 * The browser script of the HTML report (plain ES5 so it runs anywhere):
 * reads the report JSON from `#switchyard-report-data` and draws the
 * Chart.js charts on the page (five, six with budgets) without animation: latency percentiles and traffic share
 * over time (one time axis: offsets from the run's start when it has one,
 * the absolute UTC time on hover; numbered event markers staggered so they
 * never overlap), requests by caller jurisdiction, cost by target (served vs
 * wasted, local open weights labelled), fallback depth (logarithmic, each
 * bar labelled with its count) and the cumulative spend of each budget
 * counter over time (only when the page has its canvas: the records name a counter). Each chart's canvas gets
 * `data-rendered="true"` after its first draw; when all have drawn,
 * `window.__switchyardChartsRendered` holds their count (it is 0 before) and
 * `<body data-charts-rendered="N">` is set. `window.__switchyardChartsExpected`
 * is the number of charts on the page.
 */
export const chartScript = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('switchyard-report-data').textContent);
  var report = data.report;
  var origin = data.origin === undefined ? null : data.origin;
  var local = data.local || [];
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
  function pad(value) { return value < 10 ? '0' + value : String(value); }
  /* The same offsets as the terminal summary: +7.5s, +45s, +1m30s, +2m, +1h5m, +30d. */
  function formatOffset(ms) {
    var sign = ms < 0 ? '-' : '+';
    var absolute = Math.abs(ms);
    if (absolute === 0) return '+0s';
    if (Math.round(absolute) < 1000) return sign + Math.round(absolute) + 'ms';
    if (absolute >= 1e15) return sign + Math.round(absolute / 86400000) + 'd';
    var tenths = Math.round(absolute / 100);
    if (tenths < 36000) {
      var whole = Math.floor(tenths / 600);
      var part = (tenths % 600) / 10;
      return sign + (whole > 0 ? whole + 'm' : '') + (part > 0 || whole === 0 ? part + 's' : '');
    }
    var seconds = Math.round(absolute / 1000);
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    var text = (days > 0 ? days + 'd' : '') + (hours > 0 ? hours + 'h' : '') + (minutes > 0 ? minutes + 'm' : '') + (rest > 0 ? rest + 's' : '');
    return sign + (text || '0s');
  }
  function utc(value) {
    var date = new Date(value);
    return pad(date.getUTCHours()) + ':' + pad(date.getUTCMinutes()) + ':' + pad(date.getUTCSeconds()) + ' UTC';
  }
  function axisLabel(value) { return origin === null ? utc(value) : formatOffset(value - origin); }
  function hoverLabel(value) {
    return origin === null ? new Date(value).toISOString() : formatOffset(value - origin) + ' (' + new Date(value).toISOString() + ')';
  }
  var steps = [1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000, 21600000, 43200000, 86400000];
  var start = origin !== null ? Math.min(origin, report.from) : (report.series.buckets.length ? report.series.buckets[0].start : report.from);
  var last = Math.max(report.to, start + 1000);
  var step = steps[steps.length - 1];
  for (var index = 0; index < steps.length; index++) if ((last - start) / steps[index] <= 10) { step = steps[index]; break; }
  /* The axis ends on a whole step, so Chart.js puts a tick on every step from the start (+1m, +2m),
     not on even fractions of the run's span (+1m0.1s, +2m0.2s). */
  var end = start + Math.ceil((last - start) / step) * step;
  /* Ticks every step from the start: every label distinct. */
  var timeAxis = {
    type: 'linear',
    min: start,
    max: end,
    title: { display: true, text: origin === null ? 'time (UTC)' : 'offset from the start (hover for the UTC time)' },
    ticks: { stepSize: step, autoSkip: false, callback: function (value) { return axisLabel(value); } }
  };
  var timeTooltip = { callbacks: { title: function (items) { return items.length ? hoverLabel(items[0].parsed.x) : ''; } } };
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
      /* Labels that would overlap go one row lower. */
      var rows = [];
      report.events.forEach(function (event, index) {
        var position = x.getPixelForValue(event.at);
        if (!(position >= area.left && position <= area.right)) return;
        context.beginPath();
        context.moveTo(position, area.top);
        context.lineTo(position, area.bottom);
        context.stroke();
        var label = String(index + 1);
        var width = context.measureText(label).width + 6;
        var row = 0;
        while (rows[row] !== undefined && rows[row] > position) row++;
        rows[row] = position + width;
        context.fillText(label, position + 3, area.top + 12 + row * 13);
      });
      context.restore();
    }
  };
  var barLabels = {
    id: 'switchyardBarLabels',
    afterDatasetsDraw: function (chart) {
      var context = chart.ctx;
      context.save();
      context.fillStyle = '#111827';
      context.font = '11px sans-serif';
      context.textAlign = 'center';
      chart.getDatasetMeta(0).data.forEach(function (bar, index) {
        var value = chart.data.datasets[0].data[index];
        if (value > 0) context.fillText(String(value), bar.x, bar.y - 4);
      });
      context.restore();
    }
  };
  Chart.defaults.animation = false;
  /* Each chart fills its box (300 px high, as wide as the page allows): no sideways scrolling on a phone. */
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  function draw(id, config) {
    /* A chart the page leaves out (budget spend, when no budget counted) is not drawn. */
    if (!document.getElementById(id)) return null;
    config.plugins = (config.plugins || []).concat([signal]);
    config.options = config.options || {};
    return new Chart(document.getElementById(id), config);
  }
  function label(target) { return local.indexOf(target) >= 0 ? target + ' (local open weights)' : target; }
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
    options: { scales: { x: timeAxis, y: { beginAtZero: true, title: { display: true, text: 'ms' } } }, plugins: { tooltip: timeTooltip } },
    plugins: [markers]
  });
  draw('chart-share', {
    type: 'line',
    data: { datasets: report.targets.map(function (target, index) {
      var color = palette[index % palette.length];
      return {
        label: label(target),
        data: buckets.map(function (bucket) { return { x: bucket.start, y: bucket.served === 0 ? 0 : (100 * (bucket.servedBy[target] || 0)) / bucket.served }; }),
        borderColor: color,
        backgroundColor: color + '66',
        fill: index === 0 ? 'origin' : '-1',
        pointRadius: 0
      };
    }) },
    options: { scales: { x: timeAxis, y: { stacked: true, min: 0, max: 100, title: { display: true, text: '% of served' } } }, plugins: { tooltip: timeTooltip } },
    plugins: [markers]
  });
  var codes = report.jurisdictions.map(function (entry) { return entry.jurisdiction; });
  var jurisdictionSets = report.targets.map(function (target, index) {
    return {
      label: label(target),
      data: report.jurisdictions.map(function (entry) { return entry.requests === 0 ? 0 : (100 * (entry.servedBy[target] || 0)) / entry.requests; }),
      backgroundColor: palette[index % palette.length]
    };
  });
  jurisdictionSets.push({
    label: 'failed',
    data: report.jurisdictions.map(function (entry) { return entry.requests === 0 ? 0 : (100 * entry.failed) / entry.requests; }),
    backgroundColor: '#111827'
  });
  draw('chart-jurisdictions', {
    type: 'bar',
    data: { labels: codes, datasets: jurisdictionSets },
    options: { scales: { x: { stacked: true, title: { display: true, text: 'caller jurisdiction' } }, y: { stacked: true, min: 0, max: 100, title: { display: true, text: '% of its requests, by who served them' } } } }
  });
  draw('chart-cost', {
    type: 'bar',
    data: {
      labels: report.targetCosts.map(function (entry) { return label(entry.target); }),
      datasets: [
        { label: 'served (USD)', data: report.targetCosts.map(function (entry) { return entry.costServedUsd; }), backgroundColor: palette[0] },
        { label: 'wasted (USD)', data: report.targetCosts.map(function (entry) { return entry.costWastedUsd; }), backgroundColor: palette[1] }
      ]
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'USD' } } } }
  });
  var depth = report.total.fallbackDepth.histogram;
  draw('chart-depth', {
    type: 'bar',
    data: {
      labels: depth.map(function (_, index) { return index === 0 ? (report.total.failed > 0 ? '0 (first served, or none tried)' : '0 (first target served)') : String(index); }),
      datasets: [{ label: 'requests', data: depth, backgroundColor: palette[4] }]
    },
    options: {
      layout: { padding: { top: 16 } },
      scales: {
        x: { title: { display: true, text: report.total.failed > 0 ? 'targets that failed before the one that served (all that failed, for a failed request)' : 'targets that failed before the one that served' } },
        y: { type: 'logarithmic', min: 0.5, title: { display: true, text: 'requests (log scale)' }, ticks: { callback: function (value) { return [1, 10, 100, 1000, 10000, 100000, 1000000].indexOf(value) >= 0 ? String(value) : ''; } } }
      }
    },
    plugins: [barLabels]
  });
  /* Budgets: cumulative spend of the 8 counters that spent most (the table lists them all). */
  var budgetKeys = report.budgets.counters.slice(0, 8).map(function (counter) { return counter.key; });
  draw('chart-budgets', {
    type: 'line',
    data: { datasets: budgetKeys.map(function (key, index) {
      var color = palette[index % palette.length];
      var total = 0;
      return {
        label: key,
        data: buckets.map(function (bucket) { total += bucket.budgetSpendUsd[key] || 0; return { x: bucket.start, y: total }; }),
        borderColor: color,
        backgroundColor: color,
        stepped: true,
        pointRadius: 0
      };
    }) },
    options: { scales: { x: timeAxis, y: { beginAtZero: true, title: { display: true, text: 'USD charged (cumulative)' } } }, plugins: { tooltip: timeTooltip } },
    plugins: [markers]
  });
})();`;
