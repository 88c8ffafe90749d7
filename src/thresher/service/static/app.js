// thresher's page. Everything that comes from the extracted page is put into the DOM as
// text (textContent, title), never parsed as HTML: a crafted page cannot run script here.
"use strict";

const LABELS = ["body", "title", "subtitle", "byline", "date", "caption", "credit",
  "comment", "boilerplate"];
const $ = (id) => document.getElementById(id);
let last = null; // the latest explain response

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

function labelClass(label) {
  return LABELS.includes(label) ? "label-" + label : "label-other";
}

function mode() {
  return document.querySelector("input[name=mode]:checked").value;
}

function setMode() {
  const m = mode();
  $("source-field").hidden = m === "url";
  $("url-label").textContent = m === "url" ? "URL to fetch" : "Page address (optional)";
  $("source").placeholder = m === "text"
    ? "Paste the page's text here, or drop a file"
    : "Paste the page's HTML here, or drop a file";
}

function requestBody() {
  const m = mode();
  const url = $("url").value.trim();
  const body = {
    options: {
      comments: $("opt-comments").checked,
      links: $("opt-links").checked,
      tables: $("opt-tables").checked,
    },
  };
  if (m === "url") {
    if (!url) throw new Error("Enter a URL to fetch.");
    body.url = url;
  } else {
    const source = $("source").value;
    if (!source.trim()) throw new Error("Paste a page or drop a file first.");
    body[m] = source;
    if (url) body.url = url;
  }
  return body;
}

async function run() {
  const status = $("status");
  let body;
  try {
    body = requestBody();
  } catch (err) {
    status.textContent = err.message;
    return;
  }
  status.textContent = "Working…";
  $("run").disabled = true;
  const started = performance.now();
  try {
    const response = await fetch("/v1/explain", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) {
      status.textContent = "Error " + response.status + ": " + (data.detail || data.error);
      return;
    }
    last = data;
    const ms = Math.round(performance.now() - started);
    status.textContent = data.blocks.length + " blocks, " + ms + " ms" +
      (data.note ? " — " + data.note : "");
    show(data);
  } catch (err) {
    status.textContent = "Request failed: " + err.message;
  } finally {
    $("run").disabled = false;
  }
}

function show(data) {
  $("results").hidden = false;
  renderArticle(data.article, data.blocks);
  renderLegend(data.blocks);
  renderBlocks(data.blocks);
  $("results").scrollIntoView({ block: "start" });
}

function metaRow(list, name, value) {
  if (value === null || value === undefined || value === "" ||
      (Array.isArray(value) && value.length === 0)) return;
  list.append(el("dt", { text: name }),
    el("dd", { text: Array.isArray(value) ? value.join(", ") : String(value) }));
}

function bodyNodes(article, blocks) {
  const kept = blocks.filter((b) => b.label === "body");
  if (kept.length === 0) {
    return article.text.split(/\n\s*\n/).filter((p) => p.trim())
      .map((p) => el("p", { text: p }));
  }
  const nodes = [];
  let list = null;
  for (const b of kept) {
    if (b.kind === "list_item") {
      if (!list) { list = el("ul"); nodes.push(list); }
      list.append(el("li", { text: b.text }));
      continue;
    }
    list = null;
    if (b.kind === "heading") nodes.push(el("h3", { text: b.text }));
    else if (b.kind === "quote") nodes.push(el("blockquote", { text: b.text }));
    else if (b.kind === "code" || b.kind === "table") nodes.push(el("pre", { text: b.text }));
    else nodes.push(el("p", { text: b.text }));
  }
  return nodes;
}

function renderArticle(article, blocks) {
  const pane = $("article");
  const meta = el("dl", { class: "meta" });
  metaRow(meta, "By", article.authors);
  metaRow(meta, "Published", article.published);
  metaRow(meta, "Modified", article.modified);
  metaRow(meta, "Site", article.site_name);
  metaRow(meta, "Language", article.language);
  metaRow(meta, "URL", article.url);
  metaRow(meta, "Canonical", article.canonical_url);
  metaRow(meta, "Tags", article.tags);
  metaRow(meta, "Credits", article.credits);
  metaRow(meta, "Warnings", article.warnings);
  const body = el("div", { class: "body" }, ...bodyNodes(article, blocks));
  const title = el("h2", { class: "title", text: article.title || "(no title)" });
  pane.replaceChildren(title, meta, body);
  if (article.subtitle) title.after(el("p", { class: "subtitle", text: article.subtitle }));
  if (!article.text) body.append(el("p", { class: "empty", text: "No article body found." }));
}

function renderLegend(blocks) {
  const counts = {};
  for (const b of blocks) counts[b.label] = (counts[b.label] || 0) + 1;
  $("legend").replaceChildren(...Object.entries(counts).map(([label, n]) =>
    el("li", { class: "chip " + labelClass(label), text: label + " " + n })));
}

function featureTable(block) {
  const rows = Object.entries(block.features || {}).map(([name, value]) =>
    el("tr", {}, el("th", { text: name }),
      el("td", { text: typeof value === "number" ? String(+value.toFixed(4)) : String(value) })));
  return el("div", { class: "details" },
    el("p", { text: "Reason: " + block.reason }),
    el("p", { text: "Path: " + block.path.join(" > ") }),
    el("p", { text: "Classes: " + block.attrs.filter((a) => a).join(" | ") }),
    rows.length ? el("table", {}, el("tbody", {}, ...rows))
      : el("p", { text: "No features reported." }));
}

function score(b) {
  return typeof b.score === "number" ? b.score.toFixed(2) : "?";
}

function renderBlocks(blocks) {
  const items = blocks.map((b) => {
    const item = el("li", {
      class: "block " + labelClass(b.label) + (b.label === "boilerplate" ? " dropped" : ""),
      title: b.label + " (" + score(b) + "): " + b.reason,
      tabindex: "0",
    },
    el("span", { class: "badge", text: b.label + " " + score(b) }),
    el("span", { class: "kind", text: b.kind + " <" + b.tag + ">" }),
    el("span", { class: "text", text: b.text }));
    const toggle = () => {
      const open = item.querySelector(".details");
      if (open) open.remove(); else item.append(featureTable(b));
    };
    item.addEventListener("click", toggle);
    item.addEventListener("keydown", (e) => { if (e.key === "Enter") toggle(); });
    return item;
  });
  $("blocks").replaceChildren(...items);
  applyFilter();
}

function applyFilter() {
  $("blocks").classList.toggle("hide-dropped", !$("show-dropped").checked);
}

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function readFile(file) {
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => {
    $("source").value = reader.result;
    const isText = /\.txt$/i.test(file.name) || file.type === "text/plain";
    document.querySelector("input[name=mode][value=" + (isText ? "text" : "html") + "]")
      .checked = true;
    setMode();
    $("status").textContent = "Loaded " + file.name + " (" + file.size + " bytes).";
  };
  reader.readAsText(file);
}

function init() {
  for (const radio of document.querySelectorAll("input[name=mode]")) {
    radio.addEventListener("change", setMode);
  }
  $("run").addEventListener("click", run);
  $("source").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run();
  });
  $("url").addEventListener("keydown", (e) => { if (e.key === "Enter") run(); });
  $("file").addEventListener("change", (e) => readFile(e.target.files[0]));
  $("show-dropped").addEventListener("change", applyFilter);
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    readFile(e.dataTransfer.files[0]);
  });
  $("dl-json").addEventListener("click", () => {
    if (last) download("article.json", "application/json", JSON.stringify(last.article, null, 2));
  });
  $("dl-md").addEventListener("click", () => {
    if (last) download("article.md", "text/markdown", last.markdown);
  });
  setMode();
}

document.addEventListener("DOMContentLoaded", init);
