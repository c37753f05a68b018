//! Render: Tera 2 templates fed typed view structs ([`views`]). The template set is compiled
//! once; every page is rendered in parallel. Template errors become diagnostics naming the
//! template file, line and column.

mod brief_page;
mod capped;
pub mod deps;
pub mod digest;
mod filters;
mod hints;
mod pages;
pub mod structured;
mod tags;
pub mod theme;
pub mod views;
mod watchdog;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Feeds;
use crate::diag::{Diagnostic, Diags, SourceFile};
use crate::link::Linked;
use crate::markdown::{self, plain_text};
use crate::progress::Progress;
use crate::site::Sink;
use theme::Theme;
use views::{Head, Link, Shared, SiteView, Views};

pub use brief_page::text_fragment_url;

/// The compiled templates of a theme.
pub struct Renderer {
    tera: Tera,
    theme: Theme,
    /// The largest page each template has made so far, by template name: a page's buffer
    /// starts that large instead of doubling (and copying) its way up from a few kilobytes.
    sizes: HashMap<String, AtomicUsize>,
    /// The digest of every template, part of what each page is made from.
    templates_digest: u128,
}

/// What every template receives: `site`, `head` and the page's own view as `page`.
#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    site: &'a Shared<SiteView>,
    head: Head,
    page: T,
}

impl Renderer {
    /// Compiles the theme's templates; syntax errors are located diagnostics.
    pub fn new(theme: Theme) -> Result<Self, Diags> {
        let mut tera = engine(&theme);
        let templates = theme.templates.iter().map(|(n, s)| (n.as_str(), s.as_str()));
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(all_load_errors(&theme, &e));
        }
        let sizes = theme.templates.iter().map(|(n, _)| (n.clone(), AtomicUsize::new(0))).collect();
        let templates_digest = digest::digest(&theme.templates);
        Ok(Renderer { tera, theme, sizes, templates_digest })
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    fn has_template(&self, name: &str) -> bool {
        self.theme.templates.iter().any(|(n, _)| n == name)
    }

    /// Renders a partial on its own, with `site` and the partial's value as `name`.
    fn render_partial<T: Serialize>(
        &self,
        template: &'static str,
        site: &Shared<SiteView>,
        name: &'static str,
        value: &T,
    ) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert("site", site);
        context.insert(name, value);
        let bytes = self.render_context(template, &context)?;
        // Templates write only strings.
        Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// Renders a page into `sink` and returns its path; or, when the sink still has the
    /// previous build's page made from the same context and templates, keeps that one.
    fn page<T: Serialize>(
        &self,
        sink: &dyn Sink,
        path: String,
        template: &'static str,
        ctx: PageContext<T>,
    ) -> Result<String, Diagnostic> {
        self.page_with(sink, path, template, ctx, |_| Ok(()))
    }

    /// [`Renderer::page`] for a view that `complete` completes when the page is rendered: a
    /// part its digest takes in another form (a brief's article as Markdown, not HTML; an
    /// entry's fields, not its partial) is only made for a page that is not kept.
    fn page_with<T: Serialize>(
        &self,
        sink: &dyn Sink,
        path: String,
        template: &'static str,
        mut ctx: PageContext<T>,
        complete: impl FnOnce(&mut T) -> Result<(), Diagnostic>,
    ) -> Result<String, Diagnostic> {
        let made_from = sink.records_pages().then(|| digest::digest(&(self.templates_digest, template, &ctx)));
        if made_from.is_some_and(|d| sink.keep(&path, d)) {
            return Ok(path);
        }
        complete(&mut ctx.page)?;
        let bytes = self.render(template, &ctx)?;
        match made_from {
            Some(d) => put(path, |p| sink.put_page(p, bytes, d)),
            None => put(path, |p| sink.put(p, bytes)),
        }
    }

    /// Renders a page. Its bytes are UTF-8: templates write only strings.
    fn render<T: Serialize>(&self, template: &'static str, ctx: &PageContext<T>) -> Result<Vec<u8>, Diagnostic> {
        let context = Context::from_serialize(ctx).map_err(|e| self.error(template, &e))?;
        self.render_context(template, &context)
    }

    /// Renders `template` with `context`, watched for time ([`watchdog`]) and size
    /// ([`capped`]). Once one of its pages has passed the size a page may have, the template's
    /// other pages are not rendered: each would run as long to the same error.
    fn render_context(&self, template: &'static str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        let size = self.sizes.get(template);
        let largest = size.map_or(0, |s| s.load(Ordering::Relaxed));
        if largest > capped::MAX_PAGE_BYTES {
            return Err(self.too_large(template));
        }
        let mut out = capped::Capped::with_capacity(largest);
        let _watched = watchdog::watch(template);
        let rendered = self.tera.render_to(template, context, &mut out);
        let made = if out.over { capped::MAX_PAGE_BYTES + 1 } else { out.bytes.len() };
        if let Some(size) = size {
            size.fetch_max(made, Ordering::Relaxed);
        }
        if out.over {
            return Err(self.too_large(template));
        }
        rendered.map_err(|e| self.error(template, &e))?;
        Ok(out.bytes)
    }

    fn too_large(&self, template: &str) -> Diagnostic {
        let limit = capped::MAX_PAGE_BYTES >> 20;
        Diagnostic::error(
            self.theme.file_of(template),
            format!(
                "template error: a page made with the template `{template}` passed {limit} MB; briefgen stopped it"
            ),
        )
        .help(format!(
            "a loop in the template that writes far too much: fix it (pages of large sites are a few hundred KB; \
             briefgen makes none over {limit} MB)"
        ))
    }

    fn error(&self, template: &str, e: &tera::Error) -> Diagnostic {
        let mut d = template_error(&self.theme, e);
        if d.line == 0 {
            d.file = self.theme.file_of(template);
        }
        d
    }
}

/// A Tera with briefgen's settings and filters, without templates.
fn engine(theme: &Theme) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.register_filter("safe", filters::safe);
    tera.register_filter("json_encode", filters::json_encode);
    let language = theme.strings.language().clone();
    tera.register_filter("fill", move |v: &tera::Value, kwargs: tera::Kwargs, _: &tera::State| {
        filters::fill(&language, v, &kwargs)
    });
    tera
}

/// Every template's syntax error, not only the first: Tera stops at the first template that
/// does not parse, so that one is set aside (read as empty) and the templates are compiled
/// again, until they compile or what stops them is not a syntax error of a template not yet
/// reported (an error that may only follow from those set aside).
fn all_load_errors(theme: &Theme, first: &tera::Error) -> Diags {
    let mut diags = load_errors(theme, first);
    let mut broken: Vec<String> = syntax_error_file(first).into_iter().collect();
    while !broken.is_empty() && broken.len() < theme.templates.len() {
        let emptied = |n: &String| broken.contains(n);
        let templates = theme.templates.iter().map(|(n, s)| (n.as_str(), if emptied(n) { "" } else { s.as_str() }));
        let Err(e) = engine(theme).add_raw_templates(templates) else { break };
        match syntax_error_file(&e) {
            Some(name) if !broken.contains(&name) => {
                diags.extend(load_errors(theme, &e));
                broken.push(name);
            }
            _ => break,
        }
    }
    diags
}

/// The template a syntax error is in.
fn syntax_error_file(e: &tera::Error) -> Option<String> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) => Some(r.filename().to_owned()),
        _ => None,
    }
}

/// The help of the template error `message` ([`hints`]).
fn help_for(theme: &Theme, message: &str) -> String {
    let names: Vec<&str> = theme.templates.iter().map(|(n, _)| n.as_str()).collect();
    hints::help(message, &names)
}

/// The template `name` as a file of the theme, for messages.
fn template_file(theme: &Theme, name: &str) -> SourceFile {
    let source = theme.templates.iter().find(|(n, _)| n == name).map(|(_, s)| s.clone()).unwrap_or_default();
    SourceFile::new(theme.file_of(name), source)
}

/// What loading the templates found. Tera gives the problems it finds in templates that parse
/// (an unknown template included, an unknown filter or test) as one text of reports,
/// `error: …` each with its ` --> name:line:col`: each becomes a diagnostic at its place.
fn load_errors(theme: &Theme, e: &tera::Error) -> Diags {
    let mut diags = Diags::new();
    if let tera::ErrorKind::Msg(text) = e.kind() {
        let mut message = None;
        for line in text.lines() {
            if let Some(m) = line.strip_prefix("error: ") {
                message = Some(m);
            } else if let Some((m, (name, line, col))) =
                line.trim_start().strip_prefix("--> ").and_then(report_place).and_then(|at| Some((message.take()?, at)))
            {
                diags.push(
                    template_file(theme, name)
                        .error(line, col, format!("template error: {m}"))
                        .help(help_for(theme, m)),
                );
            }
        }
    }
    if diags.is_empty() {
        diags.push(template_error(theme, e));
    }
    diags
}

/// `name:line:col` of a Tera report.
fn report_place(place: &str) -> Option<(&str, u32, u32)> {
    let (rest, col) = place.rsplit_once(':')?;
    let (name, line) = rest.rsplit_once(':')?;
    Some((name, line.parse().ok()?, col.parse().ok()?))
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn template_error(theme: &Theme, e: &tera::Error) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            let file = template_file(theme, r.filename());
            let (line, col) = (span.start_line as u32, span.start_col as u32 + 1);
            if let Some(d) = left_open(&file, r.message(), (line, col)) {
                return d;
            }
            file.error(line, col, format!("template error: {}", r.message())).help(help_for(theme, r.message()))
        }
        tera::ErrorKind::CircularInclude { tpl, include_chain } => {
            // The template that closes the loop includes the one after it in the chain.
            let next = include_chain.iter().skip_while(|t| *t != tpl).nth(1);
            at_template(theme, (tpl, next.map(|n| format!("\"{n}\""))), e, LOOP_HELP)
        }
        tera::ErrorKind::CircularExtend { tpl, .. } => at_template(theme, (tpl, Some("extends".into())), e, LOOP_HELP),
        tera::ErrorKind::MissingParent { current, parent } => at_template(
            theme,
            (current, Some(format!("\"{parent}\""))),
            e,
            "extend a template the theme has (`base.html`), or add this one to templates/",
        ),
        // Placed at the template being rendered by `Renderer::error`, when there is one.
        _ => Diagnostic::error(theme.dir.join("templates"), format!("template error: {e}")).help(hints::TEMPLATE_HELP),
    }
}

/// A syntax error Tera found after a block tag left open, reported where the tag was opened.
fn left_open(file: &SourceFile, message: &str, (line, col): (u32, u32)) -> Option<Diagnostic> {
    if !(message.contains("Unknown tag") || message.contains("Unexpected end of input")) {
        return None;
    }
    let upto = file.offset_of(line, col).unwrap_or(file.text.len());
    let (tag, at) = tags::open_before(&file.text, upto)?;
    let (open_line, open_col) = file.position_of(at);
    let stops = if upto < file.text.len() { format!("at line {line}") } else { "at its end".to_owned() };
    Some(
        file.error(open_line, open_col, format!("template error: this `{{% {tag} %}}` is not closed"))
            .help(format!("close it with `{{% end{tag} %}}`; the template stops making sense {stops}")),
    )
}

/// The help of a template that includes or extends itself.
const LOOP_HELP: &str = "a template cannot include or extend itself, directly or through others";

/// A template error about the template `name` as a whole, at the first `needle` in its text
/// (the name it includes or extends), else at its start.
fn at_template(theme: &Theme, (name, needle): (&str, Option<String>), e: &tera::Error, help: &str) -> Diagnostic {
    let file = template_file(theme, name);
    let (line, col) = needle.and_then(|n| file.text.find(&n)).map_or((1, 1), |at| file.position_of(at));
    file.error(line, col, format!("template error: {e}")).help(help)
}

/// One page to render; listings carry their page number (1-based).
#[derive(Clone, Copy, Debug)]
enum Job {
    Home,
    Archive(usize),
    Stories(usize),
    Brief(usize),
    Story(usize, usize),
    Timeline,
    TimelinePart(usize),
    Search,
    Entities(usize),
    Entity(usize, usize),
    Outlet(usize, usize),
    Tag(usize, usize),
    Page(usize),
    NotFound,
}

/// Every page of the site, with as many pages per listing as its items need.
fn jobs(linked: &Linked) -> Vec<Job> {
    let c = &linked.content;
    let pages = views::page_count;
    let mut jobs = vec![Job::Home, Job::Timeline, Job::Search, Job::NotFound];
    if !linked.config.outputs.search {
        jobs.retain(|j| !matches!(j, Job::Search));
    }
    jobs.extend((1..=pages(c.briefs.len())).map(Job::Archive));
    jobs.extend((1..=pages(linked.stories.len())).map(Job::Stories));
    jobs.extend((1..=views::page_count_by(c.entities.len(), views::ENTITIES_PER_PAGE)).map(Job::Entities));
    if linked.timeline_parts.len() > 1 {
        jobs.extend((0..linked.timeline_parts.len()).map(Job::TimelinePart));
    }
    jobs.extend((0..c.briefs.len()).map(Job::Brief));
    for (s, story) in linked.stories.iter().enumerate() {
        jobs.extend((1..=pages(story.briefs.len())).map(|n| Job::Story(s, n)));
    }
    for (e, links) in linked.entities.iter().enumerate() {
        jobs.extend((1..=pages(links.briefs.len())).map(|n| Job::Entity(e, n)));
    }
    for (o, briefs) in linked.outlet_briefs.iter().enumerate().filter(|(_, b)| !b.is_empty()) {
        jobs.extend((1..=pages(briefs.len())).map(|n| Job::Outlet(o, n)));
    }
    for (t, tag) in linked.tags.iter().enumerate() {
        jobs.extend((1..=pages(tag.briefs.len())).map(|n| Job::Tag(t, n)));
    }
    jobs.extend((0..c.pages.len()).map(Job::Page));
    jobs
}

/// How [`render_site`] runs.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions<'a> {
    pub progress: &'a Progress,
    /// Record what each page reads ([`deps`]), for `serve`'s partial rebuilds.
    pub record: bool,
}

/// What [`render_site`] made: the paths sent, and what each page read when recorded.
#[derive(Debug)]
pub struct Rendered {
    pub paths: Vec<String>,
    pub deps: Option<deps::Deps>,
}

/// The paths one job sent (a brief's page and its Markdown page), or the problem.
type Sent = Result<Vec<String>, Diagnostic>;

/// Renders every page of the site into `sink` as it is made, with each brief's Markdown page
/// (made with its page when either is not kept, [`markdown::brief_markdown`], and let go with
/// it) and the theme's assets.
pub fn render_site(
    linked: &Linked,
    views: &Views,
    r: &Renderer,
    opts: RenderOptions,
    sink: &dyn Sink,
) -> Result<Rendered, Diags> {
    let jobs = jobs(linked);
    opts.progress.stage("rendering", jobs.len());
    let results: Vec<(Sent, Option<deps::Reads>)> = jobs
        .par_iter()
        .map_init(
            || Shared::new(&views.site()),
            |site, &job| {
                opts.progress.tick();
                deps::recording(opts.record, || render_job(views, site, r, job, sink))
            },
        )
        .collect();
    let briefs = linked.content.briefs.len();
    let mut record = opts.record.then(|| deps::Deps::new(briefs, linked.timeline.len()));
    let mut paths = Vec::with_capacity(results.len() + briefs);
    let mut diags = Diags::new();
    for (job, (res, reads)) in results.into_iter().enumerate() {
        if let (Some(deps), Some(reads)) = (&mut record, reads) {
            deps.add(job, reads);
        }
        match res {
            Ok(page) => paths.extend(page),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let assets =
        r.theme.assets.par_iter().map(|(path, bytes)| put(format!("static/{path}"), |p| sink.put(p, bytes.clone())));
    for res in assets.collect::<Vec<_>>() {
        match res {
            Ok(path) => paths.push(path),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(Rendered { paths, deps: record }) }
}

/// Renders again, into `sink`, the pages that read any of `briefs` or `entries` (by the
/// record of the full render, `deps`), with the Markdown page of each brief page rendered.
/// For an edit that kept every page's place in the site; returns how many pages were
/// rendered.
pub fn render_again(
    views: &Views,
    r: &Renderer,
    deps: &deps::Deps,
    changed: (&[usize], &[usize]),
    sink: &dyn Sink,
) -> Result<usize, Diags> {
    let linked = views.linked;
    let (briefs, entries) = changed;
    let mut diags = Diags::new();
    let site = Shared::new(&views.site());
    let all = jobs(linked);
    let again = deps.jobs_reading(briefs, entries);
    let results: Vec<Sent> = again.par_iter().map(|&job| render_job(views, &site, r, all[job], sink)).collect();
    diags.extend(results.into_iter().filter_map(Result::err));
    if diags.has_errors() { Err(diags) } else { Ok(again.len()) }
}

/// Sends brief `i`'s `index.md`, made by `markdown`; or, when the sink records what files are
/// made from and still has the one made from the same inputs (`made_from`), keeps that one.
fn send_markdown<'m>(
    linked: &Linked,
    i: usize,
    made_from: Option<u128>,
    markdown: impl FnOnce() -> &'m str,
    sink: &dyn Sink,
) -> Result<String, Diagnostic> {
    let path = format!("{}index.md", crate::link::urls::brief_path(&linked.content.briefs[i].slug));
    match made_from {
        Some(d) if sink.keep(&path, d) => Ok(path),
        Some(d) => put(path, |p| sink.put_page(p, markdown().as_bytes().to_vec(), d)),
        None => put(path, |p| sink.put(p, markdown().as_bytes().to_vec())),
    }
}

/// Hands a file to the sink with `send`; a failure to write it is a diagnostic on its path.
fn put(path: String, send: impl FnOnce(String) -> anyhow::Result<()>) -> Result<String, Diagnostic> {
    match send(path.clone()) {
        Ok(()) => Ok(path),
        Err(e) => Err(Diagnostic::error(&path, format!("cannot write the output: {e:#}"))),
    }
}

/// Brief `i`'s Markdown page and its page. Both are made from the brief's Markdown page, which
/// is made here only if one of them is not kept: a digest of what it is made from
/// ([`markdown::DocInput`]) stands for it in the page's digest and names the kept `index.md`.
fn brief_job(v: &Views, site: &Shared<SiteView>, r: &Renderer, i: usize, sink: &dyn Sink) -> Sent {
    let l = v.linked;
    let u = &l.urls;
    // The head and the structured data read the brief too.
    deps::brief(i);
    let b = &l.content.briefs[i];
    let (meta, settings) = (markdown::linked_meta(l, i), v.doc_settings());
    let input = markdown::DocInput { brief: b, highlights: &l.highlights[i], meta: &meta, settings: &settings };
    let made_from = sink.records_pages().then(|| digest::digest(&input));
    let made_md = std::cell::OnceCell::new();
    let page_md = || made_md.get_or_init(|| markdown::brief_markdown(&input)).as_str();
    let md = if l.config.outputs.markdown_pages { Some(send_markdown(l, i, made_from, page_md, sink)?) } else { None };
    let doc = markdown::brief_doc(&input);
    let desc = b.summary_text.clone().unwrap_or_default();
    let link = u.brief(&b.slug);
    let mut head = v.head(&b.title, &desc, &link, "home");
    head.og_type = "article".into();
    head.published = Some(b.published.iso());
    head.json_ld.push(structured::script(&structured::news_article(l, i)));
    head.json_ld.extend(structured::claim_reviews(l, i).iter().map(structured::script));
    let ctx = PageContext { site, head, page: v.brief_page(i, &doc, made_from.unwrap_or_default()) };
    let page = r.page_with(sink, u.file_of(&link), "brief.html", ctx, |page| page.complete(b, &doc, page_md()))?;
    Ok(md.into_iter().chain([page]).collect())
}

/// Renders one job's page into `sink` (for a brief, its Markdown page too); the paths sent.
fn render_job(v: &Views, site: &Shared<SiteView>, r: &Renderer, job: Job, sink: &dyn Sink) -> Sent {
    let l = v.linked;
    let u = &l.urls;
    let c = &l.content;
    // Each page is (its link, template, head, view); the file follows from the link.
    macro_rules! page {
        ($link:expr, $template:literal, $head:expr, $page:expr) => {
            r.page(sink, u.file_of(&$link), $template, PageContext { site, head: $head, page: $page }).map(|p| vec![p])
        };
    }
    let t = &r.theme.strings;
    let numbered = |title: &str, n: usize| {
        if n > 1 { t.fill("titles.numbered", &[("title", title), ("n", &n.to_string())]) } else { title.to_owned() }
    };
    match job {
        Job::Home => {
            let mut head = v.head("", "", &u.home(), "home");
            head.feeds.push(Link { title: l.config.title.clone(), url: u.feed(&u.home()) });
            head.json_ld.push(structured::script(&structured::website(l)));
            page!(u.home(), "index.html", head, v.home_page())
        }
        Job::Archive(n) => {
            let link = u.paged(&u.archive(), n);
            page!(
                link,
                "archive.html",
                v.head(&numbered(t.text("titles.archive"), n), "", &link, "home"),
                v.archive_page(n)
            )
        }
        Job::Stories(n) => {
            let link = u.paged(&u.stories(), n);
            page!(
                link,
                "stories.html",
                v.head(&numbered(t.text("titles.stories"), n), "", &link, "home"),
                v.story_index_page(n)
            )
        }
        Job::Brief(i) => brief_job(v, site, r, i, sink),
        Job::Story(s, n) => {
            let first = u.story(&l.stories[s].story.id);
            let link = u.paged(&first, n);
            let title = t.fill("titles.story", &[("title", &v.story_title(s))]);
            let mut head = v.head(&numbered(&title, n), "", &link, "home");
            if l.config.outputs.feeds == Feeds::All {
                head.feeds.push(Link { title, url: u.feed(&first) });
            }
            page!(link, "story.html", head, v.story_page(s, n))
        }
        Job::Timeline | Job::TimelinePart(_) => {
            let part = if let Job::TimelinePart(p) = job { Some(p) } else { None };
            let link = part.map_or_else(|| u.timeline(), |p| u.path(&l.timeline_parts[p].path));
            let page = v.timeline_page(part);
            let title = if part.is_some() { page.title.clone() } else { t.text("titles.timeline").to_owned() };
            let ctx = PageContext { site, head: v.head(&title, "", &link, "timeline"), page };
            r.page_with(sink, u.file_of(&link), "timeline.html", ctx, |page| v.render_entries(&mut page.years))
                .map(|p| vec![p])
        }
        Job::Search => page!(
            u.search(),
            "search.html",
            v.head(
                t.text("titles.search"),
                &t.fill("titles.search_description", &[("site", &l.config.title)]),
                &u.search(),
                "search"
            ),
            v.search_page()
        ),
        Job::Entities(n) => {
            let link = u.paged(&u.entities(), n);
            page!(
                link,
                "entities.html",
                v.head(&numbered(t.text("titles.entities"), n), "", &link, "entities"),
                v.entity_index_page(n)
            )
        }
        Job::Entity(e, n) => {
            let ent = &c.entities[e];
            let desc = ent.description.as_deref().map(plain_text).unwrap_or_default();
            let link = u.paged(&u.entity(&ent.id), n);
            let mut head = v.head(&numbered(&ent.name, n), &desc, &link, "entities");
            if l.config.outputs.feeds == Feeds::All {
                head.feeds.push(Link { title: ent.name.clone(), url: u.feed(&u.entity(&ent.id)) });
            }
            page!(link, "entity.html", head, v.entity_page(e, n))
        }
        Job::Outlet(o, n) => {
            let outlet = &c.outlets[o];
            let link = u.paged(&u.outlet(&outlet.id), n);
            page!(link, "outlet.html", v.head(&numbered(&outlet.name, n), "", &link, "home"), v.outlet_page(o, n))
        }
        Job::Tag(tag_index, n) => {
            let tag = &l.tags[tag_index];
            let link = u.paged(&u.tag(&tag.name), n);
            let head = v.head(&numbered(&t.fill("titles.tag", &[("tag", &tag.name)]), n), "", &link, "home");
            page!(link, "tag.html", head, v.tag_page(tag_index, n))
        }
        Job::Page(p) => {
            let page = &c.pages[p];
            let link = u.page(&page.slug);
            let head =
                v.head(&page.title, page.description.as_deref().unwrap_or(""), &link, &format!("page-{}", page.slug));
            page!(link, "page.html", head, v.free_page(p))
        }
        Job::NotFound => {
            page!(u.path("404.html"), "404.html", v.head(t.text("titles.not_found"), "", &u.path("404.html"), ""), ())
        }
    }
}
