//! The one URL policy, applied to every URL briefgen takes in, whatever it came from (an
//! annotation, a registry, a seed's front matter, a clipping's source line, a saved page's
//! metadata, the config): `http://` or `https://` with a host, or a site-relative path (`/…`,
//! not `//…`); nothing else, and no whitespace, control characters, quotes, angle brackets,
//! backticks or backslashes written as they are (they must be percent-encoded). A URL that
//! passes can be written into HTML attributes, XML, JSON and Markdown autolinks without
//! breaking out of them; the writers escape all the same. See docs/safety.md.

use std::fmt::Write as _;

pub mod punycode;

/// Why a URL was refused, as a message and a hint for the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlProblem {
    pub message: String,
    pub help: &'static str,
}

/// The hint for a URL with a scheme other than http(s).
pub const SCHEME_HELP: &str = "links may be http:// or https:// addresses, or paths on this site starting with /";

/// Checks `url` (already trimmed) against the policy.
pub fn check(url: &str) -> Result<(), UrlProblem> {
    if let Some(c) = url.chars().find(|&c| is_refused_char(c)) {
        return Err(UrlProblem {
            message: format!("the address {} contains {}", shown(url), describe(c)),
            help: "percent-encode it (a space is %20, `\"` is %22, `<` is %3C, `>` is %3E), or remove it",
        });
    }
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty() {
            return Err(UrlProblem {
                message: format!("the address {} has no host name", shown(url)),
                help: SCHEME_HELP,
            });
        }
        return Ok(());
    }
    if url.starts_with('/') && !url.starts_with("//") {
        return Ok(());
    }
    let message = match url.split_once(':') {
        Some((scheme, _)) if !scheme.is_empty() && !scheme.contains(['/', '?', '#']) => {
            format!("`{}:` links are not allowed: {}", shown_scheme(scheme), shown(url))
        }
        _ if url.is_empty() => "the address is empty".to_owned(),
        _ => format!("{} is not a web address", shown(url)),
    };
    Err(UrlProblem { message, help: SCHEME_HELP })
}

/// The ASCII form of a host name with labels in other letters (`zeitung.München.de` →
/// `zeitung.xn--mnchen-3ya.de`): each label mapped as IDNA maps it, closely enough for a
/// hint (compatibility-normalised, NFKC, and lowercased), and written in Punycode when it is
/// not ASCII. No full IDNA (UTS 46) validation: a name no registry would take gets a form too.
pub fn ascii_host(host: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let mapped: String = host.nfkc().collect::<String>().to_lowercase().nfc().collect();
    let labels = mapped.split(['.', '\u{3002}']).map(|label| {
        if label.is_ascii() { Some(label.to_owned()) } else { punycode::encode(label).map(|p| format!("xn--{p}")) }
    });
    Some(labels.collect::<Option<Vec<_>>>()?.join("."))
}

/// `path` with every character outside ASCII percent-encoded as its UTF-8 bytes, as a browser
/// sends it (`/zeitung-für-alle/` → `/zeitung-f%C3%BCr-alle/`).
pub fn encode_non_ascii(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            for b in c.to_string().bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// Whether `url` passes [`check`].
pub fn is_allowed(url: &str) -> bool {
    check(url).is_ok()
}

fn is_refused_char(c: char) -> bool {
    c.is_control() || c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\')
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if c.is_control() || c.is_whitespace() => format!("the control character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

/// A URL as shown in a message: within backticks, at most 80 characters, control characters
/// written as escapes (a message is printed on a terminal).
fn shown(url: &str) -> String {
    let mut out = String::from("`");
    for (i, c) in url.chars().enumerate() {
        if i == 80 {
            out.push('…');
            break;
        }
        if c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
}

fn shown_scheme(scheme: &str) -> String {
    scheme.chars().filter(|c| !c.is_control()).take(20).collect::<String>().to_ascii_lowercase()
}

/// `url` with every character the policy refuses percent-encoded: safe inside a Markdown
/// autolink (`<…>`), an attribute or XML whatever it holds. A URL that passed [`check`] comes
/// back unchanged.
pub fn encode_for_markdown(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if is_refused_char(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_url(url: &str, expected: Result<(), &str>) {
        assert_eq!(check(url).map_err(|p| p.message), expected.map_err(str::to_owned), "url: {url:?}");
    }

    #[test]
    fn web_addresses_and_site_paths_pass() {
        check_url("https://example.org/a?b=c#d", Ok(()));
        check_url("HTTP://EXAMPLE.ORG", Ok(()));
        check_url("/about/", Ok(()));
        check_url("https://example.org/%22quoted%22", Ok(()));
    }

    #[test]
    fn other_schemes_are_refused_by_name() {
        check_url(
            "javascript:alert(document.domain)//",
            Err("`javascript:` links are not allowed: `javascript:alert(document.domain)//`"),
        );
        check_url("JavaScript:x", Err("`javascript:` links are not allowed: `JavaScript:x`"));
        check_url("data:text/html,x", Err("`data:` links are not allowed: `data:text/html,x`"));
        check_url("//evil.example/x", Err("`//evil.example/x` is not a web address"));
        check_url("example.org/x", Err("`example.org/x` is not a web address"));
        check_url("https://", Err("the address `https://` has no host name"));
        check_url("", Err("the address is empty"));
    }

    #[test]
    fn characters_that_break_out_are_refused() {
        check_url("https://a.org/\"><script>", Err("the address `https://a.org/\"><script>` contains `\"`"));
        check_url("https://a.org/x>y", Err("the address `https://a.org/x>y` contains `>`"));
        check_url("https://a.org/a b", Err("the address `https://a.org/a b` contains a space"));
        check_url("java\tscript:x", Err("the address `java\\u{9}script:x` contains the control character U+0009"));
        check_url(
            "https://a.org/\u{1}",
            Err("the address `https://a.org/\\u{1}` contains the control character U+0001"),
        );
    }

    #[test]
    fn refused_characters_are_encoded_for_writing() {
        assert_eq!(encode_for_markdown("https://a.org/x"), "https://a.org/x");
        assert_eq!(encode_for_markdown("https://a.org/>\"<x y"), "https://a.org/%3E%22%3Cx%20y");
    }

    #[test]
    fn host_names_in_other_letters_have_an_ascii_form() {
        assert_eq!(ascii_host("zeitung.münchen.de").as_deref(), Some("zeitung.xn--mnchen-3ya.de"));
        assert_eq!(ascii_host("Zeitung.MÜNCHEN.de").as_deref(), Some("zeitung.xn--mnchen-3ya.de"));
        // Decomposed ü (as macOS may write it) and a full-width full stop are mapped first.
        assert_eq!(ascii_host("mu\u{308}nchen\u{ff0e}de").as_deref(), Some("xn--mnchen-3ya.de"));
        assert_eq!(ascii_host("例え.テスト").as_deref(), Some("xn--r8jz45g.xn--zckzah"));
        assert_eq!(ascii_host("example.org").as_deref(), Some("example.org"));
    }

    #[test]
    fn paths_in_other_letters_are_percent_encoded() {
        assert_eq!(encode_non_ascii("/zeitung-für-alle/"), "/zeitung-f%C3%BCr-alle/");
        assert_eq!(encode_non_ascii("/caf%C3%A9/日本/"), "/caf%C3%A9/%E6%97%A5%E6%9C%AC/");
    }
}
