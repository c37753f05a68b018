//! Search: the prebuilt index that `/search/` queries in the browser (`static/search.js`).
//! Pure: the linked site and each brief's [`BriefDoc`] in, files out.
//!
//! What is searchable, as *records*: each brief (title, summary, tags, outlet, dateline and the
//! published body text — in excerpt mode only the paragraphs the page shows), each note (its
//! quoted passage, body, kind, verdict and claimant; the record links to the note on the brief
//! page) and each entity (name, aliases, description). A record is what a result shows: `k`
//! kind (`b`, `n`, `e`), `t` title (a note's quote), `u` URL, `m` a line of context, `s` a
//! snippet.
//!
//! The index is split so a query downloads only what it needs (all JSON, URLs with the base
//! path):
//!
//! - `search/index.json`, the manifest: `version`, `build` (a hash of the index, appended to
//!   shard URLs so browsers never mix builds), `records` (how many), `per_shard` (records per
//!   record shard), `records_url`, `terms_url`, and `shards`, the term shard keys (see
//!   [`shard`]): a term is in `terms/<i>.json` for the longest `shards[i]` that prefixes it.
//! - `search/terms/<i>.json`: `{term: [df, record, weight, Δrecord, weight, …]}`.
//! - `search/records/<j>.json`: records `j × per_shard …`, an array.
//!
//! Weights favour titles and names over summaries, quotes and notes over body text; the script
//! ranks by weight × inverse document frequency. A brief's notes follow it in record order,
//! so a query's results tend to share record shards.

pub mod shard;
pub mod tokenize;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use crate::hash::Fnv;
use crate::i18n::Strings;
use crate::link::Linked;
use crate::link::urls::search_path;
use crate::markdown::BriefDoc;
use crate::markdown::plain_text;
use crate::site::Output;
use crate::text::truncate_words;
use shard::{Limits, Postings};

/// Version of the index format, checked by the script.
pub const VERSION: u32 = 1;
/// Term shards stay under ~32 KB; a very common word keeps its heaviest 4,000 postings
/// (about as much again).
pub const LIMITS: Limits = Limits { shard_bytes: 32 * 1024, max_postings: 4000 };
/// Records per record shard (a record is ~300 bytes: ~10 KB per shard; a page of 20 results
/// reads at most 20 of them).
pub const PER_SHARD: usize = 32;
/// Longest snippet or quote a record carries, in characters.
const SNIPPET: usize = 200;

/// How much a word counts in each field.
const W_TITLE: u32 = 8;
const W_NAME: u32 = 8;
const W_ALIAS: u32 = 6;
const W_SUMMARY: u32 = 4;
const W_TAG: u32 = 4;
const W_QUOTE: u32 = 4;
const W_NOTE: u32 = 3;
const W_CONTEXT: u32 = 2;
const W_BODY: u32 = 1;
/// Repeats of a word in one field count up to this many times.
const MAX_TF: u32 = 3;

/// A search result as the script shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Record {
    /// `b` brief, `n` note, `e` entity.
    pub k: &'static str,
    pub t: String,
    pub u: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub m: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub s: String,
}

/// A record and the texts it is found by, with their weights.
struct Doc<'a> {
    record: Record,
    fields: Vec<Field<'a>>,
}

/// A text a record is found by, with its weight: one string, or several read as one (a
/// brief's body is its blocks, borrowed rather than joined into a copy of the article).
struct Field<'a> {
    parts: Vec<Cow<'a, str>>,
    weight: u32,
}

impl<'a> Field<'a> {
    fn new(text: impl Into<Cow<'a, str>>, weight: u32) -> Self {
        Field { parts: vec![text.into()], weight }
    }

    fn parts(parts: impl IntoIterator<Item = &'a str>, weight: u32) -> Self {
        Field { parts: parts.into_iter().map(Cow::Borrowed).collect(), weight }
    }

    /// The field [`tokenize::fold`]ed.
    fn folded(&self) -> Field<'_> {
        Field { parts: self.parts.iter().map(|p| tokenize::fold(p)).collect(), weight: self.weight }
    }
}

/// The manifest, `search/index.json`.
#[derive(Debug, Serialize)]
struct Manifest {
    version: u32,
    build: String,
    records: usize,
    per_shard: usize,
    records_url: String,
    terms_url: String,
    shards: Vec<String>,
}

/// The search index files (see the module doc).
pub fn files(linked: &Linked, docs: &[BriefDoc], strings: &Strings) -> Output {
    let docs = documents(linked, docs, strings);
    let terms = index_terms(&docs);
    // The indexed text (a copy of every brief's) is let go before the shards are written.
    let records: Vec<Record> = docs.into_iter().map(|d| d.record).collect();
    let shards = shard::shard_terms(&terms, LIMITS);
    drop(terms);
    let record_shards: Vec<String> =
        records.par_chunks(PER_SHARD).map(|chunk| serde_json::to_string(chunk).expect("records serialise")).collect();
    let build = build_id(&shards, &record_shards);
    let mut out = Output::new();
    let mut keys = Vec::with_capacity(shards.len());
    for (i, s) in shards.into_iter().enumerate() {
        out.add(search_path(&format!("terms/{i}.json")), s.json);
        keys.push(s.key);
    }
    for (j, json) in record_shards.into_iter().enumerate() {
        out.add(search_path(&format!("records/{j}.json")), json);
    }
    let u = &linked.urls;
    let manifest = Manifest {
        version: VERSION,
        build,
        records: records.len(),
        per_shard: PER_SHARD,
        records_url: u.search_file("records/"),
        terms_url: u.search_file("terms/"),
        shards: keys,
    };
    out.add(search_path("index.json"), serde_json::to_string(&manifest).expect("manifest serialises"));
    out
}

/// The index's build id: a hash over every shard, each hashed in parallel (the shards are
/// megabytes of JSON at 10,000 briefs), then the shards' hashes in order.
fn build_id(terms: &[shard::Shard], records: &[String]) -> String {
    let hash = |parts: &[&[u8]]| {
        let mut h = Fnv::new();
        parts.iter().for_each(|p| h.field(p));
        h.0
    };
    let mut hashes: Vec<u64> = terms.par_iter().map(|s| hash(&[s.key.as_bytes(), s.json.as_bytes()])).collect();
    hashes.par_extend(records.par_iter().map(|json| hash(&[json.as_bytes()])));
    let mut all = Fnv::new();
    hashes.iter().for_each(|h| all.write(&h.to_le_bytes()));
    format!("{:016x}", all.0)
}

/// Every record: each brief followed by its notes, then the entities.
fn documents<'a>(l: &'a Linked, docs: &'a [BriefDoc], t: &Strings) -> Vec<Doc<'a>> {
    let mut out: Vec<Doc> = (0..l.content.briefs.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let mut v = vec![brief_doc(l, i, &docs[i], t)];
            v.extend((0..l.content.briefs[i].notes.len()).map(|k| note_doc(l, i, k, t)));
            v
        })
        .collect();
    out.extend((0..l.content.entities.len()).map(|e| entity_doc(l, e, t)));
    out
}

fn brief_doc<'a>(l: &'a Linked, i: usize, doc: &BriefDoc, t: &Strings) -> Doc<'a> {
    let b = &l.content.briefs[i];
    let blocks = b.article.blocks();
    // Only what the page publishes: in excerpt mode, left-out blocks are `None`.
    let body: Vec<&str> =
        blocks.iter().zip(&doc.published).filter(|(_, p)| **p).map(|(blk, _)| blk.text.as_str()).collect();
    let summary = b.summary_text.clone().unwrap_or_default();
    let outlet = b.outlet.as_deref().and_then(|id| l.outlet_index(id)).map(|o| l.content.outlets[o].name.as_str());
    let meta: Vec<String> = outlet
        .map(str::to_owned)
        .into_iter()
        .chain(b.dateline.clone())
        .chain(std::iter::once(t.date(b.published)))
        .collect();
    let snippet = if summary.is_empty() { body.first().copied().unwrap_or_default() } else { &summary };
    let record = Record {
        k: "b",
        t: b.title.clone(),
        u: l.urls.brief(&b.slug),
        m: meta.join(" · "),
        s: truncate_words(snippet, SNIPPET),
    };
    let mut fields = vec![
        Field::new(b.title.as_str(), W_TITLE),
        Field::parts(body, W_BODY),
        Field::parts(b.tags.iter().map(String::as_str), W_TAG),
    ];
    fields.extend(outlet.map(|o| Field::new(o, W_CONTEXT)));
    fields.extend(b.dateline.as_deref().map(|d| Field::new(d, W_CONTEXT)));
    fields.push(Field::new(summary, W_SUMMARY));
    Doc { record, fields }
}

fn note_doc<'a>(l: &'a Linked, i: usize, k: usize, t: &Strings) -> Doc<'a> {
    let b = &l.content.briefs[i];
    let n = &b.notes[k];
    let quote = &b.article.blocks()[n.anchor.block].text[n.anchor.start..n.anchor.end];
    let body = plain_text(&n.body);
    let verdict = n
        .verdict
        .as_deref()
        .filter(|_| n.kind == crate::model::NoteKind::FactCheck)
        .and_then(|v| l.config.verdict(v))
        .map(|v| v.label.as_str());
    let claimant = n.claimant.as_deref().and_then(|c| l.entity_index(c)).map(|e| l.content.entities[e].name.as_str());
    let kind = match verdict {
        Some(v) => t.fill("notes.kind_verdict", &[("kind", n.kind.label(t)), ("verdict", v)]),
        None => n.kind.label(t).to_owned(),
    };
    let record = Record {
        k: "n",
        t: t.fill("search_index.quote", &[("quote", &truncate_words(quote, SNIPPET))]),
        u: l.urls.note(&b.slug, &n.id),
        m: t.fill("search_index.note", &[("kind", &kind), ("n", &(k + 1).to_string()), ("title", &b.title)]),
        s: truncate_words(&body, SNIPPET),
    };
    let mut fields = vec![Field::new(quote, W_QUOTE), Field::new(body, W_NOTE), Field::new(kind, W_BODY)];
    fields.extend(claimant.map(|c| Field::new(c, W_CONTEXT)));
    Doc { record, fields }
}

fn entity_doc<'a>(l: &'a Linked, e: usize, t: &Strings) -> Doc<'a> {
    let ent = &l.content.entities[e];
    let description = ent.description.as_deref().map(plain_text).unwrap_or_default();
    let others: Vec<&str> = ent.aliases.iter().map(String::as_str).filter(|a| *a != ent.name).collect();
    let mut meta: Vec<String> = ent.kind.map(|k| k.label(t).to_owned()).into_iter().collect();
    if !others.is_empty() {
        meta.push(t.fill("search_index.also", &[("aliases", &others.join(", "))]));
    }
    let record = Record {
        k: "e",
        t: ent.name.clone(),
        u: l.urls.entity(&ent.id),
        m: meta.join(" · "),
        s: truncate_words(&description, SNIPPET),
    };
    let fields =
        vec![Field::new(ent.name.as_str(), W_NAME), Field::parts(others, W_ALIAS), Field::new(description, W_BODY)];
    Doc { record, fields }
}

/// Records per task when indexing in parallel.
const CHUNK: usize = 512;
/// Parts the terms are split into (by hash) so that merging the chunks runs in parallel.
const PARTS: usize = 64;

/// One chunk's terms, split into [`PARTS`] maps by the hash of the term.
type Parted = Vec<FastMap<String, Postings>>;

/// Term → postings over all records, in record order. Chunks of records are indexed in
/// parallel, each term's string allocated once per chunk into the map of its part; then each
/// part is merged over the chunks (in parallel with the other parts, in chunk order, which
/// keeps postings in record order) and the terms sorted.
fn index_terms(docs: &[Doc]) -> BTreeMap<String, Postings> {
    let chunks: Vec<Parted> = docs.par_chunks(CHUNK).enumerate().map(|(c, chunk)| index_chunk(c, chunk)).collect();
    let mut by_part: Vec<Vec<FastMap<String, Postings>>> =
        (0..PARTS).map(|_| Vec::with_capacity(chunks.len())).collect();
    for chunk in chunks {
        for (p, map) in chunk.into_iter().enumerate() {
            by_part[p].push(map);
        }
    }
    let mut terms: Vec<(String, Postings)> = by_part
        .into_par_iter()
        .flat_map_iter(|maps| {
            let mut merged: FastMap<String, Postings> = FastMap::default();
            for map in maps {
                for (term, postings) in map {
                    merged.entry(term).or_default().extend(postings);
                }
            }
            merged
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    terms.into_iter().collect()
}

/// The terms of chunk `c` of the records. Each word is looked up once, in the chunk's own
/// table of terms; a term's string is allocated once per chunk, when the chunk is handed over.
fn index_chunk(c: usize, chunk: &[Doc]) -> Parted {
    let folded: Vec<Vec<Field>> = chunk.iter().map(|d| d.fields.iter().map(Field::folded).collect()).collect();
    let mut tally = Tally::default();
    let mut postings: Vec<Postings> = Vec::new();
    for (k, fields) in folded.iter().enumerate() {
        let id = (c * CHUNK + k) as u32;
        tally.count(fields);
        postings.resize_with(tally.terms.len(), Vec::new);
        for (term, w) in tally.weights(fields) {
            postings[term as usize].push((id, w));
        }
    }
    let mut parts: Parted = (0..PARTS).map(|_| FastMap::default()).collect();
    for (term, p) in tally.terms.into_iter().zip(postings) {
        let mut h = FxHasher::default();
        h.write(term.as_bytes());
        parts[(h.finish() % PARTS as u64) as usize].insert(term.to_owned(), p);
    }
    parts
}

/// The weights of the terms of one record at a time, over a table of the terms seen so far.
#[derive(Default)]
struct Tally<'t> {
    /// Term number → term.
    terms: Vec<&'t str>,
    /// Term → term number.
    ids: FastMap<&'t str, u32>,
    /// Per term: the record it was last seen in (numbered from 1), the field it was last seen
    /// in, its count there, and its weight from earlier fields of that record.
    seen: Vec<Seen>,
    /// The terms of the current record, in order of first occurrence.
    touched: Vec<u32>,
    record: u32,
}

#[derive(Clone, Copy, Default)]
struct Seen {
    record: u32,
    field: u32,
    count: u32,
    total: u32,
}

impl<'t> Tally<'t> {
    /// Counts the words of a record whose fields are already folded.
    fn count(&mut self, fields: &'t [Field]) {
        self.record += 1;
        self.touched.clear();
        for (f, field) in fields.iter().enumerate() {
            // Plain loops, not a flattened iterator: this is the hot loop of the index.
            for part in &field.parts {
                for word in tokenize::words(part) {
                    self.see(word, f as u32, fields);
                }
            }
        }
    }

    /// Counts one occurrence of `word` in field `f` of the current record.
    fn see(&mut self, word: &'t str, f: u32, fields: &[Field]) {
        let next = self.terms.len() as u32;
        let term = *self.ids.entry(word).or_insert(next);
        if term == next {
            self.terms.push(word);
            self.seen.push(Seen::default());
        }
        let s = &mut self.seen[term as usize];
        if s.record != self.record {
            *s = Seen { record: self.record, field: f, count: 0, total: 0 };
            self.touched.push(term);
        } else if s.field != f {
            s.total += fields[s.field as usize].weight * s.count.min(MAX_TF);
            *s = Seen { field: f, count: 0, ..*s };
        }
        s.count += 1;
    }

    /// The terms of the record last counted with their weight: per field, its weight ×
    /// occurrences (up to [`MAX_TF`]), summed over fields.
    fn weights<'a>(&'a self, fields: &'a [Field]) -> impl Iterator<Item = (u32, u32)> + 'a {
        self.touched.iter().map(move |&t| {
            let s = self.seen[t as usize];
            (t, s.total + fields[s.field as usize].weight * s.count.min(MAX_TF))
        })
    }
}

/// A hash map with a fast, deterministic hash for short strings (FxHash); iteration order
/// never reaches the output, which is sorted.
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().expect("8 bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            self.add(rest.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each record's term weights, counted in one tally as a chunk is.
    fn weights<'t>(records: &'t [Vec<Field<'t>>]) -> Vec<BTreeMap<&'t str, u32>> {
        let mut tally = Tally::default();
        records
            .iter()
            .map(|fields| {
                tally.count(fields);
                tally.weights(fields).map(|(t, w)| (tally.terms[t as usize], w)).collect()
            })
            .collect()
    }

    #[test]
    fn the_build_id_changes_with_any_shard() {
        let terms = |json: &str| vec![shard::Shard { key: "a".into(), json: json.into() }];
        let records = |json: &str| vec![json.to_owned(), "[]".to_owned()];
        let id = build_id(&terms("{}"), &records("[1]"));
        assert_eq!(id, build_id(&terms("{}"), &records("[1]")), "the same index, the same id");
        assert_ne!(id, build_id(&terms("{ }"), &records("[1]")));
        assert_ne!(id, build_id(&terms("{}"), &records("[2]")));
        assert_eq!(id.len(), 16);
    }

    #[test]
    fn weights_add_up_over_fields_and_saturate() {
        let records = [vec![
            Field::new(tokenize::fold("Bridge vote"), W_TITLE),
            Field::new(tokenize::fold("the bridge, the Bridge, the bridge, the bridge"), W_BODY),
        ]];
        let w = &weights(&records)[0];
        assert_eq!(w["bridge"], W_TITLE + MAX_TF * W_BODY);
        assert_eq!(w["vote"], W_TITLE);
        assert_eq!(w["the"], MAX_TF);
    }

    #[test]
    fn a_field_in_parts_counts_as_one_field() {
        let body = Field::parts(["The Bridge", "bridge. Bridge", "bridge vote"], W_BODY);
        let records = [vec![body.folded()]];
        let w = &weights(&records)[0];
        assert_eq!(w["bridge"], MAX_TF * W_BODY, "repeats in all parts saturate together");
        assert_eq!(w["vote"], W_BODY);
        assert_eq!(w["the"], W_BODY);
    }

    #[test]
    fn a_record_counts_only_its_own_words() {
        let records = [
            vec![Field::new(tokenize::fold("bridge bridge vote"), W_BODY)],
            vec![Field::new(tokenize::fold("Vote"), W_TITLE), Field::new(tokenize::fold("bridge"), W_BODY)],
            vec![Field::new(tokenize::fold("vote"), W_BODY)],
        ];
        let w = weights(&records);
        assert_eq!(w[0], BTreeMap::from([("bridge", 2), ("vote", 1)]));
        assert_eq!(w[1], BTreeMap::from([("bridge", W_BODY), ("vote", W_TITLE)]));
        assert_eq!(w[2], BTreeMap::from([("vote", W_BODY)]));
    }
}
