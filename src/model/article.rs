//! The article: what extraction made of a seed, as every later stage reads it.

use std::path::PathBuf;

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

/// An extracted article with where it came from.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    pub seed_id: String,
    pub source: PathBuf,
    pub format: SeedFormat,
    pub fields: Extracted,
}

impl Article {
    pub fn blocks(&self) -> &[Block] {
        &self.fields.blocks
    }
}
