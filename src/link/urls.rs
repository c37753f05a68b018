//! Every URL of the site, in one place. Internal links are root-relative and start with the
//! base path (`/briefgen/…` for a GitHub Pages project site), so they work at any depth,
//! including in `404.html`; canonical URLs are absolute.

use crate::text::slugify;

#[derive(Clone, Debug)]
pub struct Urls {
    /// `/` or `/REPO/`.
    pub base_path: String,
    /// `https://host/REPO/`.
    pub base_url: String,
}

impl Urls {
    pub fn new(base_url: &str, base_path: &str) -> Self {
        Urls { base_path: base_path.to_owned(), base_url: base_url.to_owned() }
    }

    /// A site path (no leading slash) as an internal link.
    pub fn path(&self, rel: &str) -> String {
        [self.base_path.as_str(), rel].concat()
    }

    /// The folder `name` under `section` (`"briefs/"`, …) as an internal link: `/base/section/name/`.
    fn under(&self, section: &str, name: &str) -> String {
        [self.base_path.as_str(), section, name, "/"].concat()
    }

    /// A site path as an absolute URL.
    pub fn absolute(&self, rel: &str) -> String {
        [self.base_url.as_str(), rel].concat()
    }

    /// Turns an internal link (as made by [`Urls::path`]) into an absolute URL.
    pub fn absolutize(&self, link: &str) -> String {
        self.absolute(link.strip_prefix(&self.base_path).unwrap_or(link))
    }

    /// Page `n` of a paginated listing at `base` (an internal link): the base itself for
    /// the first page, then `base/page/<n>/`.
    pub fn paged(&self, base: &str, n: usize) -> String {
        if n <= 1 { base.to_owned() } else { format!("{base}page/{n}/") }
    }

    /// The output file an internal link is served from: `x/` → `x/index.html`.
    pub fn file_of(&self, link: &str) -> String {
        let rel = link.strip_prefix(&self.base_path).unwrap_or(link);
        let rel = rel.split('#').next().unwrap_or(rel);
        if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_owned() }
    }

    /// All briefs, newest first (paginated).
    pub fn archive(&self) -> String {
        self.path("briefs/")
    }

    /// All stories (paginated).
    pub fn stories(&self) -> String {
        self.path("stories/")
    }

    pub fn home(&self) -> String {
        self.path("")
    }

    pub fn brief(&self, slug: &str) -> String {
        self.under("briefs/", slug)
    }

    /// A note on its brief's page.
    pub fn note(&self, slug: &str, note_id: &str) -> String {
        [self.base_path.as_str(), "briefs/", slug, "/#", NOTE_ANCHOR, note_id].concat()
    }

    pub fn story(&self, id: &str) -> String {
        self.under("stories/", id)
    }

    pub fn entity(&self, id: &str) -> String {
        self.under("entities/", id)
    }

    pub fn entities(&self) -> String {
        self.path("entities/")
    }

    pub fn outlet(&self, id: &str) -> String {
        self.under("outlets/", id)
    }

    pub fn tag(&self, tag: &str) -> String {
        self.under("tags/", &slugify(tag))
    }

    pub fn timeline(&self) -> String {
        self.path("timeline/")
    }

    pub fn page(&self, slug: &str) -> String {
        self.under("", slug)
    }

    /// Where the Atom feed of a page (an internal link; `""` for the site) is, as a site path:
    /// `atom.xml`, `entities/<id>/atom.xml`.
    pub fn feed_path(&self, page: &str) -> String {
        let rel = page.strip_prefix(&self.base_path).unwrap_or(page);
        format!("{rel}atom.xml")
    }

    /// The Atom feed of a page, as an internal link.
    pub fn feed(&self, page: &str) -> String {
        self.path(&self.feed_path(page))
    }

    pub fn sitemap(&self) -> String {
        self.path(SITEMAP)
    }

    pub fn timeline_json(&self) -> String {
        self.path(TIMELINE_JSON)
    }

    pub fn annotations(&self) -> String {
        self.path(ANNOTATIONS)
    }

    /// The search page.
    pub fn search(&self) -> String {
        self.path("search/")
    }

    /// A file of the search index (`index.json`, `terms/0.json`), as an internal link.
    pub fn search_file(&self, rel: &str) -> String {
        self.path(&search_path(rel))
    }

    pub fn asset(&self, file: &str) -> String {
        [self.base_path.as_str(), "static/", file].concat()
    }
}

pub const SITEMAP: &str = "sitemap.xml";
pub const TIMELINE_JSON: &str = "timeline.json";
pub const ANNOTATIONS: &str = "annotations.jsonld";

/// A file of the search index, relative to the site root.
pub fn search_path(rel: &str) -> String {
    format!("search/{rel}")
}

/// What a note's element id starts with.
const NOTE_ANCHOR: &str = "note-";

/// The element id of a note on its brief's page.
pub fn note_anchor(note_id: &str) -> String {
    [NOTE_ANCHOR, note_id].concat()
}

/// The output folder of a brief, relative to the site root.
pub fn brief_path(slug: &str) -> String {
    ["briefs/", slug, "/"].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_base_path() {
        let u = Urls::new("https://example.github.io/briefgen/", "/briefgen/");
        assert_eq!(u.brief("a-b"), "/briefgen/briefs/a-b/");
        assert_eq!(u.tag("Syria war"), "/briefgen/tags/syria-war/");
        assert_eq!(u.absolutize(&u.entity("x")), "https://example.github.io/briefgen/entities/x/");
        let root = Urls::new("https://example.org/", "/");
        assert_eq!(root.home(), "/");
        assert_eq!(root.asset("style.css"), "/static/style.css");
        assert_eq!(u.feed(&u.entity("x")), "/briefgen/entities/x/atom.xml");
        assert_eq!(u.feed_path(&u.home()), "atom.xml");
        assert_eq!(u.paged(&u.entity("x"), 1), "/briefgen/entities/x/");
        assert_eq!(u.paged(&u.entity("x"), 3), "/briefgen/entities/x/page/3/");
        assert_eq!(u.file_of(&u.paged(&u.entity("x"), 3)), "entities/x/page/3/index.html");
        assert_eq!(u.file_of(&u.home()), "index.html");
        assert_eq!(u.file_of(&u.path("404.html")), "404.html");
        assert_eq!(u.search(), "/briefgen/search/");
        assert_eq!(u.search_file("index.json"), "/briefgen/search/index.json");
    }
}
