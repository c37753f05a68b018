// search.js under Node's test runner: its folding agrees with the index's
// (src/publish/search/tokenize.rs), and queries against a built site's index find, prefix-match
// and rank the way the page shows them. BRIEFGEN_SITE is the demo site built at the root path
// (tests/integration/search.rs builds it and runs these tests).
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");

const site = process.env.BRIEFGEN_SITE;
const search = require(path.join(__dirname, "../../themes/default/static/search.js"));

// The site's files, fetched as the browser would.
globalThis.fetch = async (url) => {
  const file = path.join(site, decodeURIComponent(new URL(url, "http://site/").pathname));
  try {
    const text = fs.readFileSync(file, "utf8");
    return { ok: true, status: 200, json: async () => JSON.parse(text) };
  } catch {
    return { ok: false, status: 404, json: async () => null };
  }
};

async function query(text) {
  search.setIndex("/search/index.json");
  const m = await search.manifest();
  const ranked = await search.search(m, search.parse(text));
  const records = [];
  for (const r of ranked.records) {
    const shard = await (await fetch(m.records_url + Math.floor(r / m.per_shard) + ".json")).json();
    records.push(shard[r % m.per_shard]);
  }
  return { records, partial: ranked.partial };
}

test("folding and words agree with the index's tokeniser", () => {
  const tokens = (s) => search.words(search.fold(s));
  assert.deepStrictEqual(tokens("Assad vows to retake Raqa"), ["assad", "vows", "to", "retake", "raqa"]);
  assert.deepStrictEqual(tokens("Ḥalab ÉTÉ Zürich naïve"), ["halab", "ete", "zurich", "naive"]);
  assert.deepStrictEqual(tokens("ΣΟΦΟΣ σοφός"), ["σοφοσ", "σοφοσ"]);
  assert.deepStrictEqual(tokens("ﬁnal Ｒaqqa"), ["final", "raqqa"]);
  assert.deepStrictEqual(tokens("a b c I go " + "x".repeat(41)), ["go"]);
});

test("the last word is a prefix while it is being typed", () => {
  assert.deepStrictEqual(search.parse("assad raq"), { exact: ["assad"], prefix: "raq" });
  assert.deepStrictEqual(search.parse("assad raqa "), { exact: ["assad", "raqa"], prefix: null });
  assert.deepStrictEqual(search.parse("a"), { exact: [], prefix: null });
});

test("a query finds notes and entities, case and accents ignored", { skip: !site && "BRIEFGEN_SITE is not set" }, async () => {
  const takfiri = await query("Takfiri ");
  const note = takfiri.records.find((r) => r.k === "n");
  assert.strictEqual(note.u, "/briefs/assad-says-army-will-liberate-every-inch/#note-the-daesh-takfiri-terror-group");
  const raqa = await query("RÁQA ");
  assert.ok(raqa.records.some((r) => r.k === "e" && r.u === "/entities/raqqa/"), JSON.stringify(raqa.records));
});

test("a word being typed matches as a prefix", { skip: !site && "BRIEFGEN_SITE is not set" }, async () => {
  const whole = await query("Takfiri ");
  const typed = await query("takfi");
  assert.ok(typed.records.length >= whole.records.length && whole.records.length > 0);
  for (const r of whole.records) {
    assert.ok(typed.records.some((t) => t.u === r.u), r.u);
  }
  assert.strictEqual((await query("takfi ")).records.length, 0, "a finished word is not a prefix");
});

test("titles outrank body text, and a query with no full match says so", { skip: !site && "BRIEFGEN_SITE is not set" }, async () => {
  const first = (await query("liberate every inch")).records[0];
  assert.strictEqual(first.k, "b");
  assert.strictEqual(first.u, "/briefs/assad-says-army-will-liberate-every-inch/");
  const some = await query("takfiri zzyzx ");
  assert.ok(some.partial && some.records.length > 0);
});
