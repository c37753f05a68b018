//! The starter site's own words — its title, its description and its About page — in the
//! language `init --language` names, for each language the built-in themes have a catalogue
//! for; English for the others. They are the site's content, which its editors rewrite; the
//! interface strings around them follow `language:` whatever these are.

use crate::i18n::Language;

/// The words of a starter site in one language.
pub struct Words {
    /// `title:` in `briefgen.yaml`.
    pub title: &'static str,
    /// `description:` in `briefgen.yaml`.
    pub description: &'static str,
    /// `content/pages/about.md`, front matter and all.
    pub about: &'static str,
}

macro_rules! words {
    ($($lang:literal: $title:literal, $description:literal;)*) => {
        &[$(($lang, Words {
            title: $title,
            description: $description,
            about: include_str!(concat!("../../../starter/about/", $lang, ".md")),
        })),*]
    };
}

/// By primary language subtag; English first, the fallback.
const WORDS: &[(&str, Words)] = words! {
    "en": "My Briefs", "Annotated news briefs — what the outlets reported, set against the record.";
    "fr": "Mes brèves", "Des articles de presse annotés : ce que les médias ont rapporté, confronté aux faits.";
    "de": "Meine Briefings", "Kommentierte Nachrichten – was die Medien berichtet haben, mit den Fakten abgeglichen.";
    "es": "Mis notas", "Noticias anotadas: lo que publicaron los medios, contrastado con los hechos.";
    "it": "Le mie note", "Notizie annotate: ciò che hanno riportato i media, messo a confronto con i fatti.";
    "pt": "Minhas notas", "Notícias anotadas: o que os veículos publicaram, confrontado com os fatos.";
    "ru": "Мои обзоры", "Новости с примечаниями: что сообщили СМИ — в сравнении с фактами.";
    "ar": "موجزاتي", "أخبار مشروحة: ما نشرته وسائل الإعلام، مقارنةً بالوقائع.";
    "zh": "我的新闻简报", "带注释的新闻：媒体报道了什么，与事实对照。";
    "ja": "マイ・ブリーフ", "注釈付きニュース：各メディアが報じた内容を、事実と照らし合わせて。";
};

/// The starter's words in `language` (its primary subtag: `pt-BR` → `pt`), else English.
pub fn of(language: &Language) -> &'static Words {
    let found = WORDS.iter().find(|(lang, _)| *lang == language.primary());
    &found.unwrap_or(&WORDS[0]).1
}

/// The English words, `init` without `--language`.
pub fn english() -> &'static Words {
    &WORDS[0].1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::builtin::DEFAULT_THEME;

    #[test]
    fn every_language_of_the_default_theme_has_starter_words_and_no_other() {
        let mut catalogues: Vec<&str> =
            DEFAULT_THEME.iter().filter_map(|(path, _)| path.strip_prefix("i18n/")?.strip_suffix(".yaml")).collect();
        let mut words: Vec<&str> = WORDS.iter().map(|(lang, _)| *lang).collect();
        catalogues.sort_unstable();
        words.sort_unstable();
        assert_eq!(words, catalogues);
    }

    #[test]
    fn a_regional_tag_gets_its_languages_words_and_an_unknown_language_english() {
        let lang = |tag| Language::parse(tag).unwrap();
        assert_eq!(of(&lang("pt-BR")).title, "Minhas notas");
        assert_eq!(of(&lang("nl")).title, "My Briefs");
        assert_eq!(of(&lang("en-GB")).about, english().about);
    }
}
