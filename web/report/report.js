// report.js - the interactive parts of the HTML report that `versus report RESULT.json --html
// FILE` writes (harness/output/report_html.c, which inlines this file, uPlot and the data):
//  - one uPlot chart per group, in each div.run-chart (data-group: N): wall time of
//    every measured run, run by run, one line per runner (a log scale when the runners differ
//    by more than 20x); hovering a run shows that run's wall time, CPU time and peak RSS for
//    every runner. Data: window.VERSUS_REPORT ("versus-report-charts/1": {"groups": [{"label",
//    "runners": [{"runner", "wall_s": [...], "cpu_s": [...], "max_rss_bytes": [...]}]}]}).
//  - every table with a header sorts by a column when its heading is clicked (numbers by value,
//    with their units: ns, µs, ms, s, B, KiB, MiB, GiB, ×).
// The body's data-charts counts the charts drawn, data-errors the uncaught errors, and
// data-ready says the script finished (tests/integration/test_report_html.c reads them).
// Plain browser JavaScript, no build step, no network.
(function () {
  "use strict";
  var body = document.body;
  window.addEventListener("error", function () {
    body.dataset.errors = String(Number(body.dataset.errors || 0) + 1);
  });
  var D = window.VERSUS_REPORT;
  if (!D || D.schema !== "versus-report-charts/1") {
    throw new Error("the report's chart data is missing or not versus-report-charts/1");
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function seconds(v) {
    if (v === null || v === undefined || !isFinite(v)) return "-";
    if (v === 0) return "0";
    if (v < 1e-3) return (v * 1e6).toPrecision(3) + " µs";
    if (v < 1) return (v * 1e3).toPrecision(3) + " ms";
    return v.toPrecision(3) + " s";
  }

  function bytes(v) {
    if (v === null || v === undefined || !isFinite(v)) return "-";
    var units = ["B", "KiB", "MiB", "GiB"], i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i ? v.toPrecision(3) : String(Math.round(v))) + " " + units[i];
  }

  var COLOURS = ["#0969da", "#cf222e", "#1a7f37", "#9a6700", "#8250df", "#bc4c00", "#1b7c83",
                 "#6e7781", "#d63384", "#4d2d00"];

  function chart(g, box) {
    var n = 0, lo = Infinity, hi = 0;
    g.runners.forEach(function (r) {
      n = Math.max(n, r.wall_s.length);
      r.wall_s.forEach(function (v) { if (v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
    });
    var xs = [];
    for (var i = 0; i < n; i++) xs.push(i + 1);
    var data = [xs], series = [{}];
    g.runners.forEach(function (r, k) {
      var ys = [];
      for (var i = 0; i < n; i++) ys.push(i < r.wall_s.length ? r.wall_s[i] : null);
      data.push(ys);
      series.push({ label: r.runner, stroke: COLOURS[k % COLOURS.length], width: 1.5,
                    points: { size: 5 } });
    });
    var hover = el("div", { "class": "hover" }, "\u00a0");
    var log = lo > 0 && hi / lo > 20;
    var opts = {
      width: 740, height: 260,
      scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      series: series,
      axes: [
        { label: "measured run", size: 40,
          values: function (u, splits) {
            return splits.map(function (v) { return Number.isInteger(v) ? String(v) : ""; }); } },
        { values: function (u, splits) { return splits.map(seconds); }, size: 70,
          label: "wall time" + (log ? " (log scale)" : "") },
      ],
      hooks: {
        setCursor: [function (u) {
          var i = u.cursor.idx;
          if (i === null || i === undefined) { hover.textContent = "\u00a0"; return; }
          hover.textContent = "run " + (i + 1) + "\n" + g.runners.map(function (r) {
            return r.runner + ": wall " + seconds(r.wall_s[i]) + ", CPU " + seconds(r.cpu_s[i]) +
              ", peak RSS " + bytes(r.max_rss_bytes[i]);
          }).join("\n");
        }],
      },
    };
    new uPlot(opts, data, box);
    box.appendChild(hover);
    body.dataset.charts = String(Number(body.dataset.charts || 0) + 1);
  }

  // The sort key of a cell's text: a number scaled by its unit, or the text itself.
  var SCALE = { "ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1, "B": 1, "KiB": 1024,
                "MiB": 1048576, "GiB": 1073741824, "×": 1, "x": 1, "%": 1 };
  function key(text) {
    var m = /^\s*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(ns|µs|us|ms|s|B|KiB|MiB|GiB|×|x|%)?/.exec(text);
    if (!m) return { num: false, v: text.toLowerCase() };
    return { num: true, v: parseFloat(m[1]) * (m[2] ? SCALE[m[2]] : 1) };
  }

  function sortable(table) {
    var head = table.tHead;
    if (!head || !head.rows.length || !table.tBodies.length) return;
    table.classList.add("sortable");
    var ths = Array.prototype.slice.call(head.rows[0].cells);
    ths.forEach(function (th, col) {
      th.addEventListener("click", function () {
        var asc = th.dataset.sorted !== "asc";
        ths.forEach(function (t) { delete t.dataset.sorted; });
        th.dataset.sorted = asc ? "asc" : "desc";
        var tb = table.tBodies[0];
        var rows = Array.prototype.slice.call(tb.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col] ? a.cells[col].textContent : "");
          var y = key(b.cells[col] ? b.cells[col].textContent : "");
          var c = x.num && y.num ? x.v - y.v : x.num ? -1 : y.num ? 1 : x.v < y.v ? -1 : x.v > y.v ? 1 : 0;
          return asc ? c : -c;
        });
        rows.forEach(function (r) { tb.appendChild(r); });
      });
    });
  }

  Array.prototype.slice.call(document.querySelectorAll(".run-chart")).forEach(function (box) {
    var g = D.groups[Number(box.dataset.group)];
    if (g) chart(g, box);
  });
  Array.prototype.slice.call(document.querySelectorAll("table")).forEach(sortable);
  body.dataset.ready = "true";
})();
