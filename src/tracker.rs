//! The browser tracker's decisions: what to do with each `track()` call, each consent change and
//! each delivery answer. It holds no I/O: the JS runtime stores, sends and schedules as told.
//! Invariant: before a decision nothing leaves `pending`; an event reaches the outbox only when
//! the current consent covers every purpose it needs.

pub mod engine;
mod signals;

use crate::batch::{self, BatchHeader, ConsentDetail};
use crate::config::{check_endpoint, OptionReader};
use crate::consent::{parse_browser_consent_options, BrowserConsentOptions, Purposes};
use crate::error::{Error, Result};
use crate::event::Schemas;
use crate::hashing::Profile;
use crate::identify::{self, Identifiers};
use crate::identity::{self, FillRandom, StampedId};
use crate::json::Value;
use crate::minimize::{minimize_event_cached, ContextCache, MinimizeOptions, UrlOptions};
use crate::persist;
use crate::queue::{BoundedQueue, QueuedEvent, PENDING_TTL_MS};

/// Validated tracker options (the camelCase JS options object).
#[derive(Debug)]
pub struct TrackerOptions {
    pub endpoint: String,
    pub site: String,
    pub auto_page: bool,
    /// With `auto_page`, also a `page_viewed` on each SPA history change (pushState, replaceState, popstate).
    pub spa_page_views: bool,
    pub batch_size: usize,
    pub flush_interval_ms: u32,
    pub max_queue: usize,
    pub visitor_lifetime_days: u32,
    pub cookie_domain: Option<String>,
    /// Whose normalization `identify()` hashes with (`meta` by default).
    pub hash_profile: Profile,
    pub debug: bool,
    pub schemas: Schemas,
    pub url: UrlOptions,
    /// How page signals are read and resolved (`options.consent`).
    pub consent: BrowserConsentOptions,
}

const KNOWN_OPTIONS: &[&str] = &[
    "endpoint",
    "site",
    "autoPage",
    "spaPageViews",
    "batchSize",
    "flushIntervalMs",
    "maxQueue",
    "visitorLifetimeDays",
    "cookieDomain",
    "hashProfile",
    "debug",
    "customEvents",
    "queryAllowlist",
    "consent",
];

impl TrackerOptions {
    /// Parses and validates the options object.
    pub fn parse(v: &Value) -> Result<TrackerOptions> {
        let r = OptionReader::new("options", Some(v), KNOWN_OPTIONS)?;
        let endpoint = r
            .string("endpoint")?
            .ok_or_else(|| Error::InvalidOptions("options.endpoint is required".into()))?;
        check_endpoint(endpoint)?;
        let query_allowlist = r.strings("queryAllowlist")?;
        let schemas = match r.raw("customEvents") {
            Some(custom) => Schemas::with_custom(custom)?,
            None => Schemas::standard(),
        };
        // Everything after the schemas is read borrowed and owned only at the end: a refusal
        // has little to drop.
        let site = match r.string("site")? {
            None => "default",
            Some(s) if crate::config::is_site_name(s) => s,
            Some(_) => {
                return Err(Error::InvalidOptions(
                    "options.site must be 1-64 letters, digits, '-', '_' or '.'".into(),
                ))
            }
        };
        let auto_page = r.bool("autoPage", true)?;
        let spa_page_views = r.bool("spaPageViews", true)?;
        // (key, min, max, default): one loop for the integer options.
        const INTS: [(&str, u32, u32, u32); 4] = [
            ("batchSize", 1, 100, 20),
            ("flushIntervalMs", 0, 60_000, 1_000),
            ("maxQueue", 10, 10_000, 1_000),
            (
                "visitorLifetimeDays",
                1,
                identity::MAX_LIFETIME_DAYS,
                identity::DEFAULT_LIFETIME_DAYS,
            ),
        ];
        let mut ints = [0; 4];
        for (n, &(key, min, max, default)) in ints.iter_mut().zip(&INTS) {
            *n = r.int(key, min, max, default)?;
        }
        let cookie_domain = r.string("cookieDomain")?;
        let hash_profile = match r.string("hashProfile")? {
            None => Profile::Meta,
            // Matched here, not through `Profile::parse`: its error would be made and dropped.
            Some("meta") => Profile::Meta,
            Some("google") => Profile::Google,
            Some(_) => {
                return Err(Error::InvalidOptions(
                    "options.hashProfile must be \"meta\" or \"google\"".into(),
                ))
            }
        };
        let debug = r.bool("debug", false)?;
        let consent = parse_browser_consent_options(r.raw("consent"))?;
        let mut url = UrlOptions::default();
        if let Some(list) = query_allowlist {
            url.query_allowlist = list;
        }
        Ok(TrackerOptions {
            endpoint: endpoint.to_owned(),
            site: site.to_owned(),
            auto_page,
            spa_page_views,
            batch_size: ints[0] as usize,
            flush_interval_ms: ints[1],
            max_queue: ints[2] as usize,
            visitor_lifetime_days: ints[3],
            cookie_domain: cookie_domain.map(str::to_owned),
            hash_profile,
            debug,
            schemas,
            url,
            consent,
        })
    }
}

/// What became of one `track()` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackOutcome {
    /// `"queued"` or `"dropped"`.
    pub status: &'static str,
    pub reason: &'static str,
    pub event_id: Option<String>,
}

/// What a consent change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentChange {
    pub replayed: usize,
    pub wiped: usize,
    /// The visitor and session IDs were discarded (analytics denied, or consent downgraded).
    pub identity_cleared: bool,
}

/// The tracker's state machine.
pub struct Tracker {
    pub options: TrackerOptions,
    consent: Option<(Purposes, String)>,
    /// What the batch carries about the signals behind `consent` (none for a direct decision).
    detail: Option<ConsentDetail>,
    pending: BoundedQueue,
    outbox: BoundedQueue,
    /// Events handed to the transport, in the order sent, each with its batch id, remembered
    /// until the collector answers. One flat list, not a list of batches: the page's wasm keeps
    /// no second vector type with its own removal, growth and drop code.
    in_flight: Vec<QueuedEvent>,
    next_batch_id: u32,
    visitor: Option<StampedId>,
    session: Option<StampedId>,
    /// Hashed identifiers from `identify()`; sent only under `marketing`, never persisted.
    identifiers: Identifiers,
    /// The page context last minimized (for `options.url`, which does not change).
    context_cache: ContextCache,
}

impl Tracker {
    pub fn new(options: TrackerOptions) -> Tracker {
        let max = options.max_queue;
        Tracker {
            options,
            consent: None,
            detail: None,
            pending: BoundedQueue::new(max),
            outbox: BoundedQueue::new(max),
            in_flight: Vec::new(),
            next_batch_id: 1,
            visitor: None,
            session: None,
            identifiers: Identifiers::default(),
            context_cache: ContextCache::default(),
        }
    }

    /// The current decision, if any (`None` = nothing decided yet = nothing allowed).
    pub fn consent(&self) -> Option<(Purposes, &str)> {
        self.consent.as_ref().map(|(p, s)| (*p, s.as_str()))
    }

    fn granted(&self) -> Purposes {
        self.consent.as_ref().map_or(Purposes::DENIED, |(p, _)| *p)
    }

    /// Handles one `track(name, properties)` call with the page context.
    pub fn track(&mut self, event: &Value, now_ms: f64, fill: FillRandom) -> Result<TrackOutcome> {
        let Some(name) = event.get("name").and_then(Value::as_str) else {
            return Err(Error::InvalidEvent(
                "the event name must be a string".into(),
            ));
        };
        match event.get("properties") {
            None | Some(Value::Null | Value::Object(_)) => {}
            Some(_) => return Err(Error::InvalidEvent("properties must be an object".into())),
        }
        let Some(needs) = self.options.schemas.purposes_for(name) else {
            return Ok(dropped("unknown_event"));
        };
        // Before a decision, minimize as if only the event's own purposes were granted: the
        // strictest reading under which the event could ever be sent.
        let (decided, consent) = match &self.consent {
            Some((granted, _)) if !needs.is_subset_of(granted) => return Ok(dropped("no_consent")),
            Some((granted, _)) => (true, *granted),
            None => (false, needs),
        };
        let opts = MinimizeOptions {
            consent,
            schemas: &self.options.schemas,
            url: &self.options.url,
        };
        let clean = match minimize_event_cached(event, &opts, &mut self.context_cache) {
            Ok(clean) => clean,
            Err(reason) => return Ok(dropped(reason)),
        };
        let event_id = identity::uuid_v4(fill)?;
        let wire = batch::wire_event(&event_id, now_ms, clean);
        let queued = QueuedEvent::new(event_id.clone(), needs, now_ms, wire);
        let reason = if decided {
            self.outbox.push(queued);
            "batched"
        } else {
            self.pending.push(queued);
            "awaiting_consent"
        };
        Ok(TrackOutcome {
            status: "queued",
            reason,
            event_id: Some(event_id),
        })
    }

    /// Applies a new consent decision: replays what it covers, wipes what it does not.
    pub fn set_consent(&mut self, purposes: Purposes, source: &str, now_ms: f64) -> ConsentChange {
        // Nothing decided before reads as all denied: a subset of anything, so no downgrade.
        let previous = self.granted();
        self.consent = Some((purposes, source.to_owned()));
        self.detail = None;
        self.pending
            .remove_where(&|e| now_ms - e.queued_at_ms > PENDING_TTL_MS);
        let replay = self
            .pending
            .extract_where(&|e| e.needs.is_subset_of(&purposes));
        let replayed = replay.len();
        let wiped = self.pending.clear()
            + self
                .outbox
                .remove_where(&|e| !e.needs.is_subset_of(&purposes));
        self.outbox.push_all(replay);
        let downgraded = !previous.is_subset_of(&purposes);
        let identity_cleared = !purposes.analytics || downgraded;
        if identity_cleared {
            self.visitor = None;
            self.session = None;
        }
        if identity_cleared || !purposes.marketing {
            self.identifiers.clear();
        }
        ConsentChange {
            replayed,
            wiped,
            identity_cleared,
        }
    }

    /// Adopts the IDs read from cookies at start-up, if still valid.
    pub fn restore_identity(
        &mut self,
        visitor_cookie: Option<&str>,
        session_cookie: Option<&str>,
        now_ms: f64,
    ) {
        let v = visitor_cookie.and_then(|c| StampedId::parse(c, now_ms));
        self.visitor = identity::live_visitor(v, now_ms, self.options.visitor_lifetime_days);
        self.session = identity::live_session(
            session_cookie.and_then(|c| StampedId::parse(c, now_ms)),
            now_ms,
        );
    }

    /// The visitor and session IDs to keep in cookies now, made on first need. `None` unless
    /// `analytics` is granted. The session stamp moves with activity; the visitor's never does.
    pub fn identity(
        &mut self,
        now_ms: f64,
        fill: FillRandom,
    ) -> Result<Option<(StampedId, StampedId)>> {
        Ok(self
            .renew_identity(now_ms, fill)?
            .map(|(v, s)| (v.clone(), s.clone())))
    }

    /// [`Tracker::identity`] without the copies: the IDs as held (what the page engine writes).
    pub fn renew_identity(
        &mut self,
        now_ms: f64,
        fill: FillRandom,
    ) -> Result<Option<(&StampedId, &StampedId)>> {
        if !self.granted().analytics {
            return Ok(None);
        }
        let lifetime = self.options.visitor_lifetime_days;
        let visitor = match identity::live_visitor(self.visitor.take(), now_ms, lifetime) {
            Some(v) => v,
            None => StampedId {
                id: identity::uuid_v4(fill)?,
                at_ms: now_ms,
            },
        };
        // A live session keeps its id and takes the new stamp: one `StampedId` made either way.
        let session = match identity::live_session(self.session.take(), now_ms) {
            Some(s) => s.id,
            None => identity::uuid_v4(fill)?,
        };
        Ok(Some((
            self.visitor.insert(visitor),
            self.session.insert(StampedId {
                id: session,
                at_ms: now_ms,
            }),
        )))
    }

    /// Hashes an `identify({ … })` object at once and keeps the digests for the batches to come,
    /// unless `marketing` is already refused (then nothing is kept).
    pub fn identify(&mut self, fields: &Value) -> Result<TrackOutcome> {
        let ids = identify::hash_fields(fields, self.options.hash_profile)?;
        Ok(self.identify_hashed(ids))
    }

    /// Keeps digests already computed under `options.hash_profile` (the script tag hashes in a
    /// wasm it loads on the first `identify()`), unless `marketing` is already refused.
    pub fn identify_hashed(&mut self, ids: Identifiers) -> TrackOutcome {
        let reason = match self.consent {
            None => "awaiting_consent",
            Some((p, _)) if p.marketing => "batched",
            Some(_) => return dropped("no_consent"),
        };
        self.identifiers.merge(ids);
        TrackOutcome {
            status: "queued",
            reason,
            event_id: None,
        }
    }

    /// The hashed identifiers held now (for `inspect()`).
    pub fn identifiers(&self) -> &Identifiers {
        &self.identifiers
    }

    /// The erasure request for `forget()`: every identifier held now, whatever the consent.
    pub fn erasure_request(&self, now_ms: f64) -> String {
        batch::erasure(
            &self.options.site,
            now_ms,
            self.visitor.as_ref().map(|v| v.id.as_str()),
            self.session.as_ref().map(|s| s.id.as_str()),
            &self.identifiers,
        )
    }

    /// Forgets the visitor: IDs, hashed identifiers and every queued event. Consent becomes
    /// "everything denied" (source `forget`): nothing is tracked until it is given again.
    pub fn forget(&mut self) -> usize {
        self.consent = Some((Purposes::DENIED, "forget".to_owned()));
        self.visitor = None;
        self.session = None;
        self.identifiers.clear();
        self.in_flight.clear();
        self.pending.clear() + self.outbox.clear()
    }

    /// Number of events waiting for consent and waiting for delivery.
    pub fn queued(&self) -> (usize, usize) {
        (self.pending.len(), self.outbox.len() + self.in_flight.len())
    }

    /// Takes the next batch to send, as `(batch id, JSON text)`, when there is one and consent allows.
    pub fn next_batch(&mut self, now_ms: f64) -> Option<(u32, String)> {
        let (purposes, source) = self.consent.as_ref()?;
        let purposes = *purposes;
        if self.outbox.is_empty() || !purposes.analytics && !purposes.marketing {
            return None;
        }
        let mut events = self.outbox.take(self.options.batch_size);
        let id = self.next_batch_id;
        let header = BatchHeader {
            site: &self.options.site,
            sent_at_ms: now_ms,
            consent: purposes,
            consent_source: source,
            visitor_id: self.visitor.as_ref().map(|v| v.id.as_str()),
            session_id: self.session.as_ref().map(|s| s.id.as_str()),
            detail: self.detail.as_ref(),
        };
        let mut texts = Vec::with_capacity(events.len());
        for e in &mut events {
            e.batch = id;
            texts.push(e.wire_json());
        }
        let profile = self.options.hash_profile.name();
        let body = batch::text(&header, profile, &self.identifiers, &texts);
        self.next_batch_id = self.next_batch_id.wrapping_add(1);
        self.in_flight.append(&mut events);
        Some((id, body))
    }

    /// The collector accepted batch `id` (2xx) or refused it for good (4xx): forget it.
    pub fn settle_batch(&mut self, id: u32) -> usize {
        self.take_batch(id).len()
    }

    /// Batch `id` failed in a retryable way: put its events back in front, if still allowed.
    /// (An unknown batch has no events: nothing is put back.)
    pub fn retry_batch(&mut self, id: u32) -> usize {
        let events = self.take_batch(id);
        let granted = self.granted();
        let (events, _) = crate::queue::split_events(events, &|e| e.needs.is_subset_of(&granted));
        let n = events.len();
        self.outbox.requeue_front(events);
        n
    }

    /// Takes batch `id`'s events out of flight, in order (none for an unknown batch).
    fn take_batch(&mut self, id: u32) -> Vec<QueuedEvent> {
        let in_flight = core::mem::take(&mut self.in_flight);
        let (batch, rest) = crate::queue::split_events(in_flight, &|e| e.batch == id);
        self.in_flight = rest;
        batch
    }

    /// `(event id, event name)` of every event held: waiting, in the outbox or in flight.
    pub fn queued_events(&self) -> Vec<(&str, &str)> {
        // Plain loops: the page's size-first build keeps each adapter chain as its own function.
        fn id_and_name(e: &QueuedEvent) -> (&str, &str) {
            let name = e.wire().get("name").and_then(Value::as_str).unwrap_or("");
            (e.event_id.as_str(), name)
        }
        let mut out = Vec::new();
        // Over a slice of the three lists: a chain is functions of its own in the page's wasm.
        for list in &[self.pending.events(), self.outbox.events(), &self.in_flight] {
            for e in *list {
                out.push(id_and_name(e));
            }
        }
        out
    }
}

impl Tracker {
    /// The queue text to keep in storage now (outbox and in-flight events) and how many events
    /// the byte cap dropped; `None` unless `analytics` is granted (the runtime then removes it).
    pub fn persisted(&self) -> Option<(String, usize)> {
        if !self.granted().analytics {
            return None;
        }
        let lists = [&self.in_flight[..], self.outbox.events()];
        Some(persist::encode_lists(&lists, persist::MAX_BYTES))
    }

    /// Takes back events a previous page (or a closed tab) left in storage. They wait for the
    /// consent decision like any new event; returns how many were taken.
    pub fn restore_queue(&mut self, text: &str, now_ms: f64) -> usize {
        let stored = persist::decode(text, now_ms, &self.options.schemas, &self.options.url);
        let consent = self.consent.as_ref().map(|(p, _)| *p);
        // Taken: what is not held already (checked against the ids as borrowed, no copies) and,
        // once decided, what the decision covers; all of it goes to one queue.
        let known = self.queued_events();
        let (taken, _) = crate::queue::split_events(stored, &|e| {
            !known.iter().any(|&(id, _)| id == e.event_id)
                && consent.map_or(true, |p| e.needs.is_subset_of(&p))
        });
        let n = taken.len();
        match consent {
            None => self.pending.push_all(taken),
            Some(_) => self.outbox.push_all(taken),
        }
        n
    }
}

fn dropped(reason: &'static str) -> TrackOutcome {
    TrackOutcome {
        status: "dropped",
        reason,
        event_id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANALYTICS: Purposes = Purposes {
        analytics: true,
        ..Purposes::DENIED
    };

    fn tracker(options: &str) -> Tracker {
        Tracker::new(TrackerOptions::parse(&Value::parse(options).unwrap()).unwrap())
    }

    /// A random source that fills each draw with its own byte, so every id differs.
    fn counting_fill() -> impl FnMut(&mut [u8]) -> Result<()> {
        let mut n = 0u8;
        move |b: &mut [u8]| {
            n += 1;
            b.fill(n);
            Ok(())
        }
    }

    #[test]
    fn batches_in_flight_settle_and_retry_alone() {
        let mut t = tracker(r#"{"endpoint":"https://c.example/collect","batchSize":2}"#);
        let mut fill = counting_fill();
        t.set_consent(ANALYTICS, "manual", 1.0);
        let e = Value::parse(r#"{"name":"page_viewed","properties":{}}"#).unwrap();
        let mut ids = Vec::new();
        for _ in 0..5 {
            ids.push(t.track(&e, 1.0, &mut fill).unwrap().event_id.unwrap());
        }
        let pick = |is: [usize; 5]| is.map(|i| ids[i].clone()).to_vec();
        let held = |t: &Tracker| -> Vec<String> {
            t.queued_events()
                .iter()
                .map(|(id, _)| id.to_string())
                .collect()
        };
        let (one, _) = t.next_batch(2.0).unwrap();
        let (two, _) = t.next_batch(2.0).unwrap();
        assert_eq!(t.queued(), (0, 5));
        assert_eq!(held(&t), pick([4, 0, 1, 2, 3]));
        assert_eq!(t.settle_batch(99), 0);
        assert_eq!(t.retry_batch(99), 0);
        assert_eq!(held(&t), pick([4, 0, 1, 2, 3]));
        assert_eq!(t.retry_batch(two), 2);
        assert_eq!(held(&t), pick([2, 3, 4, 0, 1]));
        assert_eq!(t.settle_batch(one), 2);
        assert_eq!(t.settle_batch(one), 0, "settled once");
        assert_eq!(t.queued(), (0, 3));
        let (three, body) = t.next_batch(3.0).unwrap();
        assert!(body.contains(&ids[2]) && body.contains(&ids[3]) && !body.contains(&ids[4]));
        t.set_consent(Purposes::DENIED, "manual", 4.0);
        assert_eq!(t.retry_batch(three), 0, "no longer allowed");
        assert_eq!(t.queued(), (0, 0));
    }

    #[test]
    fn a_restored_queue_skips_the_events_held_already() {
        let options = r#"{"endpoint":"https://c.example/collect"}"#;
        let mut t = tracker(options);
        let mut fill = counting_fill();
        t.set_consent(ANALYTICS, "manual", 1.0);
        let e = Value::parse(r#"{"name":"page_viewed","properties":{}}"#).unwrap();
        t.track(&e, 1.0, &mut fill).unwrap();
        t.track(&e, 1.0, &mut fill).unwrap();
        let (stored, _) = t.persisted().unwrap();
        assert_eq!(t.restore_queue(&stored, 2.0), 0, "both are held already");
        let (_, body) = t.next_batch(2.0).unwrap();
        assert!(body.contains("page_viewed"));
        assert_eq!(t.restore_queue(&stored, 2.0), 0, "in flight counts as held");
        let mut fresh = tracker(options);
        assert_eq!(fresh.restore_queue(&stored, 2.0), 2);
        assert_eq!(fresh.queued(), (2, 0), "waiting for a decision");
        let mut denied = tracker(options);
        denied.set_consent(Purposes::DENIED, "manual", 1.0);
        assert_eq!(denied.restore_queue(&stored, 2.0), 0, "not covered");
        let mut granted = tracker(options);
        granted.set_consent(ANALYTICS, "manual", 1.0);
        assert_eq!(granted.restore_queue(&stored, 2.0), 2);
        assert_eq!(granted.queued(), (0, 2), "straight to the outbox");
    }
}
