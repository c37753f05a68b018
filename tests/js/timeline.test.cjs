// timeline.js under Node's test runner, on a small stand-in for the timeline page: choosing an
// entity, outlet or tag hides the other entries, empty months and years and their links,
// counts what is shown and keeps the choice in the URL; a choice in the URL applies at load.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");

const script = path.join(__dirname, "../../themes/default/static/timeline.js");

function element(props = {}) {
  const listeners = {};
  return {
    hidden: false,
    dataset: {},
    textContent: "",
    ...props,
    addEventListener(type, f) { (listeners[type] ||= []).push(f); },
    fire(type) { (listeners[type] || []).forEach((f) => f({ preventDefault() {} })); },
  };
}

// The page: two years, each a section with a month holding entries.
function page(search) {
  const entry = (id, entities, outlets, tags) => element({ id, dataset: { entities, outlets, tags } });
  const entries = [entry("e1", "assad raqqa", "afp", "war"), entry("e2", "raqqa", "rhc", ""), entry("e3", "assad", "rhc", "talks")];
  const section = (cls, id, inner) =>
    element({ id, className: cls, querySelector: (sel) => (sel === ".entry:not([hidden])" ? inner.find((e) => !e.hidden) || null : null) });
  const months = [section("month", "y2016-01", [entries[0]]), section("month", "y2017-02", [entries[1], entries[2]])];
  const years = [section("year", "y2016", [entries[0]]), section("year", "y2017", [entries[1], entries[2]])];
  const option = (value) => ({ value });
  const selects = [
    element({ name: "entity", value: "", options: [option(""), option("assad"), option("raqqa")] }),
    element({ name: "outlet", value: "", options: [option(""), option("afp"), option("rhc")] }),
    element({ name: "tag", value: "", options: [option(""), option("war"), option("talks")] }),
  ];
  const status = element();
  const form = element({
    hidden: true,
    querySelector: (sel) => (sel === ".filter-status" ? status : null),
    querySelectorAll: (sel) => (sel === "select" ? selects : []),
  });
  const links = ["y2016", "y2017"].map((id) => ({ hash: "#" + id, parentElement: element() }));
  const byId = Object.fromEntries([...months, ...years].map((s) => [s.id, s]));
  const all = { ".entry": entries, "section.month, section.year": [...months, ...years], ".year-nav a": links };
  globalThis.window = globalThis;
  globalThis.document = {
    documentElement: { lang: "en" },
    getElementById: (id) => (id === "timeline-filter" ? form : byId[id] || null),
    querySelectorAll: (sel) => all[sel] || [],
  };
  globalThis.location = { href: "https://example.org/timeline/" + search, search };
  const urls = [];
  globalThis.history = { replaceState: (_s, _t, url) => urls.push(String(url)) };
  delete require.cache[script];
  require(script);
  return { entries, months, years, selects, status, form, links, urls };
}

const shown = (p) => p.entries.filter((e) => !e.hidden).map((e) => e.id);

test("the form appears and everything shows at first", () => {
  const p = page("");
  assert.strictEqual(p.form.hidden, false);
  assert.deepStrictEqual(shown(p), ["e1", "e2", "e3"]);
  assert.strictEqual(p.status.textContent, "");
});

test("an entity narrows the entries, empty sections and their links are hidden", () => {
  const p = page("");
  p.selects[1].value = "rhc";
  p.form.fire("change");
  assert.deepStrictEqual(shown(p), ["e2", "e3"]);
  assert.deepStrictEqual([p.years[0].hidden, p.years[1].hidden, p.months[0].hidden], [true, false, true]);
  assert.deepStrictEqual(p.links.map((l) => l.parentElement.hidden), [true, false]);
  assert.strictEqual(p.status.textContent, "2 of 3 entries shown.");
  assert.strictEqual(p.urls.at(-1), "https://example.org/timeline/?outlet=rhc");
  p.selects[0].value = "assad";
  p.form.fire("change");
  assert.deepStrictEqual(shown(p), ["e3"], "choices combine");
});

test("a choice in the URL applies at load; an unknown one is ignored", () => {
  assert.deepStrictEqual(shown(page("?tag=war")), ["e1"]);
  assert.deepStrictEqual(shown(page("?tag=nope")), ["e1", "e2", "e3"]);
});
