//! Where a `[`, `{` or quote left open was opened. A list, a mapping in braces or a quoted
//! text may go on over several lines, so the parser notices the missing `]`, `}` or quote
//! only lines later, where the text stops making sense; an editor looks for the opener.

/// A bracket or quote that opened a value, with its position (1-based; the column in
/// characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opener {
    pub line: u32,
    pub col: u32,
    pub ch: char,
}

/// The innermost bracket or quote still open at the start of line `line` (1-based), found by
/// reading the lines before it as YAML's block and flow styles nest. `None` when everything
/// opened before that line was closed.
pub fn open_before(text: &str, line: u32) -> Option<Opener> {
    let mut scan = Scan::default();
    for (i, l) in text.lines().take(line.saturating_sub(1) as usize).enumerate() {
        scan.line(i as u32 + 1, l);
    }
    scan.quote.or_else(|| scan.flow.last().copied())
}

#[derive(Default)]
struct Scan {
    /// Brackets open, outermost first.
    flow: Vec<Opener>,
    /// A quoted text open at the end of the last line.
    quote: Option<Opener>,
    /// Inside a `|` or `>` text: the indentation its lines go further in than.
    block_text: Option<usize>,
}

impl Scan {
    fn line(&mut self, number: u32, l: &str) {
        let chars: Vec<char> = l.chars().collect();
        let indent = chars.iter().take_while(|c| **c == ' ').count();
        if let Some(parent) = self.block_text {
            if l.trim().is_empty() || indent > parent {
                return;
            }
            self.block_text = None;
        }
        let mut at = 0;
        if let Some(q) = self.quote {
            match close_quote(&chars, 0, q.ch) {
                Some(end) => (self.quote, at) = (None, end),
                None => return,
            }
        }
        let cur = Cursor { chars: &chars, line: number };
        if self.flow.is_empty() {
            self.block(cur, at.max(indent));
        } else {
            self.flow(cur, at);
        }
    }

    /// A line in block style from `at`: `- ` items, then a key, then the value after `: `.
    fn block(&mut self, cur: Cursor, mut at: usize) {
        let c = cur.chars;
        let mut node = at;
        while c.get(at) == Some(&'-') && c.get(at + 1).is_none_or(|n| *n == ' ') {
            node = at;
            at = skip_spaces(c, at + 1);
        }
        loop {
            match c.get(at) {
                None | Some('#') => return,
                Some('"' | '\'') => {
                    let Some(end) = close_quote(c, at + 1, c[at]) else {
                        self.quote = Some(cur.opener(at));
                        return;
                    };
                    // A quoted key: its value follows.
                    match key_end(c, end) {
                        Some(value) => (node, at) = (at, skip_spaces(c, value)),
                        None => return,
                    }
                }
                Some('[' | '{') => return self.flow(cur, at),
                Some('|' | '>') => {
                    self.block_text = Some(node);
                    return;
                }
                Some(_) => match plain_key_end(c, at) {
                    Some(value) => (node, at) = (at, skip_spaces(c, value)),
                    None => return,
                },
            }
        }
    }

    /// A line in flow style from `at`, inside the brackets on [`Scan::flow`] (or opening one).
    fn flow(&mut self, cur: Cursor, mut at: usize) {
        let c = cur.chars;
        let mut token_start = true;
        while let Some(&ch) = c.get(at) {
            match ch {
                '#' if at == 0 || c[at - 1] == ' ' => return,
                '"' | '\'' if token_start => match close_quote(c, at + 1, ch) {
                    Some(end) => at = end - 1,
                    None => {
                        self.quote = Some(cur.opener(at));
                        return;
                    }
                },
                '[' | '{' => self.flow.push(cur.opener(at)),
                ']' | '}' => {
                    self.flow.pop();
                    if self.flow.is_empty() {
                        return;
                    }
                }
                _ => {}
            }
            token_start = matches!(ch, ' ' | '[' | '{' | ',' | ':');
            at += 1;
        }
    }
}

#[derive(Clone, Copy)]
struct Cursor<'a> {
    chars: &'a [char],
    line: u32,
}

impl Cursor<'_> {
    fn opener(&self, at: usize) -> Opener {
        Opener { line: self.line, col: at as u32 + 1, ch: self.chars[at] }
    }
}

fn skip_spaces(c: &[char], mut at: usize) -> usize {
    while c.get(at) == Some(&' ') {
        at += 1;
    }
    at
}

/// The index just past the `quote` that closes a quoted text whose inside starts at `at`.
fn close_quote(c: &[char], mut at: usize, quote: char) -> Option<usize> {
    while let Some(&ch) = c.get(at) {
        match ch {
            '\\' if quote == '"' => at += 1,
            '\'' if quote == '\'' && c.get(at + 1) == Some(&'\'') => at += 1,
            _ if ch == quote => return Some(at + 1),
            _ => {}
        }
        at += 1;
    }
    None
}

/// After a quoted key ending before `at`: the index past its `:`, if it is a key.
fn key_end(c: &[char], at: usize) -> Option<usize> {
    let at = skip_spaces(c, at);
    (c.get(at) == Some(&':') && c.get(at + 1).is_none_or(|n| *n == ' ')).then_some(at + 1)
}

/// In a plain text from `at`: the index past the `:` that ends it as a key, if it is one
/// (a plain text holds no `: ` and no ` #`).
fn plain_key_end(c: &[char], at: usize) -> Option<usize> {
    (at..c.len()).find_map(|i| match c[i] {
        ':' if c.get(i + 1).is_none_or(|n| *n == ' ') => Some(Some(i + 1)),
        '#' if c[i - 1] == ' ' => Some(None),
        _ => None,
    })?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(text: &str, line: u32) -> Option<(u32, u32, char)> {
        open_before(text, line).map(|o| (o.line, o.col, o.ch))
    }

    #[test]
    fn finds_the_bracket_left_open_on_an_earlier_line() {
        assert_eq!(open("tags: [a, b\nentities: [c]\n", 2), Some((1, 7, '[')));
        assert_eq!(open("notes:\n  - quote: x\n    where: {a: 1\n    body: y\n", 4), Some((3, 12, '{')));
        assert_eq!(open("a: [b, [c, d]\nx: 1\n", 2), Some((1, 4, '[')));
        assert_eq!(open("a: [b, [c\nx: 1\n", 2), Some((1, 8, '[')));
    }

    #[test]
    fn finds_the_quote_left_open() {
        assert_eq!(open("title: \"x\nnotes: []\n", 2), Some((1, 8, '"')));
        assert_eq!(open("- 'it''s\n- b\n", 2), Some((1, 3, '\'')));
        assert_eq!(open("tags: [a, \"b]\nx: 1\n", 2), Some((1, 11, '"')));
    }

    #[test]
    fn what_is_closed_or_not_an_opener_is_not_reported() {
        for text in [
            "tags: [a,\n  b]\nx: 1\n",
            "title: it's [sic] fine\nx: 1\n",
            "body: |\n  [1] a footnote\n  \"quoted\n\nx: 1\n",
            "- quote: \"a \\\" b\"\n  kind: [x]\nx: 1\n",
            "\"key [\": [a]\nx: 1\n",
            "a: b # [ not a list\nx: 1\n",
            "a: [b, 'c]' ]\nx: 1\n",
            "a: [don't, b]\nx: 1\n",
            "- >-\n  {text\n- b\n",
        ] {
            assert_eq!(open(text, text.lines().count() as u32 + 1), None, "{text:?}");
        }
    }

    #[test]
    fn no_text_makes_it_panic() {
        const ALPHABET: [char; 15] = ['[', ']', '{', '}', '"', '\'', '\\', '#', ':', ' ', '-', '\n', 'a', '|', 'é'];
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| ALPHABET.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.extend(longer);
        }
        // And longer ones, from a fixed linear congruential sequence.
        let mut x: u64 = 1;
        texts.extend((0..2_000).map(|_| {
            (0..60)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ALPHABET[(x >> 33) as usize % ALPHABET.len()]
                })
                .collect()
        }));
        for text in &texts {
            for line in 0..=text.lines().count() as u32 + 1 {
                let _ = open_before(text, line);
            }
        }
    }

    #[test]
    fn the_line_itself_is_not_read() {
        assert_eq!(open("tags: [a, b\n", 1), None);
    }
}
