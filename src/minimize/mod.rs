//! Minimization: an event in, only what its schema allows out, with the page context scrubbed and
//! every string PII-redacted. Invariants: the output is a fixed point (minimizing it again changes
//! nothing), its keys are a subset of the schema, and the minimizer never panics or throws —
//! an event that cannot be kept is `event: None` with a reason.

pub mod api;
mod context;
mod find;
mod properties;
pub mod redact;
pub mod ua;
pub mod url;

use std::borrow::Cow;

pub use redact::{find_pii, redact_text, Pii};
pub use ua::{coarsen_user_agent, Device};
pub use url::{origin, scrub_url, UrlOptions};

use crate::consent::Purposes;
use crate::event::Schemas;
use crate::json::Value;

/// What the minimizer needs besides the event.
#[derive(Debug, Clone, Copy)]
pub struct MinimizeOptions<'a> {
    /// The consent the event is sent under.
    pub consent: Purposes,
    /// The declared events.
    pub schemas: &'a Schemas,
    /// Which query parameters survive in `context.url`.
    pub url: &'a UrlOptions,
}

/// The outcome: the minimized event, or why there is none, plus what was dropped or redacted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Minimized {
    /// `{ name, properties, context? }`, or `None` when the event cannot be sent.
    pub event: Option<Value>,
    /// `"invalid_event"`, `"unknown_event"` or `"no_consent"` when `event` is `None`.
    pub reason: Option<&'static str>,
    /// Paths of inputs that were removed, e.g. `properties.lines[2].sku`.
    pub dropped: Vec<String>,
    /// Paths of kept values that were changed to remove personal data, e.g. `context.url`.
    pub redacted: Vec<String>,
}

/// Accumulates the dropped / redacted paths.
#[derive(Default)]
pub(crate) struct Report {
    dropped: Vec<String>,
    redacted: Vec<String>,
}

/// Longest key shown in a reported path.
const MAX_KEY_IN_PATH: usize = 64;

impl Report {
    /// `parent.key`, with the key redacted and shortened (keys are caller data too).
    fn path(parent: &str, key: &str) -> String {
        let key = redact_text(key);
        let short: String = key.chars().take(MAX_KEY_IN_PATH).collect();
        if parent.is_empty() {
            short
        } else {
            crate::text::cat!(parent, ".", short)
        }
    }
}

/// Minimizes one event `{ name, properties, context }`.
///
/// ```
/// use tracksafe::{consent::Purposes, event::Schemas, json::Value};
/// use tracksafe::minimize::{minimize_event, MinimizeOptions, UrlOptions};
/// let schemas = Schemas::standard();
/// let url = UrlOptions::default();
/// let opts = MinimizeOptions { consent: Purposes { analytics: true, ..Purposes::DENIED }, schemas: &schemas, url: &url };
/// let e = Value::parse(r#"{"name":"search_submitted","properties":{"query":"red shoes size 42 jane@example.com","email":"x"}}"#).unwrap();
/// let m = minimize_event(&e, &opts);
/// assert_eq!(m.event.unwrap().to_json(), r#"{"name":"search_submitted","properties":{"query":"red shoes size 42 [email]"}}"#);
/// assert_eq!(m.dropped, ["properties.email"]);
/// ```
pub fn minimize_event(event: &Value, opts: &MinimizeOptions) -> Minimized {
    minimize_with(event, opts, None)
}

/// [`minimize_event`], reusing `cache`'s context when the event carries the same page context
/// under the same consent as the last one (same output, same report).
pub fn minimize_event_cached(
    event: &Value,
    opts: &MinimizeOptions,
    cache: &mut ContextCache,
) -> Minimized {
    minimize_with(event, opts, Some(cache))
}

/// The last page context minimized and what minimizing it reported. Every event from one page
/// carries the same context, and scrubbing its URL, redacting its title and coarsening its user
/// agent was most of the cost of an event in the page. Keep one per set of `UrlOptions`.
#[derive(Debug, Default)]
pub struct ContextCache {
    last: Option<CachedContext>,
}

#[derive(Debug)]
struct CachedContext {
    raw: Vec<(String, Value)>,
    consent: Purposes,
    clean: Vec<(String, Value)>,
    dropped: Vec<String>,
    redacted: Vec<String>,
}

impl ContextCache {
    fn context(
        &mut self,
        raw: &[(String, Value)],
        opts: &MinimizeOptions,
        rep: &mut Report,
    ) -> Vec<(String, Value)> {
        let hit = self
            .last
            .as_ref()
            .is_some_and(|c| c.consent == opts.consent && c.raw == raw);
        if !hit {
            let mut own = Report::default();
            let clean = context::context(raw, opts, &mut own);
            self.last = Some(CachedContext {
                raw: raw.to_vec(),
                consent: opts.consent,
                clean,
                dropped: own.dropped,
                redacted: own.redacted,
            });
        }
        let c = self.last.as_ref().expect("filled above");
        rep.dropped.extend(c.dropped.iter().cloned());
        rep.redacted.extend(c.redacted.iter().cloned());
        c.clean.clone()
    }
}

fn minimize_with(
    event: &Value,
    opts: &MinimizeOptions,
    cache: Option<&mut ContextCache>,
) -> Minimized {
    let refuse = |reason| Minimized {
        reason: Some(reason),
        ..Minimized::default()
    };
    let Some(top) = event.as_object() else {
        return refuse("invalid_event");
    };
    let Some(name) = event.get("name").and_then(Value::as_str) else {
        return refuse("invalid_event");
    };
    let props: &[(String, Value)] = match event.get("properties") {
        None | Some(Value::Null) => &[],
        Some(Value::Object(m)) => m,
        Some(_) => return refuse("invalid_event"),
    };
    let ctx: Option<&[(String, Value)]> = match event.get("context") {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) => Some(m),
        Some(_) => return refuse("invalid_event"),
    };
    let Some(schema) = opts.schemas.get(name) else {
        return refuse("unknown_event");
    };
    if !schema.purposes.is_subset_of(&opts.consent) {
        return refuse("no_consent");
    }
    let mut rep = Report::default();
    for (key, _) in top {
        if !matches!(key.as_str(), "name" | "properties" | "context") {
            let at = Report::path("", key);
            rep.dropped.push(at);
        }
    }
    let mut out = vec![
        ("name".to_owned(), Value::String(schema.name.to_string())),
        (
            "properties".to_owned(),
            Value::Object(properties::properties(
                props,
                &schema.fields,
                "properties",
                &mut rep,
            )),
        ),
    ];
    if let Some(ctx) = ctx {
        let c = match cache {
            Some(cache) => cache.context(ctx, opts, &mut rep),
            None => context::context(ctx, opts, &mut rep),
        };
        if !c.is_empty() {
            out.push(("context".to_owned(), Value::Object(c)));
        }
    }
    Minimized {
        event: Some(Value::Object(out)),
        reason: None,
        dropped: rep.dropped,
        redacted: rep.redacted,
    }
}

/// Whether `text` is free of anything the redactor recognises.
pub fn is_clean(text: &str) -> bool {
    matches!(redact_text(text), Cow::Borrowed(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_context_cache_changes_nothing_but_the_work() {
        let schemas = Schemas::standard();
        let url = UrlOptions::default();
        let analytics = Purposes {
            analytics: true,
            ..Purposes::DENIED
        };
        let marketing = Purposes {
            marketing: true,
            ..analytics
        };
        let page = |u: &str, title: &str| {
            format!(
                r#"{{"url":"{u}","title":"{title}","referrer":"https://mail.example/inbox?u=jane@example.com","userAgent":"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Version/17.4 Mobile/15E148 Safari/604.1","junk":1}}"#
            )
        };
        let a = page(
            "https://shop.example/p?utm_source=x&gclid=abc&email=jane@example.com",
            "Order for jane@example.com",
        );
        let b = page("https://shop.example/cart?fbclid=z", "Cart");
        let mut cache = ContextCache::default();
        // Same context twice, then another, then back, then a consent change: each result and
        // report equals the uncached minimizer's.
        for (ctx, consent) in [
            (&a, analytics),
            (&a, analytics),
            (&b, analytics),
            (&a, analytics),
            (&a, marketing),
            (&a, analytics),
        ] {
            let e = Value::parse(&format!(
                r#"{{"name":"product_viewed","properties":{{"product_id":"p-1"}},"context":{ctx}}}"#
            ))
            .unwrap();
            let opts = MinimizeOptions {
                consent,
                schemas: &schemas,
                url: &url,
            };
            assert_eq!(
                minimize_event_cached(&e, &opts, &mut cache),
                minimize_event(&e, &opts)
            );
        }
        // The two consents keep different click ids, so a stale entry would have shown above.
        let e = Value::parse(&format!(r#"{{"name":"page_viewed","context":{a}}}"#)).unwrap();
        let with = |consent| {
            minimize_event(
                &e,
                &MinimizeOptions {
                    consent,
                    schemas: &schemas,
                    url: &url,
                },
            )
        };
        assert_ne!(with(analytics).event, with(marketing).event);
    }
}
