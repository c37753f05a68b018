//! The module boundaries of ARCHITECTURE.md, enforced: which stage may import which, and who
//! touches the disk. Reads `src/` as text: every `crate::…` path outside comments and tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::harness::repo;

/// A module's rule: the crate modules it must not name, and whether it may touch the disk.
struct Rule {
    module: &'static str,
    forbidden: &'static [&'static str],
    disk: bool,
}

/// Stages never import a later stage (but for the leaf `markdown::plain_text`), nor the
/// driver or the commands; `link` and `markdown` are pure; only the readers and the writers
/// touch the disk.
const RULES: &[Rule] = &[
    Rule {
        module: "ingest",
        forbidden: &["annotate", "link", "render", "publish", "site", "build", "cmd"],
        disk: true,
    },
    Rule { module: "annotate", forbidden: &["link", "render", "publish", "site", "build", "cmd"], disk: false },
    Rule {
        module: "link",
        forbidden: &["ingest", "annotate", "markdown", "render", "publish", "site", "cache", "build", "cmd"],
        disk: false,
    },
    Rule {
        module: "markdown",
        forbidden: &["ingest", "annotate", "render", "publish", "site", "cache", "build", "cmd"],
        disk: false,
    },
    Rule { module: "render", forbidden: &["ingest", "annotate", "publish", "cache", "build", "cmd"], disk: false },
    Rule { module: "publish", forbidden: &["ingest", "annotate", "cache", "build", "cmd"], disk: false },
    Rule {
        module: "site",
        forbidden: &["ingest", "annotate", "link", "render", "publish", "build", "cmd"],
        disk: true,
    },
    Rule {
        module: "model",
        forbidden: &["ingest", "annotate", "link", "markdown", "render", "publish", "site"],
        disk: false,
    },
    Rule { module: "build", forbidden: &["cmd"], disk: false },
];

/// Paths a stage may name although their module is forbidden to it: leaves any stage may use.
const LEAVES: &[&str] = &["markdown::plain_text"];

/// A file's code: its lines up to its `#[cfg(test)]` module, comments left out.
fn code(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect();
    lines.join("\n")
}

/// The crate modules a file names (`crate::x`, `crate::{x, y}`), and whether it touches the
/// disk (`std::fs`, `fs::`, `walkdir`). Comments and `#[cfg(test)]` modules are skipped.
fn scan(text: &str) -> (BTreeSet<String>, bool) {
    let code = code(text);
    let mut names = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            names.extend(inner.split(',').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()));
        } else {
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            names.insert(rest[..end].trim_end_matches(':').to_owned());
        }
    }
    let disk = code.contains("std::fs") || code.contains(" fs::") || code.contains("walkdir::");
    (names, disk)
}

/// Every `.rs` file under `dir`, by path relative to `src/`.
fn sources(src: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src).unwrap().to_string_lossy().replace('\\', "/");
                files.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

/// The broken rules of one file, as messages.
fn violations(rel: &str, text: &str) -> Vec<String> {
    let module = rel.split('/').next().unwrap_or(rel).trim_end_matches(".rs");
    let Some(rule) = RULES.iter().find(|r| r.module == module) else { return Vec::new() };
    if rel.ends_with("/tests.rs") {
        return Vec::new();
    }
    let (names, disk) = scan(text);
    let mut out: Vec<String> = names
        .iter()
        .filter(|n| {
            let top = n.split("::").next().unwrap_or(n);
            rule.forbidden.contains(&top) && !LEAVES.iter().any(|leaf| n.starts_with(leaf))
        })
        .map(|n| format!("src/{rel} names crate::{n}, which `{module}` must not import"))
        .collect();
    if disk && !rule.disk {
        out.push(format!("src/{rel} touches the disk, which `{module}` must not"));
    }
    out
}

#[test]
fn stages_import_only_what_architecture_md_allows() {
    let files = sources(&repo().join("src"));
    assert!(files.len() > 50, "the scan found the sources");
    let broken: Vec<String> = files.iter().flat_map(|(rel, text)| violations(rel, text)).collect();
    assert!(broken.is_empty(), "module boundaries (ARCHITECTURE.md, Invariants):\n{}", broken.join("\n"));
}

#[test]
fn the_scan_sees_imports_and_disk_access() {
    let (names, disk) = scan("use crate::link::{Linked, Urls};\nuse crate::{config, diag::Diags};\n// crate::site\n");
    assert_eq!(names.into_iter().collect::<Vec<_>>(), ["config", "diag::Diags", "link"], "comments skipped");
    assert!(!disk);
    let bad = "use crate::site::Output;\nfn f() { let _ = std::fs::read(\"x\"); }\n";
    assert_eq!(
        violations("link/mod.rs", bad),
        [
            "src/link/mod.rs names crate::site::Output, which `link` must not import",
            "src/link/mod.rs touches the disk, which `link` must not"
        ]
    );
    assert!(violations("ingest/x.rs", "use crate::markdown::plain_text;").is_empty(), "a leaf is allowed");
    assert!(!violations("render/x.rs", "use crate::ingest::Seed;").is_empty());
    assert!(violations("render/x.rs", "#[cfg(test)]\nmod tests { use crate::ingest::Seed; }").is_empty());
}

/// The sibling files a non-`mod.rs` file names (`super::x`, `super::{x, y::z}`,
/// `crate::<its folder>::x`), outside comments and tests.
fn siblings(rel: &str, text: &str) -> BTreeSet<String> {
    let Some((folder, _)) = rel.rsplit_once('/') else { return BTreeSet::new() };
    let prefix = format!("crate::{}::", folder.replace('/', "::"));
    let code = code(text).replace("super::", &prefix);
    let ident = |s: &str| s.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("").to_owned();
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices(&prefix) {
        let rest = &code[i + prefix.len()..];
        match rest.strip_prefix('{') {
            Some(group) => {
                out.extend(group[..group.find('}').unwrap_or(group.len())].split(',').map(|p| ident(p.trim())))
            }
            None => _ = out.insert(ident(rest)),
        }
    }
    out.retain(|s| !s.is_empty() && s != "self");
    out
}

/// Two files of one folder never import each other: a helper both need lives one level down
/// (issue 24). `mod.rs` files are left out: a folder's root and its files may share types.
fn sibling_cycles(files: &BTreeMap<String, String>) -> Vec<String> {
    let names: BTreeMap<&str, BTreeSet<String>> = files
        .iter()
        .filter(|(rel, _)| !rel.ends_with("mod.rs") && !rel.ends_with("/tests.rs"))
        .map(|(rel, text)| (rel.as_str(), siblings(rel, text)))
        .collect();
    let mut cycles = Vec::new();
    for (rel, named) in &names {
        let folder = rel.rsplit_once('/').map_or("", |(f, _)| f);
        let stem = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".rs");
        for other in named {
            let other_rel = format!("{folder}/{other}.rs");
            if other_rel.as_str() > *rel && names.get(other_rel.as_str()).is_some_and(|n| n.contains(stem)) {
                cycles.push(format!("src/{rel} and src/{other_rel} import each other"));
            }
        }
    }
    cycles
}

#[test]
fn no_two_files_of_a_folder_import_each_other() {
    let files = sources(&repo().join("src"));
    let cycles = sibling_cycles(&files);
    assert!(cycles.is_empty(), "in-folder cycles:\n{}", cycles.join("\n"));
    let pair = BTreeMap::from([
        ("x/a.rs".to_owned(), "use super::b::f;\n".to_owned()),
        ("x/b.rs".to_owned(), "use crate::x::{a::g, c};\n".to_owned()),
        ("x/c.rs".to_owned(), "#[cfg(test)]\nmod tests { use super::super::a; }\n".to_owned()),
    ]);
    assert_eq!(sibling_cycles(&pair), ["src/x/a.rs and src/x/b.rs import each other"]);
}
