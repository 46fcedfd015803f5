// yusuan web: findings that scroll to their row, and the charts (ECharts, no animation).
(function () {
  "use strict";

  function clearHits() {
    document.querySelectorAll(".ys-hit").forEach(function (el) { el.classList.remove("ys-hit"); });
    document.querySelectorAll(".ys-hit-cell").forEach(function (el) { el.classList.remove("ys-hit-cell"); });
  }

  function goTo(link) {
    var table = document.querySelector('table[data-table="' + CSS.escape(link.dataset.table) + '"]');
    if (!table) { return false; }
    var target = table.closest("section") || table;
    clearHits();
    if (link.dataset.row) {
      var row = table.querySelector('tr[data-row="' + CSS.escape(link.dataset.row) + '"]');
      if (row) {
        row.classList.add("ys-hit");
        target = row;
        if (link.dataset.column) {
          var cell = row.querySelector('td[data-col="' + CSS.escape(link.dataset.column) + '"]');
          if (cell) { cell.classList.add("ys-hit-cell"); }
        }
      }
    }
    target.scrollIntoView({ block: "center" });
    return true;
  }

  document.querySelectorAll("a.goto").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (goTo(link)) {
        event.preventDefault();
        history.replaceState(null, "", link.getAttribute("href"));
      }
    });
  });

  var dataNode = document.getElementById("chart-data");
  if (!dataNode || typeof echarts === "undefined") { return; }
  var data = JSON.parse(dataNode.textContent);
  var money = function (v) { return Number(v).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); };
  var base = { animation: false, textStyle: { fontFamily: "Noto Sans CJK SC, sans-serif" } };

  function draw(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var chart = echarts.init(node, null, { renderer: "canvas" });
    chart.on("finished", function () { node.dataset.drawn = "1"; });
    chart.setOption(Object.assign({}, base, option));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function empty(id, text) {
    var node = document.getElementById(id);
    if (node) { node.outerHTML = '<p class="muted">' + text + "</p>"; }
  }

  if (data.functional && data.functional.length) {
    draw("chart-functional", {
      tooltip: { formatter: function (p) { return p.treePathInfo.slice(1).map(function (n) { return n.name; }).join(" / ") + "：" + money(p.value) + " 万元"; } },
      series: [{
        type: "treemap", data: data.functional, roam: false, nodeClick: false,
        breadcrumb: { show: false },
        label: { formatter: function (p) { return p.name + "\n" + money(p.value); } },
        upperLabel: { show: true, height: 22 },
        levels: [{ itemStyle: { borderWidth: 2, gapWidth: 2 } }, { itemStyle: { gapWidth: 1 } }, {}]
      }]
    });
  } else { empty("chart-functional", "没有功能分类支出。"); }

  var eco = data.economic;
  if (eco && eco.categories.length) {
    draw("chart-economic", {
      tooltip: { trigger: "axis", valueFormatter: money },
      legend: { top: 0, data: ["基本支出", "项目支出"] },
      grid: { left: 150, right: 24, top: 36, bottom: 24 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: eco.categories, inverse: true },
      series: [
        { name: "基本支出", type: "bar", stack: "all", data: eco.basic },
        { name: "项目支出", type: "bar", stack: "all", data: eco.project }
      ]
    });
  } else { empty("chart-economic", "没有经济分类支出。"); }

  function pie(id, items, nothing) {
    if (!items || !items.length || !items.some(function (i) { return i.value; })) { empty(id, nothing); return; }
    draw(id, {
      tooltip: { trigger: "item", formatter: function (p) { return p.name + "：" + money(p.value) + " 万元（" + p.percent + "%）"; } },
      legend: { top: 0 },
      series: [{ type: "pie", radius: ["35%", "65%"], data: items, label: { formatter: "{b}\n{d}%" } }]
    });
  }
  pie("chart-basic-project", data.basic_project, "没有支出。");
  pie("chart-sources", data.sources, "没有收入。");

  var yoy = data.year_over_year;
  if (yoy) {
    draw("chart-yoy", {
      tooltip: { trigger: "axis", valueFormatter: money },
      legend: { top: 0, data: [yoy.years[0] + " 年", yoy.years[1] + " 年"] },
      grid: { left: 64, right: 24, top: 36, bottom: 64 },
      xAxis: { type: "category", data: yoy.categories, axisLabel: { interval: 0, width: 110, overflow: "break" } },
      yAxis: { type: "value" },
      series: [
        { name: yoy.years[0] + " 年", type: "bar", data: yoy.prior },
        { name: yoy.years[1] + " 年", type: "bar", data: yoy.current }
      ]
    });
  }
})();
