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
        format!("{}{rel}", self.base_path)
    }

    /// A site path as an absolute URL.
    pub fn absolute(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_url)
    }

    /// Turns an internal link (as made by [`Urls::path`]) into an absolute URL.
    pub fn absolutize(&self, link: &str) -> String {
        self.absolute(link.strip_prefix(&self.base_path).unwrap_or(link))
    }

    pub fn home(&self) -> String {
        self.path("")
    }

    pub fn brief(&self, slug: &str) -> String {
        self.path(&brief_path(slug))
    }

    pub fn story(&self, id: &str) -> String {
        self.path(&format!("stories/{id}/"))
    }

    pub fn entity(&self, id: &str) -> String {
        self.path(&format!("entities/{id}/"))
    }

    pub fn entities(&self) -> String {
        self.path("entities/")
    }

    pub fn outlet(&self, id: &str) -> String {
        self.path(&format!("outlets/{id}/"))
    }

    pub fn tag(&self, tag: &str) -> String {
        self.path(&format!("tags/{}/", slugify(tag)))
    }

    pub fn timeline(&self) -> String {
        self.path("timeline/")
    }

    pub fn timeline_entry(&self, anchor: &str) -> String {
        format!("{}#{anchor}", self.timeline())
    }

    pub fn page(&self, slug: &str) -> String {
        self.path(&format!("{slug}/"))
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
        self.path(&format!("static/{file}"))
    }
}

/// A file of the search index, relative to the site root.
pub fn search_path(rel: &str) -> String {
    format!("search/{rel}")
}

/// The output folder of a brief, relative to the site root.
pub fn brief_path(slug: &str) -> String {
    format!("briefs/{slug}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_base_path() {
        let u = Urls::new("https://example.github.io/briefgen/", "/briefgen/");
        assert_eq!(u.brief("a-b"), "/briefgen/briefs/a-b/");
        assert_eq!(u.tag("Syria war"), "/briefgen/tags/syria-war/");
        assert_eq!(u.timeline_entry("e-x"), "/briefgen/timeline/#e-x");
        assert_eq!(u.absolutize(&u.entity("x")), "https://example.github.io/briefgen/entities/x/");
        let root = Urls::new("https://example.org/", "/");
        assert_eq!(root.home(), "/");
        assert_eq!(root.asset("style.css"), "/static/style.css");
        assert_eq!(u.search(), "/briefgen/search/");
        assert_eq!(u.search_file("index.json"), "/briefgen/search/index.json");
    }
}
