//! The page tracker as the JS runtime drives it: JSON text in, JSON text out, one method per
//! runtime call. Both faces wrap it: wasm-bindgen's `Engine` class (npm entries) and the script
//! tag's hand-written ABI (`crate::page`), so the two cannot answer differently.

use super::{Tracker, TrackerOptions};
use crate::batch;
use crate::error::Result;
use crate::identify::Identifiers;
use crate::identity::FillRandom;
use crate::json::{ObjectWriter, Value};
use crate::transport::{self, Verdict};

/// The tracker core behind the `Tracker` class of the JS runtime.
pub struct Engine {
    inner: Tracker,
}

impl Engine {
    /// Validates the options (an unknown key is `INVALID_OPTIONS`).
    pub fn new(options_json: &str) -> Result<Engine> {
        // The parsed JSON is dropped before the outcome is looked at: one drop for both paths.
        let v = Value::parse(options_json)?;
        let options = TrackerOptions::parse(&v);
        drop(v);
        Ok(Engine {
            inner: Tracker::new(options?),
        })
    }

    /// The runtime settings the JS side needs, as JSON.
    pub fn settings(&self) -> String {
        let o = &self.inner.options;
        ObjectWriter::new()
            .string("endpoint", &o.endpoint)
            .bool("autoPage", o.auto_page)
            .bool("spaPageViews", o.spa_page_views)
            .number("flushIntervalMs", f64::from(o.flush_interval_ms))
            .string_or_null("cookieDomain", o.cookie_domain.as_deref())
            .bool("debug", o.debug)
            .string("hashProfile", o.hash_profile.name())
            .strings("consentSources", &o.consent.sources)
            .finish()
    }

    /// `{ status, reason, eventId? }` for one event `{ name, properties, context }`.
    pub fn track(&mut self, event_json: &str, now: f64, fill: FillRandom) -> Result<String> {
        let event = Value::parse(event_json)?;
        let out = self.inner.track(&event, now, fill)?;
        Ok(ObjectWriter::new()
            .string("status", out.status)
            .string("reason", out.reason)
            .string_or_null("eventId", out.event_id.as_deref())
            .finish())
    }

    /// Keeps the digests of an `identify({ … })` call, hashed by `hashIdentifyMember` under the
    /// `hashProfile` of `settings()`; returns `{ status, reason, fields }` (field names only: the
    /// runtime may log it). Anything but known fields with hex digests is `INVALID_ARGUMENT`
    /// (nothing is kept then).
    pub fn identify_hashed(&mut self, digests_json: &str) -> Result<String> {
        let v = Value::parse(digests_json)?;
        let ids = Identifiers::from_digests(&v);
        drop(v);
        let ids = ids?;
        let out = self.inner.identify_hashed(ids);
        let fields = self.inner.identifiers().fields();
        Ok(ObjectWriter::new()
            .string("status", out.status)
            .string("reason", out.reason)
            .strings("fields", &fields)
            .finish())
    }

    /// The hashed identifiers held now, `{ em: "<hex>", … }` (for `inspect()`).
    pub fn identifiers(&self) -> String {
        self.inner.identifiers().to_json()
    }

    /// Resolves the page's signals; when they are decisive applies the result. Returns
    /// `{ decided, replayed?, wiped?, identityCleared? }`.
    pub fn set_signals(&mut self, signals_json: &str, now: f64) -> Result<String> {
        let signals = Value::parse(signals_json)?;
        Ok(match self.inner.set_signals(&signals, now)? {
            None => "{\"decided\":false}".to_owned(),
            Some((_, change)) => ObjectWriter::new()
                .bool("decided", true)
                .number("replayed", change.replayed as f64)
                .number("wiped", change.wiped as f64)
                .bool("identityCleared", change.identity_cleared)
                .finish(),
        })
    }

    /// The current consent snapshot, or `null` before any decision.
    pub fn consent(&self) -> String {
        match self.inner.consent() {
            Some((p, source)) => {
                batch::consent_snapshot_text(p, source, self.inner.consent_detail())
            }
            None => "null".to_owned(),
        }
    }

    /// Adopts the cookie values found at start-up (invalid or expired ones are ignored).
    pub fn restore_identity(&mut self, visitor: Option<&str>, session: Option<&str>, now: f64) {
        self.inner.restore_identity(visitor, session, now);
    }

    /// The cookies to hold now: `{ visitor, visitorMaxAge, session, sessionMaxAge }`, or `null`
    /// when `analytics` is not granted (the runtime then deletes them).
    pub fn identity(&mut self, now: f64, fill: FillRandom) -> Result<String> {
        let lifetime = self.inner.options.visitor_lifetime_days;
        Ok(match self.inner.renew_identity(now, fill)? {
            None => "null".to_owned(),
            Some((v, s)) => ObjectWriter::new()
                .string("visitor", &v.to_cookie_value())
                .number(
                    "visitorMaxAge",
                    crate::identity::visitor_max_age_s(v, now, lifetime) as f64,
                )
                .string("session", &s.to_cookie_value())
                .number("sessionMaxAge", crate::identity::SESSION_IDLE_MS / 1000.0)
                .finish(),
        })
    }

    /// The next batch to send as `"<id> <body>"`, or `None`. The body is the batch's JSON text as
    /// is: wrapping it in another JSON string meant escaping and parsing it twice.
    pub fn next_batch(&mut self, now: f64) -> Option<String> {
        self.inner.next_batch(now).map(|(id, body)| {
            // The id written without `core::fmt` (see `crate::text`).
            let mut out = String::with_capacity(body.len() + 11);
            crate::text::push_uint(&mut out, u64::from(id), 0);
            out.push(' ');
            out.push_str(&body);
            out
        })
    }

    /// Records the collector's answer for batch `id` (`status` 0 = network error; `jitter` in
    /// `[0, 1)` spreads the retry delay) and returns
    /// `{ verdict: "delivered" | "retry" | "rejected", delayMs?, events }`.
    pub fn settle(
        &mut self,
        id: u32,
        status: u16,
        retry_after_s: Option<f64>,
        attempt: u32,
        jitter: f64,
    ) -> String {
        let status = (status != 0).then_some(status);
        let (verdict, delay_ms) = match transport::verdict(status, retry_after_s, attempt, jitter) {
            Verdict::Delivered => ("delivered", None),
            Verdict::Rejected => ("rejected", None),
            Verdict::Retry { delay_ms } => ("retry", Some(delay_ms)),
        };
        // Only a retry has a delay; one call of each kind and one writer for all three.
        let events = match delay_ms {
            Some(_) => self.inner.retry_batch(id),
            None => self.inner.settle_batch(id),
        };
        outcome(verdict, delay_ms, events)
    }

    /// Clears IDs, hashed identifiers and every queue, and denies everything until consent is
    /// given again. Returns `{ discarded, erasure }`: the body of the `POST /forget` request,
    /// made from what was held just before.
    pub fn forget(&mut self, now: f64) -> String {
        let erasure = self.inner.erasure_request(now);
        let discarded = self.inner.forget();
        ObjectWriter::new()
            .number("discarded", discarded as f64)
            .raw("erasure", &erasure)
            .finish()
    }

    /// `{ pending, outbox, eventIds, events: [{ eventId, name }] }` for `inspect()`.
    pub fn queued(&self) -> String {
        let (pending, outbox) = self.inner.queued();
        let held = self.inner.queued_events();
        // One loop for both lists (the page's size-first build keeps each `map` + `collect`).
        let mut ids = Vec::with_capacity(held.len());
        let mut events = String::from("[");
        for &(id, name) in &held {
            ids.push(id);
            if events.len() > 1 {
                events.push(',');
            }
            // Written into the list itself: no object text of its own per event.
            events.push_str("{\"eventId\":");
            crate::json::write_string(id, &mut events);
            events.push_str(",\"name\":");
            crate::json::write_string(name, &mut events);
            events.push('}');
        }
        events.push(']');
        ObjectWriter::new()
            .number("pending", pending as f64)
            .number("outbox", outbox as f64)
            .strings("eventIds", &ids)
            .raw("events", &events)
            .finish()
    }

    /// The queue text to keep in storage now, or `None` when nothing may be stored (the runtime
    /// then removes the key). Plain text, not wrapped in JSON: the queue can be large and is
    /// written after every change.
    pub fn persisted(&self) -> Option<String> {
        self.inner.persisted().map(|(text, _dropped)| text)
    }

    /// Takes back a queue left in storage by an earlier page or a closed tab; returns how many
    /// events it took (malformed or stale entries are discarded).
    pub fn restore_queue(&mut self, text: &str, now: f64) -> usize {
        self.inner.restore_queue(text, now)
    }
}

fn outcome(verdict: &str, delay_ms: Option<f64>, events: usize) -> String {
    let mut out = ObjectWriter::new();
    out.string("verdict", verdict);
    match delay_ms {
        Some(ms) => out.number("delayMs", ms),
        None => out.raw("delayMs", "null"),
    };
    out.number("events", events as f64).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queued_lists_every_event_held() {
        let mut e = Engine::new(r#"{"endpoint":"https://c.example/collect"}"#).unwrap();
        let mut n = 0u8;
        let mut fill = |b: &mut [u8]| {
            n += 1;
            b.fill(n);
            Ok(())
        };
        assert_eq!(
            e.queued(),
            r#"{"pending":0,"outbox":0,"eventIds":[],"events":[]}"#
        );
        let mut ids = Vec::new();
        for name in ["page_viewed", "search_submitted"] {
            let event = crate::text::cat!(r#"{"name":""#, name, r#"","properties":{}}"#);
            let out = Value::parse(&e.track(&event, 1.0, &mut fill).unwrap()).unwrap();
            ids.push(
                out.get("eventId")
                    .and_then(Value::as_str)
                    .unwrap()
                    .to_owned(),
            );
        }
        let want = crate::text::cat!(
            r#"{"pending":2,"outbox":0,"eventIds":[""#,
            ids[0],
            r#"",""#,
            ids[1],
            r#""],"events":[{"eventId":""#,
            ids[0],
            r#"","name":"page_viewed"},{"eventId":""#,
            ids[1],
            r#"","name":"search_submitted"}]}"#
        );
        assert_eq!(e.queued(), want);
    }
}
