/* urbankb knowledge graph: draws window.URBANKB_GRAPH (from graph-data.js) with vis-network.
   Nodes: articles, topics, terms, entities; edges: article–topic, article–term, article–entity.
   Filters: one topic's neighbourhood, minimum number of articles, node types. */
(function () {
  "use strict";
  var data = window.URBANKB_GRAPH;
  var box = document.getElementById("kb-graph");
  if (!data || !box || typeof vis === "undefined") {
    if (box) box.textContent = "图谱数据或图形库未能加载。";
    return;
  }
  // site root = where assets/urbankb/ lives, so links work at any URL depth and offline
  var script = document.currentScript || document.querySelector('script[src*="urbankb-graph.js"]');
  var root = script.src.replace(/assets\/urbankb\/urbankb-graph\.js.*$/, "");

  /* shapes, colours and names of the node kinds: one table from the build (graph.NODE_STYLES) */
  var styles = data.styles;
  /* below this zoom the labels (13–18 px at scale 1) are too small to read: the first view never goes lower */
  var READABLE_SCALE = 0.9;
  drawLegend(document.getElementById("kb-graph-legend"));
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var s = styles[n.group] || styles.term;
    var size = n.group === "article" || n.group === "topic" ? s.size : s.size + Math.min(12, 2 * (n.articles || 1));
    return {
      id: n.id, label: n.label, title: n.title, group: n.group, url: n.url, topics: n.topics || [],
      articles: n.articles || 1, shape: s.shape, size: size,
      color: { background: s.color, border: s.color, highlight: { background: "#ff7043", border: "#bf360c" } },
      font: { size: n.group === "article" ? 14 : (n.group === "topic" ? 18 : 13), color: "#333", strokeWidth: 3, strokeColor: "#ffffff" }
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return { id: i, from: data.nodes[e[0]].id, to: data.nodes[e[1]].id, color: { color: "rgba(120,120,120,0.35)", highlight: "#bf360c" }, width: 1 };
  }));

  var topicSel = document.getElementById("kb-graph-topic");
  var minSel = document.getElementById("kb-graph-min");
  var typeBoxes = Array.prototype.slice.call(document.querySelectorAll(".kb-graph-type input"));
  function shownTypes() {
    var on = {};
    typeBoxes.forEach(function (b) { if (b.checked) on[b.value] = true; });
    return on;
  }
  var view = new vis.DataView(nodes, {
    filter: function (n) {
      var on = shownTypes();
      if (!on[n.group]) return false;
      var topic = topicSel.value;
      if (n.group !== "article" && n.group !== "topic" && n.articles < Number(minSel.value)) return false;
      if (!topic) return true;
      if (n.group === "topic") return n.id === "topic:" + topic;
      return n.topics.indexOf(topic) >= 0;
    }
  });
  var network = new vis.Network(box, { nodes: view, edges: edges }, {
    interaction: { hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: true },
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -45, springLength: 90, avoidOverlap: 0.3 },
      stabilization: { iterations: 250, fit: true }
    },
    layout: { randomSeed: 7 },
    edges: { smooth: false }
  });
  window.kbGraphNetwork = network;  /* for the page's tests and the console */
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    readableView();
  });

  /* fit the graph, but no smaller than READABLE_SCALE: centred on the best-linked topic, the rest a drag away */
  function readableView() {
    network.fit({ animation: false });
    if (network.getScale() >= READABLE_SCALE) return;
    var ids = view.getIds();
    var centre = null, best = -1;
    ids.forEach(function (id) {
      var n = nodes.get(id);
      if (n.group === "topic" && n.articles > best) { best = n.articles; centre = id; }
    });
    var at = centre ? network.getPositions([centre])[centre] : network.getViewPosition();
    network.moveTo({ position: at, scale: READABLE_SCALE, animation: false });
  }

  function drawLegend(box) {
    if (!box) return;
    Object.keys(styles).forEach(function (group) {
      var s = styles[group];
      var item = document.createElement("span");
      item.className = "kb-graph-legend-item";
      item.setAttribute("data-group", group);
      item.innerHTML = swatch(s.shape, s.color);
      item.appendChild(document.createTextNode(s.name));
      box.appendChild(item);
    });
    var edge = document.createElement("span");
    edge.className = "kb-graph-legend-item";
    edge.textContent = "连线：文章属于主题、提及术语或实体；节点越大，关联的文章越多";
    box.appendChild(edge);
  }
  function swatch(shape, color) {
    var body = {
      dot: '<circle cx="7" cy="7" r="6"/>',
      diamond: '<polygon points="7,0 14,7 7,14 0,7"/>',
      triangle: '<polygon points="7,1 13,13 1,13"/>',
      square: '<rect x="1" y="1" width="12" height="12"/>',
      box: '<rect x="0" y="3" width="14" height="8" rx="2"/>'
    }[shape] || '<circle cx="7" cy="7" r="6"/>';
    return '<svg viewBox="0 0 14 14" aria-hidden="true" fill="' + color + '">' + body + "</svg>";
  }

  var info = document.getElementById("kb-graph-info");
  function show(id) {
    var n = nodes.get(id);
    if (!n) return;
    info.textContent = "";
    var head = document.createElement("h3");
    var a = document.createElement("a");
    a.href = root + n.url;
    a.textContent = n.title || n.label;
    head.appendChild(a);
    info.appendChild(head);
    var topicNames = {};
    data.nodes.forEach(function (m) { if (m.group === "topic") topicNames[m.topics[0]] = m.label; });
    var lines = [groupName(n.group) + (n.group === "article" ? "" : "，关联 " + n.articles + " 篇文章")];
    if (n.topics.length && n.group !== "topic") lines.push("主题：" + n.topics.map(function (t) { return topicNames[t] || t; }).join("、"));
    var near = network.getConnectedNodes(n.id).map(function (id) { var m = nodes.get(id); return m ? m.label : ""; }).filter(Boolean);
    if (near.length) lines.push("相连：" + near.slice(0, 12).join("、") + (near.length > 12 ? " 等 " + near.length + " 个" : ""));
    lines.push("双击节点或单击标题打开它的页面");
    lines.forEach(function (text) { var p = document.createElement("p"); p.textContent = text; info.appendChild(p); });
  }
  function groupName(g) {
    return (styles[g] && styles[g].name) || g;
  }
  network.on("click", function (p) { if (p.nodes.length) show(p.nodes[0]); });
  network.on("doubleClick", function (p) {
    if (!p.nodes.length) return;
    var n = nodes.get(p.nodes[0]);
    if (n && n.url) window.location.href = root + n.url;
  });
  function refresh() {
    view.refresh();
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(150);
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); readableView(); });
  }
  topicSel.addEventListener("change", refresh);
  minSel.addEventListener("change", refresh);
  typeBoxes.forEach(function (b) { b.addEventListener("change", refresh); });
})();
