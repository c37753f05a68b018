//! Pages saved as one file ("Webpage, Single File": `.mhtml`, `.mht`): a MIME message whose
//! first `text/html` part is the page, quoted-printable or base64, in the charset its
//! `Content-Type` names; the other parts are its pictures, styles and frames. The address the
//! page was saved from is the message's `Snapshot-Content-Location` (Chrome) or the page
//! part's `Content-Location`.

/// The page of a saved file, and the address it was saved from.
#[derive(Debug, PartialEq)]
pub struct Saved {
    pub html: String,
    pub url: Option<String>,
}

/// The page an MHTML file holds (its text with `\n` line ends), or why there is none.
pub fn page(text: &str) -> Result<Saved, String> {
    let (head, body) = split_headers(text);
    let content_type = header(head, "content-type").unwrap_or_default();
    let Some(boundary) = param(&content_type, "boundary") else {
        return Err("this saved page is not a MIME message with parts (no `boundary=` in its Content-Type)".into());
    };
    let snapshot = header(head, "snapshot-content-location");
    let delimiter = format!("--{boundary}");
    for part in body.split(&delimiter).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let (headers, content) = split_headers(part.strip_prefix('\n').unwrap_or(part));
        let part_type = header(headers, "content-type").unwrap_or_default();
        if !part_type.to_ascii_lowercase().starts_with("text/html") {
            continue;
        }
        let encoding = header(headers, "content-transfer-encoding").unwrap_or_default().to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "quoted-printable" => quoted_printable(content),
            "base64" => base64(content).ok_or("the page's base64 text is broken")?,
            _ => content.as_bytes().to_vec(),
        };
        let html = super::charset::decode(&bytes, param(&part_type, "charset").as_deref());
        let url = snapshot.or_else(|| header(headers, "content-location")).filter(|u| u.starts_with("http"));
        return Ok(Saved { html, url });
    }
    Err("this saved page holds no HTML part".into())
}

/// A header block and what follows the blank line under it.
fn split_headers(text: &str) -> (&str, &str) {
    match text.find("\n\n") {
        Some(i) => (&text[..i], &text[i + 2..]),
        None => (text, ""),
    }
}

/// The value of header `name` (case ignored), its folded lines joined.
fn header(block: &str, name: &str) -> Option<String> {
    let mut value: Option<String> = None;
    for line in block.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(v) = value.as_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if value.is_some() {
            break;
        }
        if let Some((n, v)) = line.split_once(':')
            && n.trim().eq_ignore_ascii_case(name)
        {
            value = Some(v.trim().to_owned());
        }
    }
    value
}

/// A `name=value` parameter of a header value (`boundary="…"`, `charset=utf-8`).
fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (n, v) = p.split_once('=')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// Quoted-printable text decoded: `=XX` is a byte, `=` at a line's end joins the lines.
fn quoted_printable(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if b.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(byte) = hex {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Base64 decoded, white space ignored; `None` if a character is not base64.
fn base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        if c == b'=' {
            break;
        }
        acc = (acc << 6) | u32::from(value(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An MHTML file as Chrome writes it (its line ends made `\n`, as seeds' are).
    fn saved(encoding: &str, charset: &str, page: &str) -> String {
        format!(
            "From: <Saved by Blink>\nSnapshot-Content-Location: https://news.example/a\nSubject: A\nMIME-Version: 1.0\nContent-Type: multipart/related;\n\ttype=\"text/html\";\n\tboundary=\"----MultipartBoundary--x----\"\n\n\n------MultipartBoundary--x----\nContent-Type: text/css\nContent-Location: https://news.example/s.css\n\nbody {{}}\n------MultipartBoundary--x----\nContent-Type: text/html{charset}\nContent-Transfer-Encoding: {encoding}\nContent-Location: https://news.example/a\n\n{page}\n------MultipartBoundary--x------\n"
        )
    }

    #[test]
    fn the_html_part_is_decoded_in_its_charset() {
        let qp = "<html><body><p class=3D\"x\">Caf=C3=A9 au lait, sa=\nid the mayor.</p></body></html>";
        let got = page(&saved("quoted-printable", "", qp)).unwrap();
        assert_eq!(got.html, "<html><body><p class=\"x\">Café au lait, said the mayor.</p></body></html>\n");
        assert_eq!(got.url.as_deref(), Some("https://news.example/a"));
        let latin1 = page(&saved("quoted-printable", "; charset=iso-8859-1", "<p>Caf=E9</p>")).unwrap();
        assert_eq!(latin1.html.trim(), "<p>Café</p>");
        let b64 = page(&saved("base64", "; charset=utf-8", "PHA+Q2Fmw6k8L3A+")).unwrap();
        assert_eq!(b64.html, "<p>Café</p>");
    }

    #[test]
    fn a_file_without_a_page_says_why() {
        assert!(page("Subject: x\n\nno parts").unwrap_err().contains("not a MIME message"));
        let only_css = saved("7bit", "", "x").replace("Content-Type: text/html", "Content-Type: image/png");
        assert_eq!(page(&only_css).unwrap_err(), "this saved page holds no HTML part");
    }
}
