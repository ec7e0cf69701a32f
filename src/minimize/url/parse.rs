//! Splits an absolute http(s) URL into the parts that may survive. Invariant: a URL is accepted
//! only with an `http`/`https` scheme, a DNS host name (no IP literal, nothing PII-like), a valid
//! port and no control characters; userinfo and the fragment are never returned.

use super::is_clean;
use crate::minimize::find::starts_with;

/// Longest URL looked at; longer ones are dropped whole.
pub(super) const MAX_URL: usize = 4096;

/// The parts of an absolute http(s) URL that may survive.
pub(super) struct Parts<'a> {
    pub https: bool,
    pub host: String,
    pub port: Option<&'a str>,
    pub path: &'a str,
    pub query: Option<&'a str>,
}

impl Parts<'_> {
    pub fn origin(&self) -> String {
        let mut s = String::from(if self.https { "https://" } else { "http://" });
        s.push_str(&self.host);
        if let Some(port) = self.port {
            s.push(':');
            s.push_str(port);
        }
        s
    }
}

pub(super) fn parse(url: &str) -> Option<Parts<'_>> {
    let url = crate::text::trim_by(url, |c| c.is_ascii_whitespace());
    if url.len() > MAX_URL || url.as_bytes().iter().any(|&b| b.is_ascii_control()) {
        return None;
    }
    // The scheme (in either case) and its `://`.
    let (https, rest) = if starts_with(url, "https://") {
        (true, &url[8..])
    } else if starts_with(url, "http://") {
        (false, &url[7..])
    } else {
        return None;
    };
    let auth_end = rest
        .as_bytes()
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#' | b'\\'))
        .unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(auth_end);
    let hostport = crate::text::last_field(authority, b'@');
    let (host, port) = match crate::text::rsplit_once_byte(hostport, b':') {
        Some((h, p)) => (h, Some(p)),
        None => (hostport, None),
    };
    let host = valid_host(host)?;
    let port = match port {
        None | Some("") => None,
        Some(p) => {
            let n = crate::text::decimal(p)
                .filter(|_| p.len() <= 5)
                .and_then(|n| u16::try_from(n).ok())?;
            (n != if https { 443 } else { 80 }).then_some(p)
        }
    };
    if tail.starts_with("\\") {
        return None;
    }
    let tail = crate::text::first_field(tail, b'#');
    let (path, query) = match crate::text::split_once_byte(tail, b'?') {
        Some((p, q)) => (p, Some(q)),
        None => (tail, None),
    };
    Some(Parts {
        https,
        host,
        port,
        path,
        query,
    })
}

/// A lowercased DNS name; IP literals (and hosts that look like one, or hold PII) are refused.
fn valid_host(host: &str) -> Option<String> {
    let host = host.strip_suffix(".").unwrap_or(host);
    let ok_chars = host
        .chars()
        .all(|c| crate::text::is_alphanumeric(c) || c == '-' || c == '.');
    if host.is_empty()
        || host.len() > 253
        || !ok_chars
        || host.starts_with(".")
        || crate::minimize::find::contains(host, "..")
    {
        return None;
    }
    let last = crate::text::last_field(host, b'.');
    if last.as_bytes().iter().all(|&b| b.is_ascii_digit()) || last.starts_with("0x") {
        return None;
    }
    let host = crate::case::lowercase(host);
    is_clean(&crate::text::cat!("https://", host, "/")).then_some(host)
}
