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
use crate::json::{push_member, Value};

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

/// Where the minimizer records the paths it dropped or redacted. Only `minimizeEvent` shows
/// them; the tracker, the edge and the queue restore send or keep the event alone, so they pass
/// a `Quiet` sink (below), which in the script tag's build records and builds nothing.
pub(crate) trait Sink {
    /// Whether paths are recorded at all.
    const ON: bool;
    fn dropped(&mut self, at: impl FnOnce() -> String);
    fn redacted(&mut self, at: impl FnOnce() -> String);
}

/// Accumulates the dropped / redacted paths ([`minimize_event`]'s report).
#[derive(Default)]
pub(crate) struct Report {
    dropped: Vec<String>,
    redacted: Vec<String>,
}

impl Sink for Report {
    const ON: bool = true;
    fn dropped(&mut self, at: impl FnOnce() -> String) {
        self.dropped.push(at());
    }
    fn redacted(&mut self, at: impl FnOnce() -> String) {
        self.redacted.push(at());
    }
}

/// Records nothing (the report-free paths' sink where no free function needs a report).
#[cfg(not(feature = "exports"))]
#[derive(Default)]
pub(crate) struct NoReport;

#[cfg(not(feature = "exports"))]
impl Sink for NoReport {
    const ON: bool = false;
    fn dropped(&mut self, _: impl FnOnce() -> String) {}
    fn redacted(&mut self, _: impl FnOnce() -> String) {}
}

/// The sink of the report-free paths ([`minimize_event_cached`], [`minimize_event_unreported`]).
/// In the script tag's build nothing needs the report, so no path-building code is compiled
/// (measured: −611 B brotli on the script tag). A build with the free functions carries `minimizeEvent`'s report
/// anyway; there the report-free paths fill a `Report` they discard, so the minimizer is compiled
/// once, not twice (measured: +1.1 KB brotli on the ES module with both).
#[cfg(feature = "exports")]
type Quiet = Report;
#[cfg(not(feature = "exports"))]
type Quiet = NoReport;

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
    let mut rep = Report::default();
    match minimize_with(event, opts, None, &mut rep) {
        Ok(event) => Minimized {
            event: Some(event),
            reason: None,
            dropped: rep.dropped,
            redacted: rep.redacted,
        },
        Err(reason) => Minimized {
            reason: Some(reason),
            ..Minimized::default()
        },
    }
}

/// [`minimize_event`]'s event, or its reason for none, without the report, reusing `cache`'s
/// context when the event carries the same page context under the same consent as the last one
/// (the same event as without the cache). What the tracker and the edge call per event.
pub fn minimize_event_cached(
    event: &Value,
    opts: &MinimizeOptions,
    cache: &mut ContextCache,
) -> Result<Value, &'static str> {
    minimize_with(event, opts, Some(cache), &mut Quiet::default())
}

/// [`minimize_event`]'s event, or its reason for none, without the report (for restoring a
/// persisted queue, where nothing shows what was dropped).
pub(crate) fn minimize_event_unreported(
    event: &Value,
    opts: &MinimizeOptions,
) -> Result<Value, &'static str> {
    minimize_with(event, opts, None, &mut Quiet::default())
}

/// The last page context minimized. Every event from one page carries the same context, and
/// scrubbing its URL, redacting its title and coarsening its user agent was most of the cost of
/// an event in the page. Keep one per set of `UrlOptions`.
#[derive(Debug, Default)]
pub struct ContextCache {
    last: Option<CachedContext>,
}

#[derive(Debug)]
struct CachedContext {
    /// The raw context as JSON text: contexts with the same text minimize alike (the text tells
    /// every two values apart but a non-finite number from `null`, and a context keeps neither),
    /// and comparing text spares the page build a deep `Value` comparison and copy.
    raw: String,
    consent: Purposes,
    /// The minimized context as JSON text, read back on a hit: it holds only strings and a small
    /// integer, which read back as they were, and the page build carries the parser anyway but
    /// then needs no `Value::clone`.
    clean: String,
}

impl ContextCache {
    fn context(&mut self, raw: &[(String, Value)], opts: &MinimizeOptions) -> Vec<(String, Value)> {
        let mut text = String::new();
        crate::json::write_object(raw, &mut text);
        if let Some(c) = &self.last {
            if c.consent == opts.consent && c.raw == text {
                if let Ok(Value::Object(m)) = Value::parse(&c.clean) {
                    return m;
                }
            }
        }
        let clean = context::context(raw, opts, &mut Quiet::default());
        let mut clean_text = String::new();
        crate::json::write_object(&clean, &mut clean_text);
        self.last = Some(CachedContext {
            raw: text,
            consent: opts.consent,
            clean: clean_text,
        });
        clean
    }
}

/// The minimized event, or why there is none; what was dropped or redacted goes to `rep`, except
/// for a context taken from `cache` (which keeps no report: only report-free callers pass one).
fn minimize_with<S: Sink>(
    event: &Value,
    opts: &MinimizeOptions,
    cache: Option<&mut ContextCache>,
    rep: &mut S,
) -> Result<Value, &'static str> {
    let Some(top) = event.as_object() else {
        return Err("invalid_event");
    };
    let Some(name) = event.get("name").and_then(Value::as_str) else {
        return Err("invalid_event");
    };
    let props: &[(String, Value)] = match event.get("properties") {
        None | Some(Value::Null) => &[],
        Some(Value::Object(m)) => m,
        Some(_) => return Err("invalid_event"),
    };
    let ctx: Option<&[(String, Value)]> = match event.get("context") {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) => Some(m),
        Some(_) => return Err("invalid_event"),
    };
    let Some(schema) = opts.schemas.get(name) else {
        return Err("unknown_event");
    };
    if !schema.purposes.is_subset_of(&opts.consent) {
        return Err("no_consent");
    }
    for (key, _) in top {
        if !matches!(key.as_str(), "name" | "properties" | "context") {
            rep.dropped(|| Report::path("", key));
        }
    }
    let mut out = Vec::new();
    push_member(&mut out, "name", Value::String(schema.name.to_string()));
    // A `Cow` with `extended`, a plain `&[Field]` without: the borrow serves both.
    #[allow(clippy::needless_borrow)]
    let props = properties::properties(props, &schema.fields, "properties", rep);
    push_member(&mut out, "properties", Value::Object(props));
    if let Some(ctx) = ctx {
        let c = match cache {
            Some(cache) => cache.context(ctx, opts),
            None => context::context(ctx, opts, rep),
        };
        if !c.is_empty() {
            push_member(&mut out, "context", Value::Object(c));
        }
    }
    Ok(Value::Object(out))
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
        // Same context twice, then another, then back, then a consent change: each event equals
        // the uncached minimizer's.
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
            let uncached = minimize_event(&e, &opts);
            assert_eq!(
                minimize_event_cached(&e, &opts, &mut cache).ok(),
                uncached.event
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

    #[test]
    fn a_cache_hit_reads_back_the_same_context() {
        let schemas = Schemas::standard();
        let url = UrlOptions::default();
        let opts = MinimizeOptions {
            consent: Purposes {
                analytics: true,
                ..Purposes::DENIED
            },
            schemas: &schemas,
            url: &url,
        };
        let mut cache = ContextCache::default();
        for ctx in [
            r#"{}"#,
            r#"{"junk":1}"#,
            r#"{"title":"q\"uo\\te \u00e9 \ud83d\ude00 \u2028 tab\tx","url":"https://shop.example/a%20b?q=%22x%22"}"#,
            r#"{"device":{"class":"mobile","browser":"safari","major":17},"geo":{"country":"DE","region":"BY"}}"#,
            r#"{"userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0.0.0 Safari/537.36","referrer":"https://a.example/x"}"#,
        ] {
            let e = Value::parse(&format!(r#"{{"name":"page_viewed","context":{ctx}}}"#)).unwrap();
            let uncached = minimize_event(&e, &opts).event;
            for _ in 0..2 {
                assert_eq!(minimize_event_cached(&e, &opts, &mut cache).ok(), uncached);
            }
        }
    }
}
