//! Records the commit briefgen is built from: `briefgen --version` prints it, and the workflow
//! `briefgen init` writes pins the GitHub Action to it.
//!
//! The commit comes from, in order: `BRIEFGEN_COMMIT` in the environment (for builds from a
//! tarball that know their commit), the git checkout the package is the root of (a clone,
//! `cargo install --git`, `cargo install --path .`), or `.cargo_vcs_info.json` (a crate packaged
//! by `cargo package`). Without any of them the commit is unknown, and says so.

use std::path::Path;
use std::process::Command;

fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&dir);
    println!("cargo:rerun-if-env-changed=BRIEFGEN_COMMIT");
    println!("cargo:rerun-if-changed=build.rs");
    let commit = std::env::var("BRIEFGEN_COMMIT")
        .ok()
        .filter(|c| is_commit(c))
        .or_else(|| git_commit(dir))
        .or_else(|| vcs_info_commit(dir))
        .unwrap_or_default();
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let shown = if commit.is_empty() {
        format!("{version} (commit unknown: built outside a git checkout)")
    } else {
        format!("{version} (commit {})", &commit[..12])
    };
    println!("cargo:rustc-env=BRIEFGEN_COMMIT={commit}");
    println!("cargo:rustc-env=BRIEFGEN_VERSION_TEXT={shown}");
}

/// A full hexadecimal commit id.
fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// HEAD of the git checkout whose top folder is the package's own (not of a repository the
/// package merely sits in), and the files to watch so that a new commit is noticed.
fn git_commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    let commit = git(dir, &["rev-parse", "HEAD"]).filter(|c| is_commit(c))?;
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    watched.extend(git(dir, &["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        // Relative to `dir` unless absolute (as in a worktree).
        if let Some(path) = git(dir, &["rev-parse", "--git-path", &name]).map(|p| dir.join(p))
            && path.exists()
        {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Some(commit)
}

/// The commit `cargo package` recorded: `{"git": {"sha1": "…"}, …}`.
fn vcs_info_commit(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(".cargo_vcs_info.json")).ok()?;
    let at = text.find("\"sha1\"")?;
    let rest = &text[at + 6..];
    let start = rest.find('"')? + 1;
    let sha = &rest[start..start + 40.min(rest.len() - start)];
    is_commit(sha).then(|| sha.to_owned())
}
