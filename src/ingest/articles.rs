//! Every seed → its article, with the ingest policy: extraction in parallel (through the build
//! cache when asked), two seeds with one id an error, a seed without an annotation a warning
//! (it is not published), and problems with unannotated seeds only warnings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{ContentFiles, cache::ExtractCache, extract};
use crate::cache::CacheUse;
use crate::diag::{self, Diagnostic, Diags};
use crate::model::{Article, Why};
use crate::progress::Progress;
use crate::text::NameTwin;

/// How [`read_and_extract`] runs.
#[derive(Clone, Copy, Debug)]
pub struct ExtractOptions<'a> {
    /// The site root, where the build cache is.
    pub root: &'a Path,
    pub cache: CacheUse,
    pub progress: &'a Progress,
    /// Where each article's text is kept once extracted: in memory, or moved out of it.
    pub text: Option<&'a super::TextPlace>,
}

/// A seed's id and file, once its text has been extracted and let go.
#[derive(Clone, Debug)]
pub struct SeedFile {
    pub id: String,
    /// Relative to the site root.
    pub path: std::path::PathBuf,
}

/// A seed read, and its extraction or the problems with it.
type SeedExtracted = (SeedFile, Result<Article, Vec<Diagnostic>>);

/// Seeds read and extracted per chunk: the texts of one chunk are all that is held at once
/// (a site's saved HTML pages can be several times the size of its articles).
const CHUNK: usize = 1024;

/// Every seed's extraction with the ingest policy ([`Placed::place`]), for the seed files at
/// `paths` (as [`super::seed_files`] lists them), read a chunk at a time: each chunk is read
/// (on the reading threads), extracted, and its texts dropped before the next is read. A seed
/// that cannot be read is placed as one whose extraction failed. Returns every seed file (read
/// or not), in path order, and the articles.
pub fn read_and_extract(
    paths: &[std::path::PathBuf],
    files: &ContentFiles,
    opts: ExtractOptions<'_>,
    diags: &mut Diags,
) -> (Vec<SeedFile>, BTreeMap<String, Arc<Article>>) {
    let annotated = files.annotated_seeds();
    opts.progress.stage("extracting", paths.len());
    let cache = ExtractCache::open(opts.root, opts.cache);
    let mut seeds = Vec::with_capacity(paths.len());
    let mut articles = Placed::default();
    for chunk in paths.chunks(CHUNK) {
        let read = super::read_all(chunk, |p| super::read_seed(opts.root, p));
        let extracted: Vec<SeedExtracted> = read
            .into_par_iter()
            .map(|seed| {
                opts.progress.tick();
                let seed = match seed {
                    Ok(seed) => seed,
                    Err(d) => {
                        let id = d.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                        return (SeedFile { id, path: d.file.clone() }, Err(vec![d]));
                    }
                };
                let res = match &cache {
                    Some(cache) => cache.extract(&seed),
                    None => extract(&seed),
                };
                (SeedFile { id: seed.id, path: seed.path }, res.map(|a| kept(a, opts.text)))
            })
            .collect();
        for (seed, res) in extracted {
            articles.place((&seed.id, &seed.path), res, &annotated, diags);
            seeds.push(seed);
        }
    }
    if let Some(cache) = &cache {
        cache.retain(&seeds.iter().map(|s| s.id.as_str()).collect::<BTreeSet<&str>>());
    }
    (seeds, articles.finish(diags))
}

/// An article as a build keeps it until the site is made: without the lines extraction left out
/// and the reasons for its fields (which only `briefgen ingest` shows), its text moved out of
/// memory if `text` says so, else no larger than it is.
fn kept(mut a: Article, text: Option<&super::TextPlace>) -> Article {
    a.fields.dropped = Vec::new();
    a.fields.why = Why::default();
    if text.is_some_and(|t| t.moves(&mut a)) {
        return a;
    }
    let f = &mut a.fields;
    f.blocks.shrink_to_fit();
    for b in &mut f.blocks {
        b.text.shrink_to_fit();
    }
    a
}

/// How a seed gets its annotation: `briefgen new ID`, unless `ID.yaml` would be longer than
/// a file name may be (255 bytes on the common file systems), when the seed is renamed first.
fn annotation_hint(id: &str) -> String {
    const NAME_MAX: usize = 255;
    if id.len() + ".yaml".len() > NAME_MAX {
        return format!(
            "its annotation, `{}.yaml`, would have a name longer than the {NAME_MAX} bytes file systems allow: give the seed a shorter name, then run `briefgen new` with it",
            crate::text::truncate_words(id, 24)
        );
    }
    format!("create one with `briefgen new {}`", crate::text::shell_args(id))
}

/// A warning for a seed whose file name Windows does not allow (`con.txt`, `aux.md`,
/// `what?.txt`, `vote.`): a newsroom's clone of the site there fails at that file and at
/// its annotation, which takes the seed's name.
fn windows_trouble(path: &Path) -> Option<Diagnostic> {
    let name = path.file_name()?.to_str()?;
    let base = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let port = |c: char| c.is_ascii_digit() || "¹²³".contains(c);
    let device = ["con", "prn", "aux", "nul"].iter().any(|d| base.eq_ignore_ascii_case(d))
        || ["com", "lpt"].iter().any(|d| {
            let mut rest = base.get(3..).unwrap_or_default().chars();
            base.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(d))
                && rest.next().is_some_and(port)
                && rest.next().is_none()
        });
    let why = if device {
        format!("`{base}` is a name Windows keeps for a device")
    } else if let Some(c) = name.chars().find(|c| "<>:\"|?*\\".contains(*c) || c.is_control()) {
        format!("Windows does not allow `{}` in a file name", c.escape_default())
    } else if name.ends_with(['.', ' ']) {
        "Windows does not allow a file name that ends in a dot or a space".to_owned()
    } else {
        return None;
    };
    Some(
        Diagnostic::warning(
            path,
            format!("{why}: a clone of the site on Windows fails at this seed and its annotation"),
        )
        .help("rename the seed (and its annotation) to a name of letters, digits and hyphens"),
    )
}

/// The articles extracted so far, and the ids two seeds share.
#[derive(Default)]
struct Placed {
    articles: BTreeMap<String, Arc<Article>>,
    /// Ids of more than one seed: their annotations cannot know which article they annotate.
    shared: BTreeSet<String>,
    /// The first seed of each id in lower case, to tell ids that differ only in case.
    by_folded_id: BTreeMap<String, (String, std::path::PathBuf)>,
    /// Seeds without an annotation, told so at the end: a seed whose id another shares is
    /// told to rename one instead, not to create an annotation `new` would refuse.
    unannotated: Vec<(String, std::path::PathBuf)>,
}

impl Placed {
    /// Puts one seed's extraction among the articles, or its problem among `diags`: the ingest
    /// policy (two seeds with one id an error, a seed without an annotation a warning,
    /// problems with unannotated seeds only warnings).
    fn place(
        &mut self,
        seed: (&str, &Path),
        res: Result<Article, Vec<Diagnostic>>,
        annotated: &BTreeSet<String>,
        diags: &mut Diags,
    ) {
        let (id, path) = seed;
        diags.extend(self.case_twin(id, path));
        diags.extend(windows_trouble(path));
        let is_annotated = annotated.contains(id);
        match res {
            Ok(_) if self.articles.contains_key(id) => {
                let first = &self.articles[id];
                diags.push(
                    Diagnostic::error(path, format!("two seeds have the id `{id}`"))
                        .help(format!("{} has the same name; rename one of them", diag::display_path(&first.source))),
                );
                self.shared.insert(id.to_owned());
            }
            Ok(a) => {
                if !is_annotated {
                    self.unannotated.push((id.to_owned(), path.to_owned()));
                }
                self.articles.insert(id.to_owned(), Arc::new(a));
            }
            Err(problems) => {
                for mut d in problems {
                    if !is_annotated {
                        d.severity = diag::Severity::Warning;
                    }
                    diags.push(d);
                }
            }
        }
    }

    /// A warning for a seed whose id differs from an earlier seed's only in case (`Vote.md`,
    /// `vote.txt`) or in how its accented letters are encoded (`é` as one character, NFC, or
    /// as `e` and an accent, NFD): where file names ignore case (macOS, Windows) or that
    /// encoding (macOS) the two seeds' annotations are one file, and a clone there keeps only
    /// one of each pair.
    fn case_twin(&mut self, id: &str, path: &Path) -> Option<Diagnostic> {
        let folded = NameTwin::key(id);
        let Some((first_id, first)) = self.by_folded_id.get(&folded) else {
            self.by_folded_id.insert(folded, (id.to_owned(), path.to_owned()));
            return None;
        };
        let first_path = diag::display_path(first);
        let annotations = format!("the two seeds' annotations, `{first_id}.yaml` and `{id}.yaml`, are one file");
        let d = match NameTwin::of(first_id, id)? {
            NameTwin::Case => Diagnostic::warning(
                path,
                format!("this seed's id `{id}` differs from the id of {first_path} only in case"),
            )
            .help(format!("macOS and Windows do not tell file names apart by case: there {annotations}; rename one of the seeds")),
            NameTwin::Encoding => Diagnostic::warning(
                path,
                format!("this seed's id `{id}` differs from the id of {first_path} only in how its accented letters are encoded"),
            )
            .help(format!(
                "one has a letter such as `é` as one character, the other as a letter and an accent (Unicode NFC and NFD), and macOS does not tell such file names apart: there {annotations}; rename one of the seeds"
            ))
        };
        Some(d)
    }

    /// The articles, without those of a shared id: that is one error, and checking the
    /// annotation against either seed would report the other's differences as its mistakes.
    /// The seeds without an annotation are told so, those of a shared id aside.
    fn finish(mut self, diags: &mut Diags) -> BTreeMap<String, Arc<Article>> {
        for id in &self.shared {
            self.articles.remove(id);
        }
        for (id, path) in self.unannotated.iter().filter(|(id, _)| !self.shared.contains(id)) {
            diags.push(
                Diagnostic::warning(path, "this seed has no annotation, so it is not published")
                    .help(annotation_hint(id)),
            );
        }
        self.articles
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_whose_annotation_name_would_be_too_long_is_told_to_be_renamed() {
        assert_eq!(annotation_hint("vote"), "create one with `briefgen new vote`");
        assert!(annotation_hint(&"a".repeat(250)).starts_with("create one"), "250 + 5 bytes is a name");
        let hint = annotation_hint(&"a".repeat(251));
        assert!(hint.contains("longer than the 255 bytes") && hint.contains("shorter name"), "{hint}");
        assert!(annotation_hint(&"é".repeat(126)).contains("shorter name"), "bytes, not characters");
    }

    #[test]
    fn seed_names_windows_does_not_allow_are_told() {
        for bad in [
            "con.txt",
            "CON.md",
            "aux.2017.html",
            "nul",
            "com1.txt",
            "LPT9.md",
            "com¹.txt",
            "what?.txt",
            "a:b.md",
            "vote.",
        ] {
            assert!(windows_trouble(Path::new(&format!("seeds/{bad}"))).is_some(), "{bad}");
        }
        for fine in
            ["contest.txt", "console.md", "com10.txt", "com.txt", "lpt.md", "auxiliary.html", "vote.txt", "é.md"]
        {
            assert!(windows_trouble(Path::new(&format!("seeds/{fine}"))).is_none(), "{fine}");
        }
    }
}
