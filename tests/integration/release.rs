//! A newsroom's own site, from install to published (issue 20): `briefgen init` in an empty
//! folder, then what its workflow does on GitHub, done here — the install script fetching a
//! release archive packaged from this very binary (`release/package.sh`) from a loopback
//! server laid out as GitHub's releases, briefgen's action building the site for the address
//! actions/configure-pages would give — and the built site judged by `../shared/site-audit`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::actions::{Runner, parse};
use crate::harness::{Run, SiteTest, repo};
use crate::loopback::{LoopbackServer, Reply};

const VERSION: &str = env!("CARGO_PKG_VERSION");
/// What actions/configure-pages reports for a project site (no trailing slash).
const PAGES_URL: &str = "https://user.github.io/newsroom";

/// The Rust target whose archive install.sh picks on this machine.
fn target() -> String {
    let os = if cfg!(target_os = "macos") { "apple-darwin" } else { "unknown-linux-musl" };
    format!("{}-{os}", std::env::consts::ARCH)
}

/// A release of this binary as the release workflow publishes it, served from 127.0.0.1 under
/// `/releases/` the way GitHub serves releases: `download/vX.Y.Z/FILE`, and `latest`
/// redirecting to `tag/vX.Y.Z`.
struct FakeRelease {
    server: LoopbackServer,
    archive: String,
}

/// This binary packaged once by release/package.sh (a debug binary is large: packing it takes
/// seconds).
struct Packaged {
    archive: String,
    bytes: Vec<u8>,
    checksum: Vec<u8>,
}

fn packaged() -> &'static Packaged {
    static PACKAGED: OnceLock<Packaged> = OnceLock::new();
    PACKAGED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("sh")
            .arg(repo().join("release/package.sh"))
            .arg(target())
            .arg(env!("CARGO_BIN_EXE_briefgen"))
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "package.sh: {}", String::from_utf8_lossy(&out.stderr));
        let archive = format!("briefgen-{}.tar.gz", target());
        let bytes = std::fs::read(dir.path().join(&archive)).unwrap();
        let checksum = std::fs::read(dir.path().join(format!("{archive}.sha256"))).unwrap();
        Packaged { archive, bytes, checksum }
    })
}

impl FakeRelease {
    fn serve(damage: bool) -> Self {
        let Packaged { archive, bytes, checksum } = packaged();
        let mut bytes = bytes.clone();
        if damage {
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x55;
        }
        let download = format!("/releases/download/v{VERSION}");
        let routes = BTreeMap::from([
            (format!("{download}/{archive}"), Reply::File(bytes)),
            (format!("{download}/{archive}.sha256"), Reply::File(checksum.clone())),
            ("/releases/latest".to_owned(), Reply::Redirect(format!("/releases/tag/v{VERSION}"))),
            (format!("/releases/tag/v{VERSION}"), Reply::File(b"the release page".to_vec())),
        ]);
        FakeRelease { server: LoopbackServer::serve(routes), archive: archive.clone() }
    }

    /// What `BRIEFGEN_RELEASES_URL` is set to.
    fn releases_url(&self) -> String {
        format!("{}/releases", self.server.url())
    }
}

/// `briefgen init` in an empty folder; returns the site and its workflow.
fn new_site(args: &[&str]) -> (SiteTest, serde_json::Value) {
    let site = SiteTest::empty();
    let run = site.run(&[&["init"][..], args].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let workflow = std::fs::read_to_string(site.path(".github/workflows/pages.yml")).unwrap_or_default();
    (site, parse(if workflow.is_empty() { "{}" } else { &workflow }))
}

fn runner(site: &SiteTest, event: &'static str, release: &FakeRelease) -> Runner {
    let dir = site.root.parent().unwrap().join("runner");
    std::fs::create_dir_all(&dir).unwrap();
    Runner {
        workspace: site.root.clone(),
        event,
        pages_url: PAGES_URL.to_owned(),
        env: vec![("BRIEFGEN_RELEASES_URL".to_owned(), release.releases_url())],
        dir,
    }
}

#[test]
fn init_writes_a_workflow_pinned_to_this_binary_and_a_readme() {
    let (site, workflow) = new_site(&[]);
    let steps = workflow["jobs"]["build"]["steps"].as_array().unwrap();
    let briefgen = steps.iter().find(|s| s["id"] == "briefgen").unwrap();
    let repository = env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/");
    let commit = env!("BRIEFGEN_COMMIT");
    let pin = if commit.is_empty() { format!("v{VERSION}") } else { commit.to_owned() };
    assert_eq!(briefgen["uses"], format!("{repository}@{pin}"));
    let text = site.read(".github/workflows/pages.yml");
    assert!(text.contains(&format!("@{pin} # v{VERSION}")) || commit.is_empty(), "{text}");
    for step in steps.iter().chain(workflow["jobs"]["deploy"]["steps"].as_array().unwrap()) {
        let uses = step["uses"].as_str().unwrap_or_default();
        let pinned =
            uses.split_once('@').is_some_and(|(_, r)| r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(uses.is_empty() || pinned || commit.is_empty(), "{uses} is not pinned to a commit");
    }
    let readme = site.read("README.md");
    for part in ["briefgen serve", "briefgen new ID", "briefgen check", "Settings → Pages", "GitHub Actions"] {
        assert!(readme.contains(part), "README.md lacks {part:?}:\n{readme}");
    }
    assert_eq!(site.run(&["check"]).code, 0, "the README and workflow do not disturb check");

    let (plain, _) = new_site(&["--no-workflow"]);
    assert!(!plain.path(".github").exists());
    assert!(plain.read("README.md").contains("briefgen build --base-url"));
}

#[test]
fn init_never_overwrites_a_workflow_or_readme() {
    let site = SiteTest::empty();
    site.write(".github/workflows/pages.yml", "# ours\n").write("README.md", "# Ours\n");
    let run = site.run(&["init", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("kept the existing .github/workflows/pages.yml"), "{}", run.stderr);
    assert_eq!(
        (site.read(".github/workflows/pages.yml"), site.read("README.md")),
        ("# ours\n".into(), "# Ours\n".into())
    );
}

/// The Done-when of issue 20: from `init` to a published site that passes the audit.
#[test]
fn a_new_site_installs_briefgen_builds_and_publishes_through_its_workflow() {
    let (site, workflow) = new_site(&[]);
    let release = FakeRelease::serve(false);
    let runner = runner(&site, "push", &release);
    let build = runner.run_job(&workflow, "build").expect("the build job runs on a push").succeeded();

    // The action installed the release through install.sh, checksum checked, and built with it.
    let requests = release.server.requests();
    let archive = format!("GET /releases/download/v{VERSION}/{}", release.archive);
    assert!(requests.contains(&archive) && requests.contains(&format!("{archive}.sha256")), "{requests:?}");
    let installed = runner.dir.join(format!("tool-cache/briefgen/{VERSION}")).read_dir().unwrap().count();
    assert_eq!(installed, 1, "one binary in the tool cache");
    assert!(build.log.contains(&format!("installed briefgen {VERSION} (commit")), "{}", build.log);
    assert!(build.ran.iter().any(|s| s.starts_with("actions/upload-pages-artifact@")), "{:?}", build.ran);

    let uploaded = build.uploaded.as_ref().expect("the site is uploaded");
    assert_eq!(uploaded["include-hidden-files"], "true", ".nojekyll must be in the artifact");
    let output = site.root.join(&uploaded["path"]);
    assert_eq!(output.canonicalize().unwrap(), site.path("public").canonicalize().unwrap());
    assert!(output.join(".nojekyll").is_file() && output.join("index.html").is_file());
    let home = std::fs::read_to_string(output.join("index.html")).unwrap();
    assert!(home.contains("href=\"/newsroom/"), "links start with the Pages base path");

    let deploy = runner.run_job(&workflow, "deploy").expect("a push deploys").succeeded();
    assert!(deploy.deployed);
    audit(&output, "/newsroom/");
}

#[test]
fn a_pull_request_is_built_with_annotations_but_not_published() {
    let (site, workflow) = new_site(&[]);
    let release = FakeRelease::serve(false);
    let runner = runner(&site, "pull_request", &release);
    let quote = "named the northern city as its so-called headquarters";
    site.replace("content/annotations/example.yaml", quote, "named the city as its headquarters");
    let failed = runner.run_job(&workflow, "build").unwrap();
    let failure = failed.failed.expect("a content error fails the build job");
    let annotation = "::error file=content/annotations/example.yaml,line=17,col=12,title=briefgen::quote not found";
    assert!(failure.contains(annotation), "{failure}");
    assert!(failed.skipped.iter().any(|s| s.starts_with("actions/cache/save@")), "{:?}", failed.skipped);

    site.replace("content/annotations/example.yaml", "named the city as its headquarters", quote);
    let build = runner.run_job(&workflow, "build").unwrap().succeeded();
    assert!(build.uploaded.is_none(), "a pull request is not uploaded: skipped {:?}", build.skipped);
    assert!(build.skipped.iter().any(|s| s.starts_with("actions/configure-pages@")));
    let home = site.read("public/index.html");
    assert!(!home.contains("/newsroom/"), "built with the config's base_url, not the Pages address");
    assert!(runner.run_job(&workflow, "deploy").is_none(), "nor deployed");
}

/// Runs install.sh as a user would, against a release.
fn install(release: &FakeRelease, args: &[&str], path: Option<&Path>, into: &Path) -> (Run, PathBuf) {
    let to = into.join("bin");
    let mut cmd = Command::new("sh");
    cmd.arg(repo().join("release/install.sh")).args(args).arg("--to").arg(&to);
    cmd.env("BRIEFGEN_RELEASES_URL", release.releases_url()).env_remove("BRIEFGEN_VERSION");
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    let out = cmd.output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    (run, to)
}

#[test]
fn install_script_takes_the_latest_release_and_refuses_a_damaged_one() {
    let good = FakeRelease::serve(false);
    let dir = tempfile::tempdir().unwrap();
    let (resolved, _) = install(&good, &["--resolve"], None, dir.path());
    assert_eq!((resolved.code, resolved.stdout.trim()), (0, VERSION), "{}", resolved.stderr);
    let (run, to) = install(&good, &[], None, dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown = Command::new(to.join("briefgen")).arg("--version").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&shown.stdout).trim(), format!("briefgen {}", briefgen::cli::VERSION));

    let damaged = FakeRelease::serve(true);
    let other = tempfile::tempdir().unwrap();
    let (run, to) = install(&damaged, &["--version", VERSION], None, other.path());
    assert_eq!(run.code, 1);
    let expected = format!("install.sh: checksum mismatch for {}: expected ", damaged.archive);
    assert!(run.stderr.contains(&expected) && run.stderr.contains("nothing was installed"), "{}", run.stderr);
    assert!(!to.join("briefgen").exists(), "nothing is installed");

    let (run, _) = install(&good, &["--version", "9.9.9"], None, other.path());
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("cannot download") && run.stderr.contains("release v9.9.9 exists"), "{}", run.stderr);
}

#[test]
fn install_script_refuses_an_unknown_platform() {
    let release = FakeRelease::serve(false);
    let bin = tempfile::tempdir().unwrap();
    let uname = bin.path().join("uname");
    std::fs::write(&uname, "#!/bin/sh\ncase $1 in -s) echo SunOS ;; -m) echo sparc64 ;; esac\n").unwrap();
    std::fs::set_permissions(&uname, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap());
    let (run, to) = install(&release, &[], Some(Path::new(&path)), bin.path());
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("install.sh: no briefgen release for this platform (SunOS sparc64)"), "{}", run.stderr);
    assert!(run.stderr.contains("help: releases exist for Linux x86_64 and aarch64"), "{}", run.stderr);
    assert!(!to.exists());
    assert!(release.server.requests().is_empty(), "nothing downloaded");
}

/// `../shared/site-audit/audit` on a built site; skipped, saying so, when the audit is absent.
fn audit(site: &Path, base_path: &str) {
    let audit = repo().join("../shared/site-audit/audit");
    if !audit.exists() {
        eprintln!("skipped the site audit: {} is absent", audit.display());
        return;
    }
    let report = tempfile::tempdir().unwrap();
    let out =
        Command::new(&audit).arg(site).args(["--base-path", base_path, "--out"]).arg(report.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let verdict = stdout.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
    eprintln!("{verdict}");
    assert!(
        out.status.success() && verdict.ends_with("=> PASS"),
        "site-audit did not pass:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn install_scripts_download_from_the_repository_cargo_toml_names() {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/");
    let sh = std::fs::read_to_string(repo().join("release/install.sh")).unwrap();
    assert!(sh.contains(&format!("repository=${{BRIEFGEN_REPOSITORY:-{repository}}}")), "install.sh");
    let ps1 = std::fs::read_to_string(repo().join("release/install.ps1")).unwrap();
    assert!(ps1.contains(&format!("else {{ '{repository}' }}")), "install.ps1");
}
