//! Reads what the core looks at from the client request: method, path, a few headers, the body
//! (never more than the cap plus one byte) and the platform's geolocation (country and region
//! only). Invariant: the client IP is used for the geo lookup and then forgotten.

use std::io::Read;
use std::time::{SystemTime, UNIX_EPOCH};

use fastly::geo::geo_lookup;
use fastly::Request;
use tracksafe::edge::EdgeRequest;

/// The owned parts of one client request.
pub struct Inbound {
    method: String,
    path: String,
    origin: Option<String>,
    content_type: Option<String>,
    sec_gpc: bool,
    cookie: Option<String>,
    user_agent: Option<String>,
    country: Option<String>,
    region: Option<String>,
    body: Vec<u8>,
    now_ms: f64,
    /// The client reached the service over https (cookies the edge sets get `Secure`).
    pub secure: bool,
}

/// Reads the request. A body declared or found larger than `max_body` is cut at `max_body + 1`
/// bytes, which is enough for the core to refuse it with 413 without buffering a huge upload.
pub fn read(req: &mut Request, max_body: usize) -> Inbound {
    let cap = max_body + 1;
    let declared = req
        .get_header_str("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    let body = if declared.is_some_and(|n| n > cap as u64) {
        vec![0; cap]
    } else {
        let mut buf = Vec::new();
        // A body that cannot be read counts as empty; the core then refuses it as invalid JSON.
        let _ = req.take_body().take(cap as u64).read_to_end(&mut buf);
        buf
    };
    let geo = req.get_client_ip_addr().and_then(geo_lookup);
    let secure = req.get_url().scheme() == "https";
    Inbound {
        method: req.get_method_str().to_owned(),
        path: req.get_path().to_owned(),
        origin: header(req, "origin"),
        content_type: header(req, "content-type"),
        sec_gpc: header(req, "sec-gpc").as_deref() == Some("1"),
        cookie: header(req, "cookie"),
        user_agent: header(req, "user-agent"),
        country: geo.as_ref().map(|g| g.country_code().to_owned()),
        region: geo.as_ref().and_then(|g| g.region().map(str::to_owned)),
        body,
        now_ms: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_millis() as f64),
        secure,
    }
}

impl Inbound {
    /// The borrowed view `tracksafe::edge::handle` takes.
    pub fn as_edge_request(&self) -> EdgeRequest<'_> {
        EdgeRequest {
            method: &self.method,
            path: &self.path,
            origin: self.origin.as_deref(),
            content_type: self.content_type.as_deref(),
            sec_gpc: self.sec_gpc,
            cookie: self.cookie.as_deref(),
            user_agent: self.user_agent.as_deref(),
            country: self.country.as_deref(),
            region: self.region.as_deref(),
            body: &self.body,
            now_ms: self.now_ms,
        }
    }
}

/// A header's value as the Fetch API's `Headers.get` gives it: every occurrence, joined by ", ".
fn header(req: &Request, name: &str) -> Option<String> {
    let all = req.get_header_all_str_lossy(name);
    (!all.is_empty()).then(|| all.join(", "))
}
