//! The content model: the types that every stage after the one that makes them reads.
//! `ingest` makes [`Article`]s, `annotate` makes [`Content`] (briefs, notes, registries);
//! `link`, `markdown`, `render` and `publish` read them from here, not from those stages'
//! internals. Plain data: no reading, no checking.

mod article;
mod content;
mod theme;

pub use article::{Article, Block, BlockKind, Dropped, Extracted, SeedFormat, TextStore, Why};
pub use content::{
    Anchor, Brief, Content, Entity, EntityKind, Event, EventMention, Note, NoteKind, Outlet, Page, SECTIONS, Story,
};
pub use theme::{SiteThemeFiles, ThemeFiles};

/// The file that marks a folder as briefgen's output: `site` writes it into every output
/// folder, and `ingest` follows no link into a folder that holds it.
pub const OUTPUT_MARKER: &str = ".briefgen-output";
