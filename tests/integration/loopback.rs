//! A small HTTP server on 127.0.0.1 that serves fixed files and redirects — release archives
//! for the install script, laid out as GitHub's releases are. It answers at most
//! [`MAX_REQUESTS`] requests, for at most [`LIFETIME`], and stops when dropped.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const MAX_REQUESTS: usize = 100;
const LIFETIME: Duration = Duration::from_secs(300);

/// What a path answers.
#[derive(Clone, Debug)]
pub enum Reply {
    File(Vec<u8>),
    /// 302 to another path of the same server.
    Redirect(String),
}

pub struct LoopbackServer {
    url: String,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl LoopbackServer {
    pub fn serve(routes: BTreeMap<String, Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (stop, requests) = (Arc::new(AtomicBool::new(false)), Arc::new(Mutex::new(Vec::new())));
        let thread = {
            let (stop, requests, base) = (stop.clone(), requests.clone(), url.clone());
            std::thread::spawn(move || {
                let start = Instant::now();
                while !stop.load(Ordering::Relaxed) && start.elapsed() < LIFETIME {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let line = answer(stream, &routes, &base);
                            let mut log = requests.lock().unwrap();
                            log.push(line);
                            if log.len() >= MAX_REQUESTS {
                                return;
                            }
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        LoopbackServer { url, stop, requests, thread: Some(thread) }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The request lines answered so far, e.g. `GET /releases/latest`.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads one request and answers it; returns its request line.
fn answer(mut stream: TcpStream, routes: &BTreeMap<String, Reply>, base: &str) -> String {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let line = head.lines().next().unwrap_or_default().to_owned();
    let mut parts = line.split(' ');
    let (method, path) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let (status, headers, body) = match routes.get(path) {
        Some(Reply::File(bytes)) => ("200 OK", String::new(), bytes.as_slice()),
        Some(Reply::Redirect(to)) => ("302 Found", format!("Location: {base}{to}\r\n"), &b""[..]),
        None => ("404 Not Found", String::new(), &b"not found"[..]),
    };
    let mut reply =
        format!("HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n", body.len())
            .into_bytes();
    if method != "HEAD" {
        reply.extend_from_slice(body);
    }
    let _ = stream.write_all(&reply);
    format!("{method} {path}")
}
