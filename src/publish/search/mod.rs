//! Search: the prebuilt index that `/search/` queries in the browser (`static/search.js`).
//! Pure: the linked site in, files out.
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
mod table;
pub mod tokenize;

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use crate::hash::Fnv;
use crate::i18n::Strings;
use crate::link::Linked;
use crate::link::urls::search_path;
use crate::markdown::plain_text;
use crate::markdown::published_blocks;
use crate::render::digest::digest;
use crate::site::Sink;
use crate::text::truncate_words;
use shard::{Limits, Postings, SortedTerms};
use table::{TermTable, term_hash};

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
#[derive(Serialize)]
struct Doc<'a> {
    record: Record,
    fields: Vec<Field<'a>>,
}

/// A text a record is found by, with its weight: one string, or several read as one (a
/// brief's body is its blocks, borrowed rather than joined into a copy of the article).
#[derive(Serialize)]
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

/// Makes the search index (see the module doc) and sends each file to `sink` as soon as it is
/// made; returns the paths sent. Records are indexed a batch of chunks at a time: each chunk's
/// record files are written as soon as it is indexed, and its terms merged into the index
/// (a common term's postings cut as they grow), so that neither every record nor every
/// posting is held at once.
pub fn send(linked: &Linked, strings: &Strings, sink: &dyn Sink) -> anyhow::Result<Vec<String>> {
    let refs = record_refs(linked);
    let made_from = sink.records_pages().then(|| made_from(linked, strings, &refs));
    if let Some(paths) = made_from.and_then(|d| keep(sink, d, refs.len())) {
        return Ok(paths);
    }
    let sink = &Files { sink, made_from };
    let chunks: Vec<&[RecordRef]> = refs.chunks(CHUNK).collect();
    let mut terms: Vec<TermTable> = (0..PARTS).map(|_| TermTable::default()).collect();
    let mut paths = Vec::new();
    let mut record_hashes = Vec::new();
    for (b, batch) in chunks.chunks(BATCH).enumerate() {
        let done: Vec<anyhow::Result<Indexed>> = batch
            .par_iter()
            .enumerate()
            .map(|(k, refs)| index_and_send(linked, strings, b * BATCH + k, refs, sink))
            .collect();
        let mut parted = Vec::with_capacity(done.len());
        for d in done {
            let d = d?;
            paths.extend(d.paths);
            record_hashes.extend(d.hashes);
            parted.push(d.terms);
        }
        merge(&mut terms, parted);
    }
    let list = Sorted::new(&terms);
    let runs = shard::shard_runs(&list, LIMITS);
    let sent: Vec<anyhow::Result<(String, u64)>> = runs
        .par_iter()
        .enumerate()
        .map(|(i, run)| {
            let json = shard::shard_json(&list, run, LIMITS);
            let hash = shard_hash(&[run.key.as_bytes(), json.as_bytes()]);
            let path = term_path(i);
            sink.put(path.clone(), json.into_bytes())?;
            Ok((path, hash))
        })
        .collect();
    let terms = sent.len();
    let mut hashes = Vec::with_capacity(sent.len() + record_hashes.len());
    for s in sent {
        let (path, hash) = s?;
        paths.push(path);
        hashes.push(hash);
    }
    hashes.extend(record_hashes);
    let u = &linked.urls;
    let manifest = Manifest {
        version: VERSION,
        build: build_id(&hashes),
        records: refs.len(),
        per_shard: PER_SHARD,
        records_url: u.search_file("records/"),
        terms_url: u.search_file("terms/"),
        shards: runs.into_iter().map(|r| r.key).collect(),
    };
    let path = search_path("index.json");
    sink.put_manifest(path.clone(), serde_json::to_string(&manifest).expect("manifest serialises"), terms)?;
    paths.push(path);
    Ok(paths)
}

/// What the whole index is made from: every record's document, in order, and what the index
/// is laid out by. The index is a function of these alone, so a build whose sink has every
/// file of an index made from the same keeps them ([`keep`]) instead of indexing again.
fn made_from(l: &Linked, t: &Strings, refs: &[RecordRef]) -> u128 {
    let chunks: Vec<u128> = refs
        .par_chunks(CHUNK)
        .map(|refs| digest(&refs.iter().map(|r| document(l, *r, t)).collect::<Vec<_>>()))
        .collect();
    let u = &l.urls;
    let layout = (VERSION, LIMITS.shard_bytes, LIMITS.max_postings, PER_SHARD, CHUNK);
    digest(&(layout, u.search_file("records/"), u.search_file("terms/"), chunks))
}

/// What one file of the index made from `index` is made from: the index and its path; for
/// the manifest, also how many term files it lists.
fn file_made_from(index: u128, path: &str, terms: Option<usize>) -> u128 {
    digest(&(index, path, terms))
}

/// Keeps every file of the previous build's index made from `index` (which has `records`
/// records), if the sink has them all; their paths. The term files are counted by asking
/// for them in turn: the manifest, made from that count too, is kept only if no term file was
/// missing.
fn keep(sink: &dyn Sink, index: u128, records: usize) -> Option<Vec<String>> {
    // Each file the sink has, with what it was made from.
    let has = |path: String, terms| {
        let made_from = file_made_from(index, &path, terms);
        sink.has(&path, made_from).then_some((path, made_from))
    };
    let mut files: Vec<(String, u128)> = (0..).map_while(|i| has(term_path(i), None)).collect();
    let terms = files.len();
    for j in 0..records.div_ceil(PER_SHARD) {
        files.push(has(record_path(j), None)?);
    }
    files.push(has(search_path("index.json"), Some(terms))?);
    // Every file is there: a keep fails only on a file-system error, and then the index is made
    // again over what was kept.
    files.iter().all(|(path, made_from)| sink.keep(path, *made_from)).then(|| files.into_iter().map(|f| f.0).collect())
}

/// Where the index's files go: to the sink as they are, or, when the sink records what files
/// are made from, each with what it is made from (see [`made_from`]).
struct Files<'a> {
    sink: &'a dyn Sink,
    made_from: Option<u128>,
}

impl Files<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.put_with(path, bytes, None)
    }

    fn put_manifest(&self, path: String, json: String, terms: usize) -> anyhow::Result<()> {
        self.put_with(path, json.into_bytes(), Some(terms))
    }

    fn put_with(&self, path: String, bytes: Vec<u8>, terms: Option<usize>) -> anyhow::Result<()> {
        match self.made_from {
            Some(index) => {
                let made_from = file_made_from(index, &path, terms);
                self.sink.put_page(path, bytes, made_from)
            }
            None => self.sink.put(path, bytes),
        }
    }
}

fn term_path(i: usize) -> String {
    search_path(&format!("terms/{i}.json"))
}

fn record_path(j: usize) -> String {
    search_path(&format!("records/{j}.json"))
}

/// Chunks of records indexed side by side before their terms are merged.
const BATCH: usize = 16;

/// One chunk of records indexed: its terms, the record files it sent, and their hashes.
struct Indexed {
    terms: Parted,
    paths: Vec<String>,
    hashes: Vec<u64>,
}

/// Indexes chunk `c` of the records (`refs`) and sends its record files.
fn index_and_send(l: &Linked, t: &Strings, c: usize, refs: &[RecordRef], sink: &Files) -> anyhow::Result<Indexed> {
    let docs: Vec<Doc> = refs.iter().map(|r| document(l, *r, t)).collect();
    let terms = index_chunk(c, &docs);
    let first = c * CHUNK / PER_SHARD;
    let mut paths = Vec::new();
    let mut hashes = Vec::new();
    for (j, shard) in docs.chunks(PER_SHARD).enumerate() {
        let records: Vec<&Record> = shard.iter().map(|d| &d.record).collect();
        let json = serde_json::to_string(&records).expect("records serialise");
        hashes.push(shard_hash(&[json.as_bytes()]));
        let path = record_path(first + j);
        sink.put(path.clone(), json.into_bytes())?;
        paths.push(path);
    }
    Ok(Indexed { terms, paths, hashes })
}

/// Merges chunks' terms, in chunk order (which keeps postings in record order), into `terms`,
/// each part on its own.
fn merge(terms: &mut [TermTable], chunks: Vec<Parted>) {
    let mut by_part: Vec<Vec<TermTable>> = (0..PARTS).map(|_| Vec::with_capacity(chunks.len())).collect();
    for chunk in chunks {
        for (p, table) in chunk.into_iter().enumerate() {
            by_part[p].push(table);
        }
    }
    terms.par_iter_mut().zip(by_part).for_each(|(merged, tables)| {
        for table in tables {
            table.move_into(merged, LIMITS.max_postings);
        }
    });
}

/// Every part's terms in sorted order, as (part, term number): 8 bytes a term.
struct Sorted<'a> {
    parts: &'a [TermTable],
    order: Vec<(u32, u32)>,
}

impl<'a> Sorted<'a> {
    fn new(parts: &'a [TermTable]) -> Self {
        let mut order: Vec<(u32, u32)> =
            parts.iter().enumerate().flat_map(|(p, t)| (0..t.len()).map(move |i| (p as u32, i as u32))).collect();
        let term = |&(p, i): &(u32, u32)| parts[p as usize].term(i as usize);
        order.par_sort_unstable_by(|a, b| term(a).cmp(term(b)));
        Sorted { parts, order }
    }
}

impl SortedTerms for Sorted<'_> {
    fn count(&self) -> usize {
        self.order.len()
    }

    fn get(&self, i: usize) -> (&str, &Postings) {
        let (p, i) = self.order[i];
        let table = &self.parts[p as usize];
        (table.term(i as usize), table.postings(i as usize))
    }
}

/// The hash of one shard, of which the build id is made.
fn shard_hash(parts: &[&[u8]]) -> u64 {
    let mut h = Fnv::new();
    parts.iter().for_each(|p| h.field(p));
    h.0
}

/// The index's build id: a hash over every shard's hash, the term shards' and then the record
/// shards', in order.
fn build_id(hashes: &[u64]) -> String {
    let mut all = Fnv::new();
    hashes.iter().for_each(|h| all.write(&h.to_le_bytes()));
    format!("{:016x}", all.0)
}

/// A record, by what it is made from.
#[derive(Clone, Copy, Debug)]
enum RecordRef {
    Brief(usize),
    Note(usize, usize),
    Entity(usize),
}

/// Every record: each brief followed by its notes, then the entities.
fn record_refs(l: &Linked) -> Vec<RecordRef> {
    let mut refs = Vec::new();
    for (i, b) in l.content.briefs.iter().enumerate() {
        refs.push(RecordRef::Brief(i));
        refs.extend((0..b.notes.len()).map(|k| RecordRef::Note(i, k)));
    }
    refs.extend((0..l.content.entities.len()).map(RecordRef::Entity));
    refs
}

fn document<'a>(l: &'a Linked, r: RecordRef, t: &Strings) -> Doc<'a> {
    match r {
        RecordRef::Brief(i) => brief_doc(l, i, t),
        RecordRef::Note(i, k) => note_doc(l, i, k, t),
        RecordRef::Entity(e) => entity_doc(l, e, t),
    }
}

fn brief_doc<'a>(l: &'a Linked, i: usize, t: &Strings) -> Doc<'a> {
    let b = &l.content.briefs[i];
    // Only what the page publishes: in excerpt mode, only the annotated paragraphs.
    let published = published_blocks(b, &l.highlights[i], l.config.publish_body);
    let body: Vec<Cow<str>> = match b.article.blocks() {
        Cow::Borrowed(blocks) => {
            blocks.iter().zip(&published).filter(|(_, p)| **p).map(|(blk, _)| blk.text.as_str().into()).collect()
        }
        Cow::Owned(blocks) => {
            blocks.into_iter().zip(&published).filter(|(_, p)| **p).map(|(blk, _)| blk.text.into()).collect()
        }
    };
    let summary = b.summary_text.clone().unwrap_or_default();
    let outlet = b.outlet.as_deref().and_then(|id| l.outlet_index(id)).map(|o| l.content.outlets[o].name.as_str());
    let meta: Vec<String> = outlet
        .map(str::to_owned)
        .into_iter()
        .chain(b.dateline.clone())
        .chain(std::iter::once(t.date(b.published)))
        .collect();
    let snippet = if summary.is_empty() { body.first().map_or("", |b| b) } else { &summary };
    let record = Record {
        k: "b",
        t: b.title.clone(),
        u: l.urls.brief(&b.slug),
        m: meta.join(" · "),
        s: truncate_words(snippet, SNIPPET),
    };
    let mut fields = vec![
        Field::new(b.title.as_str(), W_TITLE),
        Field { parts: body, weight: W_BODY },
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
    let quote = n.anchor.passage(&b.article);
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
        t: t.fill("search_index.quote", &[("quote", &truncate_words(&quote, SNIPPET))]),
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
        meta.push(t.fill("search_index.also", &[("aliases", &others.join(t.text("common.list_separator")))]));
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

/// Records per task when indexing in parallel: whole record shards, so that record files are
/// numbered without gaps.
const CHUNK: usize = 512;
const _: () = assert!(CHUNK.is_multiple_of(PER_SHARD));
/// Parts the terms are split into (by hash) so that merging the chunks runs in parallel.
const PARTS: usize = 64;

/// One chunk's terms, split into [`PARTS`] tables by the hash of the term.
type Parted = Vec<TermTable>;

/// The terms of chunk `c` of the records. Each word is looked up once, in the chunk's own
/// table of terms; a term's string is allocated once per chunk, when the chunk is handed over.
fn index_chunk(c: usize, chunk: &[Doc]) -> Parted {
    let folded: Vec<Vec<Field>> = chunk.iter().map(|d| d.fields.iter().map(Field::folded).collect()).collect();
    let mut tally = Tally::default();
    let mut postings: Vec<Vec<(u32, u32)>> = Vec::new();
    for (k, fields) in folded.iter().enumerate() {
        let id = (c * CHUNK + k) as u32;
        tally.count(fields);
        postings.resize_with(tally.terms.len(), Vec::new);
        for (term, w) in tally.weights(fields) {
            postings[term as usize].push((id, w));
        }
    }
    let mut parts: Parted = (0..PARTS).map(|_| TermTable::default()).collect();
    for (term, p) in tally.terms.into_iter().zip(postings) {
        let hash = term_hash(term);
        parts[(hash % PARTS as u64) as usize].add(term, hash, Postings::of(p), LIMITS.max_postings);
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
    use std::collections::BTreeMap;

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
        let index = |term: &str, record: &str| {
            build_id(&[shard_hash(&[b"a", term.as_bytes()]), shard_hash(&[record.as_bytes()]), shard_hash(&[b"[]"])])
        };
        let id = index("{}", "[1]");
        assert_eq!(id, index("{}", "[1]"), "the same index, the same id");
        assert_ne!(id, index("{ }", "[1]"));
        assert_ne!(id, index("{}", "[2]"));
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
    fn terms_merged_by_part_shard_as_one_sorted_map_does() {
        // Words in records 0..300, each record a few of them, indexed a chunk at a time.
        let word = |n: u32| format!("w{}{}", n % 37, ["", "é", "z", "ab"][(n % 4) as usize]);
        let mut expected: BTreeMap<String, Postings> = BTreeMap::new();
        let mut parts: Vec<TermTable> = (0..PARTS).map(|_| TermTable::default()).collect();
        for chunk in (0..300u32).collect::<Vec<_>>().chunks(64) {
            let mut chunk_terms: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
            for &r in chunk {
                for k in 0..(1 + r % 5) {
                    let postings = chunk_terms.entry(word(r * 7 + k * 13)).or_default();
                    if postings.last().is_none_or(|p| p.0 != r) {
                        postings.push((r, 1 + k));
                    }
                }
            }
            let mut parted: Parted = (0..PARTS).map(|_| TermTable::default()).collect();
            for (term, list) in chunk_terms {
                let hash = term_hash(&term);
                expected.entry(term.clone()).or_default().append(Postings::of(list.clone()), 6);
                parted[(hash % PARTS as u64) as usize].add(&term, hash, Postings::of(list), 6);
            }
            merge(&mut parts, vec![parted]);
        }
        let limits = Limits { shard_bytes: 200, max_postings: 6 };
        let sorted = Sorted::new(&parts);
        let runs = shard::shard_runs(&sorted, limits);
        let shards: Vec<(String, String)> =
            runs.iter().map(|r| (r.key.clone(), shard::shard_json(&sorted, r, limits))).collect();
        let want: Vec<(String, String)> =
            shard::shard_terms(&expected, limits).into_iter().map(|s| (s.key, s.json)).collect();
        assert!(want.len() > 3, "several shards: {}", want.len());
        assert_eq!(shards, want);
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
