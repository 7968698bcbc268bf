// Stevedore dashboard: charts from the page's JSON, live updates over Server-Sent Events. No inline
// script anywhere (the Content-Security-Policy forbids it); every value goes in as text, never HTML.
(function () {
  "use strict";

  function drawCharts() {
    var data = document.getElementById("chart-data");
    if (!data || typeof Chart === "undefined") { return; }
    var d = JSON.parse(data.textContent);
    var labels = d.labels.map(function (iso) {
      var t = new Date(iso);
      return d.range === "hour" ? t.toISOString().substring(11, 16) : t.toISOString().substring(5, 16).replace("T", " ");
    });
    var common = { animation: false, responsive: true, maintainAspectRatio: false, interaction: { mode: "index", intersect: false } };
    new Chart(document.getElementById("throughput"), {
      type: "bar",
      data: { labels: labels, datasets: [
        { label: "completed", data: d.completed, backgroundColor: "#4c9a62", stack: "s" },
        { label: "failed attempts", data: d.failed, backgroundColor: "#d9822b", stack: "s" },
        { label: "discarded", data: d.discarded, backgroundColor: "#b3261e", stack: "s" }] },
      options: common
    });
    new Chart(document.getElementById("latency"), {
      type: "line",
      data: { labels: labels, datasets: [
        { label: "mean wait ms", data: d.meanWaitMs, borderColor: "#1f5fbf", pointRadius: 0 },
        { label: "mean run ms", data: d.meanRunMs, borderColor: "#7a3fbf", pointRadius: 0 }] },
      options: common
    });
  }

  function listen() {
    var live = document.querySelectorAll("[data-live]");
    if (!live.length || typeof EventSource === "undefined") { return; }
    live.forEach(function (el) {
      var source = new EventSource(el.getAttribute("data-live"));
      source.addEventListener("counts", function (e) {
        var counts = JSON.parse(e.data);
        Object.keys(counts).forEach(function (state) {
          var n = el.querySelector('[data-state="' + state + '"]');
          if (n) { n.textContent = String(counts[state]); }
        });
      });
      source.addEventListener("progress", function (e) {
        var p = JSON.parse(e.data);
        var bar = document.getElementById("progress");
        if (bar) { bar.value = p.percent; bar.textContent = p.percent + "%"; }
        var pct = document.getElementById("progress-percent");
        if (pct) { pct.textContent = p.percent + "%"; }
        var msg = document.getElementById("progress-message");
        if (msg) { msg.textContent = p.message; }
        var state = document.getElementById("state");
        if (state && p.state) { state.textContent = p.state; state.className = "badge state-" + p.state; }
        if (p.state && p.state !== "running") { source.close(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(); listen(); });
})();
