// Stevedore dashboard: charts from the page's JSON, live updates over Server-Sent Events. No inline
// script anywhere (the Content-Security-Policy forbids it); every value goes in as text, never HTML.
(function () {
  "use strict";

  function labelsOf(d) {
    return d.labels.map(function (iso) {
      var t = new Date(iso);
      return d.range === "hour" ? t.toISOString().substring(11, 16) : t.toISOString().substring(5, 16).replace("T", " ");
    });
  }

  // The "metrics" topic sends the chart data again: the charts take it in place.
  function updateCharts(d) {
    if (typeof Chart === "undefined") { return; }
    var throughput = Chart.getChart("throughput"), latency = Chart.getChart("latency");
    if (!throughput || !latency) { return; }
    var labels = labelsOf(d);
    throughput.data.labels = labels;
    throughput.data.datasets[0].data = d.completed;
    throughput.data.datasets[1].data = d.failed;
    throughput.data.datasets[2].data = d.discarded;
    latency.data.labels = labels;
    latency.data.datasets[0].data = d.meanWaitMs;
    latency.data.datasets[1].data = d.meanRunMs;
    throughput.update("none");
    latency.update("none");
    var box = document.getElementById("charts");
    if (box) { box.setAttribute("data-updated", d.labels[d.labels.length - 1] + " " + d.completed.reduce(function (a, b) { return a + b; }, 0)); }
  }

  function drawCharts() {
    var data = document.getElementById("chart-data");
    if (!data || typeof Chart === "undefined") { return; }
    var d = JSON.parse(data.textContent);
    var labels = labelsOf(d);
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
      source.addEventListener("open", function () { el.setAttribute("data-live-open", "true"); });
      source.addEventListener("counts", function (e) {
        var counts = JSON.parse(e.data);
        Object.keys(counts).forEach(function (state) {
          var n = el.querySelector('[data-state="' + state + '"]');
          if (n) { n.textContent = String(counts[state]); }
        });
      });
      source.addEventListener("metrics", function (e) { updateCharts(JSON.parse(e.data)); });
      source.addEventListener("issues", function (e) {
        JSON.parse(e.data).forEach(function (issue) {
          var n = el.querySelector('[data-issue-count="' + issue.id + '"]');
          if (n && n.textContent !== String(issue.count)) {
            n.textContent = String(issue.count);
            var seen = el.querySelector('[data-issue-seen="' + issue.id + '"]');
            if (seen) { seen.textContent = "just now"; }
          }
        });
      });
      source.addEventListener("failure", function (e) {
        var f = JSON.parse(e.data);
        var li = document.createElement("li");
        li.id = "failure-" + f.id;
        var a = document.createElement("a");
        a.href = "/jobs/" + f.jobId;
        a.textContent = "job " + f.jobId;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" (" + f.kind + ", " + f.queue + ") " + f.error + " "));
        var issue = document.createElement("a");
        issue.href = "/issues/" + f.issue;
        issue.textContent = "issue " + f.issue;
        li.appendChild(issue);
        var hint = el.querySelector(".hint");
        if (hint) { hint.remove(); }
        el.insertBefore(li, el.firstChild);
        while (el.children.length > 20) { el.removeChild(el.lastChild); }
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
