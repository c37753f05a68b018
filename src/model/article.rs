//! The article: what extraction made of a seed, as every later stage reads it.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;

/// How a seed was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SeedFormat {
    /// Text copied from a browser page.
    Text,
    /// A Markdown-ish clipping (`# *Title*`, rules, source link, outlet line).
    MarkdownClip,
    /// Clean Markdown with YAML front matter, taken as is.
    FrontMatter,
    /// A page saved from a browser (`.html`, `.htm`).
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Paragraph,
    Heading,
}

/// One block of article text: plain text, never markup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block { kind: BlockKind::Paragraph, text: text.into() }
    }

    pub fn heading(text: impl Into<String>) -> Self {
        Block { kind: BlockKind::Heading, text: text.into() }
    }
}

/// Something extraction removed, and why (shown by `briefgen ingest`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    pub text: String,
    pub reason: String,
}

impl Dropped {
    pub fn new(text: impl Into<String>, reason: impl Into<String>) -> Self {
        Dropped { text: text.into(), reason: reason.into() }
    }
}

/// What extraction made of a seed. Every field can be overridden by the annotation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    /// The names of the byline, one by one (`Ann Lee and Bo Chen` → both).
    #[serde(default)]
    pub bylines: Vec<String>,
    /// The dateline's place, e.g. `Paris`.
    pub dateline: Option<String>,
    pub published: Option<PartialDate>,
    /// Month and day given without a year (`January 9`), to be completed by the annotation.
    pub month_day: Option<(u8, u8)>,
    pub url: Option<String>,
    /// The language the article is written in, as the seed declares it (`<html lang>`,
    /// `lang:` in a clipping's front matter): a BCP 47 tag in canonical case.
    #[serde(default)]
    pub language: Option<String>,
    pub blocks: Vec<Block>,
    pub dropped: Vec<Dropped>,
    /// What extraction assumed (a year taken from elsewhere in the page), for warnings.
    pub assumptions: Vec<String>,
    /// Why each field has the value it has: where it was found, what agreed with it and
    /// what it was preferred to.
    #[serde(default)]
    pub why: Why,
}

/// The reason for each chosen field, as `briefgen ingest --format json` shows it; `None`
/// when the field was not found (or not chosen among candidates).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Why {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
}

/// An extracted article with where it came from. Serialised with its text as a digest (see
/// [`TextDigest`]), the same wherever the text is: what a digest of a page takes.
#[derive(Clone, Debug)]
pub struct Article {
    pub seed_id: String,
    pub source: PathBuf,
    pub format: SeedFormat,
    /// What extraction found. Its `blocks` are empty once the text has been moved to a
    /// [`TextStore`] ([`Article::move_text`]): read them with [`Article::blocks`].
    pub fields: Extracted,
    /// Where the blocks' text is when it is not in `fields`.
    text: Option<StoredText>,
}

/// An article's text as a digest takes it: each block's kind and length, and the XXH3-128 of
/// the text, made when the text is moved, so that a digest needs no text read back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct TextDigest {
    shape: Box<[(BlockKind, u32)]>,
    digest: u128,
}

impl TextDigest {
    fn of(blocks: &[Block]) -> Self {
        let mut digest = xxhash_rust::xxh3::Xxh3Default::new();
        blocks.iter().for_each(|b| digest.update(b.text.as_bytes()));
        let shape = blocks.iter().map(|b| (b.kind, b.text.len() as u32)).collect();
        TextDigest { shape, digest: digest.digest128() }
    }
}

impl Serialize for Article {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // Every field but the blocks, named so that a new field is not left out unseen.
        let Extracted {
            title,
            outlet,
            byline,
            bylines,
            dateline,
            published,
            month_day,
            url,
            language,
            blocks: _,
            dropped,
            assumptions,
            why,
        } = &self.fields;
        let text = self.text_digest();
        let mut out = s.serialize_struct("Article", 5)?;
        out.serialize_field("seed_id", &self.seed_id)?;
        out.serialize_field("source", &self.source)?;
        out.serialize_field("format", &self.format)?;
        out.serialize_field(
            "fields",
            &(title, outlet, byline, bylines, dateline, published, month_day, url, language, dropped, assumptions, why),
        )?;
        out.serialize_field("text", &*text)?;
        out.end()
    }
}

impl Article {
    pub fn new(seed_id: String, source: PathBuf, format: SeedFormat, fields: Extracted) -> Self {
        Article { seed_id, source, format, fields, text: None }
    }

    /// The article's blocks, read back from the store they were moved to, if they were.
    pub fn blocks(&self) -> Cow<'_, [Block]> {
        match &self.text {
            None => Cow::Borrowed(&self.fields.blocks),
            Some(t) => Cow::Owned(t.read_blocks()),
        }
    }

    /// A hash of the text: each block's kind and length, and the text. Kept since the text was
    /// moved out of memory, so that it needs no text read back; else made from the blocks.
    pub fn text_hash(&self) -> u128 {
        let text = self.text_digest();
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        for &(kind, len) in &text.shape {
            h.update(&[kind as u8]);
            h.update(&len.to_le_bytes());
        }
        h.update(&text.digest.to_le_bytes());
        h.digest128()
    }

    /// The text's digest: kept since the text was moved, else made from the blocks.
    fn text_digest(&self) -> Cow<'_, TextDigest> {
        match &self.text {
            Some(t) => Cow::Borrowed(&t.text),
            None => Cow::Owned(TextDigest::of(&self.fields.blocks)),
        }
    }

    pub fn block_count(&self) -> usize {
        self.text.as_ref().map_or(self.fields.blocks.len(), |t| t.text.shape.len())
    }

    pub fn block_kind(&self, k: usize) -> BlockKind {
        match &self.text {
            None => self.fields.blocks[k].kind,
            Some(t) => t.text.shape[k].0,
        }
    }

    /// The text of block `k` (of the [`Article::block_count`]); only that block is read back
    /// from the store.
    pub fn block_text(&self, k: usize) -> Cow<'_, str> {
        match &self.text {
            None => Cow::Borrowed(&self.fields.blocks[k].text),
            Some(t) => Cow::Owned(text_of(t.store.read(t.block_at(k), t.text.shape[k].1 as usize))),
        }
    }

    /// The bytes `range` of block `block`'s text (a passage, such as a note's quote); only
    /// those are read back from the store.
    pub fn passage(&self, block: usize, range: std::ops::Range<usize>) -> Cow<'_, str> {
        match &self.text {
            None => Cow::Borrowed(&self.fields.blocks[block].text[range]),
            Some(t) => Cow::Owned(text_of(t.store.read(t.block_at(block) + range.start as u64, range.len()))),
        }
    }

    /// Moves the blocks' text to `store`, leaving their kinds and lengths; the text stays
    /// where it is if the store cannot take it.
    pub fn move_text(&mut self, store: Arc<dyn TextStore>) {
        let blocks = &self.fields.blocks;
        if self.text.is_some() || blocks.iter().any(|b| u32::try_from(b.text.len()).is_err()) {
            return;
        }
        let bytes: Vec<u8> = blocks.iter().flat_map(|b| b.text.bytes()).collect();
        let Some(at) = store.append(&bytes) else { return };
        let text = TextDigest::of(blocks);
        self.text = Some(StoredText { store, at, text });
        self.fields.blocks = Vec::new();
    }
}

/// Somewhere the articles' text can be moved to while a build does not need it, and read
/// back from (`ingest::TextFile`, a temporary file).
pub trait TextStore: Send + Sync + std::fmt::Debug {
    /// Appends `bytes`; where they start, or `None` if they could not be written.
    fn append(&self, bytes: &[u8]) -> Option<u64>;

    /// The `len` bytes at `at`, as appended. If they cannot be read, as many spaces, and the
    /// store remembers why (the build then fails before anything is published).
    fn read(&self, at: u64, len: usize) -> Vec<u8>;
}

/// An article's text in a [`TextStore`]: where it starts, and its digest, which holds each
/// block's kind and length in bytes, in order.
#[derive(Clone, Debug)]
struct StoredText {
    store: Arc<dyn TextStore>,
    at: u64,
    text: TextDigest,
}

impl StoredText {
    /// Where block `k`'s text starts in the store.
    fn block_at(&self, k: usize) -> u64 {
        self.at + self.text.shape[..k].iter().map(|&(_, len)| u64::from(len)).sum::<u64>()
    }

    fn read_blocks(&self) -> Vec<Block> {
        let total = self.text.shape.iter().map(|&(_, len)| len as usize).sum();
        let bytes = self.store.read(self.at, total);
        let mut start = 0;
        let mut out = Vec::with_capacity(self.text.shape.len());
        for &(kind, len) in &self.text.shape {
            let end = start + len as usize;
            out.push(Block { kind, text: text_of(bytes[start..end].to_vec()) });
            start = end;
        }
        out
    }
}

/// Bytes read back from a store as text. They are what was appended, valid UTF-8, unless the
/// store failed, which it reports; spaces of the same length then, so that every position in
/// the text stays one.
fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| " ".repeat(e.into_bytes().len()))
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// A store in memory, which can be told to fail.
    #[derive(Debug, Default)]
    struct Memory {
        bytes: Mutex<Vec<u8>>,
        full: bool,
    }

    impl TextStore for Memory {
        fn append(&self, bytes: &[u8]) -> Option<u64> {
            let mut all = self.bytes.lock().unwrap();
            let at = all.len() as u64;
            (!self.full).then(|| all.extend_from_slice(bytes)).map(|()| at)
        }

        fn read(&self, at: u64, len: usize) -> Vec<u8> {
            self.bytes.lock().unwrap()[at as usize..at as usize + len].to_vec()
        }
    }

    fn article(blocks: Vec<Block>) -> Article {
        let fields = Extracted { blocks, ..Extracted::default() };
        Article::new("a".into(), "seeds/a.txt".into(), SeedFormat::Text, fields)
    }

    #[test]
    fn moved_text_reads_back_as_it_was() {
        let blocks = vec![Block::heading("Über"), Block::paragraph(""), Block::paragraph("Zoë said “no”.")];
        let store: Arc<dyn TextStore> = Arc::new(Memory::default());
        store.append(b"something before");
        let mut a = article(blocks.clone());
        let held = serde_json::to_string(&a).unwrap();
        let held_hash = a.text_hash();
        let mut other = article(vec![Block::heading("Über"), Block::paragraph(""), Block::paragraph("Zoë said “no!”")]);
        a.move_text(store.clone());
        other.move_text(store.clone());
        assert!(a.fields.blocks.is_empty());
        assert_eq!(*a.blocks(), blocks[..]);
        assert_eq!(a.block_count(), 3);
        assert_eq!(a.block_kind(0), BlockKind::Heading);
        assert_eq!(a.block_kind(2), BlockKind::Paragraph);
        assert_eq!(a.block_text(2), "Zoë said “no”.");
        assert_eq!(a.block_text(1), "");
        assert_eq!(a.passage(2, 5..9), "said");
        assert_eq!(a.passage(0, 0..3), "Üb");
        // Serialised, it tells its text from another, and is the same wherever its text is.
        assert_ne!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&other).unwrap());
        assert_eq!(serde_json::to_string(&a).unwrap(), held);
        // So is its text's hash, which tells blocks split another way apart.
        assert_eq!(a.text_hash(), held_hash);
        assert_ne!(a.text_hash(), other.text_hash());
        let resplit = article(vec![Block::heading("Über"), Block::paragraph("Zoë said "), Block::paragraph("“no”.")]);
        assert_ne!(resplit.text_hash(), held_hash);
    }

    #[test]
    fn text_a_store_cannot_take_stays_in_memory() {
        let blocks = vec![Block::paragraph("Kept.")];
        let store: Arc<dyn TextStore> = Arc::new(Memory { full: true, ..Memory::default() });
        let mut a = article(blocks.clone());
        a.move_text(store);
        assert_eq!(a.fields.blocks, blocks);
        assert_eq!(a.block_text(0), "Kept.");
    }

    #[test]
    fn bytes_that_are_not_text_read_as_spaces_of_their_length() {
        assert_eq!(text_of(vec![b'a', 0xff, b'b']), "   ");
    }
}
