//! The edge's own cookies (`_ts_vid`, `_ts_sid`): reading them from a `Cookie` header and writing
//! `Set-Cookie` values. Invariant: a value or domain that could break out of the header
//! (`;`, `,`, whitespace, control characters) is never written.

use crate::identity::{StampedId, SESSION_COOKIE, VISITOR_COOKIE};

/// The value of cookie `name` in a `Cookie` header (the first one, trimmed).
pub fn read<'a>(header: Option<&'a str>, name: &str) -> Option<&'a str> {
    header?.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k.trim() == name).then(|| v.trim())
    })
}

/// The visitor and session IDs in the request's cookies, when well formed (expired ones too:
/// the caller decides whether age matters).
pub fn stamped_ids(header: Option<&str>, now_ms: f64) -> (Option<StampedId>, Option<StampedId>) {
    let get = |name| read(header, name).and_then(|v| StampedId::parse(v, now_ms));
    (get(VISITOR_COOKIE), get(SESSION_COOKIE))
}

/// Whether `domain` may be used as a cookie's `Domain` attribute (`shop.example`, `.shop.example`).
pub fn is_cookie_domain(domain: &str) -> bool {
    let d = domain.strip_prefix('.').unwrap_or(domain);
    !d.is_empty()
        && d.len() <= 253
        && d.contains('.')
        && d.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// Attributes every tracksafe cookie carries.
pub struct CookieAttrs<'a> {
    pub domain: Option<&'a str>,
    /// The request came over `https:` (then the cookie is `Secure`).
    pub secure: bool,
}

/// `name=value; Max-Age=…; Path=/; SameSite=Lax[; Domain=…][; Secure]; HttpOnly`.
pub fn set(name: &str, value: &str, max_age_s: u64, attrs: &CookieAttrs) -> String {
    let mut c = String::with_capacity(96);
    c.push_str(name);
    c.push('=');
    c.push_str(value);
    c.push_str("; Max-Age=");
    c.push_str(&max_age_s.to_string());
    c.push_str("; Path=/; SameSite=Lax");
    if let Some(d) = attrs.domain.filter(|d| is_cookie_domain(d)) {
        c.push_str("; Domain=");
        c.push_str(d);
    }
    if attrs.secure {
        c.push_str("; Secure");
    }
    c.push_str("; HttpOnly");
    c
}

/// `Set-Cookie` values that expire both tracksafe cookies at once.
pub fn expire_all(attrs: &CookieAttrs) -> [String; 2] {
    [VISITOR_COOKIE, SESSION_COOKIE].map(|name| set(name, "", 0, attrs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_cookies_without_injection() {
        let h = Some("a=1; _ts_vid=07070707-0707-4707-8707-070707070707.5 ;b=2");
        assert_eq!(read(h, "b"), Some("2"));
        let (v, s) = stamped_ids(h, 10.0);
        assert_eq!(v.unwrap().at_ms, 5.0);
        assert!(s.is_none());
        let attrs = CookieAttrs {
            domain: Some(".shop.example"),
            secure: true,
        };
        assert_eq!(
            set("_ts_vid", "x", 7, &attrs),
            "_ts_vid=x; Max-Age=7; Path=/; SameSite=Lax; Domain=.shop.example; Secure; HttpOnly"
        );
        let evil = CookieAttrs {
            domain: Some("shop.example; SameSite=None"),
            secure: false,
        };
        assert!(!set("_ts_vid", "x", 0, &evil).contains("None"));
        assert!(expire_all(&evil).iter().all(|c| c.contains("Max-Age=0")));
        assert!(!is_cookie_domain("localhost") && !is_cookie_domain("a\r\nb.c"));
    }
}
