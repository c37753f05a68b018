//! Where a block tag left open was opened (`{% if %}` without `{% endif %}`): Tera notices the
//! mistake at the next `{% end… %}` that does not match, or at the end of the template, and
//! reports it there ("Unknown tag"); an editor looks for the opener.

/// The tags that open a block Tera closes with `{% end<tag> %}`.
const BLOCKS: &[&str] = &["if", "for", "block", "macro", "component", "filter", "raw", "set"];

/// A block tag still open at byte `upto` of a template: its name and byte offset.
pub fn open_before(text: &str, upto: usize) -> Option<(&'static str, usize)> {
    let mut open: Vec<(&'static str, usize)> = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find("{%").map(|i| at + i).filter(|&s| s < upto) {
        let Some(len) = text[start..].find("%}") else { break };
        let inside = text[start + 2..start + len].trim_matches(|c: char| c == '-' || c.is_whitespace());
        at = start + len + 2;
        let word = inside.split_whitespace().next().unwrap_or("");
        if let Some(closed) = word.strip_prefix("end") {
            if open.last().is_some_and(|(tag, _)| *tag == closed) {
                open.pop();
            }
        } else if let Some(tag) = BLOCKS.iter().copied().find(|t| *t == word) {
            // `{% set x = 1 %}` sets; only `{% set x %}…{% endset %}` is a block.
            if tag == "set" && inside.contains('=') {
                continue;
            }
            open.push((tag, start));
            // Nothing in a raw block is a tag.
            if tag == "raw" {
                let Some(end) = text[at..].find("endraw").map(|i| at + i) else { break };
                at = text[at..end].rfind("{%").map_or(end, |i| at + i);
            }
        }
    }
    open.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(text: &str) -> Option<(&'static str, usize)> {
        open_before(text, text.len())
    }

    #[test]
    fn the_innermost_tag_left_open_is_found() {
        let t = "{% block main %}\n<h1>x</h1>\n{% if page.body %}\n{{ page.body }}\n{% endblock main %}";
        assert_eq!(open_before(t, t.find("{% endblock").unwrap()), Some(("if", 28)));
        assert_eq!(open("{% for a in b %}{% if a %}x{% endif %}"), Some(("for", 0)));
        assert_eq!(open("{%- if a -%}x"), Some(("if", 0)));
    }

    #[test]
    fn closed_blocks_and_single_tags_are_not_open() {
        for t in [
            "{% if a %}x{% elif b %}y{% else %}z{% endif %}",
            "{% set x = 1 %}{% include \"a.html\" %}{% extends \"b.html\" %}",
            "{% set x %}a{% endset %}",
            "{% raw %}{% if %}{% endraw %}",
            "{% for a in b %}{% break %}{% endfor %}",
            "{{ '{%' }} not a tag",
        ] {
            assert_eq!(open(t), None, "{t}");
        }
    }
}
