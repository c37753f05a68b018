//! Saved pages in the charset they were served in. A browser saves a page ("Web page, HTML
//! only") in its own encoding, which for many outlets is not UTF-8 (Shift_JIS, GBK,
//! windows-1251, ISO-8859-1): the page says which in a `<meta charset>` (or `http-equiv`)
//! near its start, and a saved single-file page in its part's `Content-Type`. Any text file
//! may also be UTF-16 with its byte-order mark (Windows Notepad's "Unicode"). Other text must
//! be UTF-8: guessing would publish garbled text without a word.

use encoding_rs::{Encoding, UTF_8};

/// How far into a page its charset is looked for, as browsers do (HTML's "prescan").
const PRESCAN: usize = 1024;

/// The charset a page's `<meta>` declares, if it names one `encoding_rs` knows.
pub fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta").map(|i| from + i) {
        let end = find(&lower[at..], b">").map_or(lower.len(), |i| at + i);
        if let Some(c) = find(&lower[at..end], b"charset=").map(|i| at + i + b"charset=".len()) {
            let value = lower[c..end].iter().skip_while(|&&b| b == b'"' || b == b'\'').copied();
            let label: Vec<u8> = value.take_while(|b| !matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>')).collect();
            return Encoding::for_label(&label);
        }
        from = end;
    }
    None
}

/// `bytes` as text in the charset `label` names (a MIME or `<meta>` label), else the one the
/// page declares, else UTF-8; bytes that do not fit become U+FFFD.
#[cfg(feature = "html")]
pub fn decode(bytes: &[u8], label: Option<&str>) -> String {
    let encoding = label.and_then(|l| Encoding::for_label(l.as_bytes())).or_else(|| declared(bytes)).unwrap_or(UTF_8);
    decode_as(encoding, bytes)
}

/// A page that is not UTF-8, decoded from the charset it declares, if it declares one other
/// than UTF-8 (a page declaring UTF-8 that is not is left to the UTF-8 error).
pub fn legacy(bytes: &[u8]) -> Option<String> {
    declared(bytes).filter(|&e| e != UTF_8).map(|e| decode_as(e, bytes))
}

/// Text saved as UTF-16 with its byte-order mark (Windows Notepad's "Unicode"), decoded;
/// not if it holds a NUL character, as a binary file would.
pub fn utf16(bytes: &[u8]) -> Option<String> {
    let (encoding, _) = Encoding::for_bom(bytes)?;
    let text = (encoding != UTF_8).then(|| decode_as(encoding, bytes))?;
    (!text.contains('\0')).then_some(text)
}

/// `bytes` in `encoding`, a byte-order mark dropped; what does not fit becomes U+FFFD.
fn decode_as(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_with_bom_removal(bytes).0.into_owned()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_its_mark_is_read() {
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Café\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("Café\n".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!((utf16(&le).as_deref(), utf16(&be).as_deref()), (Some("Café\n"), Some("Café\n")));
        assert_eq!(utf16("\u{feff}Café".as_bytes()), None, "UTF-8 with a mark is read as UTF-8");
        assert_eq!(utf16(b"Cafe"), None);
        assert_eq!(utf16(&[0xFF, 0xFE, b'a', 0, 0, 0]), None, "a NUL character is no text");
    }

    #[test]
    fn the_charset_a_page_declares_is_found_either_way() {
        let name = |b: &[u8]| declared(b).map(Encoding::name);
        assert_eq!(name(b"<html><head><meta charset=\"Shift_JIS\"><title>"), Some("Shift_JIS"));
        assert_eq!(
            name(b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=iso-8859-1'>"),
            Some("windows-1252")
        );
        assert_eq!(name(b"<meta name=\"x\" content=\"y\"><meta charset=gbk>"), Some("GBK"));
        assert_eq!(name(b"<meta charset=\"no-such-charset\">"), None);
        assert_eq!(name(b"<p>charset=utf-8 in the text</p>"), None);
    }

    #[test]
    #[cfg(feature = "html")]
    fn pages_are_decoded_from_their_charset() {
        let page = b"<meta charset=windows-1251><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert_eq!(decode(page, None), "<meta charset=windows-1251><p>Привет</p>");
        assert_eq!(decode(b"<p>caf\xe9</p>", Some("iso-8859-1")), "<p>café</p>");
        assert_eq!(decode("<p>café</p>".as_bytes(), None), "<p>café</p>");
    }
}
