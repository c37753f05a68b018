//! `briefgen new SEED`: start the annotation of a seed from what extraction found.

use std::path::Path;
use std::process::ExitCode;

use crate::annotate::scaffold::scaffold;
use crate::cli::NewArgs;
use crate::diag::display_path;
use crate::ingest;

pub fn run(args: &NewArgs) -> anyhow::Result<ExitCode> {
    let root = args.root.as_path();
    let path = super::find_seed(root, &args.seed)?;
    let in_seeds = std::fs::canonicalize(&path).ok().zip(std::fs::canonicalize(root.join("seeds")).ok());
    if !in_seeds.is_some_and(|(path, seeds)| path.starts_with(seeds)) {
        anyhow::bail!(
            "{} is not in the site's seeds/ folder; nothing was written\nhelp: copy it into {} first, then `briefgen new` it",
            path.display(),
            root.join("seeds").display()
        );
    }
    super::check_id_unshared(root, &path)?;
    let article = match ingest::seed_article(root, &path) {
        Ok(a) => a,
        Err(d) => return Ok(super::content_errors(d.into())),
    };
    let rel = Path::new("content/annotations").join(format!("{}.yaml", article.seed_id));
    let target = root.join(&rel);
    if let Some(existing) = existing_annotation(&root.join("content/annotations"), &article.seed_id) {
        anyhow::bail!(
            "{} already exists; it was left as it is\nhelp: edit it, or delete it first to start again",
            display_path(existing.strip_prefix(root).unwrap_or(&existing))
        );
    }
    // Nothing is written through a link that leads out of the site, as nothing is read so.
    if let Err(d) = ingest::boundary::Boundary::new(root).check_dir(&target) {
        return Ok(super::content_errors(d.into()));
    }
    if let Some(dir) = target.parent() {
        crate::cmd::create_folder(dir)?;
    }
    write_new(&target, &scaffold(&article))?;
    crate::say!(
        "created {} ({} paragraphs listed to quote from)\nnext: add notes, then `briefgen serve` to preview",
        display_path(&rel),
        article.block_count()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes a file that must not exist yet (no race with another writer either).
fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
    f.write_all(text.as_bytes())?;
    Ok(())
}

/// The annotation of `seed_id` in `dir`, under any name briefgen reads as one (`.yaml` or
/// `.yml`, in any case).
fn existing_annotation(dir: &Path, seed_id: &str) -> Option<std::path::PathBuf> {
    let is_yaml = |e: &str| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml");
    std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).find(|p| {
        p.file_stem().is_some_and(|s| s == seed_id) && p.extension().and_then(|e| e.to_str()).is_some_and(is_yaml)
    })
}
