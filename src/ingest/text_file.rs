//! Where a build keeps the articles' text while no stage needs it: an unnamed temporary file
//! (removed by the system when the build ends, whatever way it ends). Each article's text is
//! written once, when it is extracted, and read back by whichever stage needs it: anchoring,
//! finding mentions, the article's pages and its search record. So a build holds the text of
//! a few articles at a time, not of the whole archive (docs/output.md).

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::sync::Mutex;

use crate::model::TextStore;

#[derive(Debug)]
pub struct TextFile {
    /// The file and its length, for appending.
    file: Mutex<(File, u64)>,
    /// The same file, for reading at a position from any thread.
    #[cfg_attr(not(any(unix, windows)), allow(dead_code))]
    reader: File,
    /// Why reading back failed, the first time it did.
    failure: Mutex<Option<String>>,
}

impl TextFile {
    /// A new, empty store in the system's temporary folder.
    pub fn new() -> std::io::Result<TextFile> {
        let file = tempfile::tempfile()?;
        let reader = file.try_clone()?;
        Ok(TextFile { file: Mutex::new((file, 0)), reader, failure: Mutex::new(None) })
    }

    /// Why reading text back failed, if it ever did: the pages made since cannot be trusted.
    pub fn failure(&self) -> Option<String> {
        self.failure.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Fills `buf` from `at`: where the system reads at a position, without taking the
    /// file from the other threads.
    #[cfg(unix)]
    fn read_at(&self, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
        use std::os::unix::fs::FileExt;
        self.reader.read_exact_at(buf, at)
    }

    #[cfg(windows)]
    fn read_at(&self, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
        use std::os::windows::fs::FileExt;
        let mut done = 0;
        while done < buf.len() {
            match self.reader.seek_read(&mut buf[done..], at + done as u64)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => done += n,
            }
        }
        Ok(())
    }

    #[cfg(not(any(unix, windows)))]
    fn read_at(&self, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
        use std::io::Read;
        let mut guard = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let file = &mut guard.0;
        file.seek(SeekFrom::Start(at)).and_then(|_| file.read_exact(buf))
    }

    fn fail(&self, why: String) {
        self.failure.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(why);
    }
}

impl TextStore for TextFile {
    fn append(&self, bytes: &[u8]) -> Option<u64> {
        let mut guard = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let (file, len) = &mut *guard;
        let at = *len;
        // Written at the end as this store knows it: a failed write leaves it there.
        file.seek(SeekFrom::Start(at)).and_then(|_| file.write_all(bytes)).ok()?;
        *len += bytes.len() as u64;
        Some(at)
    }

    fn read(&self, at: u64, len: usize) -> Vec<u8> {
        let mut buf = vec![0; len];
        if let Err(e) = self.read_at(at, &mut buf) {
            self.fail(format!("cannot read the articles' text back from a temporary file: {e}"));
            buf.fill(b' ');
        }
        buf
    }
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
    fn reading_past_the_end_is_spaces_and_a_failure() {
        let store = TextFile::new().unwrap();
        store.append(b"abc");
        assert_eq!(store.read(1, 5), b"     ");
        assert!(store.failure().unwrap().contains("cannot read the articles' text back"));
    }
}
