//! What `init` writes for publishing: the GitHub Pages workflow (`.github/workflows/pages.yml`),
//! which runs briefgen's GitHub Action pinned to the commit this binary was built from, and the
//! site's `README.md` (preview, add an article, check, publish).

use crate::cli::COMMIT;

const WORKFLOW: &str = include_str!("../../../starter/publish/pages.yml");
const README: &str = include_str!("../../../starter/publish/README.md");
const README_PAGES: &str = include_str!("../../../starter/publish/README-pages.md");
const README_STATIC: &str = include_str!("../../../starter/publish/README-static.md");

/// Where the workflow goes in the new site.
pub const WORKFLOW_PATH: &str = ".github/workflows/pages.yml";

/// What to write.
#[derive(Debug, Clone, Copy)]
pub struct PublishOptions {
    /// Write the workflow (not with `--no-workflow`).
    pub workflow: bool,
    /// The site's title, the README's heading.
    pub title: &'static str,
}

/// The files, as (path in the site, text).
pub fn files(opts: PublishOptions) -> Vec<(&'static str, String)> {
    let release = Release::this_binary();
    let mut readme = release.fill(README).replace("@TITLE@", opts.title);
    readme.push_str(if opts.workflow { README_PAGES } else { README_STATIC });
    let mut files = vec![("README.md", readme)];
    if opts.workflow {
        files.push((WORKFLOW_PATH, release.fill(WORKFLOW)));
    }
    files
}

/// The release of briefgen this binary is, as the templates name it.
struct Release {
    /// `0.1.0`
    version: &'static str,
    /// `OWNER/REPO` on GitHub, from Cargo.toml's `repository`.
    repository: &'static str,
    /// The commit this binary was built from, if known.
    commit: Option<&'static str>,
}

impl Release {
    fn this_binary() -> Self {
        let url = env!("CARGO_PKG_REPOSITORY");
        Release {
            version: env!("CARGO_PKG_VERSION"),
            repository: url.strip_prefix("https://github.com/").unwrap_or(url).trim_end_matches('/'),
            commit: Some(COMMIT).filter(|c| !c.is_empty()),
        }
    }

    /// `OWNER/REPO@COMMIT # vVERSION`: pinned to the commit (an immutable reference, as the
    /// workflow's other actions), or to the release tag when the commit is not known.
    fn action_ref(&self) -> String {
        match self.commit {
            Some(commit) => format!("{}@{commit} # v{}", self.repository, self.version),
            None => format!("{}@v{}", self.repository, self.version),
        }
    }

    fn fill(&self, template: &str) -> String {
        template
            .replace("@ACTION@", &self.action_ref())
            .replace("@VERSION@", self.version)
            .replace("@REPOSITORY@", &format!("https://github.com/{}", self.repository))
            .replace("@DOCS@", &format!("https://github.com/{}/blob/main/docs/publishing.md", self.repository))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(commit: Option<&'static str>) -> Release {
        Release { version: "1.2.3", repository: "owner/briefgen", commit }
    }

    #[test]
    fn action_is_pinned_to_the_commit_with_its_version_beside() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(release(Some(sha)).action_ref(), format!("owner/briefgen@{sha} # v1.2.3"));
        assert_eq!(release(None).action_ref(), "owner/briefgen@v1.2.3");
    }

    #[test]
    fn templates_leave_no_placeholder() {
        for workflow in [true, false] {
            let opts = PublishOptions { workflow, title: "Site" };
            for (path, text) in files(opts) {
                let placeholder =
                    text.split('@').skip(1).find(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()));
                assert_eq!(placeholder, None, "{path}:\n{text}");
            }
        }
        assert_eq!(files(PublishOptions { workflow: false, title: "Site" }).len(), 1, "README.md only");
    }
}
