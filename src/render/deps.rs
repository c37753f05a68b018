//! Which briefs and timeline entries each page read while its view was built, so that
//! `serve` can re-render only the pages an edit touches. Views record through
//! [`brief`] and [`entry`] (called by the accessors every page builder goes through:
//! `Views::brief_card`, `Views::entry`, `Views::read_brief`); nothing is recorded outside
//! [`recording`].

use std::cell::RefCell;

thread_local! {
    static READS: RefCell<Option<Reads>> = const { RefCell::new(None) };
}

/// What one page's view read.
#[derive(Debug, Default)]
pub struct Reads {
    briefs: Vec<u32>,
    entries: Vec<u32>,
}

/// Notes that the page being built reads brief `i`'s own data (not only its place in the
/// site, which a partial rebuild never changes).
pub fn brief(i: usize) {
    READS.with_borrow_mut(|r| {
        if let Some(r) = r {
            r.briefs.push(i as u32);
        }
    });
}

/// Notes that the page being built shows timeline entry `i`.
pub fn entry(i: usize) {
    READS.with_borrow_mut(|r| {
        if let Some(r) = r {
            r.entries.push(i as u32);
        }
    });
}

/// Runs `f` (which builds one page on this thread), returning what it read when `on`.
pub fn recording<T>(on: bool, f: impl FnOnce() -> T) -> (T, Option<Reads>) {
    if !on {
        return (f(), None);
    }
    READS.set(Some(Reads::default()));
    let out = f();
    (out, READS.take())
}

/// Per brief and per timeline entry, the pages (as job numbers) that read it.
#[derive(Debug, Default)]
pub struct Deps {
    by_brief: Vec<Vec<u32>>,
    by_entry: Vec<Vec<u32>>,
}

impl Deps {
    pub fn new(briefs: usize, entries: usize) -> Self {
        Deps { by_brief: vec![Vec::new(); briefs], by_entry: vec![Vec::new(); entries] }
    }

    /// Records what job `job` read. Jobs come in increasing order, so a page that reads the
    /// same brief twice is listed once; should a job come again, [`Deps::jobs_reading`]
    /// lists it once all the same.
    pub fn add(&mut self, job: usize, reads: Reads) {
        let job = job as u32;
        let add = |lists: &mut Vec<Vec<u32>>, items: Vec<u32>| {
            for i in items {
                let list = &mut lists[i as usize];
                if list.last() != Some(&job) {
                    list.push(job);
                }
            }
        };
        add(&mut self.by_brief, reads.briefs);
        add(&mut self.by_entry, reads.entries);
    }

    /// The jobs that read any of `briefs` or `entries`, in job order.
    pub fn jobs_reading(&self, briefs: &[usize], entries: &[usize]) -> Vec<usize> {
        let mut jobs: Vec<usize> = briefs
            .iter()
            .flat_map(|&b| &self.by_brief[b])
            .chain(entries.iter().flat_map(|&e| &self.by_entry[e]))
            .map(|&j| j as usize)
            .collect();
        jobs.sort_unstable();
        jobs.dedup();
        jobs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(briefs: &[usize], entries: &[usize]) -> Reads {
        recording(true, || {
            briefs.iter().for_each(|&b| brief(b));
            entries.iter().for_each(|&e| entry(e));
        })
        .1
        .expect("recording")
    }

    #[test]
    fn jobs_are_found_by_what_they_read() {
        let mut deps = Deps::new(3, 2);
        deps.add(0, read(&[0, 1, 1], &[]));
        deps.add(1, read(&[2], &[1]));
        deps.add(2, read(&[], &[0, 1]));
        assert_eq!(deps.jobs_reading(&[1], &[]), vec![0]);
        assert_eq!(deps.jobs_reading(&[2], &[0]), vec![1, 2]);
        assert_eq!(deps.jobs_reading(&[], &[1]), vec![1, 2]);
        deps.add(0, read(&[0, 1], &[]));
        assert_eq!(deps.jobs_reading(&[0], &[]), vec![0]);
    }

    #[test]
    fn nothing_is_recorded_outside_a_recording() {
        brief(5);
        let ((), reads) = recording(false, || brief(1));
        assert!(reads.is_none());
        assert_eq!(read(&[], &[]).briefs, Vec::<u32>::new());
    }
}
