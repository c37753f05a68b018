//! Markdown → plain text: the words of an editor's summary or a clipping's line, without
//! emphasis, link syntax or escapes. For descriptions, feeds, search and titles; a leaf that
//! every stage may use.

use pulldown_cmark::{Event, Parser, TagEnd};

use crate::text::collapse_spaces;

/// Removes inline Markdown (emphasis markers, link syntax, escapes), keeping the words.
pub fn plain_text(s: &str) -> String {
    if is_plain_line(s) { collapse_spaces(s) } else { strip_parsed(s) }
}

fn strip_parsed(s: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(s) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                text.push(' ')
            }
            _ => {}
        }
    }
    collapse_spaces(&text)
}

/// Whether `s` is one line that Markdown reads as nothing but its text: it starts with a
/// letter (or any non-ASCII character) and holds no character that could start emphasis, a
/// link, code, HTML, an entity or an escape; such text skips the parser.
fn is_plain_line(s: &str) -> bool {
    let starts_with_letter =
        s.trim_start_matches(' ').bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b >= 0x80);
    starts_with_letter && s.bytes().all(|b| b >= 0x80 || b.is_ascii_alphanumeric() || b" .,;:'\"?()/%+=@-".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_skip_the_parser_with_the_same_result() {
        for s in [
            "The talks resume (in Astana) on 9 January: 40% agree.",
            "   Indented “quotes” — fine?",
            "Zürich's vote = 7-2 @ noon",
        ] {
            assert!(is_plain_line(s), "{s:?}");
            assert_eq!(plain_text(s), strip_parsed(s), "{s:?}");
        }
        for s in
            ["- a list", "1. first", "# heading", "a *b*", "a [b](c)", "a &amp; b", "a `b`", "a\nb", "a <b>", "a_b_"]
        {
            assert!(!is_plain_line(s), "{s:?}");
        }
    }
}
