/* blocwatch dashboard: draws each <figure class="chart"> from its API URL with plotly.js
   (served by this server), wires PNG/SVG downloads, the rows tables and the review buttons.
   No inline scripts, no external requests; text is inserted with textContent only. */
"use strict";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
/* Membership groups keep one colour everywhere; suspended is the warning colour (amber), never green. */
const WARNING = "#e6a700";
function groupColor(name, i) {
  if (name.indexOf("suspended") >= 0) { return WARNING; }
  const fixed = {"member": "#1f77b4", "associate": "#9467bd", "observer": "#9ecae1"};
  return fixed[name] || COLORS[i % COLORS.length];
}

function getJSON(url) {
  return fetch(url, {headers: {"Accept": "application/json"}}).then((r) => {
    if (!r.ok) { return r.json().then((b) => { throw new Error((b.error && b.error.message) || r.statusText); }); }
    return r.json();
  });
}

function rowsUrl(src) { return "/rows?src=" + encodeURIComponent(src); }

function layout(extra) {
  return Object.assign({margin: {l: 60, r: 20, t: 10, b: 40}, height: 360, hovermode: "closest",
                        legend: {orientation: "h"}}, extra || {});
}

function gantt(rows, labelKey, groupKey) {
  const groups = {};
  const today = new Date().toISOString().slice(0, 10);
  rows.forEach((r) => {
    const g = groupKey(r);
    groups[g] = groups[g] || {x: [], base: [], y: [], text: [], customdata: []};
    const end = r.end || today;
    groups[g].base.push(r.start);
    groups[g].x.push(Date.parse(end) - Date.parse(r.start));
    groups[g].y.push(r[labelKey]);
    groups[g].text.push(r.start + " – " + (r.end || "now"));
  });
  return Object.keys(groups).sort().map((g, i) => ({type: "bar", orientation: "h", name: g, base: groups[g].base,
    x: groups[g].x, y: groups[g].y, hovertext: groups[g].text, hoverinfo: "y+name+text",
    marker: {color: groupColor(g, i)}}));
}

let geoPromise = null;
function geo() { if (!geoPromise) { geoPromise = getJSON("/api/v1/geo/countries"); } return geoPromise; }

function ringsOf(geometry) {
  if (geometry.type === "Polygon") { return geometry.coordinates; }
  return geometry.coordinates.flat();
}

const DRAW = {
  "timeline": (data) => ({traces: gantt(data, "name", (r) => r.capacity + (r.status === "active" ? "" : " (" + r.status + ")")),
    layout: layout({barmode: "overlay", xaxis: {type: "date"}, height: Math.max(300, 18 * new Set(data.map((r) => r.name)).size + 80),
                    yaxis: {automargin: true}})}),
  "state-timeline": (data) => ({traces: gantt(data, "org", (r) => r.capacity + (r.status === "active" ? "" : " (" + r.status + ")")),
    layout: layout({barmode: "overlay", xaxis: {type: "date"}, yaxis: {automargin: true}})}),
  "presidencies": (data) => ({traces: gantt(data.map((p) => ({start: p.start, end: p.end, holder: p.holder_name || p.holder})), "holder", () => "presidency"),
    layout: layout({xaxis: {type: "date"}, yaxis: {automargin: true}, showlegend: false})}),
  "cohesion": (data, fig) => {
    const s = data.sessions;
    const traces = ["agreement", "rice", "agreement_index"].map((k, i) => ({type: "scatter", mode: "lines+markers", name: k,
      x: s.map((r) => r.session), y: s.map((r) => r[k]), customdata: s.map((r) => r.session), line: {color: COLORS[i]}}));
    return {traces, layout: layout({xaxis: {title: {text: "UNGA session"}}, yaxis: {range: [0, 1.02]}}),
      click: (pt) => { window.location.href = rowsUrl("/api/v1/cohesion/" + encodeURIComponent(fig.dataset.org) + "/roll-calls?session=" + pt.customdata); }};
  },
  "event-cohesion": (data) => ({traces: [
      {type: "bar", name: "share cooperative", x: data.years.map((r) => r.year), y: data.years.map((r) => r.share_cooperative)},
      {type: "scatter", mode: "lines+markers", name: "mean score", yaxis: "y2", x: data.years.map((r) => r.year), y: data.years.map((r) => r.mean_score)}],
    layout: layout({yaxis: {range: [0, 1]}, yaxis2: {overlaying: "y", side: "right", range: [-10, 10]}})}),
  "alignment": (data, fig) => {
    const traces = data.powers.map((p, i) => {
      const rows = data.votes.filter((r) => r.power === p);
      return {type: "scatter", mode: "lines+markers", name: p, x: rows.map((r) => r.session), y: rows.map((r) => r.agreement),
              customdata: rows.map((r) => p + "|" + r.session), line: {color: COLORS[i % COLORS.length]}};
    });
    return {traces, layout: layout({xaxis: {title: {text: "UNGA session"}}, yaxis: {range: [0, 1.02], title: {text: "agreement"}}}),
      click: (pt) => { const [p, s] = pt.customdata.split("|");
        window.location.href = rowsUrl("/api/v1/alignment/" + encodeURIComponent(fig.dataset.state) + "/roll-calls?power=" + encodeURIComponent(p) + "&session=" + s); }};
  },
  "overlap": (data) => ({traces: [{type: "heatmap", z: data.jaccard, x: data.orgs, y: data.orgs, zmin: 0, zmax: 1,
      colorscale: "Blues", reversescale: true, text: data.shared, hovertemplate: "%{y} · %{x}<br>Jaccard %{z:.3f}<br>shared %{text}<extra></extra>"}],
    layout: layout({xaxis: {automargin: true}, yaxis: {autorange: "reversed", automargin: true}})}),
  "overlap-series": (data, fig) => {
    const a = fig.dataset.a, b = fig.dataset.b;
    return {traces: [
      {type: "scatter", mode: "lines+markers", name: a + " members", x: data.map((p) => p.on), y: data.map((p) => p.sizes[a])},
      {type: "scatter", mode: "lines+markers", name: b + " members", x: data.map((p) => p.on), y: data.map((p) => p.sizes[b])},
      {type: "scatter", mode: "lines+markers", name: "shared", x: data.map((p) => p.on), y: data.map((p) => p.shared)},
      {type: "scatter", mode: "lines+markers", name: "Jaccard", yaxis: "y2", x: data.map((p) => p.on), y: data.map((p) => p.jaccard)}],
      layout: layout({yaxis: {title: {text: "states"}}, yaxis2: {overlaying: "y", side: "right", range: [0, 1], title: {text: "Jaccard"}}})};
  },
  "churn": (data) => ({traces: [
      {type: "bar", name: "entries", x: data.map((r) => r.year), y: data.map((r) => r.entries)},
      {type: "bar", name: "exits", x: data.map((r) => r.year), y: data.map((r) => r.exits)},
      {type: "bar", name: "suspensions", x: data.map((r) => r.year), y: data.map((r) => r.suspensions)},
      {type: "scatter", mode: "lines", name: "members on 31 Dec", yaxis: "y2", x: data.map((r) => r.year), y: data.map((r) => r.members_end)}],
    layout: layout({barmode: "group", yaxis: {title: {text: "events"}}, yaxis2: {overlaying: "y", side: "right", title: {text: "members"}, rangemode: "tozero"}})}),
  "multipolarity": (data) => {
    const partners = {};
    data.years.forEach((y) => y.partners.forEach((p) => { partners[p.partner] = (partners[p.partner] || 0) + p.events; }));
    const top = Object.keys(partners).sort((x, y) => partners[y] - partners[x]).slice(0, 8);
    const years = data.years.map((y) => y.year);
    const traces = top.map((p) => ({type: "bar", name: p, x: years,
      y: data.years.map((y) => { const f = y.partners.find((q) => q.partner === p); return f ? f.share : 0; })}));
    traces.push({type: "scatter", mode: "lines+markers", name: "HHI", x: years, y: data.years.map((y) => y.hhi), line: {color: "#000"}});
    return {traces, layout: layout({barmode: "stack", yaxis: {range: [0, 1]}})};
  },
  "map": (members) => geo().then((world) => {
    const status = {};
    members.forEach((m) => { status[m.state] = m.status === "active" ? (m.capacity === "observer" ? "observer" : "member") : m.status; });
    const groups = {"other": [[], []], "member": [[], []], "suspended": [[], []], "observer": [[], []]};
    const shown = new Set();
    let box = [180, 90, -180, -90];
    world.features.forEach((f) => {
      const g = status[f.id] || "other";
      ringsOf(f.geometry).forEach((ring) => {
        ring.forEach(([lon, lat]) => {
          groups[g][0].push(lon); groups[g][1].push(lat);
          if (g !== "other") { box = [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)]; }
        });
        groups[g][0].push(null); groups[g][1].push(null);
      });
      if (status[f.id]) { shown.add(f.id); }
    });
    const fill = {other: "#e5e5e5", member: "#1f77b4", suspended: WARNING, observer: "#9ecae1"};
    const traces = Object.keys(groups).filter((g) => groups[g][0].length).map((g) => ({type: "scatter", mode: "lines",
      fill: "toself", name: g, x: groups[g][0], y: groups[g][1], hoverinfo: "skip",
      line: {width: 0.5, color: "#777"}, fillcolor: fill[g], showlegend: g !== "other"}));
    const pts = members.filter((m) => world.centroids[m.state]);
    traces.push({type: "scatter", mode: "markers", name: "members", showlegend: false,
      x: pts.map((m) => world.centroids[m.state][0]), y: pts.map((m) => world.centroids[m.state][1]),
      text: pts.map((m) => m.name + " (" + m.capacity + ", " + m.status + ")"), hoverinfo: "text",
      marker: {size: pts.map((m) => (shown.has(m.state) ? 4 : 8)), color: pts.map((m) => fill[status[m.state]] || "#1f77b4"),
               line: {width: 1, color: "#333"}}});
    pts.forEach((m) => { const [lon, lat] = world.centroids[m.state];
      box = [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)]; });
    if (box[0] > box[2]) { box = [-180, -60, 180, 85]; }
    return {traces, layout: layout({height: 460, xaxis: {range: [box[0] - 8, box[2] + 8], visible: false},
      yaxis: {range: [box[1] - 5, box[3] + 5], visible: false, scaleanchor: "x"}})};
  }),
};

function drawChart(fig) {
  const plot = fig.querySelector(".plot");
  const status = fig.querySelector(".chart-status");
  const kind = fig.dataset.kind;
  getJSON(fig.dataset.src).then((data) => Promise.resolve(DRAW[kind](data, fig))).then((spec) => {
    const empty = spec.traces.every((t) => !(t.x && t.x.length) && !(t.z && t.z.length));
    if (empty) { status.textContent = "No data for this figure yet."; fig.dataset.state = "empty"; }
    return Plotly.newPlot(plot, spec.traces, spec.layout, {responsive: true, displaylogo: false, showLink: false, showSendToCloud: false,
      showEditInChartStudio: false, toImageButtonOptions: {filename: fig.id}}).then(() => {
      if (spec.click) { plot.on("plotly_click", (ev) => spec.click(ev.points[0])); }
      fig.dataset.ready = "1";
    });
  }).catch((err) => { status.textContent = "Could not draw: " + err.message; fig.dataset.ready = "error"; });
  fig.querySelectorAll("button.dl").forEach((btn) => btn.addEventListener("click", () => {
    Plotly.downloadImage(plot, {format: btn.dataset.format, filename: fig.id, width: 1000, height: 600});
  }));
}

function cellText(value) {
  if (value === null || value === undefined) { return ""; }
  if (typeof value === "object") { return JSON.stringify(value); }
  return String(value);
}

function drawRows(box) {
  const src = box.dataset.src;
  if (!src.startsWith("/api/v1/")) { return; }
  getJSON(src).then((data) => {
    let rows = Array.isArray(data) ? data : (data.items || data.sessions || data.votes || data.years || [data]);
    const table = document.createElement("table");
    table.id = "rows";
    const cols = [];
    rows.forEach((r) => Object.keys(r).forEach((k) => { if (!cols.includes(k)) { cols.push(k); } }));
    const head = table.createTHead().insertRow();
    cols.forEach((c) => { const th = document.createElement("th"); th.textContent = c; head.appendChild(th); });
    const body = table.createTBody();
    rows.forEach((r) => { const tr = body.insertRow(); cols.forEach((c) => { tr.insertCell().textContent = cellText(r[c]); }); });
    box.textContent = "";
    const count = document.createElement("p");
    count.id = "rows-count";
    count.textContent = rows.length + " row(s)";
    box.appendChild(count);
    box.appendChild(table);
  }).catch((err) => { box.textContent = "Could not load: " + err.message; });
}

function wireReview() {
  const msg = document.getElementById("review-message");
  document.querySelectorAll("button.decide").forEach((btn) => btn.addEventListener("click", () => {
    const token = document.getElementById("review-token").value;
    const by = document.getElementById("review-by").value;
    fetch("/api/v1/proposals/" + encodeURIComponent(btn.dataset.id) + "/" + btn.dataset.action, {
      method: "POST", headers: {"Content-Type": "application/json", "Authorization": "Bearer " + token},
      body: JSON.stringify({decided_by: by}),
    }).then((r) => r.json().then((b) => ({ok: r.ok, b}))).then(({ok, b}) => {
      if (ok) {
        msg.textContent = b.action + "ed " + b.proposal_id + " (" + b.decided_by + ")";
        const cell = btn.closest("td");
        cell.textContent = b.action === "accept" ? "accepted" : "rejected";
      } else {
        msg.textContent = "Refused: " + ((b.error && b.error.message) || (b.detail && (b.detail.message || JSON.stringify(b.detail))) || "error");
      }
    });
  }));
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("figure.chart").forEach(drawChart);
  const rows = document.getElementById("rows-table");
  if (rows) { drawRows(rows); }
  wireReview();
});
