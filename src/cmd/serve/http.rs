//! The HTTP side of `serve`: files from the in-memory site, with the reload script injected
//! into HTML pages, and the server-sent events stream the script listens to.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::extract::State as Extract;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;

use super::{Change, State};

const EVENTS: &str = "/__briefgen/events";
const SCRIPT: &str = include_str!("reload.js");

pub async fn serve(listener: std::net::TcpListener, state: Arc<State>) -> anyhow::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let app = Router::new().route(EVENTS, get(events)).fallback(get(file)).with_state(state);
    axum::serve(listener, app).await?;
    Ok(())
}

/// A file of the site; `/dir/` serves `dir/index.html`, `/dir` redirects to `/dir/` (with
/// its query: `/search?q=x` is `/search/?q=x`). The path is read percent-decoded, as a
/// static host reads it: a browser asks for `static/my logo.png` as `/static/my%20logo.png`.
async fn file(Extract(state): Extract<Arc<State>>, headers: HeaderMap, uri: Uri) -> Response {
    if !is_local(&headers) {
        return (StatusCode::FORBIDDEN, "briefgen serve answers requests for localhost only\n").into_response();
    }
    let raw = uri.path().trim_start_matches('/');
    let Some(path) = decoded(raw) else { return not_found(&state) };
    let key = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
    let _up_to_date = if waits_for_publishing(&key) { Some(state.publishing.read().await) } else { None };
    if let Some(bytes) = state.file(&key) {
        return respond(StatusCode::OK, &key, &bytes);
    }
    if state.has(&format!("{path}/index.html")) {
        let query = uri.query().map_or_else(String::new, |q| format!("?{q}"));
        return Redirect::permanent(&format!("/{raw}/{query}")).into_response();
    }
    not_found(&state)
}

fn not_found(state: &State) -> Response {
    match state.file("404.html") {
        Some(page) => respond(StatusCode::NOT_FOUND, "404.html", &page),
        // No site yet (the first build failed): a page that shows the errors and reloads.
        None => respond(StatusCode::NOT_FOUND, "404.html", NOT_BUILT.as_bytes()),
    }
}

/// A request's path with its `%XX` escapes decoded; `None` when they do not decode to UTF-8,
/// which no file of the site is named. A `%` not followed by two hex digits is itself.
fn decoded(path: &str) -> Option<String> {
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let escaped = b[i] == b'%' && b.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if escaped {
            out.push(hex_value(b[i + 1]) << 4 | hex_value(b[i + 2]));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The value of an ASCII hex digit.
fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        _ => (digit | 0x20) - b'a' + 10,
    }
}

/// Whether a request names this machine as its host (`localhost`, `127.0.0.1:4000`, an
/// address): a page of another site whose name was pointed at 127.0.0.1 (DNS rebinding)
/// cannot read the preview, drafts included. As Vite and webpack's dev server do.
fn is_local(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return true };
    let name = match host.strip_prefix('[') {
        Some(v6) => return v6.split(']').next().is_some_and(|a| a.parse::<std::net::Ipv6Addr>().is_ok()),
        None => {
            host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(n, _)| n)
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<std::net::Ipv4Addr>().is_ok()
}

/// What every address serves until a first build succeeds; the reload script shows the
/// build's errors over it.
const NOT_BUILT: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
    <title>The site has not built yet</title>\n</head>\n<body>\n<main>\n<h1>The site has not built yet</h1>\n\
    <p>Its errors are shown over this page, and briefgen serve also prints them. The page reloads once they are \
    fixed.</p>\n</main>\n</body>\n</html>\n";

/// Whether a file is made from the whole site after a partial rebuild (feeds, exports, the
/// search index, the sitemap, hosting files), so that a request for it waits until it is
/// up to date. Pages, Markdown pages and theme assets are up to date once the browser is told
/// to reload.
pub fn waits_for_publishing(path: &str) -> bool {
    !(path.ends_with(".html") || path.ends_with(".md") || path.starts_with("static/"))
}

fn respond(status: StatusCode, path: &str, bytes: &[u8]) -> Response {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") { inject(bytes) } else { bytes.to_vec() };
    let mut res = (status, body).into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The page with the reload script before `</body>` (or at the end).
fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let script = format!("<script>{SCRIPT}</script>");
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("jsonld") => "application/ld+json",
        Some("xml") => "application/xml",
        Some("md") => "text/markdown; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/vnd.microsoft.icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        Some("mp4") => "video/mp4",
        Some("webmanifest") => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// The live-reload stream: the current errors at once if there are any, then every change.
async fn events(Extract(state): Extract<Arc<State>>, headers: HeaderMap) -> Response {
    if !is_local(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    stream_changes(state).into_response()
}

fn stream_changes(state: Arc<State>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let first = state.errors().map(Change::Errors);
    let rx = state.changes.subscribe();
    let stream = stream::unfold((first, rx), |(pending, mut rx)| async move {
        if let Some(change) = pending {
            return Some((Ok(event(change)), (None, rx)));
        }
        loop {
            match rx.recv().await {
                Ok(change) => return Some((Ok(event(change)), (None, rx))),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn event(change: Change) -> Event {
    match change {
        Change::Reload => Event::default().event("reload").data("reload"),
        Change::Errors(text) => Event::default().event("errors").data(serde_json::to_string(&text).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_requests_for_this_machine_are_answered() {
        let host = |h: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, HeaderValue::from_str(h).unwrap());
            is_local(&headers)
        };
        for ok in ["localhost", "localhost:4000", "127.0.0.1:4000", "[::1]:4000", "app.localhost:80", "LOCALHOST."] {
            assert!(host(ok), "{ok}");
        }
        for bad in ["evil.example", "evil.example:4000", "127.0.0.1.evil.example", "localhost.evil.example:80"] {
            assert!(!host(bad), "{bad}");
        }
        assert!(is_local(&HeaderMap::new()), "HTTP/1.0 without a Host");
    }

    #[test]
    fn request_paths_are_percent_decoded() {
        assert_eq!(decoded("static/my%20logo.png").as_deref(), Some("static/my logo.png"));
        assert_eq!(decoded("static/caf%C3%A9.txt").as_deref(), Some("static/café.txt"));
        assert_eq!(decoded("a/100%/b%2").as_deref(), Some("a/100%/b%2"), "a % that escapes nothing is kept");
        assert_eq!(decoded("a%+1").as_deref(), Some("a%+1"), "`+1` is no hex number here");
        assert_eq!(decoded("%ff%fe"), None, "not UTF-8: no file is named so");
        assert_eq!(decoded("plain/path/").as_deref(), Some("plain/path/"));
    }

    #[test]
    fn files_are_served_with_their_type() {
        for (path, kind) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("static/logo.webp", "image/webp"),
            ("static/f.woff", "font/woff"),
            ("static/report.pdf", "application/pdf"),
            ("static/clip.mp4", "video/mp4"),
            ("static/data.bin", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), kind, "{path}");
        }
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.starts_with("<html><body><p>x</p><script>"), "{out}");
        assert!(out.ends_with("</script></body></html>"), "{out}");
        assert!(out.contains("new EventSource(\"/__briefgen/events\")"));
    }
}
