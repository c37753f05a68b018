// briefgen site search, for the form on /search/ (templates/search.html).
// It reads the prebuilt index the build writes under search/ (see docs/themes.md, "Search"):
// the manifest, then only the term shards the query's words need and the record shards of
// the results it shows. No dependencies; no requests outside the site.
(function () {
  "use strict";

  // Wording, in English; the page gives its own language's in the form's data-strings
  // (the `search` strings of the theme, see docs/themes.md, "Languages").
  var TEXT = {
    kinds: { b: "Brief", n: "Note", e: "Entity" },
    results: { one: "{n} result for “{q}”.", other: "{n} results for “{q}”." },
    partial: {
      one: "No result has every word of “{q}”; {n} result has some of them.",
      other: "No result has every word of “{q}”; {n} results have some of them."
    },
    none: "No results for “{q}”. Try fewer or shorter words.",
    short: "Type at least two letters.",
    failed: "Search is unavailable: the index could not be loaded. Reload the page to try again.",
    more: "Show more results"
  };

  // Must match src/publish/search/tokenize.rs.
  var MIN_CHARS = 2;
  var MAX_CHARS = 40;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  // Chinese characters and Japanese kana, cut into bigrams.
  var CJK = /^(?:[\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\u{20000}-\u{2fa1f}])$/u;
  var FOLD_CHARS = { "ς": "σ", "\u0640": "", "ى": "ي", "ی": "ي", "ة": "ه", "ٱ": "ا", "ک": "ك" };
  var PAGE = 20;
  var MAX_PREFIX_SHARDS = 4;
  var MAX_EXPANSIONS = 30;

  // Lowercase, without marks (but the voicing of kana), with Arabic letter forms and digits
  // made one.
  function fold(s) {
    return s.normalize("NFKD").replace(/(?![\u3099\u309a])\p{M}/gu, "").normalize("NFC").toLowerCase()
      .replace(/[ςـىیةٱک]/g, function (c) { return FOLD_CHARS[c]; })
      .replace(/[\u0660-\u0669]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x0660 + 48); })
      .replace(/[\u06f0-\u06f9]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x06f0 + 48); });
  }

  // The runs of a word: [text, isCjk], in order.
  function segments(chars) {
    var out = [];
    for (var i = 0; i < chars.length;) {
      var cjk = CJK.test(chars[i]);
      var j = i + 1;
      while (j < chars.length && CJK.test(chars[j]) === cjk) { j++; }
      out.push([chars.slice(i, j), cjk]);
      i = j;
    }
    return out;
  }

  // The indexable words of folded text: words of letters and digits, Chinese and Japanese
  // as bigrams (a lone character as itself).
  function words(folded) {
    var out = [];
    (folded.match(WORD) || []).forEach(function (run) {
      segments(Array.from(run)).forEach(function (seg) {
        var chars = seg[0];
        if (!seg[1]) {
          if (chars.length >= MIN_CHARS && chars.length <= MAX_CHARS) { out.push(chars.join("")); }
        } else if (chars.length === 1) {
          out.push(chars[0]);
        } else {
          for (var k = 0; k + 1 < chars.length; k++) { out.push(chars[k] + chars[k + 1]); }
        }
      });
    });
    return out;
  }

  // The query's terms; the last word is a prefix while the user is still typing it.
  function parse(query) {
    var folded = fold(query);
    var ws = words(folded);
    var last = ws[ws.length - 1];
    var prefix = last !== undefined && /[\p{Alphabetic}\p{N}]$/u.test(folded) && folded.endsWith(last) ? last : null;
    var exact = [];
    ws.forEach(function (w, i) {
      if ((prefix === null || i < ws.length - 1) && exact.indexOf(w) < 0 && w !== prefix) { exact.push(w); }
    });
    return { exact: exact, prefix: prefix };
  }

  // The parts that need no page, for the tests under Node (tests/js/); a browser has no
  // `module` and goes on to the page.
  if (typeof module === "object" && module.exports) {
    cache = new Map(); // declared with the fetching below, which the page reaches later
    module.exports = { fold: fold, words: words, parse: parse, search: search, manifest: manifest, setIndex: function (url) { indexUrl = url; } };
    return;
  }
  if (typeof document === "undefined") { return; }

  var form = document.querySelector("form[data-search-index]");
  if (!form || !window.fetch || !window.Map) { return; }
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var moreButton = document.getElementById("search-more");
  var indexUrl = form.getAttribute("data-search-index");
  try {
    var given = JSON.parse(form.getAttribute("data-strings") || "{}");
    Object.keys(given).forEach(function (k) { TEXT[k] = given[k]; });
  } catch (e) { /* keep the English wording */ }
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;

  // A string of TEXT with its placeholders filled; plural forms by `n`.
  function say(text, args) {
    if (text && typeof text === "object") {
      var category = plurals ? plurals.select(args.n) : (args.n === 1 ? "one" : "other");
      text = text[category] !== undefined ? text[category] : text.other;
    }
    return String(text).replace(/\{(\w+)\}/g, function (m, name) { return args[name] !== undefined ? String(args[name]) : m; });
  }

  // Fetching, with a cache per URL; failures are forgotten so a retry can succeed.
  var cache = new Map();
  function getJSON(url, revalidate) {
    if (!cache.has(url)) {
      var p = fetch(url, revalidate ? { cache: "no-cache" } : {}).then(function (r) {
        if (!r.ok) { throw new Error(r.status + " " + url); }
        return r.json();
      });
      p.catch(function () { cache.delete(url); });
      cache.set(url, p);
    }
    return cache.get(url);
  }

  function manifest() {
    return getJSON(indexUrl, true).then(function (m) {
      if (m.version !== 1) { throw new Error("unknown search index version " + m.version); }
      return m;
    });
  }

  function termShard(m, i) { return getJSON(m.terms_url + i + ".json?v=" + m.build); }
  function recordShard(m, j) { return getJSON(m.records_url + j + ".json?v=" + m.build); }

  // The shard holding a term: the longest key that prefixes it.
  function shardOf(keys, term) {
    var best = -1;
    keys.forEach(function (k, i) {
      if (term.startsWith(k) && (best < 0 || k.length > keys[best].length)) { best = i; }
    });
    return best;
  }

  // The shards holding terms that start with `p`, unless there are too many.
  function prefixShards(keys, p) {
    var own = shardOf(keys, p);
    var out = own >= 0 ? [own] : [];
    keys.forEach(function (k, i) {
      if (k.length > p.length && k.startsWith(p)) { out.push(i); }
    });
    return out.length <= MAX_PREFIX_SHARDS ? out : out.slice(0, 1);
  }

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  // [df, record, weight, Δrecord, weight, …] → scores by record, weighted by rarity.
  function postings(list, total, factor, into) {
    var df = list[0];
    var idf = Math.log(1 + total / Math.max(df, 1));
    var record = 0;
    for (var i = 1; i + 1 < list.length; i += 2) {
      record += list[i];
      var score = list[i + 1] * idf * factor;
      if (!(into.get(record) >= score)) { into.set(record, score); }
    }
    return df > (list.length - 1) / 2;
  }

  // One slot per query word: its records' scores, and whether its postings were cut
  // (a very common word, which then only adds to the score).
  function exactSlot(m, term) {
    var i = shardOf(m.shards, term);
    var slot = { scores: new Map(), cut: false };
    if (i < 0) { return Promise.resolve(slot); }
    return termShard(m, i).then(function (shard) {
      if (has(shard, term)) { slot.cut = postings(shard[term], m.records, 1, slot.scores); }
      return slot;
    });
  }

  function prefixSlot(m, p) {
    return Promise.all(prefixShards(m.shards, p).map(function (i) { return termShard(m, i); })).then(function (shards) {
      var found = [];
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (t) { if (t.startsWith(p)) { found.push([t, shard[t]]); } });
      });
      found.sort(function (a, b) { return b[1][0] - a[1][0] || (a[0] < b[0] ? -1 : 1); });
      var slot = { scores: new Map(), cut: false };
      found.slice(0, MAX_EXPANSIONS).forEach(function (f) {
        var cut = postings(f[1], m.records, f[0] === p ? 1 : 0.8, slot.scores);
        // A common word typed in full only adds to the score, as in exactSlot.
        if (f[0] === p) { slot.cut = cut; }
      });
      return slot;
    });
  }

  // Records matching every required word (all words if all are common), best first; when
  // none do, records matching any word.
  function rank(slots) {
    var required = slots.filter(function (s) { return !s.cut; });
    if (!required.length) { required = slots; }
    var hits = [];
    var first = required[0].scores;
    first.forEach(function (_, record) {
      if (required.every(function (s) { return s.scores.has(record); })) { hits.push(record); }
    });
    var partial = false;
    if (!hits.length && slots.length > 1) {
      var any = new Set();
      slots.forEach(function (s) { s.scores.forEach(function (_, r) { any.add(r); }); });
      hits = Array.from(any);
      partial = hits.length > 0;
    }
    var score = new Map();
    hits.forEach(function (r) {
      score.set(r, slots.reduce(function (sum, s) { return sum + (s.scores.get(r) || 0); }, 0));
    });
    hits.sort(function (a, b) { return score.get(b) - score.get(a) || a - b; });
    return { records: hits, partial: partial };
  }

  // The records a parsed query finds in the index `m`, best first.
  function search(m, q) {
    var slots = q.exact.map(function (t) { return exactSlot(m, t); });
    if (q.prefix !== null) { slots.push(prefixSlot(m, q.prefix)); }
    return Promise.all(slots).then(rank);
  }

  // Rendering: text only (never HTML from the index), query words marked; in Chinese and
  // Japanese, the characters of the bigrams that match.
  function marked(el, text, matches) {
    function add(part, mark) {
      if (!part) { return; }
      if (mark) {
        var m = document.createElement("mark");
        m.textContent = part;
        el.appendChild(m);
      } else {
        el.appendChild(document.createTextNode(part));
      }
    }
    text.split(/([\p{Alphabetic}\p{N}]+)/u).forEach(function (part, i) {
      if (i % 2 === 0) { add(part, false); return; }
      segments(Array.from(part)).forEach(function (seg) {
        var chars = seg[0];
        if (!seg[1]) { add(chars.join(""), matches(fold(chars.join("")))); return; }
        var on = chars.map(function () { return false; });
        if (chars.length === 1) { on[0] = matches(fold(chars[0])); }
        for (var k = 0; k + 1 < chars.length; k++) {
          if (matches(fold(chars[k] + chars[k + 1]))) { on[k] = on[k + 1] = true; }
        }
        for (var a = 0; a < chars.length;) {
          var b = a + 1;
          while (b < chars.length && on[b] === on[a]) { b++; }
          add(chars.slice(a, b).join(""), on[a]);
          a = b;
        }
      });
    });
    return el;
  }

  function element(tag, className) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    return el;
  }

  function resultItem(rec, matches) {
    var li = element("li", "search-result search-result-" + rec.k);
    var meta = element("p", "search-meta");
    var badge = element("span", "badge");
    badge.textContent = (TEXT.kinds && TEXT.kinds[rec.k]) || rec.k;
    meta.appendChild(badge);
    if (rec.m) { meta.appendChild(document.createTextNode(" " + rec.m)); }
    var title = element("h2", "search-title");
    var link = element("a");
    link.href = rec.u;
    title.appendChild(marked(link, rec.t, matches));
    li.appendChild(meta);
    li.appendChild(title);
    if (rec.s) { li.appendChild(marked(element("p", "search-snippet"), rec.s, matches)); }
    return li;
  }

  var current = null; // { m, records, shown, matches }
  var seq = 0;

  function showMore(focusFirst) {
    var state = current;
    var batch = state.records.slice(state.shown, state.shown + PAGE);
    var shardIds = Array.from(new Set(batch.map(function (r) { return Math.floor(r / state.m.per_shard); })));
    return Promise.all(shardIds.map(function (j) { return recordShard(state.m, j); })).then(function (loaded) {
      if (state !== current) { return; }
      var byShard = new Map();
      shardIds.forEach(function (j, k) { byShard.set(j, loaded[k]); });
      var firstNew = null;
      batch.forEach(function (r) {
        var rec = byShard.get(Math.floor(r / state.m.per_shard))[r % state.m.per_shard];
        if (!rec) { return; }
        var li = resultItem(rec, state.matches);
        firstNew = firstNew || li;
        list.appendChild(li);
      });
      state.shown += batch.length;
      moreButton.hidden = state.shown >= state.records.length;
      if (focusFirst && firstNew) { firstNew.querySelector("a").focus(); }
    });
  }

  function clear() {
    current = null;
    list.textContent = "";
    moreButton.hidden = true;
  }

  function setURL(query) {
    var url = new URL(window.location.href);
    if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
    window.history.replaceState(null, "", url);
  }

  function run(query) {
    var my = ++seq;
    var q = parse(query);
    setURL(query.trim());
    if (!q.exact.length && q.prefix === null) {
      clear();
      status.textContent = query.trim() ? say(TEXT.short, {}) : "";
      return Promise.resolve();
    }
    list.setAttribute("aria-busy", "true");
    var shown = query.trim();
    return manifest().then(function (m) {
      return search(m, q).then(function (ranked) {
        if (my !== seq) { return; }
        clear();
        current = {
          m: m,
          records: ranked.records,
          shown: 0,
          matches: function (w) { return q.exact.indexOf(w) >= 0 || (q.prefix !== null && w.startsWith(q.prefix)); }
        };
        return showMore(false).then(function () {
          if (my !== seq) { return; }
          var n = ranked.records.length;
          var args = { n: n, q: shown };
          status.textContent = say(!n ? TEXT.none : ranked.partial ? TEXT.partial : TEXT.results, args);
        });
      });
    }).catch(function () {
      if (my !== seq) { return; }
      clear();
      status.textContent = say(TEXT.failed, {});
    }).then(function () {
      if (my === seq) { list.removeAttribute("aria-busy"); }
    });
  }

  // Wiring: search as the user types (debounced) and on submit; `?q=` runs at load.
  var timer = 0;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { run(input.value); }, 180);
  });
  input.addEventListener("focus", function () { manifest().catch(function () {}); }, { once: true });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    window.clearTimeout(timer);
    run(input.value);
  });
  moreButton.textContent = say(TEXT.more, {});
  moreButton.addEventListener("click", function () { if (current) { showMore(true); } });

  // Arrow keys move between the box and the result links.
  function links() { return Array.prototype.slice.call(list.querySelectorAll(".search-title a")); }
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && links().length) {
      e.preventDefault();
      links()[0].focus();
    }
  });
  list.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") { return; }
    var all = links();
    var i = all.indexOf(document.activeElement);
    if (i < 0) { return; }
    e.preventDefault();
    if (e.key === "ArrowDown" && i + 1 < all.length) { all[i + 1].focus(); }
    if (e.key === "ArrowUp") { (i > 0 ? all[i - 1] : input).focus(); }
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
