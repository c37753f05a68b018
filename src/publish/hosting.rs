//! The files GitHub Pages and crawlers expect of every site: `.nojekyll`, `robots.txt`, and
//! `CNAME` when a custom domain is configured.

use crate::config::Config;
use crate::link::Urls;
use crate::site::Output;

/// `.nojekyll`, `robots.txt` (pointing at the sitemap), `CNAME` when configured.
pub fn hosting_files(config: &Config, urls: &Urls) -> Output {
    let mut out = Output::new();
    out.add(".nojekyll", Vec::new());
    out.add("robots.txt", format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", urls.absolutize(&urls.sitemap())));
    if let Some(cname) = config.cname.as_ref().map(|c| &c.value) {
        out.add("CNAME", format!("{}\n", cname.trim()));
    }
    out
}
