//! Render: Tera 2 templates fed typed view structs ([`views`]). The template set is compiled
//! once; every page is rendered in parallel. Template errors become diagnostics naming the
//! template file, line and column.

mod brief_page;
mod pages;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diag::{Diagnostic, Diags, SourceFile, display_path};
use crate::link::Linked;
use crate::markdown::BriefDoc;
use crate::progress::Progress;
use crate::site::Output;
use crate::site::theme::Theme;
use views::{Head, SiteView, Views};

pub use brief_page::text_fragment_url;

/// The compiled templates of a theme.
pub struct Renderer {
    tera: Tera,
    theme: Theme,
}

/// What every template receives: `site`, `head` and the page's own view as `page`.
#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    site: &'a SiteView,
    head: Head,
    page: T,
}

impl Renderer {
    /// Compiles the theme's templates; syntax errors are located diagnostics.
    pub fn new(theme: Theme) -> Result<Self, Diags> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let templates = theme.templates.iter().map(|(n, s)| (n.as_str(), s.as_str()));
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(Diags::from(template_error(&theme, &e)));
        }
        Ok(Renderer { tera, theme })
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    fn render<T: Serialize>(&self, template: &str, ctx: &PageContext<T>) -> Result<String, Diagnostic> {
        let context = Context::from_serialize(ctx).map_err(|e| self.error(template, &e))?;
        self.tera.render(template, &context).map_err(|e| self.error(template, &e))
    }

    fn error(&self, template: &str, e: &tera::Error) -> Diagnostic {
        let mut d = template_error(&self.theme, e);
        if d.line == 0 {
            d.file = self.theme.dir.join("templates").join(template);
        }
        d
    }
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn template_error(theme: &Theme, e: &tera::Error) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let path = theme.dir.join("templates").join(r.filename());
            let source =
                theme.templates.iter().find(|(n, _)| n == r.filename()).map(|(_, s)| s.clone()).unwrap_or_default();
            let span = r.span();
            SourceFile::new(path, source)
                .error(span.start_line as u32, span.start_col as u32 + 1, format!("template error: {}", r.message()))
                .help("fix the template; the view structs available to templates are documented in docs/themes.md")
        }
        _ => Diagnostic::error(theme.dir.join("templates"), format!("template error: {e}"))
            .help(format!("check the templates in {}", display_path(&theme.dir))),
    }
}

/// One page to render.
#[derive(Clone, Copy, Debug)]
enum Job {
    Home,
    Brief(usize),
    Story(usize),
    Timeline,
    Search,
    Entities,
    Entity(usize),
    Outlet(usize),
    Tag(usize),
    Page(usize),
    NotFound,
}

/// Renders every page of the site. `docs` holds each brief's Markdown and HTML, in brief order.
pub fn render_site(linked: &Linked, docs: &[BriefDoc], r: &Renderer, progress: &Progress) -> Result<Output, Diags> {
    let views = Views::new(linked);
    let site = views.site();
    let c = &linked.content;
    let mut jobs = vec![Job::Home, Job::Timeline, Job::Search, Job::Entities, Job::NotFound];
    jobs.extend((0..c.briefs.len()).map(Job::Brief));
    jobs.extend((0..linked.stories.len()).map(Job::Story));
    jobs.extend((0..c.entities.len()).map(Job::Entity));
    jobs.extend((0..c.outlets.len()).filter(|&o| !linked.outlet_briefs[o].is_empty()).map(Job::Outlet));
    jobs.extend((0..linked.tags.len()).map(Job::Tag));
    jobs.extend((0..c.pages.len()).map(Job::Page));
    progress.stage("rendering", jobs.len());
    let results: Vec<Result<(String, String), Diagnostic>> = jobs
        .par_iter()
        .map(|&job| {
            progress.tick();
            render_job(&views, &site, docs, r, job)
        })
        .collect();
    let mut out = Output::new();
    let mut diags = Diags::new();
    for res in results {
        match res {
            Ok((path, html)) => out.add(path, html),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for (i, doc) in docs.iter().enumerate() {
        out.add(format!("{}index.md", crate::link::urls::brief_path(&c.briefs[i].slug)), doc.markdown.clone());
    }
    for (path, bytes) in &r.theme.assets {
        out.add(format!("static/{path}"), bytes.clone());
    }
    Ok(out)
}

fn render_job(
    v: &Views,
    site: &SiteView,
    docs: &[BriefDoc],
    r: &Renderer,
    job: Job,
) -> Result<(String, String), Diagnostic> {
    let l = v.linked;
    let u = &l.urls;
    let c = &l.content;
    macro_rules! page {
        ($path:expr, $template:literal, $head:expr, $page:expr) => {
            Ok(($path, r.render($template, &PageContext { site, head: $head, page: $page })?))
        };
    }
    match job {
        Job::Home => page!("index.html".into(), "index.html", v.head("", "", &u.home(), "home"), v.home_page()),
        Job::Brief(i) => {
            let b = &c.briefs[i];
            let desc = b.summary.as_deref().map(views::plain).unwrap_or_default();
            let mut head = v.head(&b.title, &desc, &u.brief(&b.slug), "home");
            head.og_type = "article".into();
            page!(
                format!("{}index.html", crate::link::urls::brief_path(&b.slug)),
                "brief.html",
                head,
                v.brief_page(i, &docs[i])
            )
        }
        Job::Story(s) => {
            let id = &l.stories[s].story.id;
            let head = v.head(&format!("Story: {}", v.story_title(s)), "", &u.story(id), "home");
            page!(format!("stories/{id}/index.html"), "story.html", head, v.story_page(s))
        }
        Job::Timeline => page!(
            "timeline/index.html".into(),
            "timeline.html",
            v.head("Timeline", "", &u.timeline(), "timeline"),
            v.timeline_page()
        ),
        Job::Search => page!(
            "search/index.html".into(),
            "search.html",
            v.head(
                "Search",
                &format!("Search the briefs, notes and entities of {}", l.config.title),
                &u.search(),
                "search"
            ),
            v.search_page()
        ),
        Job::Entities => page!(
            "entities/index.html".into(),
            "entities.html",
            v.head("Entities", "", &u.entities(), "entities"),
            v.entity_index_page()
        ),
        Job::Entity(e) => {
            let ent = &c.entities[e];
            let desc = ent.description.as_deref().map(views::plain).unwrap_or_default();
            page!(
                format!("entities/{}/index.html", ent.id),
                "entity.html",
                v.head(&ent.name, &desc, &u.entity(&ent.id), "entities"),
                v.entity_page(e)
            )
        }
        Job::Outlet(o) => {
            let outlet = &c.outlets[o];
            page!(
                format!("outlets/{}/index.html", outlet.id),
                "outlet.html",
                v.head(&outlet.name, "", &u.outlet(&outlet.id), "home"),
                v.outlet_page(o)
            )
        }
        Job::Tag(t) => {
            let tag = &l.tags[t];
            page!(
                format!("tags/{}/index.html", tag.slug),
                "tag.html",
                v.head(&format!("Tag: {}", tag.name), "", &u.tag(&tag.name), "home"),
                v.tag_page(t)
            )
        }
        Job::Page(p) => {
            let page = &c.pages[p];
            let head = v.head(
                &page.title,
                page.description.as_deref().unwrap_or(""),
                &u.page(&page.slug),
                &format!("page-{}", page.slug),
            );
            page!(format!("{}/index.html", page.slug), "page.html", head, v.free_page(p))
        }
        Job::NotFound => {
            page!("404.html".into(), "404.html", v.head("Page not found", "", &u.path("404.html"), ""), ())
        }
    }
}
