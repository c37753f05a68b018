//! `briefgen new SEED`: start the annotation of a seed from what extraction found.

use std::path::Path;
use std::process::ExitCode;

use crate::annotate::scaffold::scaffold;
use crate::cli::NewArgs;
use crate::diag::{MessageFormat, display_path};
use crate::ingest;

pub fn run(args: &NewArgs) -> anyhow::Result<ExitCode> {
    let root = args.root.as_path();
    let path = super::find_seed(root, &args.seed)?;
    let article = match ingest::read_seed(root, &path).and_then(|seed| ingest::extract(&seed)) {
        Ok(a) => a,
        Err(d) => {
            super::print_diagnostics(d.into(), MessageFormat::Human);
            return Ok(ExitCode::from(super::CONTENT_ERRORS));
        }
    };
    let rel = Path::new("content/annotations").join(format!("{}.yaml", article.seed_id));
    let target = root.join(&rel);
    if target.exists() || target.with_extension("yml").exists() {
        anyhow::bail!(
            "{} already exists; it was left as it is\nhelp: edit it, or delete it first to start again",
            display_path(&rel)
        );
    }
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    write_new(&target, &scaffold(&article))?;
    eprintln!(
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
