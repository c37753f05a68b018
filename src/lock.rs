//! The per-site lock: `build` (which writes the output and the build cache), and `serve` and
//! `check` while they write the build cache, hold an advisory lock on
//! `.briefgen-cache/lock`, so that two of them never work on one site at once. A second one
//! waits, saying which process holds the site, or with `--no-wait` exits with code 2. The
//! lock is the operating system's (`flock` on Unix, `LockFileEx` on Windows, through std's
//! `File::lock`): it dies with the process that holds it, so a killed build never leaves a
//! stale lock behind. See docs/safety.md.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The lock file, under the site root.
pub const LOCK_FILE: &str = ".briefgen-cache/lock";

/// What to do when another process holds the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Contention {
    /// Wait for it, saying so once.
    #[default]
    Wait,
    /// Give up: an environment error (exit code 2).
    Fail,
}

/// The site, held until this is dropped.
#[derive(Debug)]
pub struct SiteLock {
    _file: File,
}

impl SiteLock {
    /// Takes the lock of the site at `root`. `waiting` is called once, with the holder's
    /// process id when it is known, before waiting.
    pub fn acquire(root: &Path, contention: Contention, waiting: impl FnOnce(Option<u32>)) -> anyhow::Result<Self> {
        // The lock file is written (its holder's pid): never through a link.
        crate::cache::refuse_links(root)?;
        let path = root.join(LOCK_FILE);
        let mut file = open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = holder(&mut file);
                if contention == Contention::Fail {
                    anyhow::bail!(
                        "another briefgen build is running in this site{}; not waiting (--no-wait)",
                        pid_note(holder)
                    );
                }
                waiting(holder);
                file.lock().with_context(|| format!("cannot lock {}", path.display()))?;
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
        record_holder(&mut file);
        Ok(SiteLock { _file: file })
    }
}

/// The message shown while waiting.
pub fn waiting_message(holder: Option<u32>) -> String {
    format!("waiting for another briefgen build in this site{}…", pid_note(holder))
}

fn pid_note(holder: Option<u32>) -> String {
    holder.map_or_else(String::new, |pid| format!(" (pid {pid})"))
}

fn open(path: &Path) -> anyhow::Result<File> {
    let dir: PathBuf = path.parent().map(Path::to_path_buf).unwrap_or_default();
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))
}

/// The process id the holder wrote into the file (unreadable where locks are mandatory, as on
/// Windows: then unknown). The holder writes it just after taking the lock, so a file found
/// empty is read again for a moment.
fn holder(file: &mut File) -> Option<u32> {
    for _ in 0..HOLDER_READS {
        if let Some(pid) = written_pid(file) {
            return Some(pid);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    None
}

/// How many times the holder's process id is looked for, 5 ms apart.
const HOLDER_READS: usize = 40;

fn written_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// Writes this process's id into the file, for those that wait. Best effort: the lock holds
/// without it.
fn record_holder(file: &mut File) {
    let _ = file.set_len(0);
    let _ = file.seek(SeekFrom::Start(0));
    let _ = write!(file, "{}", std::process::id());
    let _ = file.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_or_fails_naming_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = SiteLock::acquire(dir.path(), Contention::Fail, |_| panic!("free")).unwrap();
        let err = SiteLock::acquire(dir.path(), Contention::Fail, |_| {}).unwrap_err().to_string();
        let pid = std::process::id();
        assert_eq!(err, format!("another briefgen build is running in this site (pid {pid}); not waiting (--no-wait)"));
        let (tx, rx) = std::sync::mpsc::channel();
        let root = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            SiteLock::acquire(&root, Contention::Wait, |holder| tx.send(waiting_message(holder)).unwrap()).unwrap()
        });
        let said = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        assert_eq!(said, format!("waiting for another briefgen build in this site (pid {pid})…"));
        drop(first);
        drop(waiter.join().unwrap());
        SiteLock::acquire(dir.path(), Contention::Fail, |_| panic!("released")).unwrap();
    }
}
