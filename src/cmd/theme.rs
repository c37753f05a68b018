//! `briefgen theme eject [FILE…]`: copies files of the built-in theme the site uses into its
//! own `templates/` and `static/`, to edit them there; the site's copy then overrides the
//! built-in file, and everything else still comes from the theme. Each copy starts with a
//! line naming the built-in file and its fingerprint, so that `check` can tell when a later
//! briefgen changes it. Never overwrites a file.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::{EjectArgs, ThemeArgs, ThemeCommand};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::render::theme::{Builtin, builtin_layers, upgrade};

pub fn run(args: &ThemeArgs) -> anyhow::Result<ExitCode> {
    match &args.command {
        ThemeCommand::Eject(eject) => run_eject(eject),
    }
}

/// A built-in file to copy: its path in the site (and the theme), the theme it is from.
struct Ejected {
    path: String,
    theme: &'static str,
    bytes: &'static [u8],
}

fn run_eject(args: &EjectArgs) -> anyhow::Result<ExitCode> {
    let config = match Config::load(&args.root)? {
        Ok(c) => c,
        Err(e) => return Ok(super::content_errors(e.diags)),
    };
    let (files, _) = crate::ingest::read_theme(&args.root, &config.theme);
    let (layers, diags) = builtin_layers(&config.theme, &files);
    if layers.is_empty() {
        // A theme.yaml with mistakes (an `extends:` misspelt) says where; else, which theme.
        if diags.has_errors() {
            return Ok(super::content_errors(diags));
        }
        anyhow::bail!("theme `{}` is not built in, and its folder builds on no built-in theme", config.theme);
    }
    let available = ejectable(&layers);
    let chosen = if args.files.is_empty() { available } else { choose(&args.files, &available)? };
    let (mut copied, mut kept) = (0, 0);
    let boundary = crate::ingest::boundary::Boundary::new(&args.root);
    let mut refused = crate::diag::Diags::new();
    for file in &chosen {
        let dest = args.root.join(&file.path);
        // Nothing is written through a link that leads out of the site, as nothing is read so.
        if let Err(d) = boundary.check_dir(&dest) {
            refused.push(d);
            continue;
        }
        if let Err(d) = no_broken_link(&boundary, &dest) {
            refused.push(d);
            continue;
        }
        if dest.exists() {
            crate::say!("kept the existing {}", file.path);
            kept += 1;
            continue;
        }
        // The site's own theme has this file: a built-in copy in templates/ would hide it.
        if let Some(theme) = files.folder.as_ref().filter(|t| t.files.iter().any(|(p, _)| *p == file.path)) {
            let own = theme.dir.join(&file.path);
            crate::say!("left {}: the site's theme has its own, {}; edit that one", file.path, own.display());
            kept += 1;
            continue;
        }
        write_copy(&dest, file)?;
        crate::say!("copied {} (from the built-in `{}` theme)", file.path, file.theme);
        copied += 1;
    }
    crate::say!(
        "theme eject: {copied} file{} copied, {kept} kept; `briefgen check` tells when the built-in ones change",
        if copied == 1 { "" } else { "s" }
    );
    if refused.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    Ok(super::content_errors(refused))
}

/// Every template and static file of the built-in layers, the first layer's of each path.
fn ejectable(layers: &[&'static Builtin]) -> Vec<Ejected> {
    let mut out: Vec<Ejected> = Vec::new();
    for layer in layers {
        for &(path, bytes) in layer.files {
            let wanted = path.starts_with("templates/") || path.starts_with("static/");
            if wanted && !out.iter().any(|e| e.path == path) {
                out.push(Ejected { path: path.to_owned(), theme: layer.name, bytes });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The files named on the command line: a template by its name (`partials/note.html`) or
/// path (`templates/partials/note.html`), a static file by its path (`static/style.css`).
fn choose(names: &[String], available: &[Ejected]) -> anyhow::Result<Vec<Ejected>> {
    let mut out = Vec::new();
    for name in names {
        let name = name.trim_start_matches("./");
        let candidates = [name.to_owned(), format!("templates/{name}"), format!("static/{name}")];
        let Some(found) = available.iter().find(|e| candidates.contains(&e.path)) else {
            let all: Vec<&str> =
                available.iter().map(|e| e.path.strip_prefix("templates/").unwrap_or(&e.path)).collect();
            let hint = crate::text::mean(crate::text::closest_path(name, all.iter().copied()));
            anyhow::bail!(
                "the theme has no file `{name}`; nothing was copied\nhelp: {hint}the files are: {}",
                all.join(", ")
            );
        };
        out.push(Ejected { path: found.path.clone(), theme: found.theme, bytes: found.bytes });
    }
    Ok(out)
}

/// Refuses a link to nothing where a copy would go: writing the copy would create the file it
/// points to, wherever that is.
fn no_broken_link(boundary: &crate::ingest::boundary::Boundary, dest: &Path) -> Result<(), Diagnostic> {
    let is_link = std::fs::symlink_metadata(dest).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link || dest.exists() {
        return Ok(());
    }
    Err(Diagnostic::error(boundary.shown(dest), "this is a link to nothing; briefgen writes no copy through it")
        .help("remove the link, then eject the file again"))
}

/// Writes the copy, with the line that tells `check` where it came from, as a new file: never
/// over one, nor through a link.
fn write_copy(dest: &Path, file: &Ejected) -> anyhow::Result<()> {
    use std::io::Write;
    if let Some(parent) = dest.parent() {
        crate::cmd::create_folder(parent)?;
    }
    let mut bytes = upgrade::header(file.theme, &file.path, file.bytes).map(String::into_bytes).unwrap_or_default();
    bytes.extend_from_slice(file.bytes);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dest)
        .and_then(|mut f| f.write_all(&bytes))
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", dest.display()))
}
