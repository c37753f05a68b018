//! Where a build keeps the articles' text while no stage needs it: in memory up to a budget,
//! then in an unnamed temporary file (removed by the system when the build ends, whatever way
//! it ends). Each article's text past the budget is written once, when it is extracted, and
//! read back by whichever stage needs it: anchoring, finding mentions, the article's pages and
//! its search record. So memory does not grow with the articles' text past the budget
//! (docs/output.md).
//!
//! Every read and write names its position, so that threads never share a file cursor (on
//! Windows a positional read moves the handle's cursor, which a clone of it shares).

use std::fs::File;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::model::{Article, TextStore};

/// Where a build keeps the articles' text: in memory up to a budget, then in a [`TextFile`].
#[derive(Debug)]
pub struct TextPlace {
    file: Arc<TextFile>,
    budget: u64,
    /// The text extracted so far, in bytes.
    seen: AtomicU64,
}

impl TextPlace {
    /// Text held in memory up to `budget` bytes, the rest in a new [`TextFile`].
    pub fn new(budget: u64) -> std::io::Result<TextPlace> {
        let file = Arc::new(TextFile::new()?);
        Ok(TextPlace { file, budget, seen: AtomicU64::new(0) })
    }

    /// Moves `article`'s text to the file once the text extracted so far is past the budget;
    /// true if it did.
    pub fn moves(&self, article: &mut Article) -> bool {
        let len: u64 = article.blocks().iter().map(|b| b.text.len() as u64).sum();
        if self.seen.fetch_add(len, Ordering::Relaxed) + len <= self.budget {
            return false;
        }
        article.move_text(self.file.clone());
        true
    }

    /// Why reading text back failed, if it ever did (see [`TextFile::failure`]).
    pub fn failure(&self) -> Option<String> {
        self.file.failure()
    }
}

/// The articles' text moved out of memory: an unnamed temporary file, written and read at
/// given positions from any thread.
#[derive(Debug)]
pub struct TextFile {
    file: File,
    /// Where the next text goes: every text is given its place before it is written.
    len: AtomicU64,
    /// Why reading back failed, the first time it did.
    failure: Mutex<Option<String>>,
}

impl TextFile {
    /// A new, empty store in the system's temporary folder.
    pub fn new() -> std::io::Result<TextFile> {
        Ok(TextFile { file: tempfile::tempfile()?, len: AtomicU64::new(0), failure: Mutex::new(None) })
    }

    /// Why reading text back failed, if it ever did: the pages made since cannot be trusted.
    pub fn failure(&self) -> Option<String> {
        self.failure.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn fail(&self, why: String) {
        self.failure.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(why);
    }
}

impl TextStore for TextFile {
    fn append(&self, bytes: &[u8]) -> Option<u64> {
        // A text that fails to be written leaves a gap nothing reads.
        let at = self.len.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        write_at(&self.file, bytes, at).ok()?;
        Some(at)
    }

    fn read(&self, at: u64, len: usize) -> Vec<u8> {
        let mut buf = vec![0; len];
        if let Err(e) = read_at(&self.file, &mut buf, at) {
            self.fail(format!("cannot read the articles' text back from a temporary file: {e}"));
            buf.fill(b' ');
        }
        buf
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    let mut done = 0;
    while done < bytes.len() {
        match file.seek_write(&bytes[done..], at + done as u64)? {
            0 => return Err(std::io::ErrorKind::WriteZero.into()),
            n => done += n,
        }
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    let mut done = 0;
    while done < buf.len() {
        match file.seek_read(&mut buf[done..], at + done as u64)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => done += n,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_back_where_it_was_appended() {
        let store = TextFile::new().unwrap();
        assert_eq!(store.append(b"first"), Some(0));
        assert_eq!(store.append("zweitë".as_bytes()), Some(5));
        assert_eq!(store.read(5, 7), "zweitë".as_bytes());
        assert_eq!(store.read(0, 5), b"first");
        assert_eq!(store.failure(), None);
    }

    #[test]
    fn texts_appended_from_many_threads_read_back_whole() {
        let store = TextFile::new().unwrap();
        let texts: Vec<String> = (0..64).map(|i| format!("text {i} ").repeat(i + 1)).collect();
        let placed: Vec<u64> = std::thread::scope(|s| {
            let handles: Vec<_> = texts.iter().map(|t| s.spawn(|| store.append(t.as_bytes()).unwrap())).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (text, at) in texts.iter().zip(placed) {
            assert_eq!(store.read(at, text.len()), text.as_bytes());
        }
    }

    #[test]
    fn text_is_held_up_to_the_budget_and_moved_past_it() {
        use crate::model::{Block, Extracted, SeedFormat};
        let article = |text: &str| {
            let fields = Extracted { blocks: vec![Block::paragraph(text)], ..Extracted::default() };
            Article::new("a".into(), "seeds/a.txt".into(), SeedFormat::Text, fields)
        };
        let place = TextPlace::new(10).unwrap();
        let (mut first, mut second, mut third) = (article("123456"), article("7890"), article("abc"));
        assert!(!place.moves(&mut first) && !place.moves(&mut second), "10 bytes are held");
        assert!(place.moves(&mut third), "the 11th is moved");
        assert!(third.fields.blocks.is_empty() && first.fields.blocks.len() == 1);
        assert_eq!(third.block_text(0), "abc");
        assert_eq!(place.failure(), None);
    }

    #[test]
    fn reading_past_the_end_is_spaces_and_a_failure() {
        let store = TextFile::new().unwrap();
        store.append(b"abc");
        assert_eq!(store.read(1, 5), b"     ");
        assert!(store.failure().unwrap().contains("cannot read the articles' text back"));
    }
}
