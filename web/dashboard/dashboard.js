// dashboard.js - draws the benchmark history that `versus report --history FILE --html DIR`
// wrote into assets/data.js (window.VERSUS_DASHBOARD, format "versus-dashboard/1": see
// harness/output/dashboard.h): the latest change points first, then per workload one uPlot
// chart per cell series (median over commits, the p5-p95 band of the runs, change points
// marked; hover shows the commit and its date), with filters by workload and runner, and a
// compare view of any two commits (each cell's median after / before; #compare=A..B in the
// address picks them, by hash prefix).
// Plain browser JavaScript, no build step, no network: it must work from file://.
(function () {
  "use strict";
  var body = document.body;
  window.addEventListener("error", function () {
    body.dataset.errors = String(Number(body.dataset.errors || 0) + 1);
  });

  var D = window.VERSUS_DASHBOARD;
  if (!D || D.schema !== "versus-dashboard/1") {
    throw new Error("assets/data.js is missing or not a versus-dashboard/1 document");
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // A value of the metric for people: 812 µs, 12.3 ms, 1.52 s; 3.4 MiB; or a count.
  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) return "-";
    if (D.unit === "seconds") {
      if (v < 1e-3) return (v * 1e6).toPrecision(3) + " µs";
      if (v < 1) return (v * 1e3).toPrecision(3) + " ms";
      return v.toPrecision(3) + " s";
    }
    if (D.unit === "bytes") {
      var units = ["B", "KiB", "MiB", "GiB"], i = 0;
      while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
      return (i ? v.toPrecision(3) : String(Math.round(v))) + " " + units[i];
    }
    return v.toPrecision(4);
  }

  function shortSha(i) {
    var c = D.commits[i];
    return c && c.commit ? c.commit.slice(0, 7) : "?";
  }

  function commitLink(sha) {
    var code = el("span", { "class": "sha" }, sha ? sha.slice(0, 10) : "?");
    if (!D.repository_url || !sha) return code;
    var a = el("a", { href: D.repository_url.replace(/\/$/, "") + "/commit/" + sha });
    a.appendChild(code);
    return a;
  }

  function cellName(s) {
    return [s.input, s["case"]].filter(function (x) { return x; }).join(" · ") || s.workload;
  }

  // The summary: every change point, the latest first.
  function summary() {
    var rows = [];
    D.series.forEach(function (s) {
      s.change_points.forEach(function (p) { rows.push({ s: s, p: p }); });
    });
    rows.sort(function (a, b) { return b.p.position - a.p.position; });
    var box = document.getElementById("changes");
    var check = D.check;
    var lead = el("p", { "class": "note" },
      D.commits.length + " commits, " + D.series.length + " series, " + rows.length +
      " change points in " + D.metric_label + " (p ≤ " + check.settings.alpha + ", " +
      check.settings.permutations + " permutations); a regression is a ratio above " +
      (1 + check.settings.threshold).toFixed(2) + "; recent: the last " + check.settings.recent +
      " commits. Gate: " + check.status + ".");
    box.appendChild(lead);
    if (!rows.length) return;
    var t = el("table"), head = el("tr");
    ["workload", "cell", "runner", "commit", "date", "before", "after", "ratio", "p", ""].forEach(
      function (h) { head.appendChild(el("th", {}, h)); });
    t.appendChild(head);
    rows.slice(0, 50).forEach(function (r) {
      var p = r.p, tr = el("tr");
      if (p.regression) tr.className = "regression";
      if (p.recent) tr.className += " recent";
      tr.appendChild(el("td", {}, r.s.workload));
      tr.appendChild(el("td", {}, cellName(r.s)));
      tr.appendChild(el("td", { "class": "wrap" }, r.s.runner));
      var c = el("td");
      c.appendChild(commitLink(p.commit));
      tr.appendChild(c);
      tr.appendChild(el("td", {}, (p.date || "-").slice(0, 10)));
      tr.appendChild(el("td", { "class": "num" }, fmt(p["median_before_" + D.metric])));
      tr.appendChild(el("td", { "class": "num" }, fmt(p["median_after_" + D.metric])));
      tr.appendChild(el("td", { "class": "num" }, p.ratio === null ? "-" : p.ratio.toFixed(3)));
      tr.appendChild(el("td", { "class": "num" }, p.p_value < 0.001 ? "<0.001" : p.p_value.toFixed(3)));
      var tag = el("td");
      var kind = p.regression ? "regression" : p.ratio < 1 ? "faster" : "slower";
      tag.appendChild(el("span", { "class": "tag " + kind }, kind + (p.recent ? " (recent)" : "")));
      tr.appendChild(tag);
      t.appendChild(tr);
    });
    box.appendChild(t);
  }

  // One chart: x = position of the commit in the history, median line, p5-p95 band, change
  // points as red dots on the median.
  function chart(s, into) {
    var n = D.commits.length, xs = [], marks = [];
    for (var i = 0; i < n; i++) { xs.push(i); marks.push(null); }
    s.change_points.forEach(function (p) { marks[p.position] = s.median[p.position]; });
    var hover = el("div", { "class": "hover" }, "\u00a0");
    var opts = {
      width: 540, height: 220,
      scales: { x: { time: false } },
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      series: [
        {},
        { label: "p5", stroke: "rgba(9,105,218,0.35)", width: 1 },
        { label: "median", stroke: "#0969da", width: 2, points: { size: 4 } },
        { label: "p95", stroke: "rgba(9,105,218,0.35)", width: 1 },
        { label: "change point", stroke: "#cf222e", fill: "#cf222e", width: 0,
          paths: function () { return null; }, points: { show: true, size: 10, fill: "#cf222e" } },
      ],
      bands: [{ series: [3, 1], fill: "rgba(9,105,218,0.12)" }],
      axes: [
        { values: function (u, splits) {
            return splits.map(function (v) { return Number.isInteger(v) ? shortSha(v) : ""; }); },
          size: 40 },
        { values: function (u, splits) { return splits.map(fmt); }, size: 70 },
      ],
      hooks: {
        setCursor: [function (u) {
          var i = u.cursor.idx;
          if (i === null || i === undefined) { hover.textContent = "\u00a0"; return; }
          var c = D.commits[i] || {};
          hover.textContent = (c.commit || "?").slice(0, 10) + " · " + (c.date || "-") +
            " · median " + fmt(s.median[i]) + " (p5 " + fmt(s.p5[i]) + ", p95 " + fmt(s.p95[i]) + ")" +
            (marks[i] !== null ? " · change point" : "");
        }],
      },
    };
    var box = el("div", { "class": "chart", "data-workload": s.workload, "data-runner": s.runner });
    box.appendChild(el("h3", {}, cellName(s) + " — " + s.runner));
    into.appendChild(box);
    new uPlot(opts, [xs, s.p5, s.median, s.p95, marks], box);
    box.appendChild(hover);
    body.dataset.charts = String(Number(body.dataset.charts) + 1);
    return box;
  }

  // The index of the commit whose hash starts with prefix, or -1.
  function commitIndex(prefix) {
    if (!prefix) return -1;
    for (var i = 0; i < D.commits.length; i++) {
      if ((D.commits[i].commit || "").indexOf(prefix) === 0) return i;
    }
    return -1;
  }

  // The compare view: two commit pickers and a table of every series' ratio, largest first.
  function compareView() {
    var a = document.getElementById("compare-a"), b = document.getElementById("compare-b");
    var box = document.getElementById("compare-table");
    var threshold = D.check.settings.threshold;
    D.commits.forEach(function (c, i) {
      var label = (i + 1) + ". " + shortSha(i) + (c.date ? " · " + c.date.slice(0, 10) : "");
      a.appendChild(el("option", { value: String(i) }, label));
      b.appendChild(el("option", { value: String(i) }, label));
    });
    var m = /^#compare=([0-9a-fA-F]+)\.\.([0-9a-fA-F]+)$/.exec(window.location.hash);
    var ia = m ? commitIndex(m[1]) : -1, ib = m ? commitIndex(m[2]) : -1;
    a.value = String(ia >= 0 ? ia : 0);
    b.value = String(ib >= 0 ? ib : D.commits.length - 1);
    function draw() {
      var i = Number(a.value), j = Number(b.value);
      var rows = D.series.map(function (s) {
        var x = s.median[i], y = s.median[j];
        var r = x !== null && y !== null && x > 0 ? y / x : null;
        return { s: s, x: x, y: y, r: r };
      });
      rows.sort(function (p, q) {
        return (q.r === null ? -Infinity : q.r) - (p.r === null ? -Infinity : p.r);
      });
      var t = el("table"), head = el("tr");
      ["workload", "cell", "runner", "before (" + shortSha(i) + ")", "after (" + shortSha(j) + ")",
       "after / before", ""].forEach(function (h) { head.appendChild(el("th", {}, h)); });
      t.appendChild(head);
      rows.forEach(function (row) {
        var tr = el("tr", { "class": "compare-row" });
        tr.appendChild(el("td", {}, row.s.workload));
        tr.appendChild(el("td", {}, cellName(row.s)));
        tr.appendChild(el("td", { "class": "wrap" }, row.s.runner));
        tr.appendChild(el("td", { "class": "num" }, fmt(row.x)));
        tr.appendChild(el("td", { "class": "num" }, fmt(row.y)));
        var rc = el("td", { "class": "num" }, row.r === null ? "-" : row.r.toFixed(3));
        if (row.r !== null) rc.setAttribute("data-ratio", row.r.toFixed(4));
        tr.appendChild(rc);
        var tag = el("td"), kind = row.r === null ? "" :
          row.r > 1 + threshold ? "slower" : row.r < 1 / (1 + threshold) ? "faster" : "";
        if (kind) {
          tr.className += kind === "slower" ? " regression" : "";
          tag.appendChild(el("span", { "class": "tag " + kind },
            (kind === "slower" ? "slower" : "faster") + " beyond " + Math.round(threshold * 100) + " %"));
        }
        tr.appendChild(tag);
        t.appendChild(tr);
      });
      box.textContent = "";
      box.appendChild(t);
      var sha = function (k) { return (D.commits[k].commit || "").slice(0, 10); };
      document.getElementById("compare").setAttribute("data-compare", sha(i) + ".." + sha(j));
    }
    function pick() {
      draw();
      var sha = function (k) { return (D.commits[Number(k)].commit || "").slice(0, 10); };
      try {
        window.history.replaceState(null, "", "#compare=" + sha(a.value) + ".." + sha(b.value));
      } catch (e) { /* an address that cannot change (some file:// viewers): keep the view */ }
    }
    a.addEventListener("change", pick);
    b.addEventListener("change", pick);
    draw();
  }

  function unique(key) {
    var seen = [];
    D.series.forEach(function (s) { if (seen.indexOf(s[key]) < 0) seen.push(s[key]); });
    return seen;
  }

  function filters(sections) {
    var wl = document.getElementById("filter-workload"), rn = document.getElementById("filter-runner");
    [[wl, unique("workload")], [rn, unique("runner")]].forEach(function (pair) {
      pair[0].appendChild(el("option", { value: "" }, "all"));
      pair[1].forEach(function (v) { pair[0].appendChild(el("option", { value: v }, v)); });
    });
    function apply() {
      var shown = 0;
      sections.forEach(function (sec) {
        var any = false;
        sec.charts.forEach(function (c) {
          var ok = (!wl.value || c.dataset.workload === wl.value) &&
                   (!rn.value || c.dataset.runner === rn.value);
          c.style.display = ok ? "" : "none";
          if (ok) { any = true; shown++; }
        });
        sec.el.style.display = any ? "" : "none";
      });
      document.getElementById("shown").textContent = shown + " of " + D.series.length + " charts";
    }
    wl.addEventListener("change", apply);
    rn.addEventListener("change", apply);
    apply();
  }

  document.getElementById("meta").textContent = D.metric_label + " of " + D.series.length +
    " cells over " + D.commits.length + " commits (" + shortSha(0) + " … " +
    shortSha(D.commits.length - 1) + "), from " + D.file;
  summary();
  compareView();
  var main = document.getElementById("charts"), sections = [];
  unique("workload").forEach(function (w) {
    var sec = el("section"), grid = el("div", { "class": "charts" });
    sec.appendChild(el("h2", {}, w));
    sec.appendChild(grid);
    main.appendChild(sec);
    var charts = D.series.filter(function (s) { return s.workload === w; })
      .map(function (s) { return chart(s, grid); });
    sections.push({ el: sec, charts: charts });
  });
  filters(sections);
  body.dataset.ready = "true";
})();
