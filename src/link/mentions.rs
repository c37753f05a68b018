//! Finding entities in text by their aliases: one multi-pattern automaton over every alias
//! (aho-corasick), whole words only, case and accents folded — except acronyms such as `IS`
//! or `US`, which match only in capitals so that "is" and "us" are not mistaken for them.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::model::Entity;
use crate::text::{alias_key, fold, is_acronym, is_unspaced};

/// Finds entity mentions; built once for all texts.
#[derive(Debug)]
pub struct MentionFinder {
    folded: Option<AhoCorasick>,
    folded_owner: Vec<usize>,
    exact: Option<AhoCorasick>,
    exact_owner: Vec<usize>,
    /// A hash of every alias with its entity and how it is matched: what [`Self::find`] finds
    /// depends on the text and on nothing else.
    fingerprint: u128,
}

impl MentionFinder {
    pub fn new(entities: &[Entity]) -> Self {
        let (mut folded, mut folded_owner, mut exact, mut exact_owner) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, e) in entities.iter().enumerate() {
            for alias in &e.aliases {
                let key = alias_key(alias);
                if is_acronym(alias) {
                    exact.push(key);
                    exact_owner.push(i);
                } else if !key.trim().is_empty() {
                    folded.push(key);
                    folded_owner.push(i);
                }
            }
        }
        let build = |pats: &[String]| {
            (!pats.is_empty()).then(|| {
                let mut builder = AhoCorasick::builder();
                builder.match_kind(MatchKind::LeftmostLongest);
                // A DFA: a few hundred aliases make a small one (about 1 MB at 600), and it
                // scans several times faster than the NFA chosen by default; past the DFA's
                // limits, the automaton the crate picks.
                builder
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(pats)
                    .or_else(|_| builder.kind(None).build(pats))
                    .expect("alias automaton builds")
            })
        };
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (pats, owners) in [(&folded, &folded_owner), (&exact, &exact_owner)] {
            h.update(&(pats.len() as u64).to_le_bytes());
            for (p, o) in pats.iter().zip(owners) {
                h.update(&(p.len() as u64).to_le_bytes());
                h.update(p.as_bytes());
                h.update(&(*o as u64).to_le_bytes());
            }
        }
        let fingerprint = h.digest128();
        MentionFinder { folded: build(&folded), folded_owner, exact: build(&exact), exact_owner, fingerprint }
    }

    /// See the field: equal for two finders that find the same in every text.
    pub fn fingerprint(&self) -> u128 {
        self.fingerprint
    }

    /// Pushes the entity (its index) of every whole-word mention in `text` onto `found`.
    pub fn find(&self, text: &str, found: &mut Vec<usize>) {
        if let Some(ac) = &self.folded {
            let f = fold(text);
            for m in ac.find_iter(&f) {
                if is_word(&f, m.start(), m.end()) {
                    found.push(self.folded_owner[m.pattern().as_usize()]);
                }
            }
        }
        if let Some(ac) = &self.exact {
            for m in ac.find_iter(text) {
                if is_word(text, m.start(), m.end()) {
                    found.push(self.exact_owner[m.pattern().as_usize()]);
                }
            }
        }
    }
}

/// Whether `text[start..end]` is a whole word: bounded by characters that are not letters or
/// digits, except where the match or its neighbour is in a script written without spaces
/// ([`is_unspaced`]): `北京` is a word of `在北京举行`, and `서울` of `서울에서`.
fn is_word(text: &str, start: usize, end: usize) -> bool {
    let joined = |edge: Option<char>, next: Option<char>| {
        edge.zip(next).is_some_and(|(e, n)| n.is_alphanumeric() && !is_unspaced(e) && !is_unspaced(n))
    };
    let m = &text[start..end];
    let before = without_proclitics(&text[..start], m);
    !joined(m.chars().next(), before.chars().next_back()) && !joined(m.chars().next_back(), text[end..].chars().next())
}

/// Arabic writes "and", "so", "with", "for" and "like" as a letter joined to the next word
/// (`والأسد`, `بالأسد`): before a name in Arabic script, up to two of them are left out of
/// `before`, the text before the name.
fn without_proclitics<'a>(before: &'a str, name: &str) -> &'a str {
    const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ل', 'ك'];
    if !name.starts_with(|c: char| ('\u{0600}'..='\u{06FF}').contains(&c)) {
        return before;
    }
    let mut rest = before;
    for _ in 0..2 {
        match rest.strip_suffix(PROCLITICS) {
            Some(r) => rest = r,
            None => break,
        }
    }
    // Only letters that begin a word: `محمد` + `الأسد` is not "Mohammed and al-Assad".
    let word_start = !rest.chars().next_back().is_some_and(char::is_alphanumeric);
    if word_start { rest } else { before }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(id: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            name: aliases[0].into(),
            kind: None,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            description: None,
            wikidata: None,
            defined_at: (0, 0),
        }
    }

    fn check(text: &str, expected: &[u32]) {
        let entities = [
            entity("assad", &["Bashar al-Assad", "Assad"]),
            entity("is", &["Islamic State", "IS", "ISIS", "Daesh"]),
            entity("raqqa", &["Raqqa", "Raqa"]),
            entity("aleppo", &["Ḥalab", "Aleppo"]),
        ];
        let finder = MentionFinder::new(&entities);
        let mut found = Vec::new();
        finder.find(text, &mut found);
        let counts: Vec<u32> = (0..entities.len()).map(|e| found.iter().filter(|&&f| f == e).count() as u32).collect();
        assert_eq!(counts, expected, "text: {text:?}");
    }

    #[test]
    fn aliases_are_found_as_whole_words_case_and_accents_folded() {
        check("President Bashar al-Assad said Assad's RAQA", &[2, 0, 1, 0]);
        check("the Islamic State group (IS) and ISIS, or daesh", &[0, 4, 0, 0]);
        check("Raqqa, Raqqawi, halab", &[0, 0, 1, 1]);
    }

    #[test]
    fn in_scripts_without_spaces_a_mention_needs_no_space_around_it() {
        let entities = [entity("beijing", &["北京"]), entity("seoul", &["서울"]), entity("is", &["IS"])];
        let finder = MentionFinder::new(&entities);
        let mut found = Vec::new();
        finder.find("各方代表周一在北京举行会谈。서울에서 IS组织", &mut found);
        assert_eq!(found, [0, 1, 2]);
        found.clear();
        finder.find("ISIS and THIS", &mut found);
        assert!(found.is_empty(), "Latin words still end at a space: {found:?}");
    }

    #[test]
    fn arabic_names_are_found_after_the_letters_joined_to_them() {
        let finder = MentionFinder::new(&[entity("assad", &["الأسد"])]);
        let count = |text: &str| {
            let mut found = Vec::new();
            finder.find(text, &mut found);
            found.len()
        };
        assert_eq!(count("قال الأسد، والأسد، وبالأسد، فالأسد"), 4);
        assert_eq!(count("الأسدي ومحمدالأسد"), 0, "not inside another word");
    }

    #[test]
    fn acronyms_match_only_in_capitals() {
        check("this is what it is", &[0, 0, 0, 0]);
        check("IS-held areas", &[0, 1, 0, 0]);
    }
}
