//! A page's bytes as a template writes them, refused past [`MAX_PAGE_BYTES`]: a loop in a
//! template that writes far too much (a range of ranges) would otherwise take the memory of
//! the machine within seconds, long before the watchdog's minute, and end the build with an
//! allocation failure instead of an error naming the template.

use std::io::{self, Write};

/// The most one page (or card, or timeline entry) may be: pages of large sites are a few
/// hundred kilobytes, a brief page of a 16 MB seed some 40 MB, and a GitHub Pages site 1 GB.
pub const MAX_PAGE_BYTES: usize = 256 << 20;

/// What a template has written so far, and whether it tried to pass [`MAX_PAGE_BYTES`].
#[derive(Debug, Default)]
pub struct Capped {
    pub bytes: Vec<u8>,
    pub over: bool,
}

impl Capped {
    pub fn with_capacity(capacity: usize) -> Self {
        Capped { bytes: Vec::with_capacity(capacity.min(MAX_PAGE_BYTES)), over: false }
    }
}

impl Write for Capped {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    /// Writes all of `buf` or none of it, in one step: templates write a page in many small
    /// pieces, each of which would otherwise go through [`Write::write`]'s loop.
    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.bytes.len() + buf.len() > MAX_PAGE_BYTES {
            self.over = true;
            return Err(io::Error::new(io::ErrorKind::FileTooLarge, "the page is too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_up_to_the_ceiling_and_no_further() {
        let mut out = Capped::with_capacity(usize::MAX);
        out.write_all(&vec![b'x'; MAX_PAGE_BYTES - 1]).unwrap();
        out.write_all(b"y").unwrap();
        assert!(!out.over);
        assert!(out.write_all(b"z").is_err());
        assert!(out.over);
        assert_eq!(out.bytes.len(), MAX_PAGE_BYTES);
    }
}
