//! Escaping article text for Markdown, so that seed text is always read as text: no emphasis,
//! links, HTML, code, headings or lists can come out of it.

/// Escapes `text` for use inside a Markdown paragraph. `line_start` says whether it begins a
/// line, where `#`, `-`, `+`, `1.` and the like would start a block.
pub fn escape_text(text: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // The special characters are ASCII, so runs between them are copied whole.
    let mut run = 0;
    for (i, b) in text.bytes().enumerate() {
        if matches!(b, b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'&' | b'~' | b'|' | b'!' | b'$') {
            out.push_str(&text[run..i]);
            out.push('\\');
            run = i;
        }
    }
    out.push_str(&text[run..]);
    if line_start {
        escape_block_start(&mut out);
    }
    out
}

/// Escapes `text` for a double-quoted HTML attribute (and for HTML text; an apostrophe stays
/// as it is, as in the templates' own text).
pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_attribute(text, &mut out);
    out
}

/// [`escape_attribute`], onto `out`.
pub fn push_attribute(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// Escapes a leading `#`, `-`, `+`, `=` or ordered-list number so the line stays a paragraph.
fn escape_block_start(s: &mut String) {
    let first = s.chars().next();
    if matches!(first, Some('#' | '-' | '+' | '=')) {
        s.insert(0, '\\');
        return;
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 9 && matches!(s.as_bytes().get(digits), Some(b'.' | b')')) {
        s.insert(digits, '\\');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::html::render_markdown;

    /// The rendered text of escaped input must be the input itself.
    fn check(input: &str) {
        let html = render_markdown(&escape_text(input, true), "/");
        let expected = input.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        assert_eq!(html.trim_end(), format!("<p>{expected}</p>"), "input: {input:?}");
    }

    #[test]
    fn markup_in_seed_text_stays_text() {
        check("a *b* _c_ `d` [e](f) ![g](h) <b>i</b> &amp; ~~j~~ | k \\ l");
        check("<script>alert(1)</script>");
        check("# not a heading");
        check("- not a list");
        check("1. not a list either");
        check("2017) also not");
        check("=== not a rule");
    }
}
