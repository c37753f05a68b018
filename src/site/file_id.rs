//! A file as the file system describes it, and the digest of a file's bytes: what the output
//! manifest (`manifest.rs`) and the page store (`page_store.rs`) both record of a file.

use std::fs;

use serde::{Deserialize, Serialize};

/// A file as the file system describes it: device, inode and size (hashed to 64 bits) and
/// modification time. Equal while nobody writes, replaces or touches the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileId {
    id: u64,
    /// Nanoseconds since 1970.
    mtime: i64,
}

impl FileId {
    /// Whether the file was last modified before `fence` was (see `ManifestStore::save`).
    pub fn older_than(&self, fence: &FileId) -> bool {
        self.mtime < fence.mtime
    }

    #[cfg(unix)]
    pub fn of(meta: &fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        let id = hash([meta.dev(), meta.ino(), meta.size()]);
        FileId { id, mtime: meta.mtime().saturating_mul(1_000_000_000).saturating_add(meta.mtime_nsec()) }
    }

    #[cfg(not(unix))]
    pub fn of(meta: &fs::Metadata) -> Self {
        let since = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).unwrap_or_default();
        FileId { id: hash([0, 0, meta.len()]), mtime: since.as_nanos() as i64 }
    }
}

fn hash(fields: [u64; 3]) -> u64 {
    let mut bytes = [0u8; 24];
    for (chunk, f) in bytes.chunks_exact_mut(8).zip(fields) {
        chunk.copy_from_slice(&f.to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// The digest of a file's bytes, as records keep it.
pub fn digest_bytes(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}
