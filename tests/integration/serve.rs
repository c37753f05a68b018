//! `briefgen serve` end to end, on loopback: start, fetch, edit, see the change, break it,
//! see the errors while the last good page stays, stop. Every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::harness::SiteTest;

const RHC: &str = "content/annotations/004_4adcc239e7605c19.yaml";
const PAGE: &str = "/briefs/assad-says-army-will-liberate-every-inch/";
const LIMIT: Duration = Duration::from_secs(20);

/// The server process, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(site: &SiteTest) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefgen"))
            .args(["serve", "--port", "0"])
            .current_dir(&site.root)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server { child, addr: String::new(), log };
        let line = server.wait_for_log("serving http://");
        let url = line.split_whitespace().nth(1).unwrap();
        server.addr = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
        assert!(server.addr.starts_with("127.0.0.1:"), "loopback only: {line}");
        server
    }

    fn wait_for_log(&self, needle: &str) -> String {
        let deadline = Instant::now() + LIMIT;
        while let Ok(line) = self.log.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if line.contains(needle) {
                return line;
            }
        }
        panic!("no {needle:?} from the server within {LIMIT:?}");
    }

    /// The next line saying a rebuild ended: `built in …` (the whole site), `rebuilt …` (a
    /// partial rebuild) or `build failed: …`.
    fn next_rebuild(&self) -> String {
        let ended = ["built in ", "rebuilt ", "build failed"];
        let deadline = Instant::now() + LIMIT;
        while let Ok(line) = self.log.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if ended.iter().any(|e| line.starts_with(e)) {
                return line;
            }
        }
        panic!("no rebuild ended within {LIMIT:?}");
    }

    /// GET a path: status line and body.
    fn get(&self, path: &str) -> (String, String) {
        let (head, body) = self.get_as(path, &self.addr);
        (head.lines().next().unwrap().to_owned(), body)
    }

    /// GET a path with `Host: host`: the response's head and body.
    fn get_as(&self, path: &str, host: &str) -> (String, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(LIMIT)).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        (head.to_owned(), body.to_owned())
    }

    /// Opens the live-reload stream, and returns once the server has answered: it subscribes
    /// to changes before it answers, so no change made after this returns can be missed.
    fn events(&self) -> Events {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        write!(s, "GET /__briefgen/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr).unwrap();
        let mut events = Events { stream: s, seen: String::new() };
        let head = events.read_until("\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
        events
    }
}

struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    /// Reads until `needle` arrives; returns what came before it and keeps the rest.
    fn read_until(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + LIMIT;
        let mut buf = [0u8; 4096];
        loop {
            if let Some(i) = self.seen.find(needle) {
                let before = self.seen[..i].to_owned();
                self.seen = self.seen[i + needle.len()..].to_owned();
                return before;
            }
            assert!(Instant::now() < deadline, "no {needle:?} within {LIMIT:?}; got {:?}", self.seen);
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed"),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {} // read timeout: try again until the deadline
            }
        }
    }

    /// Reads until `event: <name>` arrives; returns what came with it.
    fn wait_for(&mut self, name: &str) -> String {
        let needle = format!("event: {name}\ndata: ");
        let deadline = Instant::now() + LIMIT;
        let mut buf = [0u8; 4096];
        loop {
            if let Some(i) = self.seen.find(&needle) {
                let rest = &self.seen[i + needle.len()..];
                if let Some(end) = rest.find('\n') {
                    let data = rest[..end].to_owned();
                    self.seen = rest[end..].to_owned();
                    return data;
                }
            }
            assert!(Instant::now() < deadline, "no `{name}` event within {LIMIT:?}; got {:?}", self.seen);
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed"),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {} // read timeout: try again until the deadline
            }
        }
    }
}

#[test]
fn serve_rebuilds_on_change_and_keeps_the_last_good_site() {
    let site = SiteTest::demo();
    let server = Server::start(&site);

    let (status, page) = server.get(PAGE);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(page.contains("Cuba’s state broadcaster relays"), "{page}");
    assert!(page.contains("new EventSource(\"/__briefgen/events\")"), "the reload script is injected");
    let (status, _) = server.get("/timeline");
    assert_eq!(status, "HTTP/1.1 308 Permanent Redirect");
    let (head, _) = server.get_as("/search?q=assad", &server.addr);
    assert!(head.to_ascii_lowercase().contains("location: /search/?q=assad"), "the query is kept: {head}");
    // A page of another site whose name leads here (DNS rebinding) reads nothing.
    let (head, body) = server.get_as(PAGE, "evil.example");
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    assert!(!body.contains("Cuba"), "{body}");
    let (status, missing) = server.get("/no-such-page/");
    assert_eq!(status, "HTTP/1.1 404 Not Found");
    assert!(missing.contains("Page not found"), "{missing}");

    // An edit: the open page is told to reload, and gets the new text.
    let mut events = server.events();
    let start = Instant::now();
    site.replace(RHC, "Cuba's state broadcaster relays", "Cuba's state radio relays");
    events.wait_for("reload");
    eprintln!("edit → reload event: {} ms", start.elapsed().as_millis());
    assert!(server.get(PAGE).1.contains("Cuba’s state radio relays"));

    // A note's text: a partial rebuild. The page is new at the reload; the annotation
    // export, remade after it, is new by the time it is served.
    site.replace(RHC, "Monday was 9 January 2017.", "Monday was the 9th of January 2017.");
    events.wait_for("reload");
    assert!(server.get(PAGE).1.contains("Monday was the 9th of January 2017."));
    assert!(server.get("/annotations.jsonld").1.contains("Monday was the 9th of January 2017."));

    // A broken edit: the errors go to the page, the last good site is still served.
    site.replace(RHC, "published: 2017-01-09", "published: 2017-01-32");
    let errors = events.wait_for("errors");
    assert!(errors.contains("004_4adcc239e7605c19.yaml:3:12"), "{errors}");
    assert!(errors.contains("day 32 does not exist"), "{errors}");
    assert!(server.get(PAGE).1.contains("Cuba’s state radio relays"));
    // A page opened now learns about the errors at once.
    assert!(server.events().wait_for("errors").contains("day 32 does not exist"));

    // Fixed: reload again.
    site.replace(RHC, "published: 2017-01-32", "published: 2017-01-09");
    events.wait_for("reload");

    // The config moved away: not a site any more, which the page is told, as of any error.
    std::fs::rename(site.path("briefgen.yaml"), site.path("briefgen.yaml.bak")).unwrap();
    assert!(events.wait_for("errors").contains("cannot read"));
    assert!(server.get(PAGE).1.contains("Cuba’s state radio relays"), "the last good site");
    std::fs::rename(site.path("briefgen.yaml.bak"), site.path("briefgen.yaml")).unwrap();
    events.wait_for("reload");
}

#[test]
fn serve_shows_the_errors_of_a_site_that_never_built_and_watches_folders_made_later() {
    let site = SiteTest::demo();
    site.replace(RHC, "published: 2017-01-09", "published: 2017-01-32");
    let server = Server::start(&site);
    let (status, page) = server.get("/");
    assert_eq!(status, "HTTP/1.1 404 Not Found");
    assert!(page.contains("The site has not built yet"), "{page}");
    assert!(page.contains("new EventSource(\"/__briefgen/events\")"), "it reloads once fixed");
    let mut events = server.events();
    assert!(events.wait_for("errors").contains("day 32 does not exist"));
    site.replace(RHC, "published: 2017-01-32", "published: 2017-01-09");
    events.wait_for("reload");
    assert_eq!(server.get(PAGE).0, "HTTP/1.1 200 OK");

    // templates/ made while serving (`theme eject`) is watched from then on.
    assert_eq!(site.run(&["theme", "eject", "partials/note.html"]).code, 0);
    events.wait_for("reload");
    site.replace("templates/partials/note.html", "class=\"note-kind\"", "class=\"note-kind ejected\"");
    let deadline = Instant::now() + LIMIT;
    while !server.get(PAGE).1.contains("note-kind ejected") {
        assert!(Instant::now() < deadline, "the edit of a template in a folder made while serving is served");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A browser asks for `static/my logo.png` as `/static/my%20logo.png`, as GitHub Pages
/// serves it; serve looked the path up as it came, so every file whose name has a space or
/// a letter outside ASCII (a logo `theme_settings:` names) was a 404 in the preview only.
#[test]
fn serve_reads_request_paths_percent_decoded() {
    let site = SiteTest::fixture("basic");
    site.write("static/my logo.txt", "a logo\n");
    site.write("static/café.txt", "au lait\n");
    let server = Server::start(&site);
    assert_eq!(server.get("/static/my%20logo.txt"), ("HTTP/1.1 200 OK".to_owned(), "a logo\n".to_owned()));
    assert_eq!(server.get("/static/caf%C3%A9.txt"), ("HTTP/1.1 200 OK".to_owned(), "au lait\n".to_owned()));
    assert_eq!(server.get("/static/caf%c3%a9.txt").0, "HTTP/1.1 200 OK", "hex digits in either case");
    for missing in ["/static/caf%E9.txt", "/static/%2e%2e/index.html", "/%2e%2e/%2e%2e/briefgen.yaml", "/static/my%2"] {
        assert_eq!(server.get(missing).0, "HTTP/1.1 404 Not Found", "{missing}");
    }
    let (head, _) = server.get_as("/ti%6Deline?x=1", &server.addr);
    assert!(head.to_ascii_lowercase().contains("location: /ti%6deline/?x=1"), "redirected as asked: {head}");
}

/// Emacs writes `#file#` every few hundred keystrokes before any save, Vim makes and removes
/// `4913` before it writes, a JetBrains IDE saves through `file___jb_tmp___` and
/// `file___jb_old___`: serve took each for a source, so an autosave alone rebuilt the whole
/// site and reloaded the open page, and every save from Vim or a JetBrains IDE was a whole
/// rebuild (1 s at 50 briefs, not 0.1 s). The edit alone is rebuilt now, partly.
#[test]
fn serve_rebuilds_for_the_edit_not_for_the_files_editors_write_beside_it() {
    let site = SiteTest::demo();
    let server = Server::start(&site);
    let mut events = server.events();
    let dir = site.path("content/annotations");
    let edit = |from: &str, to: &str| site.read(RHC).replacen(from, to, 1);
    // One partial rebuild, then the page reloaded with the `word` of the edit.
    let mut rebuilt_partly_with = |word: &str| {
        let rebuild = server.next_rebuild();
        assert!(rebuild.starts_with("rebuilt "), "a partial rebuild: {rebuild}");
        events.wait_for("reload");
        assert!(server.get(PAGE).1.contains(&format!("Cuba’s state {word} relays")));
    };

    // Emacs: an autosave, then the save.
    let text = edit("Cuba's state broadcaster relays", "Cuba's state radio relays");
    site.write("content/annotations/#004_4adcc239e7605c19.yaml#", &text);
    site.write(RHC, &text);
    rebuilt_partly_with("radio");

    // Vim: its probe, then the file written anew.
    let text = edit("Cuba's state radio relays", "Cuba's state television relays");
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    site.write(RHC, &text);
    rebuilt_partly_with("television");

    // A JetBrains IDE: the new text beside the file, the file moved aside, the new one in its
    // place, the old one removed.
    let text = edit("Cuba's state television relays", "Cuba's state media relays");
    let (tmp, old) = (site.path(&format!("{RHC}___jb_tmp___")), site.path(&format!("{RHC}___jb_old___")));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(site.path(RHC), &old).unwrap();
    std::fs::rename(&tmp, site.path(RHC)).unwrap();
    std::fs::remove_file(&old).unwrap();
    rebuilt_partly_with("media");
}

/// A file saved twice 10 ms apart (a save, then a formatter's), or many files written in a
/// burst (`git checkout`), was two or three rebuilds and as many reloads: the debouncer hands
/// each write on once it is 30 ms old, and a rebuild started with the first. The rebuild now
/// waits until the sources are still.
#[test]
fn serve_rebuilds_once_for_saves_in_a_burst() {
    let site = SiteTest::demo();
    let server = Server::start(&site);
    let mut events = server.events();
    let text = site.read(RHC);
    let mut longest = Duration::ZERO;
    for word in ["radio", "television", "media"] {
        let start = Instant::now();
        site.write(RHC, &text.replacen("Cuba's state broadcaster relays", &format!("Cuba's state {word} relays"), 1));
        std::thread::sleep(Duration::from_millis(10));
        longest = longest.max(start.elapsed());
    }
    assert!(server.next_rebuild().starts_with("rebuilt "));
    events.wait_for("reload");
    assert!(server.get(PAGE).1.contains("Cuba’s state media relays"));
    // A rebuild the burst started would follow at once: half a second is ample.
    let quiet = Duration::from_millis(500);
    let deadline = Instant::now() + quiet;
    while let Ok(line) = server.log.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        if longest < Duration::from_millis(20) {
            assert!(!line.starts_with("rebuilt ") && !line.starts_with("built in "), "one more rebuild: {line}");
        }
    }
    if longest >= Duration::from_millis(20) {
        eprintln!("saves {} ms apart on a busy machine: not a burst", longest.as_millis());
    }
}
