//! Partial rebuilds, for `serve`: a [`Session`] keeps everything the last full build made its
//! pages from and, when only existing annotations and seeds changed and the edit kept each
//! brief's place in the site (its slug, date, outlet, story, tags, reported events and the
//! entities it mentions), redoes only that brief — check, anchoring, highlights, Markdown —
//! and renders again only the pages that read it or its timeline entries. Anything else (a
//! new or removed file, a registry, the config, the theme, an edit that moves a brief, any
//! error) builds the whole site again, so the result always equals a full build. The files
//! made from the whole site (feeds, exports, the search index, the sitemap) come after the
//! pages, from [`Session::publish`]: `serve` reloads the browser in between.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Record, SiteOptions, SiteState};
use crate::annotate::Rechecked;
use crate::diag::{Diagnostic, Diags};
use crate::render::views::Views;
use crate::site::Output;
use crate::{ingest, publish};

/// A built site kept in memory between rebuilds.
pub struct Session {
    opts: SiteOptions,
    /// The state of the last successful build, with its diagnostics; `None` after a failure.
    last: Option<Last>,
}

struct Last {
    state: SiteState,
    diags: Vec<Diagnostic>,
    /// Brief index by seed id.
    briefs: BTreeMap<String, usize>,
    /// Seed id by the seed's path, and annotation number by the annotation's path (relative
    /// to the root): an edit is placed without searching every file.
    seed_at: HashMap<PathBuf, String>,
    annotation_at: HashMap<PathBuf, usize>,
}

/// A published brief's files that changed: its annotation (by number) always, as the brief
/// is checked again, and whether its seed did.
#[derive(Clone, Copy, Debug)]
struct Edit {
    annotation: usize,
    seed: bool,
}

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// The whole site was built: here it is.
    Full(Output),
    /// Only these pages changed (`pages` of them, Markdown files aside); the files made from
    /// the whole site come from [`Session::publish`].
    Partial { files: Output, pages: usize },
    /// The build has errors: nothing changed.
    Failed,
}

impl Session {
    pub fn new(opts: SiteOptions) -> Self {
        Session { opts, last: None }
    }

    /// Builds the whole site.
    pub fn build(&mut self) -> anyhow::Result<(Outcome, Diags)> {
        self.last = None;
        let sink = Mutex::new(Output::new());
        let (run, diags) = super::run(&self.opts, &sink, Record::Pages)?;
        let Some(run) = run else { return Ok((Outcome::Failed, diags)) };
        let state = run.state;
        let briefs = state.linked.content.briefs.iter().enumerate().map(|(i, b)| (b.seed_id().to_owned(), i)).collect();
        let seed_at = state.seed_paths.iter().map(|(id, path)| (path.clone(), id.clone())).collect();
        let annotation_at = state.files.annotations.iter().enumerate().map(|(i, a)| (a.path.clone(), i)).collect();
        self.last = Some(Last { state, diags: diags.iter().cloned().collect(), briefs, seed_at, annotation_at });
        Ok((Outcome::Full(sink.into_inner().unwrap_or_else(|e| e.into_inner())), diags))
    }

    /// Compares the site's dates with `today` from now on, as a build started that day would
    /// (`serve` left running past midnight). On a new day the next rebuild is a whole one:
    /// every file's warnings may change.
    pub fn set_today(&mut self, today: Option<jiff::civil::Date>) {
        if today != self.opts.today {
            self.opts.today = today;
            self.last = None;
        }
    }

    /// Rebuilds after the files at `changed` (absolute, or relative to the site root) were
    /// written, created or removed: partly when it can, else whole.
    pub fn update(&mut self, changed: &[PathBuf]) -> anyhow::Result<(Outcome, Diags)> {
        match self.last.as_mut().and_then(|last| last.update(&self.opts.root, changed)) {
            Some(done) => Ok(done),
            None => self.build(),
        }
    }

    /// After a partial rebuild: the feeds, exports, search index, hosting files and sitemap,
    /// made again from the whole site.
    pub fn publish(&mut self) -> anyhow::Result<Output> {
        let sink = Mutex::new(Output::new());
        if let Some(last) = self.last.as_mut() {
            let k = &mut last.state;
            let views = Views::with_made(&k.linked, std::mem::take(&mut k.made), &k.renderer);
            let res = publish::publish_files(&views, &k.page_paths, publish::SearchIndex::Make, &sink);
            k.made = views.into_made();
            res?;
        }
        Ok(sink.into_inner().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Last {
    /// A partial rebuild, or `None` when the change needs a full one. May leave `self`
    /// half-updated when it returns `None`: the full build replaces it.
    fn update(&mut self, root: &Path, changed: &[PathBuf]) -> Option<(Outcome, Diags)> {
        let edited = self.edited_briefs(root, changed)?;
        let mut diags = self.diags.clone();
        for (seed, edit) in &edited {
            let (i, own) = self.recheck(root, seed, *edit)?;
            let b = &self.state.linked.content.briefs[i];
            let files = [b.annotation.as_path(), self.state.seed_paths[seed].as_path()];
            let old_own = self.state.recheck.as_ref()?.own_diags(seed);
            // Problems other briefs' checks found in this brief's files (clashes, events that
            // disagree) would need those checks again.
            if diags.iter().filter(|d| files.contains(&d.file.as_path())).count() != old_own.len() {
                return None;
            }
            diags.retain(|d| !files.contains(&d.file.as_path()));
            diags.extend(own.iter().cloned());
            self.state.recheck.as_mut()?.set_own_diags(seed, own);
        }
        let indexes: Vec<usize> = edited.keys().map(|s| self.briefs[s]).collect();
        let k = &mut self.state;
        let entries: Vec<usize> = indexes.iter().flat_map(|&i| k.linked.brief_entries[i].iter().copied()).collect();
        let mut views = Views::with_made(&k.linked, std::mem::take(&mut k.made), &k.renderer);
        let sink = Mutex::new(Output::new());
        let rendered = match (views.remake(&indexes, &entries), k.deps.as_ref()) {
            (Ok(()), Some(deps)) => {
                crate::render::render_again(&views, &k.renderer, deps, (&indexes, &entries), &sink).ok()
            }
            _ => None,
        };
        k.made = views.into_made();
        let pages = rendered?;
        let files = sink.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut all = Diags::new();
        all.extend(diags.iter().cloned());
        self.diags = diags;
        Some((Outcome::Partial { files, pages }, all))
    }

    /// The published briefs whose annotation or seed changed, by seed id; `None` when
    /// anything else changed.
    fn edited_briefs(&self, root: &Path, changed: &[PathBuf]) -> Option<BTreeMap<String, Edit>> {
        let k = &self.state;
        let mut edited: BTreeMap<String, Edit> = BTreeMap::new();
        for path in changed {
            let rel = path.strip_prefix(root).unwrap_or(path);
            if !root.join(rel).is_file() {
                return None;
            }
            let (seed, is_seed) = match self.seed_at.get(rel) {
                Some(seed) => (seed.clone(), true),
                None => (rel.file_stem()?.to_string_lossy().into_owned(), false),
            };
            let brief = &k.linked.content.briefs[*self.briefs.get(&seed)?];
            if !is_seed && brief.annotation != rel {
                return None;
            }
            let annotation = *self.annotation_at.get(&brief.annotation)?;
            let edit = edited.entry(seed).or_insert(Edit { annotation, seed: false });
            edit.seed |= is_seed;
        }
        Some(edited)
    }

    /// Reads brief `seed`'s seed and annotation again, checks it, and puts it in its place.
    /// Returns its index and the problems its check found, or `None` when a full build is
    /// needed (an error, or the edit changed the brief's place in the site).
    fn recheck(&mut self, root: &Path, seed: &str, edit: Edit) -> Option<(usize, Vec<Diagnostic>)> {
        let k = &mut self.state;
        let i = self.briefs[seed];
        // A file that became a link out of the site (or anything but a file) takes a full
        // build, which reports it.
        let boundary = ingest::boundary::Boundary::new(root);
        let is_file = |p: &Path| matches!(boundary.check_file(p), Ok(ingest::boundary::Checked::File));
        if edit.seed {
            let seed_path = root.join(&k.seed_paths[seed]);
            if !is_file(&seed_path) {
                return None;
            }
            let article = ingest::seed_article(root, &seed_path).ok()?;
            k.articles.insert(seed.to_owned(), std::sync::Arc::new(article));
        }
        let annotation = edit.annotation;
        let path = root.join(&k.files.annotations[annotation].path);
        if !is_file(&path) {
            return None;
        }
        k.files.annotations[annotation] = ingest::read_text(root, &path).ok()?;
        let old = &k.linked.content.briefs[i];
        let Rechecked::Same { brief, diags } =
            k.recheck.as_ref()?.brief(annotation, &k.files.annotations[annotation], &k.articles, &k.linked.config, old)
        else {
            return None;
        };
        if diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        k.linked.replace_brief(i, *brief).ok()?;
        Some((i, diags))
    }
}
