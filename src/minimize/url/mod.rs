//! URL scrubbing: a page URL keeps its scheme, host, port and path, and only allowlisted query
//! parameters; userinfo and the fragment go, PII in path segments and kept values is redacted.
//! Invariants: only `http:`/`https:` URLs with a named host survive (anything else becomes the
//! empty string), the whole result is free of PII matches, and scrubbing it again changes nothing.

mod component;
mod parse;

use std::borrow::Cow;

use self::component::{push_normalized, scrub_component};
use self::parse::{parse, MAX_URL};
use super::redact::decode::decode_component;
use super::redact::redact_text;
use crate::consent::Purposes;

/// Longest decoded query value kept.
const MAX_VALUE: usize = 200;

/// Which query parameters survive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlOptions {
    /// Kept whenever `analytics` is granted (the event's own consent check).
    pub query_allowlist: Vec<String>,
    /// Ad click ids, kept only when `marketing` is granted.
    pub click_ids: Vec<String>,
}

impl Default for UrlOptions {
    fn default() -> Self {
        let own = crate::text::owned;
        UrlOptions {
            query_allowlist: own(&[
                "utm_source",
                "utm_medium",
                "utm_campaign",
                "utm_term",
                "utm_content",
            ]),
            click_ids: own(&["gclid", "fbclid", "msclkid", "ttclid"]),
        }
    }
}

/// Scrubs a page URL for sending; the empty string when it cannot be kept.
///
/// ```
/// use tracksafe::consent::Purposes;
/// use tracksafe::minimize::{scrub_url, UrlOptions};
/// let url = "https://jane:pw@Shop.example/account/jane%40example.com/orders?utm_source=news&email=a%40b.co&gclid=x1#top";
/// assert_eq!(scrub_url(url, Purposes { analytics: true, ..Purposes::DENIED }, &UrlOptions::default()),
///            "https://shop.example/account/[email]/orders?utm_source=news");
/// ```
pub fn scrub_url(url: &str, consent: Purposes, opts: &UrlOptions) -> String {
    let Some(parts) = parse(url) else {
        return String::new();
    };
    // One string, cut back as needed: origin, then path, then query.
    let mut out = parts.origin();
    let origin_end = out.len();
    if scrub_path(parts.path, &mut out).is_none() {
        return String::new();
    }
    let path_end = out.len();
    if let Some(q) = parts.query {
        scrub_query(q, consent, opts, &mut out);
    }
    // Each part is clean on its own; a match spanning parts (`…%2B0958/19.99` reads as a phone
    // across the `/`) is cut off, query first, then path, so the whole string is clean too. So is
    // a URL that percent-encoding grew past what `parse` takes (`é` → `%C3%A9`), so that the
    // result always scrubs again to itself.
    let fits = |s: &str| s.len() <= MAX_URL && is_clean(s);
    if fits(&out) {
        return out;
    }
    out.truncate(path_end);
    if fits(&out) {
        return out;
    }
    out.truncate(origin_end);
    out.push('/');
    out
}

pub(super) fn is_clean(s: &str) -> bool {
    matches!(redact_text(s), Cow::Borrowed(_))
}

/// The origin (`scheme://host[:port]`) of an http(s) URL, e.g. for a referrer.
pub fn origin(url: &str) -> Option<String> {
    parse(url).map(|p| p.origin())
}

fn scrub_path(path: &str, out: &mut String) -> Option<()> {
    if path.is_empty() {
        out.push('/');
        return Some(());
    }
    for (i, seg) in crate::text::split_byte(path, b'/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        push_normalized(&scrub_component(seg, false)?, out);
    }
    Some(())
}

fn scrub_query(query: &str, consent: Purposes, opts: &UrlOptions, out: &mut String) {
    let mut kept: Vec<&str> = Vec::new();
    for pair in crate::text::split_byte(query, b'&') {
        let Some((key, value)) = crate::text::split_once_byte(pair, b'=') else {
            continue;
        };
        let name = decode_component(key, true);
        let allowed = opts.query_allowlist.contains(&name)
            || (consent.marketing && opts.click_ids.contains(&name));
        if !allowed
            || kept.contains(&key)
            || value.is_empty()
            || decode_component(value, true).chars().count() > MAX_VALUE
        {
            continue;
        }
        let Some(value) = scrub_component(value, true) else {
            continue;
        };
        out.push(if kept.is_empty() { '?' } else { '&' });
        out.push_str(key);
        out.push('=');
        push_normalized(&value, out);
        kept.push(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Purposes = Purposes {
        analytics: true,
        ..Purposes::DENIED
    };
    const AM: Purposes = Purposes {
        analytics: true,
        marketing: true,
        ..Purposes::DENIED
    };

    fn s(url: &str, c: Purposes) -> String {
        scrub_url(url, c, &UrlOptions::default())
    }

    #[test]
    fn keeps_allowlisted_parts() {
        assert_eq!(
            s(
                "HTTPS://Shop.Example:443/p/red-shoes?variant=1&utm_medium=email#x",
                A
            ),
            "https://shop.example/p/red-shoes?utm_medium=email"
        );
        assert_eq!(
            s("http://shop.example:8080", A),
            "http://shop.example:8080/"
        );
        assert_eq!(
            s("https://shop.example/?gclid=abc&utm_source=g", A),
            "https://shop.example/?utm_source=g"
        );
        assert_eq!(
            s("https://shop.example/?gclid=abc&utm_source=g", AM),
            "https://shop.example/?gclid=abc&utm_source=g"
        );
    }

    #[test]
    fn drops_what_cannot_be_kept() {
        for u in [
            "javascript:alert(1)",
            "/relative",
            "//shop.example/x",
            "ftp://x.example/",
            "https://192.168.0.1/",
            "https://[::1]/",
            "https://user@/",
            "https://shop.example:99999/",
            "https://a b.example/",
            "mailto:jane@example.com",
        ] {
            assert_eq!(s(u, AM), "", "{u}");
        }
    }

    #[test]
    fn what_encoding_grows_past_the_limit_is_cut_so_it_scrubs_again_to_itself() {
        // 3,842 bytes in, three times that once each `é` is percent-encoded: past `MAX_URL`, so a
        // second scrub would refuse what the first returned (minimize_event crash-3cee59f7).
        let long_path = format!("https://shop.example/{}", "é".repeat(1_900));
        assert_eq!(s(&long_path, A), "https://shop.example/");
        // The path fits encoded, the path with the query does not: the query goes.
        let path = format!("https://shop.example/{}", "é".repeat(600));
        let encoded = format!("https://shop.example/{}", "%C3%A9".repeat(600));
        assert_eq!(s(&path, A), encoded);
        let with_query = format!("{path}?utm_term={}", "é".repeat(150));
        assert_eq!(s(&with_query, A), encoded);
        assert_eq!(s(&encoded, A), encoded);
    }

    #[test]
    fn redacts_path_and_values() {
        assert_eq!(
            s("https://shop.example/account/jane%40example.com/orders", A),
            "https://shop.example/account/[email]/orders"
        );
        assert_eq!(
            s(
                "https://shop.example/u/jane.doe@example.com?utm_term=call+%28555%29+123-4567",
                A
            ),
            "https://shop.example/u/[email]?utm_term=call%20[phone]"
        );
        assert_eq!(
            origin("https://u:p@Shop.example:8443/x?y#z").as_deref(),
            Some("https://shop.example:8443")
        );
    }

    #[test]
    fn is_idempotent() {
        for u in [
            "https://shop.example/a%2Fb/jane%40example.com?utm_source=x+y&utm_term=%E2%82%AC",
            "https://shop.example/%ZZ?utm_source=%FF",
        ] {
            let once = s(u, AM);
            assert_eq!(s(&once, AM), once, "{u}");
        }
    }
}
