/* Draws the dashboard's charts from <script type="application/json" id="dashboard-data"> (no inline script:
   the page keeps a strict Content-Security-Policy). Every chart element leads to the tasks behind it. */
(function () {
  "use strict";
  var LIGHT_COLOURS = { green: "#2e7d32", yellow: "#d4a017", red: "#c62828" };
  var INK = "#1c2733";
  var MUTED = "#5f6b78";
  var RULE = "#e7ebef";

  function go(url) { if (url) { window.location.assign(url); } }

  // Category axes set triggerEvent, so a click on a label leads where its bar does.
  function axisLabel(width) {
    return { color: MUTED, width: width, overflow: "truncate" };
  }

  // Tooltips are drawn on the canvas (richText): the HTML tooltip writes style attributes, which the
  // page's Content-Security-Policy (style-src 'self') refuses.
  function tooltip(extra) {
    var base = { renderMode: "richText", confine: true };
    Object.keys(extra).forEach(function (key) { base[key] = extra[key]; });
    return base;
  }

  function lights(data) {
    return {
      tooltip: tooltip({ trigger: "item", formatter: "{b}：{c} 项（{d}%）" }),
      legend: { bottom: 0, textStyle: { color: INK } },
      series: [{
        type: "pie", radius: ["45%", "72%"], center: ["50%", "45%"], avoidLabelOverlap: true,
        label: { formatter: "{b}\n{c} 项", color: INK },
        data: data.lights.map(function (item) {
          return { name: item.name, value: item.value, url: item.url, itemStyle: { color: LIGHT_COLOURS[item.key] } };
        })
      }]
    };
  }

  function sections(data) {
    var s = data.sections;
    return {
      tooltip: tooltip({ trigger: "axis", valueFormatter: function (v) { return v + "%"; } }),
      legend: { bottom: 0, data: ["平均进度", "序时进度"] },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%", color: MUTED }, splitLine: { lineStyle: { color: RULE } } },
      yAxis: { type: "category", inverse: true, data: s.labels, axisLabel: axisLabel(150), triggerEvent: true },
      series: [
        { name: "平均进度", type: "bar", data: s.progress, itemStyle: { color: "#1d5fa8" }, barMaxWidth: 18,
          label: { show: true, position: "right", formatter: "{c}%", color: INK } },
        { name: "序时进度", type: "scatter", data: s.expected, symbol: "rect", symbolSize: [3, 22],
          itemStyle: { color: "#c62828" } }
      ]
    };
  }

  function units(data) {
    var u = data.units;
    return {
      tooltip: tooltip({ trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } }),
      legend: { bottom: 0, data: ["办结率", "逾期率", "按时报送率"] },
      grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%", color: MUTED }, splitLine: { lineStyle: { color: RULE } } },
      yAxis: { type: "category", inverse: true, data: u.labels, axisLabel: axisLabel(110), triggerEvent: true },
      series: [
        { name: "办结率", type: "bar", data: u.completion, itemStyle: { color: "#2e7d32" }, barMaxWidth: 10 },
        { name: "逾期率", type: "bar", data: u.overdue, itemStyle: { color: "#c62828" }, barMaxWidth: 10 },
        { name: "按时报送率", type: "bar", data: u.reports, itemStyle: { color: "#8aa4c2" }, barMaxWidth: 10 }
      ]
    };
  }

  function targets(data) {
    var t = data.targets;
    return {
      tooltip: tooltip({ trigger: "axis" }),
      legend: { bottom: 0, data: ["达到序时", "落后序时", "未报"] },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: "value", minInterval: 1, axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: RULE } } },
      yAxis: { type: "category", inverse: true, data: t.labels, axisLabel: axisLabel(150), triggerEvent: true },
      series: [
        { name: "达到序时", type: "bar", stack: "t", data: t.on_pace, itemStyle: { color: "#2e7d32" }, barMaxWidth: 18 },
        { name: "落后序时", type: "bar", stack: "t", data: t.behind, itemStyle: { color: "#d4a017" }, barMaxWidth: 18 },
        { name: "未报", type: "bar", stack: "t", data: t.unreported, itemStyle: { color: "#d5dbe1" }, barMaxWidth: 18 }
      ]
    };
  }

  var BUILDERS = { lights: lights, sections: sections, units: units, targets: targets };
  // Which URL a click on an element opens: pie slices carry their own, bars their category's.
  function labelIndex(labels, params) {
    // ECharts gives a category label's text, not its index; labels are unique within a chart.
    return labels.indexOf(params.value);
  }

  var URLS = {
    lights: function (data, params) { return params.data && params.data.url; },
    sections: function (data, params) { return data.sections.urls[params.dataIndex]; },
    units: function (data, params) { return data.units.urls[params.dataIndex]; },
    targets: function (data, params) { return data.targets.urls[params.dataIndex]; }
  };

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var kind = element.getAttribute("data-chart");
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(BUILDERS[kind](data));
      chart.on("click", function (params) {
        if (params.componentType === "yAxis") {
          var index = labelIndex(data[kind].labels, params);
          if (index >= 0) { go(URLS[kind](data, { dataIndex: index })); }
          return;
        }
        go(URLS[kind](data, params));
      });
      // A click in a bar's row, beside the bar, leads to the same tasks as the bar.
      chart.getZr().on("click", function (event) {
        if (event.target || kind === "lights") { return; }
        var point = [event.offsetX, event.offsetY];
        if (chart.containPixel("grid", point)) {
          var index = chart.convertFromPixel({ seriesIndex: 0 }, point)[1];
          if (typeof index === "number" && index >= 0) { go(URLS[kind](data, { dataIndex: index })); }
        }
      });
      element.setAttribute("data-drawn", "true");
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
