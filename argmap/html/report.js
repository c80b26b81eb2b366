// argmap report: everything is built from the JSON blob in #argmap-data, with textContent only.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("argmap-data").textContent);
  const $ = (sel, root) => (root || document).querySelector(sel);
  const byId = new Map(D.claims.map((c) => [c.id, c]));
  const docs = new Map(D.documents.map((d) => [d.id, d]));
  const readings = new Map(D.readings.map((r) => [r.doc, r]));
  const SIGN = { supports: "+", attacks: "\u2212", undercuts: "\u2298", with: "&", qualifies: "~", explains: "\u2235", outweighs: ">" };
  const REL_IN = { supports: "Supported by", attacks: "Attacked by", undercuts: "Undercut by", qualifies: "Qualified by", explains: "Explained by", outweighs: "Outweighed by" };
  const REL_OUT = { supports: "Supports", attacks: "Attacks", undercuts: "Undercuts", qualifies: "Qualifies", explains: "Explains", outweighs: "Outweighs" };
  const MARK = { in: "IN \u2713", out: "OUT \u2717", undecided: "UNDEC ?" };
  const state = { map: null, selected: null, focus: null, depth: 1, filters: {}, query: "" };

  // ---------------------------------------------------------------- DOM helpers (text only)
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k === "cls") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }
  function extLink(url, text) {
    const href = safeUrl(url);
    if (!href) return document.createTextNode(text || String(url || ""));
    return el("a", { href: href, rel: "noopener noreferrer external", target: "_blank" }, text || href);
  }
  const route = (...parts) => "#" + parts.map(encodeURIComponent).join("/");
  function claimRoute(id, prefix) {
    const [doc, local] = splitId(id);
    return route(prefix || "claim", doc, local);
  }
  function splitId(id) {
    const at = id.indexOf("#");
    return at < 0 ? [id, ""] : [id.slice(0, at), id.slice(at + 1)];
  }
  function title(c) {
    return c.label || c.text;
  }
  function statusBadge(s) {
    if (!s) return null;
    return el("span", { cls: "status " + s.label, title: s.reason }, MARK[s.label] || s.label);
  }
  function kindBadge(kind) {
    return el("span", { cls: "kind " + kind }, kind);
  }
  function claimLink(id, prefix) {
    const c = byId.get(id);
    if (!c) return el("code", {}, id);
    return el("a", { href: claimRoute(id, prefix), "data-claim": id }, title(c));
  }
  function plural(n, word, many) {
    return n.toLocaleString("en") + " " + (n === 1 ? word : many || word + "s");
  }
  // Claim text between quotes, once: words that already start or end with a quote mark are shown as they
  // are (argmap.check.findings.quoted does the same for the terminal and the maps).
  function quoted(t) {
    return t.length >= 2 && (/^[\u201c\u201e\u00ab"]/.test(t) || /[\u201d\u00bb"]$/.test(t)) ? t : "\u201c" + t + "\u201d";
  }
  // A reason names nodes by their keys: make those links, keep everything else text.
  function reasonNodes(text) {
    const out = [];
    const re = /[A-Za-z][A-Za-z0-9_-]*#[A-Za-z][A-Za-z0-9_-]*/g;
    let at = 0, m;
    while ((m = re.exec(text))) {
      if (!byId.has(m[0])) continue;
      out.push(text.slice(at, m.index));
      const c = byId.get(m[0]);
      out.push(el("a", { href: claimRoute(m[0]), title: m[0] }, quoted(title(c))));
      at = m.index + m[0].length;
    }
    out.push(text.slice(at));
    return out;
  }

  // ---------------------------------------------------------------- filters and search
  function matches(c) {
    const f = state.filters;
    if (f.doc && c.doc !== f.doc) return false;
    if (f.holder && c.holder !== f.holder) return false;
    if (f.kind && c.kind !== f.kind) return false;
    if (f.tag && !c.tags.includes(f.tag)) return false;
    if (f.status && (!c.status || c.status.label !== f.status)) return false;
    if (state.query) {
      const q = state.query.toLowerCase();
      if (!((c.label || "").toLowerCase().includes(q) || c.text.toLowerCase().includes(q) || c.id.toLowerCase().includes(q))) return false;
    }
    return true;
  }
  function filtering() {
    return !!(state.query || Object.values(state.filters).some(Boolean));
  }
  function buildFilters() {
    const bar = $("#filters");
    const options = {
      doc: ["Every document", D.documents.map((d) => [d.id, d.title])],
      holder: ["Every holder", uniq(D.claims.map((c) => c.holder).filter(Boolean)).map((h) => [h, h])],
      kind: ["Every kind", ["claim", "premise", "rebuttal"].map((k) => [k, k])],
      tag: ["Every tag", uniq(D.claims.flatMap((c) => c.tags)).map((t) => [t, t])],
      status: ["Every status", ["in", "out", "undecided"].map((s) => [s, s])],
    };
    for (const [key, [all, values]] of Object.entries(options)) {
      const select = el("select", { "aria-label": "Filter by " + key, id: "filter-" + key }, el("option", { value: "" }, all));
      for (const [value, text] of values) select.append(el("option", { value: value }, text.length > 40 ? text.slice(0, 39) + "\u2026" : text));
      select.addEventListener("change", () => {
        state.filters[key] = select.value;
        applyFilters();
      });
      bar.append(select);
    }
    const search = $("#search");
    search.addEventListener("input", () => {
      state.query = search.value.trim();
      applyFilters();
    });
    search.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        if (location.hash !== "#claims") location.hash = "#claims";
        else renderClaims();
      }
    });
  }
  function uniq(values) {
    return [...new Set(values)].sort((a, b) => a.localeCompare(b));
  }
  let filterTimer = 0;
  function applyFilters() {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      const n = filtering() ? D.claims.filter(matches).length : D.claims.length;
      $("#match-count").textContent = filtering() ? plural(n, "match", "matches") : "";
      if (current === "claims") renderClaims();
      markMap();
    }, 120);
  }

  // ---------------------------------------------------------------- views
  const views = ["home", "map", "read", "claims", "who", "outline", "methods"];
  let current = "home";
  function show(view) {
    current = view;
    for (const v of views) {
      const section = document.getElementById("v-" + v);
      section.hidden = v !== view;
    }
    for (const a of document.querySelectorAll("nav.tabs a")) {
      if (a.dataset.view === view) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
  }

  function renderHome() {
    const root = $("#v-home");
    root.textContent = "";
    const k = D.counts.kinds, r = D.counts.relations, s = D.counts.statuses;
    root.append(
      el("h2", {}, "At a glance"),
      el(
        "p",
        {},
        plural(D.counts.documents, "document") + "; " + plural(k.claim || 0, "claim") + ", " + plural(k.premise || 0, "premise") + ", " +
          plural(k.rebuttal || 0, "rebuttal") + "; " +
          Object.entries(r).map(([t, n]) => n + " " + t).join(", ") + ". Status: " + (s.in || 0) + " in, " + (s.out || 0) + " out, " + (s.undecided || 0) + " undecided."
      )
    );
    if (D.questions.length) {
      root.append(el("h2", {}, "Questions"));
      for (const q of D.questions) {
        const map = D.maps.find((m) => m.question === q.name);
        const box = el("div", { cls: "question" }, el("h3", {}, q.title), q.question ? el("p", {}, q.question) : null);
        if (q.theses.length) {
          const ul = el("ul", {});
          for (const t of q.theses) ul.append(thesisItem(t));
          box.append(el("p", { cls: "small muted" }, "Theses on this map:"), ul);
        }
        if (map) box.append(el("p", { cls: "noprint" }, el("a", { href: route("map", map.name) }, "Open the map")));
        root.append(box);
      }
    }
    root.append(el("h2", {}, "Theses"));
    const theses = D.documents.flatMap((d) => d.theses);
    const table = el("table", {}, el("thead", {}, el("tr", {}, ["Thesis", "Held by", "Document", "Status", "Why"].map((h) => el("th", { scope: "col" }, h)))));
    const body = el("tbody", {});
    const limit = 300;
    for (const id of theses.slice(0, limit)) {
      const c = byId.get(id);
      if (!c) continue;
      body.append(
        el("tr", {}, el("td", {}, claimLink(id)), el("td", {}, c.holder || "", c.reported ? [" ", el("span", { cls: "reported" }, "reported")] : null),
          el("td", {}, el("a", { href: route("read", c.doc) }, c.doc)), el("td", {}, statusBadge(c.status)),
          el("td", { cls: "small" }, c.status ? reasonNodes(c.status.reason) : ""))
      );
    }
    table.append(body);
    root.append(el("div", { cls: "tablewrap" }, table));
    if (theses.length > limit) root.append(el("p", { cls: "muted" }, "The first " + limit + " of " + theses.length + " theses; use search and filters for the rest."));
    root.append(el("h2", {}, "Documents"));
    const dt = el("table", {}, el("thead", {}, el("tr", {}, ["Document", "Authors", "Date", "Published", "Claims", "Premises", "Rebuttals"].map((h) => el("th", { scope: "col" }, h)))));
    const dbody = el("tbody", {});
    for (const d of D.documents) {
      dbody.append(
        el("tr", {}, el("td", {}, el("a", { href: route("read", d.id) }, d.title), el("div", { cls: "small muted" }, d.id)),
          el("td", {}, d.authors.join(", ")), el("td", {}, d.date || ""),
          el("td", {}, d.publisher || "", d.url ? [" ", extLink(d.url, "source")] : null),
          el("td", {}, String(d.counts.claim || 0)), el("td", {}, String(d.counts.premise || 0)), el("td", {}, String(d.counts.rebuttal || 0)))
      );
    }
    dt.append(dbody);
    root.append(el("div", { cls: "tablewrap" }, dt));
  }
  function thesisItem(id) {
    const c = byId.get(id);
    if (!c) return el("li", {}, id);
    return el("li", {}, statusBadge(c.status), " ", claimLink(id), el("span", { cls: "small muted" }, " \u2014 " + (c.holder || "") + ", " + c.doc + (c.status ? "; " : ""), c.status ? reasonNodes(c.status.reason) : null));
  }

  // ---------------------------------------------------------------- the map
  const maps = new Map(D.maps.map((m) => [m.name, m]));
  const drawn = new Map(); // name -> {svg, boxes: Map key->g, names: Map g-name->key}
  const view = { x: 0, y: 0, s: 1 };
  function sanitizeSvg(text) {
    const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
    const svg = parsed.documentElement;
    if (!svg || svg.nodeName !== "svg" || parsed.getElementsByTagName("parsererror").length) return null;
    for (const bad of svg.querySelectorAll("script, foreignObject, iframe, object, embed, style, animate, set, use")) bad.remove();
    for (const node of svg.querySelectorAll("*")) {
      for (const attr of [...node.attributes]) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on") || name === "style" || name === "href" || name === "xlink:href" || name === "target") node.removeAttribute(attr.name);
      }
    }
    return document.importNode(svg, true);
  }
  function drawMap(name) {
    if (drawn.has(name)) return drawn.get(name);
    const m = maps.get(name);
    const svg = sanitizeSvg(m.svg);
    const info = { svg: svg, boxes: new Map(), edges: [] };
    if (svg) {
      svg.setAttribute("role", "group");
      svg.setAttribute("aria-label", "Argument map: " + m.title);
      for (const g of svg.querySelectorAll("g.node")) {
        const t = g.querySelector("title");
        const key = t && m.boxes[t.textContent];
        if (!key) continue;
        const c = byId.get(key);
        info.boxes.set(key, g);
        g.dataset.claim = key;
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        g.setAttribute("aria-label", c.kind + ": " + title(c) + " (" + key + ")");
      }
      const names = {};
      for (const [n, key] of Object.entries(m.boxes)) names[n] = key;
      for (const g of svg.querySelectorAll("g.edge")) {
        const t = g.querySelector("title");
        const ends = t ? t.textContent.split("->") : [];
        info.edges.push([g, names[ends[0]] || ends[0], names[ends[1]] || ends[1]]);
      }
    }
    drawn.set(name, info);
    return info;
  }
  function mapsWith(id) {
    return D.maps.filter((m) => Object.values(m.boxes).includes(id));
  }
  function showMap(name) {
    if (!maps.has(name)) name = D.maps.length ? D.maps[0].name : null;
    const stage = $("#stage");
    if (!name) {
      stage.textContent = "";
      $("#map-note").textContent = "No map was drawn for this report.";
      return null;
    }
    const select = $("#map-select");
    if (select.value !== name) select.value = name;
    if (state.map !== name) {
      state.map = name;
      stage.textContent = "";
      const info = drawMap(name);
      if (info.svg) stage.append(info.svg);
      const m = maps.get(name);
      $("#map-note").textContent = m.title;
      requestAnimationFrame(fit);
    }
    markMap();
    return drawn.get(name);
  }
  function applyView() {
    $("#stage").style.transform = "translate(" + view.x + "px," + view.y + "px) scale(" + view.s + ")";
  }
  function svgSize() {
    const svg = $("#stage svg");
    if (!svg) return [1, 1];
    return [svg.width.baseVal.value, svg.height.baseVal.value];
  }
  // An element's box in the stage's own (unscaled) pixels, from SVG geometry: exact at any zoom.
  // getCTM maps to the outer <svg>'s viewport (its viewBox applied), and ignores the stage's CSS transform.
  function stageBox(g) {
    const b = g.getBBox(), m = g.getCTM();
    const xs = [], ys = [];
    for (const x of [b.x, b.x + b.width]) {
      for (const y of [b.y, b.y + b.height]) {
        xs.push(m.a * x + m.c * y + m.e);
        ys.push(m.b * x + m.d * y + m.f);
      }
    }
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  }
  function fit() {
    const port = $("#viewport");
    const [w, h] = svgSize();
    const s = Math.min(port.clientWidth / w, port.clientHeight / h, 1.5);
    view.s = s;
    view.x = (port.clientWidth - w * s) / 2;
    view.y = (port.clientHeight - h * s) / 2;
    applyView();
  }
  function zoomAt(factor, cx, cy) {
    const s = Math.max(0.02, Math.min(8, view.s * factor));
    const port = $("#viewport");
    if (cx === undefined) {
      cx = port.clientWidth / 2;
      cy = port.clientHeight / 2;
    }
    view.x = cx - ((cx - view.x) * s) / view.s;
    view.y = cy - ((cy - view.y) * s) / view.s;
    view.s = s;
    applyView();
  }
  function zoomTo(elements) {
    if (!elements.length) return;
    const port = $("#viewport");
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const e of elements) {
      const [a, b, c, d] = stageBox(e);
      x0 = Math.min(x0, a); y0 = Math.min(y0, b); x1 = Math.max(x1, c); y1 = Math.max(y1, d);
    }
    const sx0 = x0, sy0 = y0, w = Math.max(1, x1 - x0), h = Math.max(1, y1 - y0);
    const pad = 30;
    const s = Math.max(0.05, Math.min(1.5, (port.clientWidth - 2 * pad) / w, (port.clientHeight - 2 * pad) / h));
    view.s = s;
    view.x = (port.clientWidth - w * s) / 2 - sx0 * s;
    view.y = (port.clientHeight - h * s) / 2 - sy0 * s;
    applyView();
  }
  function neighbourhood(id, depth) {
    const seen = new Set([id]);
    let frontier = [id];
    for (let d = 0; d < depth && frontier.length; d++) {
      const next = [];
      for (const n of frontier) {
        const c = byId.get(n);
        if (!c) continue;
        for (const r of c.incoming.concat(c.outgoing)) {
          if (!seen.has(r.other)) {
            seen.add(r.other);
            next.push(r.other);
          }
        }
      }
      frontier = next;
    }
    return seen;
  }
  function markMap() {
    const info = state.map && drawn.get(state.map);
    if (!info || !info.svg) return;
    const stage = $("#stage");
    const on = filtering();
    stage.classList.toggle("filtering", on);
    for (const [key, g] of info.boxes) {
      g.classList.toggle("filtered-out", on && !matches(byId.get(key)));
      g.classList.toggle("sel", key === state.selected);
    }
    const keep = state.focus ? neighbourhood(state.focus, state.depth) : null;
    stage.classList.toggle("focusing", !!keep);
    if (keep) {
      for (const [key, g] of info.boxes) g.classList.toggle("out-of-focus", !keep.has(key));
      const joined = new Map();
      for (const [, a, b] of info.edges) {
        for (const [j, other] of [[a, b], [b, a]]) if (!byId.has(j) && keep.has(other)) joined.set(j, (joined.get(j) || 0) + 1);
      }
      const kept = (n) => keep.has(n) || (joined.get(n) || 0) >= 2;
      const inMap = (n) => byId.has(n) || /^j\d+$/.test(n);
      for (const [g, a, b] of info.edges) g.classList.toggle("out-of-focus", inMap(a) && inMap(b) && !(kept(a) && kept(b)));
      for (const g of info.svg.querySelectorAll("g.node")) {
        const t = g.querySelector("title");
        if (t && !g.dataset.claim && /^j\d+$/.test(t.textContent)) g.classList.toggle("out-of-focus", !kept(t.textContent));
      }
    }
  }
  function setupMap() {
    const select = $("#map-select");
    for (const m of D.maps) select.append(el("option", { value: m.name }, m.title));
    if (D.maps.length < 2) select.hidden = true;
    select.addEventListener("change", () => (location.hash = route("map", select.value)));
    $("#zoom-in").addEventListener("click", () => zoomAt(1.25));
    $("#zoom-out").addEventListener("click", () => zoomAt(0.8));
    $("#zoom-fit").addEventListener("click", fit);
    const port = $("#viewport");
    port.addEventListener("wheel", (e) => {
      e.preventDefault();
      const r = port.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    const pointers = new Map();
    let moved = 0, pinch = 0;
    port.addEventListener("pointerdown", (e) => {
      pointers.set(e.pointerId, [e.clientX, e.clientY]);
      moved = 0;
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        pinch = Math.hypot(a[0] - b[0], a[1] - b[1]);
      }
    });
    port.addEventListener("pointermove", (e) => {
      const last = pointers.get(e.pointerId);
      if (!last) return;
      if (pointers.size === 1) {
        const dx = e.clientX - last[0], dy = e.clientY - last[1];
        moved += Math.abs(dx) + Math.abs(dy);
        if (moved > 4) {
          if (!port.classList.contains("dragging")) {
            port.classList.add("dragging");
            port.setPointerCapture(e.pointerId);
          }
          view.x += dx;
          view.y += dy;
          applyView();
        }
      } else if (pointers.size === 2) {
        pointers.set(e.pointerId, [e.clientX, e.clientY]);
        const [a, b] = [...pointers.values()];
        const d = Math.hypot(a[0] - b[0], a[1] - b[1]);
        const r = port.getBoundingClientRect();
        if (pinch) zoomAt(d / pinch, (a[0] + b[0]) / 2 - r.left, (a[1] + b[1]) / 2 - r.top);
        pinch = d;
        moved = 99;
        return;
      }
      pointers.set(e.pointerId, [e.clientX, e.clientY]);
    });
    const end = (e) => {
      pointers.delete(e.pointerId);
      port.classList.remove("dragging");
      if (pointers.size < 2) pinch = 0;
    };
    port.addEventListener("pointerup", end);
    port.addEventListener("pointercancel", end);
    port.addEventListener("click", (e) => {
      if (moved > 4) return;
      const g = e.target.closest && e.target.closest("g.node[data-claim]");
      if (g) openClaimOnMap(g.dataset.claim);
    });
    port.addEventListener("keydown", (e) => {
      const g = e.target.closest && e.target.closest("g.node[data-claim]");
      if (g && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        openClaimOnMap(g.dataset.claim);
        return;
      }
      const step = 60;
      const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (moves[e.key] && e.target === port) {
        e.preventDefault();
        view.x += moves[e.key][0];
        view.y += moves[e.key][1];
        applyView();
      }
    });
  }
  function openClaimOnMap(id) {
    location.hash = route("map", state.map, ...splitId(id));
  }

  // ---------------------------------------------------------------- the side panel
  function openPanel(id) {
    const c = byId.get(id);
    const panel = $("#panel");
    panel.textContent = "";
    if (!c) {
      panel.hidden = true;
      return;
    }
    state.selected = id;
    const d = docs.get(c.doc) || {};
    const heading = el("h2", { tabindex: "-1", id: "panel-title" }, title(c));
    panel.append(
      el("button", { cls: "close", type: "button", "aria-label": "Close the details", onclick: closePanel }, "\u00d7"),
      heading,
      el("p", {}, kindBadge(c.kind), " ", statusBadge(c.status), c.reported ? [" ", el("span", { cls: "reported", title: "a position the author reports, not the author's own" }, "reported")] : null),
      el("blockquote", { "aria-label": "The exact words" }, c.text)
    );
    const dl = el("dl", {});
    const row = (k, ...v) => dl.append(el("dt", {}, k), el("dd", {}, ...v));
    if (c.label) row("Label", c.label);
    row("Held by", c.holder || "not stated", c.reported ? " (reported by the author)" : "");
    row("Document", el("a", { href: route("read", c.doc) }, d.title || c.doc), " ", el("span", { cls: "muted small" }, [d.authors ? d.authors.join(", ") : "", d.date].filter(Boolean).join(", ")));
    row("Where", c.path + ", line " + c.line);
    row("Id", el("code", {}, c.id));
    if (c.cite) row("Cites", extLink(c.cite));
    if (d.url) row("Source", extLink(d.url));
    if (c.tags.length) row("Tags", c.tags.join(", "));
    if (c.status) row("Status", statusBadge(c.status), " ", ...reasonNodes(c.status.reason));
    panel.append(dl);
    const actions = el("div", { cls: "actions" },
      el("a", { href: route("read", c.doc, c.local_id) }, "Show in source"),
      el("a", { href: claimRoute(id) }, "Show on map"),
      el("label", {}, "Focus to depth ",
        el("select", { id: "focus-depth", "aria-label": "Focus depth" }, [1, 2, 3, 4, 5].map((n) => el("option", { value: n, selected: n === state.depth }, String(n))))),
      el("button", { type: "button", onclick: () => (location.hash = route("focus", c.doc, c.local_id, $("#focus-depth").value)) }, "Focus"),
      el("a", { href: claimRoute(id), title: "A permanent link to this claim", id: "permalink" }, "Permalink")
    );
    panel.append(actions);
    for (const [list, names, dir] of [[c.incoming, REL_IN, "in"], [c.outgoing, REL_OUT, "out"]]) {
      const groups = {};
      for (const r of list) (groups[r.type] = groups[r.type] || []).push(r);
      for (const [type, items] of Object.entries(groups)) {
        panel.append(el("h3", {}, names[type] || type));
        const ul = el("ul", {});
        for (const r of items) {
          const extra = [];
          if (r.step) extra.push(" (the step " + r.step + ")");
          if (r.together.length) extra.push(" (together with " + r.together.join(", ") + ")");
          if (r.answered) extra.push(" (answered: outweighed)");
          const o = byId.get(r.other);
          ul.append(el("li", {}, o ? statusBadge(o.status) : null, " ", claimLink(r.other), el("span", { cls: "small muted" }, " " + r.other + extra.join("")), dir === "in" && o && o.holder !== c.holder ? el("span", { cls: "small muted" }, " \u2014 " + (o.holder || "")) : null));
        }
        panel.append(ul);
      }
    }
    if (!c.incoming.length && !c.outgoing.length) panel.append(el("p", { cls: "muted" }, "Nothing relates to it, and it relates to nothing."));
    if (state.focus === id) panel.append(el("h3", {}, "Around it, depth " + state.depth), outlineOf(id, state.depth));
    panel.hidden = false;
    heading.focus({ preventScroll: true });
  }
  function closePanel() {
    $("#panel").hidden = true;
    state.selected = null;
    state.focus = null;
    markMap();
    for (const m of document.querySelectorAll("mark.span.sel")) m.classList.remove("sel");
    if (/^#(claim|focus)\//.test(location.hash) || /^#map\/[^/]+\//.test(location.hash)) location.hash = route("map", state.map || "");
    else if (/^#read\/[^/]+\//.test(location.hash)) location.hash = route("read", location.hash.split("/")[1] ? decodeURIComponent(location.hash.split("/")[1]) : "");
  }
  // The argument around a claim to some depth, what supports and attacks it (incoming), as a nested list.
  function outlineOf(id, depth) {
    const root = el("ul", { cls: "tree root" });
    const seen = new Set([id]);
    const add = (ul, nodeId, relation, level) => {
      const c = byId.get(nodeId);
      const li = el("li", {}, relation ? el("span", { cls: "sign " + relation, "aria-label": relation }, SIGN[relation] || "") : null, claimLink(nodeId), c ? [" ", statusBadge(c.status)] : null);
      ul.append(li);
      if (!c || level >= depth) return;
      const kids = c.incoming.filter((r) => !seen.has(r.other) && r.type !== "outweighs");
      if (!kids.length) return;
      const sub = el("ul", { cls: "tree" });
      for (const r of kids) seen.add(r.other);
      for (const r of kids) add(sub, r.other, r.type, level + 1);
      li.append(sub);
    };
    add(root, id, null, 0);
    return root;
  }

  // ---------------------------------------------------------------- reading view
  const builtDocs = new Map();
  function buildReading(docId) {
    if (builtDocs.has(docId)) return builtDocs.get(docId);
    const d = docs.get(docId), r = readings.get(docId);
    const wrap = el("article", { cls: "reading", "aria-label": "Text of " + (d ? d.title : docId) });
    wrap.append(el("div", { cls: "dochead" },
      el("h2", {}, d ? d.title : docId),
      el("p", { cls: "muted" }, d ? [d.authors.join(", "), d.date, d.publisher].filter(Boolean).join(" \u00b7 ") : "", d && d.url ? [" \u00b7 ", extLink(d.url, "original")] : null),
      el("p", { cls: "small muted" }, (d ? d.path : "") + (d && d.licence ? " \u00b7 licence: " + d.licence : "") + " \u00b7 highlighted: claims (blue), premises (grey, dotted), rebuttals (red, double); dashed underline: a position the author reports")));
    if (!r || r.error) {
      wrap.append(el("p", { cls: "notice" }, r ? r.error : "No text."));
      builtDocs.set(docId, wrap);
      return wrap;
    }
    const text = r.text, marks = r.marks;
    const lineStarts = r.lines.map((x) => x[0]), lineNos = r.lines.map((x) => x[1]);
    const lineAt = (offset) => {
      let lo = 0, hi = lineStarts.length - 1, best = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (lineStarts[mid] <= offset) { best = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return lineNos[best];
    };
    const paraRe = /\n[ \t]*\n/g;
    let start = 0, mi = 0, m;
    const paras = [];
    while ((m = paraRe.exec(text))) {
      paras.push([start, m.index]);
      start = m.index + m[0].length;
    }
    paras.push([start, text.length]);
    for (let [a, b] of paras) {
      while (a < b && /\s/.test(text[a])) a++;
      while (b > a && /\s/.test(text[b - 1])) b--;
      if (a >= b) continue;
      const heading = /^#{1,6}\s/.test(text.slice(a, a + 7));
      const p = el(heading ? "div" : "p", { cls: heading ? "heading" : null });
      p.append(el("span", { cls: "ln", "aria-hidden": "true" }, String(lineAt(a))));
      // nested marks inside [a, b)
      const stack = [[p, b]];
      let at = a;
      while (mi < marks.length && marks[mi].start < a) mi++;
      const closeUntil = (pos) => {
        for (;;) {
          const top = stack[stack.length - 1];
          if (stack.length > 1 && top[1] <= pos) {
            if (top[1] > at) {
              top[0].append(text.slice(at, top[1]));
              at = top[1];
            }
            stack.pop();
          } else {
            if (pos > at) {
              top[0].append(text.slice(at, pos));
              at = pos;
            }
            return;
          }
        }
      };
      while (mi < marks.length && marks[mi].start < b) {
        const mk = marks[mi++];
        closeUntil(mk.start);
        const c = byId.get(mk.id);
        const node = el("mark", {
          cls: "span " + (c ? c.kind : "") + (c && c.reported ? " is-reported" : ""),
          "data-claim": mk.id, tabindex: "0", role: "button",
          "aria-label": (c ? c.kind + ": " + title(c) : mk.id),
          title: c ? title(c) + " \u2014 " + (c.holder || "") + " (" + mk.id + ")" : mk.id,
        });
        stack[stack.length - 1][0].append(node);
        stack.push([node, Math.min(mk.end, b)]);
      }
      closeUntil(b);
      wrap.append(p);
    }
    wrap.addEventListener("click", (e) => {
      const mk = e.target.closest("mark.span");
      if (mk) {
        e.stopPropagation();
        const [doc, local] = splitId(mk.dataset.claim);
        location.hash = route("read", doc, local);
      }
    });
    wrap.addEventListener("keydown", (e) => {
      const mk = e.target.closest && e.target.closest("mark.span");
      if (mk && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        mk.click();
      }
    });
    builtDocs.set(docId, wrap);
    return wrap;
  }
  function showReading(docId, claim) {
    const root = $("#v-read");
    if (!docs.has(docId)) docId = D.documents.length ? D.documents[0].id : null;
    const picker = $("#doc-select");
    if (docId && picker.value !== docId) picker.value = docId;
    const holder = $("#reading");
    const article = docId ? buildReading(docId) : el("p", {}, "No documents.");
    if (holder.firstChild !== article) {
      holder.textContent = "";
      holder.append(article);
    }
    for (const m of root.querySelectorAll("mark.span.sel")) m.classList.remove("sel");
    if (claim) {
      const target = [...article.querySelectorAll("mark.span")].find((m) => m.dataset.claim === claim);
      if (target) {
        target.classList.add("sel");
        target.scrollIntoView({ block: "center" });
      }
    }
  }

  // ---------------------------------------------------------------- claims (search results)
  function renderClaims() {
    const root = $("#claims-list");
    root.textContent = "";
    const found = D.claims.filter(matches);
    const limit = 200;
    $("#claims-summary").textContent = filtering()
      ? plural(found.length, "claim matches", "claims match") + " the search and filters" + (found.length > limit ? "; the first " + limit + " are listed" : "") + "."
      : plural(found.length, "claim") + " (claims, premises and rebuttals)" + (found.length > limit ? "; the first " + limit + " are listed: search or filter to narrow them" : "") + ".";
    const ol = el("ol", { cls: "results" });
    for (const c of found.slice(0, limit)) {
      ol.append(el("li", {}, kindBadge(c.kind), " ", statusBadge(c.status), " ", claimLink(c.id), el("div", { cls: "small muted" }, quoted(c.text.length > 220 ? c.text.slice(0, 219) + "\u2026" : c.text) + " \u2014 " + (c.holder || "") + " \u00b7 " + c.id)));
    }
    root.append(ol);
  }

  // ---------------------------------------------------------------- who says what
  let whoBuilt = false;
  function renderWho() {
    if (whoBuilt) return;
    whoBuilt = true;
    const root = $("#who-table");
    const W = D.who;
    if (!W.theses.length) {
      root.append(el("p", {}, "No theses."));
      return;
    }
    const cells = new Map(W.cells.map((s) => [s.holder + "\u0000" + s.thesis, s]));
    const table = el("table", {}, el("caption", { cls: "small muted" }, "Rows: theses. Columns: who holds the spans that bear on them. + supports, \u2212 opposes (through a chain of at most " + W.max_length + " relations); \u25cf holds the thesis."));
    table.append(el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Thesis"), W.holders.map((h) => el("th", { scope: "col" }, h)))));
    const body = el("tbody", {});
    const detail = $("#who-detail");
    for (const t of W.theses) {
      const tr = el("tr", {}, el("th", { scope: "row" }, claimLink(t), " ", statusBadge((byId.get(t) || {}).status)));
      for (const h of W.holders) {
        const s = cells.get(h + "\u0000" + t);
        const holds = W.holds[t] === h;
        const td = el("td", { cls: "cell" });
        if (s || holds) {
          const parts = [];
          if (holds) parts.push(el("span", { "aria-label": "holds it" }, "\u25cf "));
          if (s && s.supports.length) parts.push(el("span", { cls: "plus" }, "+" + s.supports.length), " ");
          if (s && s.attacks.length) parts.push(el("span", { cls: "minus" }, "\u2212" + s.attacks.length));
          td.append(el("button", {
            type: "button",
            "aria-label": h + " on " + t + ": " + (holds ? "holds it; " : "") + (s ? s.supports.length + " for, " + s.attacks.length + " against" : ""),
            onclick: () => {
              detail.textContent = "";
              const c = byId.get(t);
              detail.append(el("h3", {}, h + " on " + quoted(c ? title(c) : t)));
              if (holds) detail.append(el("p", {}, "Holds this thesis."));
              for (const [word, list] of [["For it", s ? s.supports : []], ["Against it", s ? s.attacks : []]]) {
                if (!list.length) continue;
                detail.append(el("p", { cls: "small muted" }, word + ":"), el("ul", {}, list.map((id) => el("li", {}, claimLink(id)))));
              }
              detail.scrollIntoView({ block: "nearest" });
            },
          }, parts));
        }
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(body);
    root.append(el("div", { cls: "tablewrap" }, table));
  }

  // ---------------------------------------------------------------- outline (the text alternative)
  let outlineBuilt = false;
  function renderOutline() {
    if (outlineBuilt) return;
    outlineBuilt = true;
    const root = $("#outline-body");
    for (const o of D.outlines) {
      const d = docs.get(o.doc);
      root.append(el("h3", {}, d ? d.title : o.doc), el("p", { cls: "small muted" }, d ? [d.authors.join(", "), d.date, o.doc].filter(Boolean).join(" \u00b7 ") : o.doc));
      const ul = el("ul", { cls: "tree root" });
      const stack = o.trees.map((t) => [t, ul]).reverse();
      while (stack.length) {
        const [t, parent] = stack.pop();
        const li = el("li", {});
        if (t.relation) li.append(el("span", { cls: "sign " + t.relation, "aria-label": t.relation }, SIGN[t.relation] || ""));
        if (t.group) li.append(el("em", {}, "together:"));
        else {
          li.append(claimLink(t.id));
          const c = byId.get(t.id);
          if (c) li.append(" ", statusBadge(c.status));
          const notes = [];
          if (t.repeat) notes.push("see above");
          if (t.outside) notes.push("more in " + splitId(t.id)[0]);
          if (t.answered) notes.push("answered");
          if (t.hidden) notes.push(t.hidden + " more");
          li.append(el("span", { cls: "small muted" }, " " + (c && c.holder ? c.holder + " \u00b7 " : "") + t.id + (notes.length ? " (" + notes.join(", ") + ")" : "")));
        }
        parent.append(li);
        if (t.children.length) {
          const sub = el("ul", { cls: "tree" });
          li.append(sub);
          for (let i = t.children.length - 1; i >= 0; i--) stack.push([t.children[i], sub]);
        }
      }
      root.append(ul);
    }
  }

  // ---------------------------------------------------------------- methods
  function renderMethods() {
    const root = $("#v-methods");
    const A = D.about;
    root.append(
      el("h2", {}, "Methods and limits"),
      el("p", {}, A.method),
      el("h3", {}, "What the labels mean"),
      el("dl", {}, Object.entries(A.labels).map(([k, v]) => [el("dt", {}, el("span", { cls: "status " + k }, MARK[k] || k)), el("dd", {}, v)])),
      el("h3", {}, "Limits"),
      el("p", {}, A.limits),
      el("h3", {}, "How the map reads"),
      el("ul", {},
        el("li", {}, "Blue rounded boxes are claims, white boxes premises, red boxes with cut corners rebuttals."),
        el("li", {}, "A solid green arrow supports; a dashed red line ending in a bar attacks; dotted purple undercuts a step."),
        el("li", {}, "A dashed grey attack is answered: its target outweighs it, so it does not defeat. A bold grey open arrow is a preference, a dashed gold line ending in a circle qualifies a claim (never an attack), a dotted blue arrow explains (a cause, not a reason)."),
        el("li", {}, "A dashed outline and the word \u201creported\u201d mark a position the author reports rather than holds."),
        el("li", {}, "The outline tab gives the same arguments as text.")),
      el("h3", {}, "Keyboard"),
      el("ul", {},
        el("li", {}, "/ search; Escape closes the details; Tab moves between boxes and links, Enter opens one."),
        el("li", {}, "On the map: + and \u2212 zoom, 0 fits, arrow keys pan (with the map focused)."),
        el("li", {}, "The browser's back and forward buttons go through what you opened; every claim has a permalink.")),
      el("h3", {}, "This report"),
      el("dl", {},
        el("dt", {}, "argmap"), el("dd", {}, A.version),
        el("dt", {}, "Corpus"), el("dd", {}, A.corpus),
        el("dt", {}, "Revision"), el("dd", {}, A.revision || "not in a git repository"),
        el("dt", {}, "Made on"), el("dd", {}, A.date))
    );
    for (const note of A.notes) root.append(el("p", { cls: "notice" }, note));
  }

  // ---------------------------------------------------------------- routing
  function parseHash() {
    const raw = location.hash.replace(/^#/, "");
    return raw ? raw.split("/").map((p) => { try { return decodeURIComponent(p); } catch (e) { return p; } }) : ["home"];
  }
  function onRoute() {
    const [what, a, b, c] = parseHash();
    let panelFor = null;
    state.focus = null;
    if (what === "map") {
      show("map");
      showMap(a);
      if (b && c) panelFor = b + "#" + c;
    } else if (what === "claim" || what === "focus") {
      const id = a + "#" + b;
      const on = mapsWith(id);
      const name = on.some((m) => m.name === state.map) ? state.map : on.length ? on[0].name : null;
      if (name) {
        show("map");
        showMap(name);
      } else if (current === "map" || current === "home") show("claims"), renderClaims();
      panelFor = id;
      if (what === "focus") {
        state.focus = id;
        state.depth = Math.max(1, Math.min(9, parseInt(c, 10) || 1));
      }
    } else if (what === "read") {
      show("read");
      const claim = b ? a + "#" + b : null;
      showReading(a, claim);
      panelFor = claim;
    } else if (views.includes(what)) {
      show(what);
      if (what === "claims") renderClaims();
      if (what === "who") renderWho();
      if (what === "outline") renderOutline();
    } else show("home");
    if (panelFor && byId.has(panelFor)) {
      state.selected = panelFor;
      openPanel(panelFor);
    } else {
      $("#panel").hidden = true;
      state.selected = null;
    }
    markMap();
    if (current === "map" && state.map && panelFor) {
      const info = drawn.get(state.map);
      const keep = state.focus ? neighbourhood(state.focus, state.depth) : new Set([panelFor]);
      const els = [...keep].map((k) => info && info.boxes.get(k)).filter(Boolean);
      if (els.length) requestAnimationFrame(() => (state.focus ? zoomTo(els) : ensureVisible(els[0])));
    }
  }
  function ensureVisible(g) {
    const port = $("#viewport").getBoundingClientRect();
    const r = g.getBoundingClientRect();
    if (r.left >= port.left && r.right <= port.right && r.top >= port.top && r.bottom <= port.bottom) return;
    view.x += port.left + port.width / 2 - (r.left + r.width / 2);
    view.y += port.top + port.height / 2 - (r.top + r.height / 2);
    applyView();
  }

  // ---------------------------------------------------------------- start
  function start() {
    $("#report-title").textContent = D.title;
    document.title = D.title;
    $("#footer").textContent = "Made by argmap " + D.about.version + " on " + D.about.date + (D.about.revision ? " from revision " + D.about.revision : "") + " \u00b7 " + D.about.corpus;
    const picker = $("#doc-select");
    for (const d of D.documents) picker.append(el("option", { value: d.id }, d.title));
    picker.addEventListener("change", () => (location.hash = route("read", picker.value)));
    buildFilters();
    setupMap();
    renderHome();
    renderMethods();
    document.addEventListener("keydown", (e) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
      if (e.key === "Escape" && !$("#panel").hidden) {
        closePanel();
        return;
      }
      if (typing) return;
      if (e.key === "/") {
        e.preventDefault();
        $("#search").focus();
      } else if (current === "map" && (e.key === "+" || e.key === "=")) zoomAt(1.25);
      else if (current === "map" && e.key === "-") zoomAt(0.8);
      else if (current === "map" && e.key === "0") fit();
    });
    window.addEventListener("hashchange", onRoute);
    window.addEventListener("beforeprint", () => {
      renderWho();
      renderOutline();
      for (const v of ["home", "who", "outline", "methods"]) document.getElementById("v-" + v).classList.add("printable");
      if (state.map) document.getElementById("v-map").classList.add("printable");
    });
    onRoute();
    if (D.live) {
      let version = D.live === true ? null : String(D.live);
      setInterval(() => {
        fetch("/version", { cache: "no-store" }).then((r) => r.text()).then((v) => {
          if (version === null) version = v;
          else if (v.trim() !== version) location.reload();
        }).catch(() => {});
      }, 1000);
    }
    document.documentElement.dataset.ready = "1";
  }
  start();
})();
