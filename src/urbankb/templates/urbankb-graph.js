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

  var styles = {
    article: { shape: "dot", color: "#00796b", size: 16 },
    topic: { shape: "diamond", color: "#3949ab", size: 26 },
    term: { shape: "dot", color: "#f9a825", size: 9 },
    person: { shape: "triangle", color: "#d81b60", size: 10 },
    organization: { shape: "square", color: "#6d4c41", size: 9 },
    place: { shape: "dot", color: "#43a047", size: 9 },
    document: { shape: "box", color: "#8e24aa", size: 8 }
  };
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var s = styles[n.group] || styles.term;
    var size = n.group === "article" || n.group === "topic" ? s.size : s.size + Math.min(12, 2 * (n.articles || 1));
    return {
      id: n.id, label: n.label, title: n.title, group: n.group, url: n.url, topics: n.topics || [],
      articles: n.articles || 1, shape: s.shape, size: size,
      color: { background: s.color, border: s.color, highlight: { background: "#ff7043", border: "#bf360c" } },
      font: { size: n.group === "article" ? 13 : (n.group === "topic" ? 16 : 12), color: "#333", strokeWidth: 3, strokeColor: "#ffffff" }
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
  network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); });

  var info = document.getElementById("kb-graph-info");
  function show(id) {
    var n = nodes.get(id);
    if (!n) return;
    info.textContent = "";
    var a = document.createElement("a");
    a.href = root + n.url;
    a.textContent = n.title || n.label;
    info.appendChild(document.createTextNode(groupName(n.group) + "："));
    info.appendChild(a);
    info.appendChild(document.createTextNode("（双击节点也可打开）"));
  }
  function groupName(g) {
    return { article: "文章", topic: "主题", term: "术语", person: "人物", organization: "机构", place: "地点", document: "文献" }[g] || g;
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
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); network.fit(); });
  }
  topicSel.addEventListener("change", refresh);
  minSel.addEventListener("change", refresh);
  typeBoxes.forEach(function (b) { b.addEventListener("change", refresh); });
})();
