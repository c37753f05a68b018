//! A temporary copy of a site, and ways to build, check and inspect it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use briefgen::site::Output;
use briefgen::{SiteOptions, build_site};

/// The repository root (the demo site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder.
pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// The result of running the `briefgen` binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let t = Self::empty();
        copy_dir(&repo().join("tests/fixtures").join(name), &t.root);
        t
    }

    /// A copy of the demo site (config, seeds, content; the theme is the embedded one).
    pub fn demo() -> Self {
        let t = Self::empty();
        for part in ["seeds", "content"] {
            copy_dir(&repo().join(part), &t.root.join(part));
        }
        std::fs::copy(repo().join("briefgen.yaml"), t.root.join("briefgen.yaml")).unwrap();
        t
    }

    pub fn empty() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        SiteTest { _dir: dir, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// Replaces `from` by `to` in a file; the text must be there.
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    /// Builds in memory; panics with the diagnostics if the build fails. Every article's text
    /// is moved out of memory and read back (`SiteOptions::text_in_memory` 0), where `briefgen
    /// build` on a small site holds it all: tests that compare the two compare both ways.
    pub fn output(&self) -> Output {
        self.output_with(None)
    }

    pub fn output_with(&self, base_url: Option<&str>) -> Output {
        let opts = SiteOptions {
            root: self.root.clone(),
            base_url: base_url.map(str::to_owned),
            text_in_memory: 0,
            ..SiteOptions::default()
        };
        let (built, diags) = build_site(&opts).unwrap();
        match built {
            Some(b) => b.output,
            None => {
                panic!(
                    "build failed:\n{}",
                    briefgen::diag::render(&diags.into_sorted(), briefgen::diag::MessageFormat::Human)
                )
            }
        }
    }

    /// The binary with `args`, to run in the site folder.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefgen"));
        cmd.args(args).current_dir(&self.root).env("NO_COLOR", "1");
        cmd
    }

    /// Runs the binary in the site folder; it must end within [`PROCESS_LIMIT`].
    pub fn run(&self, args: &[&str]) -> Run {
        run_with_timeout(self.command(args), PROCESS_LIMIT)
    }

    /// Starts the binary in the site folder, to [`Started::wait`] for later.
    pub fn start(&self, args: &[&str]) -> Started {
        Started::new(self.command(args))
    }
}

/// How long any process a test starts may take: "never hangs" is enforced, not hoped for.
pub const PROCESS_LIMIT: Duration = Duration::from_secs(300);

/// A process a test started, its output collected as it runs; killed when dropped.
pub struct Started {
    child: Child,
    what: String,
    stdout: Option<JoinHandle<String>>,
    stderr: Option<JoinHandle<String>>,
}

impl Started {
    pub fn new(mut cmd: Command) -> Started {
        let what = format!("{cmd:?}");
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
        let collect = |mut r: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = r.read_to_end(&mut bytes);
                String::from_utf8_lossy(&bytes).into_owned()
            })
        };
        let stdout = child.stdout.take().map(|o| collect(Box::new(o)));
        let stderr = child.stderr.take().map(|e| collect(Box::new(e)));
        Started { child, what, stdout, stderr }
    }

    /// Waits for the process to end; past `limit` it is killed and the test fails.
    pub fn wait(mut self, limit: Duration) -> Run {
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("{} did not end within {limit:?}", self.what);
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let text = |h: Option<JoinHandle<String>>| h.map(|h| h.join().unwrap_or_default()).unwrap_or_default();
        Run { code: status.code().unwrap_or(-1), stdout: text(self.stdout.take()), stderr: text(self.stderr.take()) }
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Runs `cmd`, which must end within `limit`.
pub fn run_with_timeout(cmd: Command, limit: Duration) -> Run {
    Started::new(cmd).wait(limit)
}

impl Run {
    /// Asserts that `check` ended with this count of problems (`2 errors, 1 warning`).
    pub fn assert_summary(&self, counts: &str) {
        let last = format!("check: {counts}\n");
        assert!(self.stderr.ends_with(&last), "not {last:?} at the end of:\n{}", self.stderr);
    }

    /// Asserts that stderr has a diagnostic with this message (`error: …` or `warning: …`) at
    /// this location (`file:line:col`), and no panic.
    pub fn assert_reports(&self, location: &str, message: &str) {
        let at = self.stderr.find(message).unwrap_or_else(|| panic!("no {message:?} in:\n{}", self.stderr));
        let next_line = self.stderr[at..].lines().nth(1).unwrap_or_default();
        assert_eq!(next_line.trim_start(), format!("--> {location}"), "location of {message:?} in:\n{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }
}

/// Copies a folder, as files.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The output file that serves a site path (no base path): `x/` → `x/index.html`.
pub fn target_file(out: &Output, path: &str) -> Option<String> {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return out.get(&index).map(|_| index);
    }
    out.get(rel).map(|_| rel.to_owned())
}

/// Checks that an absolute URL under `base_url` names a generated file and, with a
/// `#fragment`, an element with that id in it.
pub fn check_url(out: &Output, base_url: &str, url: &str) -> Result<String, String> {
    let rest = url.strip_prefix(base_url).ok_or_else(|| format!("{url} is not under {base_url}"))?;
    let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let file = target_file(out, path).ok_or_else(|| format!("{url}: no such file"))?;
    if !fragment.is_empty() && !attr_values(out.text(&file).unwrap_or_default(), "id").contains(&fragment) {
        return Err(format!("{url}: no element with id {fragment}"));
    }
    Ok(file)
}

/// The values of `attr="…"` in an HTML text.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').unwrap();
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}
