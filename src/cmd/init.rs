//! `briefgen init [DIR]`: a new site that builds and passes `check` at once — the config, one
//! example seed with its annotation, entities and an About page, an empty `templates/` folder
//! for the templates the site overrides (the theme stays built into the binary: see `briefgen
//! theme eject`) — and, for publishing, a site README and the GitHub Pages workflow
//! (`publish`).

mod publish;
mod words;

use std::path::Path;
use std::process::ExitCode;

use crate::cli::InitArgs;
use crate::diag::{Diagnostic, Diags};

/// The starter files, embedded at compile time; the example seed is the demo's Radio Habana
/// Cuba article. The About page is in the site's language (`words`).
const STARTER: &[(&str, &[u8])] = &[
    (".gitignore", include_bytes!("../../starter/gitignore")),
    ("seeds/example.txt", include_bytes!("../../seeds/004_4adcc239e7605c19.txt")),
    ("content/annotations/example.yaml", include_bytes!("../../starter/content/annotations/example.yaml")),
    ("content/entities.yaml", include_bytes!("../../starter/content/entities.yaml")),
];

/// The starter config, with `language: en` and the English words.
const STARTER_CONFIG: &str = include_str!("../../starter/briefgen.yaml");

/// The starter config and its words in language `tag`, checked and written as briefgen reads
/// it.
fn starter_config(tag: &str) -> anyhow::Result<(String, &'static words::Words)> {
    let language = crate::i18n::Language::parse(tag)
        .map_err(|help| anyhow::anyhow!("`{tag}` is not a language tag; nothing was written\nhelp: {help}"))?;
    let words = words::of(&language);
    let english = words::english();
    let mut config = STARTER_CONFIG.to_owned();
    for (key, from, to) in [
        ("language", "en", language.as_str()),
        ("title", english.title, words.title),
        ("description", english.description, words.description),
    ] {
        let line = format!("\n{key}: {from}\n");
        debug_assert!(config.contains(&line), "the starter config has `{line}`");
        if from != to {
            let value = if key == "language" { to.to_owned() } else { crate::yaml::quoted(to) };
            config = config.replacen(&line, &format!("\n{key}: {value}\n"), 1);
        }
    }
    Ok((config, words))
}

/// The site's own templates folder, empty but for a line on what goes there.
const TEMPLATES: &[(&str, &[u8])] = &[("templates/README.md", include_bytes!("../../starter/templates/README.md"))];

pub fn run(args: &InitArgs) -> anyhow::Result<ExitCode> {
    let dir = &args.dir;
    if !args.force && !is_empty_dir(dir)? {
        anyhow::bail!(
            "{} is not empty; nothing was written\nhelp: choose a new folder, or pass --force to add the starter files \
             next to what is there (existing files are never overwritten)",
            dir.display()
        );
    }
    let (config, words) = match &args.language {
        Some(tag) => starter_config(tag)?,
        None => (STARTER_CONFIG.to_owned(), words::english()),
    };
    let publishing = publish::files(publish::PublishOptions { workflow: !args.no_workflow, title: words.title });
    let publishing = publishing.iter().map(|(p, text)| (p.to_string(), text.as_bytes()));
    let files = std::iter::once(("briefgen.yaml".to_owned(), config.as_bytes()))
        .chain(STARTER.iter().map(|(p, b)| (p.to_string(), *b)))
        .chain(std::iter::once(("content/pages/about.md".to_owned(), words.about.as_bytes())))
        .chain(TEMPLATES.iter().map(|(p, b)| (p.to_string(), *b)))
        .chain(publishing);
    let (mut written, mut kept) = (Vec::new(), Vec::new());
    let boundary = crate::ingest::boundary::Boundary::new(dir);
    let mut refused: Vec<Diagnostic> = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        // Nothing is written through a link that leads out of the site, as nothing is read so.
        if let Err(d) = boundary.check_dir(&path) {
            // One error for a link, however many starter files would go through it.
            if !refused.contains(&d) {
                refused.push(d);
            }
            continue;
        }
        if let Some(folder) = file_in_the_way(dir, &rel) {
            let d = Diagnostic::error(&folder, "a file has the name of a folder the site needs")
                .help("move or rename the file, then run `briefgen init --force` again");
            // One error for the file, however many starter files would go under it.
            if !refused.contains(&d) {
                refused.push(d);
            }
            continue;
        }
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                let d = Diagnostic::error(&rel, "a folder has the name of a file the site needs")
                    .help("move or rename the folder, then run `briefgen init --force` again");
                refused.push(d);
                continue;
            }
            Ok(meta) if meta.file_type().is_symlink() && !path.exists() => {
                let d = Diagnostic::error(&rel, "this is a link to nothing; briefgen does not write through it")
                    .help("remove the link, then run `briefgen init --force` again");
                refused.push(d);
                continue;
            }
            Ok(_) => {
                kept.push(rel);
                continue;
            }
            Err(_) => {}
        }
        if let Some(parent) = path.parent() {
            crate::cmd::create_folder(parent)?;
        }
        std::fs::write(&path, bytes).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        written.push(rel);
    }
    crate::say!("created a briefgen site in {}: {} files", dir.display(), written.len());
    // Beside files of its own (--force), a site is told what was added: the example brief
    // among them is published until it is removed.
    if !kept.is_empty() {
        for rel in &written {
            crate::say!("  added {rel}");
        }
    }
    for rel in &kept {
        crate::say!("  kept the existing {rel}");
    }
    if !refused.is_empty() {
        // The site is not whole: its problems, not the next steps.
        let mut diags = Diags::new();
        diags.extend(refused);
        return Ok(super::content_errors(diags));
    }
    crate::say!(
        "next: cd {} && briefgen serve   (then edit content/, and `briefgen new SEED` for each new seed)",
        crate::text::shell_path(&dir.display().to_string())
    );
    if !args.no_workflow {
        crate::say!(
            "to publish: push to GitHub; {} then builds and deploys the site once Settings → Pages → Source \
             is \"GitHub Actions\" (see README.md)",
            publish::WORKFLOW_PATH
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The first folder on the way to the starter file `rel` that is a file in `dir` (`seeds`,
/// when a file has that name), if there is one.
fn file_in_the_way(dir: &Path, rel: &str) -> Option<String> {
    let mut at = std::path::PathBuf::new();
    for part in Path::new(rel).parent()?.components() {
        at.push(part);
        match std::fs::metadata(dir.join(&at)) {
            Ok(meta) if !meta.is_dir() => return Some(crate::diag::display_path(&at)),
            Ok(_) => {}
            // Not there: made with the file.
            Err(_) => return None,
        }
    }
    None
}

/// A folder that does not exist yet counts as empty.
fn is_empty_dir(dir: &Path) -> anyhow::Result<bool> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(_) if dir.is_file() => Err(anyhow::anyhow!(
            "{} is a file, not a folder; nothing was written\nhelp: name a new folder for the site",
            dir.display()
        )),
        Err(e) => Err(anyhow::anyhow!("cannot read {}: {e}", dir.display())),
    }
}
