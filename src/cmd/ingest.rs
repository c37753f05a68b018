//! `briefgen ingest SEED`: what extraction made of one seed, as the JSON contract or Markdown.

use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::{IngestArgs, IngestFormat};
use crate::diag::{Diagnostic, Diags, MessageFormat};
use crate::ingest;
use crate::model::{Article, BlockKind, Dropped, Why};

/// The extraction contract (docs/ingest.md): exactly these keys, null when unknown.
#[derive(Serialize)]
struct IngestJson<'a> {
    title: Option<&'a str>,
    outlet: Option<&'a str>,
    byline: Option<&'a str>,
    /// The byline's names one by one.
    bylines: &'a [String],
    published: Option<String>,
    url: Option<&'a str>,
    dateline: Option<&'a str>,
    /// The language the seed declares, a BCP 47 tag.
    language: Option<&'a str>,
    body: Vec<&'a str>,
    dropped: &'a [Dropped],
    /// Where each chosen field came from, what agreed with it and what it was preferred to.
    why: &'a Why,
}

pub fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let path = super::find_seed(&args.root, &args.seed)?;
    let root = if path.starts_with(&args.root) { args.root.as_path() } else { Path::new("") };
    let article = match ingest::seed_article(root, &path) {
        Ok(a) => a,
        Err(d) => return Ok(super::content_errors(d.into())),
    };
    let mut warnings = Diags::new();
    warnings.extend(article.fields.assumptions.iter().map(|a| Diagnostic::warning(&article.source, a.clone())));
    super::print_diagnostics(warnings, MessageFormat::Human);
    let text = match args.format {
        IngestFormat::Json => serde_json::to_string_pretty(&contract(&article))? + "\n",
        IngestFormat::Markdown => markdown(&article),
    };
    crate::put!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn contract(a: &Article) -> IngestJson<'_> {
    let x = &a.fields;
    IngestJson {
        title: x.title.as_deref(),
        outlet: x.outlet.as_deref(),
        byline: x.byline.as_deref(),
        bylines: &x.bylines,
        published: x.published.map(|d| d.iso()),
        url: x.url.as_deref(),
        dateline: x.dateline.as_deref(),
        language: x.language.as_deref(),
        body: x.blocks.iter().map(|b| b.text.as_str()).collect(),
        dropped: &x.dropped,
        why: &x.why,
    }
}

fn markdown(a: &Article) -> String {
    let x = &a.fields;
    let q = |s: &str| serde_json::to_string(s).expect("strings serialise");
    let mut out = String::from("---\n");
    for (key, value) in
        [("title", &x.title), ("outlet", &x.outlet), ("byline", &x.byline), ("dateline", &x.dateline), ("url", &x.url)]
    {
        if let Some(v) = value {
            out.push_str(&format!("{key}: {}\n", q(v)));
        }
    }
    if let Some(d) = x.published {
        out.push_str(&format!("published: {d}\n"));
    }
    out.push_str("---\n");
    for b in &x.blocks {
        let prefix = if b.kind == BlockKind::Heading { "## " } else { "" };
        out.push_str(&format!("\n{prefix}{}\n", crate::markdown::escape_text(&b.text, true)));
    }
    out
}
