//! One annotation file checked against its article: overrides, references, quotes and dates.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::ParseCache;
use super::anchor::{AnchorError, Document, Quality, Selector};
use super::registry::{self, Registry, check_entity, check_id, check_url, entity_refs, parse_date};
use super::schema::{AnnotationFile, EventFile, NoteFile};
use crate::config::Config;
use crate::date::{MONTHS, PartialDate};
use crate::diag::{Diagnostic, Diags, SourceFile};
use crate::markdown::plain_text;
use crate::model::Article;
use crate::model::{Anchor, Brief, Note, NoteKind, Outlet};
use crate::text::{self, is_slug, truncate_words};
use crate::yaml::recover::accounts_for;
use crate::yaml::{self, Spanned};

/// The most notes a brief may have (docs/safety.md).
pub const MAX_NOTES: usize = 500;
/// The longest quote, prefix or suffix, in characters (docs/safety.md): anchoring compares
/// a quote with the article's passages, which costs the product of their lengths.
pub const MAX_QUOTE_CHARS: usize = 2_000;

/// A checked brief plus what the cross-brief checks still need.
#[derive(Debug)]
pub struct Draft {
    /// Index of the annotation in [`crate::ingest::ContentFiles::annotations`].
    pub index: usize,
    pub brief: Brief,
    /// Where `slug:` is written, or `None` when the slug was made from the title.
    pub slug_pos: Option<(u32, u32)>,
    /// An outlet named only in this brief, not in `outlets.yaml`.
    pub new_outlet: Option<Outlet>,
    /// The events this brief reports, to merge across briefs.
    pub reported: Vec<(EventFile, Option<Anchor>)>,
}

/// Checks one annotation. Returns `None` when it cannot become a brief at all.
pub fn check(
    index: usize,
    src: &SourceFile,
    cache: Option<&ParseCache>,
    articles: &BTreeMap<String, Arc<Article>>,
    reg: &Registry,
    config: &Config,
    diags: &mut Diags,
) -> Option<Draft> {
    let seed_id = src.path.file_stem()?.to_string_lossy().into_owned();
    let Some(article) = articles.get(&seed_id) else {
        let mut help = text::mean(text::closest(&seed_id, articles.keys().map(String::as_str)));
        help.push_str(
            "an annotation is named after its seed: content/annotations/<seed-id>.yaml for seeds/<seed-id>.txt",
        );
        diags.push(src.error(1, 1, format!("there is no seed `{seed_id}` for this annotation")).help(help));
        return None;
    };
    let (ann, dropped) = if src.text.trim().is_empty() {
        (AnnotationFile::default(), Vec::new())
    } else {
        let parsed = match cache {
            Some(cache) => cache.parse(src),
            None => parse(src),
        };
        let dropped = parsed.dropped_keys();
        diags.extend(parsed.diags);
        match parsed.lenient {
            Some(lenient) => (with_blanked(lenient), dropped),
            None => (parsed.value?, dropped),
        }
    };
    let ctx = Ctx { src, reg, config, diags, highlights: Vec::new(), dropped, quotes: Quotes::default(), articles };
    ctx.build(index, article, ann)
}

/// An annotation, without the keys, notes and events that fail to parse (each one error).
pub fn parse(src: &SourceFile) -> yaml::Recovered<AnnotationFile> {
    yaml::parse_recovering(src, yaml::Entries::Under(&["notes", "events"]))
}

/// An annotation read with its notes' and events' bad keys left out, each note and event
/// told which of its keys were, for the checks of what is left (a note with an unknown key
/// still has its quote looked for).
fn with_blanked(lenient: yaml::Lenient<AnnotationFile>) -> AnnotationFile {
    let mut ann = lenient.value;
    for n in &mut ann.notes {
        n.blanked = yaml::recover::blanked_at(&lenient.blanked, n.quote.line).to_vec();
    }
    EventFile::mark_blanked(&mut ann.events, &lenient.blanked);
    ann
}

struct Ctx<'a> {
    src: &'a SourceFile,
    reg: &'a Registry,
    config: &'a Config,
    diags: &'a mut Diags,
    /// Every anchored quote with its position in the YAML, for the overlap check.
    highlights: Vec<(Anchor, (u32, u32))>,
    /// The top-level keys left out for their errors: a value missing for that reason is not
    /// a second error.
    dropped: Vec<String>,
    /// The quotes looked for, and the errors of those not found, held back until all are
    /// looked for ([`Ctx::report_unfound`]).
    quotes: Quotes,
    /// Every seed's article, to tell where quotes that are not in this one are.
    articles: &'a BTreeMap<String, Arc<Article>>,
}

#[derive(Default)]
struct Quotes {
    looked_for: usize,
    /// Each quote not found: its text and its error.
    unfound: Vec<(String, Diagnostic)>,
}

/// An annotation whose quotes are none of them in its article, and at least this many, is
/// likely another article's: its quotes are one error, not one each.
const ALL_ELSEWHERE: usize = 3;

impl Ctx<'_> {
    fn build(mut self, index: usize, article: &Arc<Article>, ann: AnnotationFile) -> Option<Draft> {
        let x = &article.fields;
        let title = ann.title.clone().or_else(|| x.title.clone()).filter(|t| !t.trim().is_empty());
        if title.is_none() && !self.was_dropped("title") {
            self.diags.push(
                self.src
                    .error(1, 1, "the article has no title")
                    .help("extraction found none; add `title: …` to the annotation"),
            );
        }
        // Checks go on after a missing title or date, so that every problem is reported.
        let (slug, slug_pos) = self.slug(&ann, title.as_deref().unwrap_or(""), &article.seed_id);
        let published = self.published(&ann, article);
        let (outlet, new_outlet) = self.outlet(&ann, article);
        let blocks = article.blocks();
        let doc = Document::new(&blocks);
        let notes = self.notes(&ann.notes, &doc);
        let reported: Vec<(EventFile, Option<Anchor>)> = ann
            .events
            .into_iter()
            .map(|e| {
                let anchor =
                    e.quote.as_ref().and_then(|q| self.anchor(&doc, q, e.prefix.as_deref(), e.suffix.as_deref()));
                (e, anchor)
            })
            .collect();
        self.check_overlaps();
        self.report_unfound(&article.seed_id);
        let url = match &ann.url {
            Some(u) => Some(check_url(self.src, u, self.diags)),
            None => self.seed_url(article),
        };
        let language = match &ann.language {
            Some(tag) => self.language(tag),
            None => x.language.clone(),
        };
        let story = ann.story.as_ref().and_then(|s| self.story(s));
        let tags = registry::tags(self.src, &ann.tags, self.diags);
        let entities = entity_refs(self.src, &ann.entities, self.reg, self.diags);
        let (Some(title), Some(published)) = (title, published) else { return None };
        let brief = Brief {
            article: Arc::clone(article),
            annotation: self.src.path.clone(),
            slug,
            title,
            outlet,
            byline: ann.byline.or_else(|| x.byline.clone()),
            dateline: ann.dateline.or_else(|| x.dateline.clone()),
            published,
            url,
            language,
            story,
            summary_text: ann.summary.as_deref().map(plain_text),
            summary: ann.summary,
            tags,
            entities,
            notes,
            events: Vec::new(),
            draft: ann.draft,
        };
        Some(Draft { index, brief, slug_pos, new_outlet, reported })
    }

    /// The annotation's `language:`, in canonical case, or its error.
    fn language(&mut self, tag: &Spanned<String>) -> Option<String> {
        match crate::i18n::parse_tag(self.src, tag) {
            Ok(language) => Some(language.to_string()),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    /// The URL extraction found, which passes the URL policy or is an error on the seed (every
    /// reader applies the policy; this is the last gate before the pages).
    fn seed_url(&mut self, article: &Article) -> Option<String> {
        let url = article.fields.url.clone()?;
        if let Err(problem) = crate::url::check(&url) {
            self.diags.push(
                crate::diag::Diagnostic::error(
                    &article.source,
                    format!("the seed's URL is refused: {}", problem.message),
                )
                .help("give the article's address in the annotation's `url:`"),
            );
            return None;
        }
        Some(url)
    }

    fn slug(&mut self, ann: &AnnotationFile, title: &str, seed_id: &str) -> (String, Option<(u32, u32)>) {
        match &ann.slug {
            Some(s) => {
                let pos = yaml::pos(s);
                if !is_slug(&s.value) {
                    self.diags.push(
                        self.src
                            .error(pos.0, pos.1, format!("slug `{}` is not a safe URL segment", s.value))
                            .help(text::slug_help(&s.value)),
                    );
                }
                (s.value.clone(), Some(pos))
            }
            None => {
                let from_title = text::slugify_max(title, 60);
                let slug = if from_title.is_empty() { text::slugify(seed_id) } else { from_title };
                (slug, None)
            }
        }
    }

    /// The publication date: the annotation's, else the extracted one; checked against a
    /// month and day the article gives without a year.
    fn published(&mut self, ann: &AnnotationFile, article: &Article) -> Option<PartialDate> {
        let x = &article.fields;
        let given = match &ann.published {
            Some(p) => Some((parse_date(self.src, p, "published", self.reg.today, self.diags)?, yaml::pos(p))),
            None => None,
        };
        if let (Some((date, (line, col))), Some((m, d))) = (given, x.month_day)
            && (date.month.is_some_and(|dm| dm != m) || date.day.is_some_and(|dd| dd != d))
        {
            self.diags.push(
                self.src
                    .warning(
                        line,
                        col,
                        format!(
                            "the article's dateline says {} {d}, but `published` is {}",
                            MONTHS[m as usize - 1],
                            date.human()
                        ),
                    )
                    .help("check the date; the annotation's value is used"),
            );
        }
        if let Some((date, _)) = given {
            return Some(date);
        }
        if let Some(date) = x.published {
            self.implausible_seed_date(date, article);
            for a in &x.assumptions {
                self.diags.push(
                    self.src
                        .warning(1, 1, a.clone())
                        .help(format!("add `published: {}` to confirm it, or give the right date", date.iso())),
                );
            }
            return Some(date);
        }
        let help = match x.month_day {
            Some((m, d)) => format!(
                "the article says {} {d} but not the year; add `published: YYYY-{m:02}-{d:02}`",
                MONTHS[m as usize - 1]
            ),
            None => "add `published: YYYY-MM-DD` (or YYYY-MM / YYYY)".to_owned(),
        };
        if !self.was_dropped("published") {
            self.diags.push(self.src.error(1, 1, "the article has no publication date").help(help));
        }
        None
    }

    /// A date extraction found that is in the future or before the first newspaper: a
    /// warning on the seed, since it is not written in the annotation.
    fn implausible_seed_date(&mut self, date: PartialDate, article: &Article) {
        let Some(today) = self.reg.today else { return };
        let Some(kind) = date.implausible(today, true) else { return };
        let reason = registry::implausible_reason(kind, today);
        let fix = date.year_swapped(today, true).map_or_else(String::new, |m| format!(" (`published: {m}`?)"));
        self.diags.push(
            Diagnostic::warning(&article.source, format!("the article is dated {date}, {reason}"))
                .help(format!("give the date it was published in its annotation's `published:`{fix}")),
        );
    }

    fn was_dropped(&self, key: &str) -> bool {
        yaml::recover::accounts_for(&self.dropped, key)
    }

    /// The outlet id: a registry entry, or a new outlet made from a plain name.
    fn outlet(&mut self, ann: &AnnotationFile, article: &Article) -> (Option<String>, Option<Outlet>) {
        let (name, pos) = match &ann.outlet {
            Some(o) => (o.value.trim().to_owned(), Some(yaml::pos(o))),
            None => match &article.fields.outlet {
                Some(o) => (o.clone(), None),
                None => return (None, None),
            },
        };
        if let Some(o) = self.reg.find_outlet(&name) {
            return (Some(o.id.clone()), None);
        }
        if pos.is_some() && is_slug(&name) && self.reg.is_invalid_outlet(&name) {
            return (None, None); // its definition's error is reported
        }
        if let Some((line, col)) = pos
            && is_slug(&name)
            && !self.reg.outlets.is_empty()
        {
            let mut help = text::mean(text::closest(&name, self.reg.outlets.iter().map(|o| o.id.as_str())));
            help.push_str(
                "outlet ids are defined in content/outlets.yaml; a plain name like `Radio Habana Cuba` also works",
            );
            self.diags.push(self.src.error(line, col, format!("unknown outlet `{name}`")).help(help));
            return (None, None);
        }
        let id = text::slugify(&name);
        if id.is_empty() {
            return (None, None);
        }
        let outlet =
            Outlet { id: id.clone(), name, aliases: Vec::new(), url: None, country: None, owner: None, notes: None };
        (Some(id), Some(outlet))
    }

    fn story(&mut self, s: &Spanned<String>) -> Option<String> {
        if !check_id(self.src, s, "story", self.diags) {
            return None;
        }
        if self.reg.stories_declared && !self.reg.has_story(&s.value) && !self.reg.is_invalid_story(&s.value) {
            let (line, col) = yaml::pos(s);
            let mut help = text::mean(text::closest(&s.value, self.reg.stories.iter().map(|x| x.id.as_str())));
            help.push_str("stories are listed in content/stories.yaml");
            self.diags.push(self.src.error(line, col, format!("unknown story `{}`", s.value)).help(help));
            return None;
        }
        Some(s.value.clone())
    }

    fn notes(&mut self, files: &[NoteFile], doc: &Document) -> Vec<Note> {
        let mut notes: Vec<Note> = Vec::with_capacity(files.len().min(MAX_NOTES));
        if let Some(extra) = files.get(MAX_NOTES) {
            let (line, col) = yaml::pos(&extra.quote);
            self.diags.push(
                self.src
                    .error(
                        line,
                        col,
                        format!("this annotation has {} notes; a brief may have at most {MAX_NOTES}", files.len()),
                    )
                    .help("keep the notes that matter most; the others are not read (docs/safety.md)"),
            );
        }
        for n in files.iter().take(MAX_NOTES) {
            // Without a `prefix:` or `suffix:` that had a mistake, the quote may match more
            // than once: no second error.
            let context_left_out = ["prefix", "suffix"].iter().any(|k| accounts_for(&n.blanked, k));
            let anchor = if context_left_out {
                None
            } else {
                self.anchor(doc, &n.quote, n.prefix.as_deref(), n.suffix.as_deref())
            };
            let id = self.note_id(n, &notes);
            let kind = n.kind.unwrap_or(NoteKind::Context);
            let verdict = self.verdict(n, kind);
            let claimant = n
                .claimant
                .as_ref()
                .filter(|c| check_entity(self.src, c, self.reg, self.diags))
                .map(|c| c.value.clone());
            let body = n.body.clone().unwrap_or_default();
            if body.trim().is_empty() && !accounts_for(&n.blanked, "body") {
                let (line, col) = yaml::pos(&n.quote);
                self.diags.push(
                    self.src
                        .warning(line, col, "this note has no body")
                        .help("add `body:` with what the reader should know about the passage"),
                );
            }
            let sources = n.sources.iter().map(|s| check_url(self.src, s, self.diags)).collect();
            let Some(anchor) = anchor else { continue };
            notes.push(Note {
                id,
                kind,
                quote: n.quote.value.clone(),
                prefix: n.prefix.clone(),
                suffix: n.suffix.clone(),
                anchor,
                body,
                sources,
                claimant,
                verdict,
            });
        }
        notes.sort_by_key(|n| (n.anchor.block, n.anchor.start, std::cmp::Reverse(n.anchor.end)));
        notes
    }

    fn note_id(&mut self, n: &NoteFile, existing: &[Note]) -> String {
        if let Some(id) = &n.id {
            if check_id(self.src, id, "note", self.diags) && existing.iter().any(|e| e.id == id.value) {
                let (line, col) = yaml::pos(id);
                self.diags.push(
                    self.src
                        .error(line, col, format!("two notes have the id `{}`", id.value))
                        .help("note ids must be unique within an annotation"),
                );
            }
            return id.value.clone();
        }
        let words: Vec<&str> = n.quote.value.split_whitespace().take(6).collect();
        let base = text::slugify_max(&words.join(" "), 40);
        let base = if base.is_empty() { "note".to_owned() } else { base };
        let mut id = base.clone();
        let mut k = 2;
        while existing.iter().any(|e| e.id == id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        id
    }

    fn verdict(&mut self, n: &NoteFile, kind: NoteKind) -> Option<String> {
        let scale = || self.config.verdicts.iter().map(|v| v.id.as_str()).collect::<Vec<_>>().join(", ");
        // A `kind:` with a mistake (`fakt-check`) leaves the note's kind unknown: its verdict
        // is checked against the scale, but not asked for nor refused.
        let kind_left_out = accounts_for(&n.blanked, "kind");
        match (&n.verdict, kind) {
            (None, NoteKind::FactCheck) if accounts_for(&n.blanked, "verdict") => None,
            (None, NoteKind::FactCheck) => {
                let (line, col) = yaml::pos(&n.quote);
                self.diags.push(
                    self.src
                        .error(line, col, "this fact-check has no verdict")
                        .help(format!("add `verdict:` with one of: {}", scale())),
                );
                None
            }
            (Some(v), _) if kind == NoteKind::FactCheck || kind_left_out => {
                if self.config.verdict(&v.value).is_some() {
                    return Some(v.value.clone());
                }
                let (line, col) = yaml::pos(v);
                let mut help = text::mean(text::closest(&v.value, self.config.verdicts.iter().map(|v| v.id.as_str())));
                help.push_str(&format!("the scale in briefgen.yaml is: {}", scale()));
                self.diags
                    .push(self.src.error(line, col, format!("`{}` is not on the verdict scale", v.value)).help(help));
                None
            }
            (Some(v), _) => {
                let (line, col) = yaml::pos(v);
                self.diags.push(
                    self.src
                        .error(line, col, "only fact-check notes take a verdict")
                        .help("add `kind: fact-check`, or remove `verdict:`"),
                );
                None
            }
            (None, _) => None,
        }
    }

    /// Anchors a quote, reporting failures and inexact matches at the quote's line.
    fn anchor(
        &mut self,
        doc: &Document,
        q: &Spanned<String>,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> Option<Anchor> {
        let (line, col) = yaml::pos(q);
        let longest = [Some(q.value.as_str()), prefix, suffix].into_iter().flatten().map(|s| s.chars().count()).max();
        if let Some(chars) = longest.filter(|&n| n > MAX_QUOTE_CHARS) {
            self.diags.push(
                self.src
                    .error(line, col, format!("the quote (or its prefix or suffix) is {chars} characters long; at most {MAX_QUOTE_CHARS} are read"))
                    .help("quote the passage the note is about, not more; the note's body can say the rest (docs/safety.md)"),
            );
            return None;
        }
        self.quotes.looked_for += 1;
        let sel = Selector { exact: &q.value, prefix, suffix };
        let found = doc.anchor(sel);
        if let Ok((a, _)) = &found {
            self.highlights.push((*a, (line, col)));
        }
        match found {
            Ok((a, None)) => Some(a),
            Ok((a, Some(quality))) => {
                let found = doc.text_of(&a);
                let msg = match quality {
                    Quality::Fuzzy(score) => format!(
                        "the quote is not in the article word for word; anchored to the closest passage ({:.0}% similar)",
                        score * 100.0
                    ),
                    _ => "the quote matches the article only when case is ignored".to_owned(),
                };
                self.diags.push(self.src.warning(line, col, msg).help(reads(found, &q.value)));
                Some(a)
            }
            Err(e) => {
                let not_found = matches!(e, AnchorError::NotFound { .. } | AnchorError::NotFoundExactly);
                let (msg, help) = explain_anchor_error(e);
                let d = self.src.error(line, col, msg).help(help);
                if not_found {
                    self.quotes.unfound.push((q.value.clone(), d))
                } else {
                    self.diags.push(d)
                }
                None
            }
        }
    }

    /// The errors of the quotes not found: one each, or, when none of at least
    /// [`ALL_ELSEWHERE`] quotes is in the article, one for all, naming the seed that has them
    /// if there is one (annotations saved under each other's names).
    fn report_unfound(&mut self, seed_id: &str) {
        let unfound = std::mem::take(&mut self.quotes.unfound);
        let looked_for = self.quotes.looked_for;
        if unfound.len() < ALL_ELSEWHERE || unfound.len() < looked_for {
            self.diags.extend(unfound.into_iter().map(|(_, d)| d));
            return;
        }
        // One pass over the other articles for the first quote; the rest only where it is.
        let elsewhere = self.articles.iter().filter(|(id, _)| id.as_str() != seed_id).find(|(_, a)| {
            let blocks = a.blocks();
            let holds = |q: &str| blocks.iter().any(|b| b.text.contains(q));
            holds(&unfound[0].0) && unfound.iter().filter(|(q, _)| holds(q)).count() * 2 >= unfound.len()
        });
        let n = unfound.len();
        let Some((_, first)) = unfound.into_iter().next() else { return };
        let help = match elsewhere {
            Some((id, a)) => format!(
                "they are in {}: if this is its annotation, rename this file to content/annotations/{id}.yaml",
                crate::diag::display_path(&a.source)
            ),
            None => "an annotation is named after the seed it annotates: check that this is the right seed's annotation, and copy quotes from its text".into(),
        };
        let mut d = first;
        d.message = format!("none of the {n} quotes of this annotation is in the article of seed `{seed_id}`");
        self.diags.push(d.help(help));
    }

    /// Highlights may nest or coincide, but not cross.
    fn check_overlaps(&mut self) {
        let mut spans = std::mem::take(&mut self.highlights);
        spans.sort_by_key(|(a, _)| (a.block, a.start, std::cmp::Reverse(a.end)));
        for (i, (a, (a_line, _))) in spans.iter().enumerate() {
            for (b, (line, col)) in &spans[i + 1..] {
                if b.block != a.block || b.start >= a.end {
                    break;
                }
                if b.end > a.end {
                    self.diags.push(
                        self.src
                            .error(
                                *line,
                                *col,
                                format!("this quote overlaps the quote at line {a_line} without containing it"),
                            )
                            .help("quotes may be identical or nested, but not cross; shorten one of them"),
                    );
                }
            }
        }
    }
}

/// The hint of an inexact match: what the article reads. When that looks like the quote
/// (they differ in characters that look alike or show nothing), the characters that are not
/// plain ASCII are written as code points, so the hint never shows a text equal to the quote.
fn reads(found: &str, quote: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let looks = |s: &str| -> String {
        s.nfkc().filter(|c| !c.is_whitespace() && !super::anchor::is_invisible(*c) && !c.is_control()).collect()
    };
    if looks(found) != looks(quote) && found.trim() != quote.trim() {
        return format!("the article reads: \"{found}\"; copy it into `quote:`");
    }
    let coded: String = found
        .chars()
        .map(|c| if c.is_ascii_graphic() || c == ' ' { c.to_string() } else { format!("<U+{:04X}>", c as u32) })
        .collect();
    format!(
        "the article reads: \"{coded}\" (characters that are not plain ASCII written as code points); it differs from the quote only in characters that look alike: copy the passage from the article into `quote:`"
    )
}

/// A message and hint for a quote that could not be anchored.
fn explain_anchor_error(e: AnchorError) -> (String, String) {
    match e {
        AnchorError::Empty => ("the quote is empty".into(), "copy the passage from the article into `quote:`".into()),
        AnchorError::NotFound { closest } => {
            let mut help = String::from("copy the passage exactly from the article");
            let close: Vec<String> = closest
                .iter()
                .filter(|p| p.score >= super::anchor::SHOWN_MIN)
                .take(3)
                .map(|p| format!("paragraph {}: {}", p.paragraph, truncate_words(&p.text, 160)))
                .collect();
            if !close.is_empty() {
                help = format!("the closest passages are:\n{}", close.join("\n"));
            }
            ("quote not found in the article".into(), help)
        }
        AnchorError::NotFoundExactly => (
            "quote not found in the article".into(),
            "copy the passage exactly from the article (in an article this long, quotes are only looked for as written, ignoring case; docs/safety.md)".into(),
        ),
        AnchorError::Ambiguous { count, places, prefix_hint } => {
            let mut list: Vec<String> =
                places.iter().map(|p| format!("paragraph {}: {}", p.paragraph, p.text)).collect();
            if count > places.len() {
                list.push(format!("and {} more", count - places.len()));
            }
            let example = prefix_hint.map_or_else(String::new, |p| format!(", e.g. `prefix: {}`", crate::yaml::quoted(p.trim_end())));
            (
                format!("the quote matches {count} places in the article"),
                format!(
                    "add `prefix:` or `suffix:` (the words just before or after) to pick one{example}; it appears in:\n{}",
                    list.join("\n")
                ),
            )
        }
        AnchorError::TooMany { at_least } => (
            format!("the quote matches more than {at_least} places in the article; briefgen stopped looking"),
            "quote a longer passage, one the article holds once or a few times (docs/safety.md)".into(),
        ),
        AnchorError::SelectorMismatch { occurrences } => (
            format!("the quote is in the article ({occurrences}×) but never with this prefix/suffix"),
            "check `prefix:` and `suffix:` against the article text, or remove them".into(),
        ),
        AnchorError::SpansBlocks { first } => (
            format!("the quote runs across paragraphs {first} and {}", first + 1),
            "quote a passage within one paragraph, or split it into two notes".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::reads;

    #[test]
    fn issue_23_the_article_reads_never_shows_the_quote_itself() {
        assert_eq!(
            reads("Raqa is a symbl", "Raqa is a symbol"),
            "the article reads: \"Raqa is a symbl\"; copy it into `quote:`"
        );
        let hint = reads("ﬁnal\u{2061} word", "final word");
        assert!(hint.starts_with("the article reads: \"<U+FB01>nal<U+2061> word\""), "{hint}");
        assert!(!hint.contains("\"final word\""));
    }
}
