//! The page context: URL scrubbed, referrer cut to its origin, title redacted, user agent coarsened
//! to a device, geography cut to country and region codes. Invariant: the output holds only
//! `url`, `referrer`, `title`, `device` and `geo`, each in the form this module itself produces.

use std::borrow::Cow;

use super::redact::redact_text;
use super::ua::{coarsen_user_agent, Device};
use super::url::{origin, scrub_url};
use super::{MinimizeOptions, Report, Sink};
use crate::event::validate::{is_country, is_province, is_text};
use crate::json::{push_member, Value};

/// Longest page title kept (after redaction).
const MAX_TITLE: u32 = 300;

pub(super) fn context<S: Sink>(
    input: &[(String, Value)],
    opts: &MinimizeOptions,
    rep: &mut S,
) -> Vec<(String, Value)> {
    let mut url = None;
    let mut referrer = None;
    let mut title = None;
    let mut device = None;
    let mut from_ua = None;
    let mut geo = None;
    for (key, v) in input {
        let at = || Report::path("context", key);
        let kept = match (key.as_str(), v) {
            ("url", Value::String(s)) if url.is_none() => {
                let u = scrub_url(s, opts.consent, opts.url);
                changed(s, &u, at, rep);
                let kept = !u.is_empty();
                url = Some(u);
                kept
            }
            ("referrer", Value::String(s)) if referrer.is_none() => {
                referrer = origin(s);
                if let Some(o) = &referrer {
                    changed(s, o, at, rep);
                }
                referrer.is_some()
            }
            ("title", Value::String(s)) if title.is_none() => {
                let r = redact_text(s);
                if matches!(r, Cow::Owned(_)) {
                    rep.redacted(at);
                }
                let fits = is_text(&r, MAX_TITLE);
                title = fits.then(|| r.into_owned());
                fits
            }
            ("userAgent", Value::String(s)) if from_ua.is_none() => {
                from_ua = Some(coarsen_user_agent(s));
                rep.redacted(at);
                true
            }
            ("device", v) if device.is_none() => {
                device = Device::from_json(v);
                device.is_some()
            }
            ("geo", Value::Object(m)) if geo.is_none() => {
                geo = Some(geo_codes(m, key, rep));
                true
            }
            _ => false,
        };
        if !kept {
            rep.dropped(at);
        }
    }
    if from_ua.is_some() && device.is_some() {
        rep.dropped(|| "context.device".to_owned());
    }
    let mut out = Vec::new();
    if let Some(u) = url.filter(|u| !u.is_empty()) {
        push_member(&mut out, "url", Value::String(u));
    }
    if let Some(r) = referrer {
        push_member(&mut out, "referrer", Value::String(r));
    }
    if let Some(t) = title {
        push_member(&mut out, "title", Value::String(t));
    }
    if let Some(d) = from_ua.or(device) {
        push_member(&mut out, "device", d.to_json());
    }
    if let Some(g) = geo.filter(|g| !g.is_empty()) {
        push_member(&mut out, "geo", Value::Object(g));
    }
    out
}

/// Records `at` as redacted when `after` differs from `before`.
fn changed<S: Sink>(before: &str, after: &str, at: impl FnOnce() -> String, rep: &mut S) {
    if before != after && !after.is_empty() {
        rep.redacted(at);
    }
}

/// Only `country` (ISO-3166-1 alpha-2) and `region` (a short subdivision code).
/// `key` is the context's own key for the geo object (its reported path is `context.<key>.…`).
fn geo_codes<S: Sink>(m: &[(String, Value)], key: &str, rep: &mut S) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::new();
    for (member, v) in m {
        let code = match (member.as_str(), v.as_str()) {
            ("country", Some(c)) if is_country(c) => Some(c),
            ("region", Some(r)) if is_province(r) => Some(r),
            _ => None,
        };
        if let Some(code) = code.filter(|_| !out.iter().any(|(k, _)| k == member)) {
            out.push((member.clone(), Value::from(code)));
        } else {
            rep.dropped(|| Report::path(&Report::path("context", key), member));
        }
    }
    out
}
