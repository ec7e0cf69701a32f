//! `Engine`: the browser tracker's core state (`crate::tracker::engine`), driven by the JS runtime
//! (which owns cookies, storage, timers and the network). JSON text in, JSON text out.

use wasm_bindgen::prelude::*;

use super::error::to_js;
use crate::random;
use crate::tracker::engine;

/// The tracker core behind the `Tracker` class of the JS runtime.
#[wasm_bindgen]
pub struct Engine {
    inner: engine::Engine,
}

#[wasm_bindgen]
impl Engine {
    /// Validates the options (an unknown key throws a `TypeError` with `code = "INVALID_OPTIONS"`).
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> Result<Engine, JsValue> {
        let inner = engine::Engine::new(options_json).map_err(to_js)?;
        Ok(Engine { inner })
    }

    /// The runtime settings the JS side needs, as JSON.
    pub fn settings(&self) -> String {
        self.inner.settings()
    }

    /// `{ status, reason, eventId? }` for one event `{ name, properties, context }`.
    pub fn track(&mut self, event_json: &str, now: f64) -> Result<String, JsValue> {
        self.inner
            .track(event_json, now, &mut random::fill)
            .map_err(to_js)
    }

    /// Keeps the digests of an `identify({ … })` call; returns `{ status, reason, fields }`.
    /// Throws TypeError `INVALID_ARGUMENT` for anything but known fields with hex digests.
    #[wasm_bindgen(js_name = identifyHashed)]
    pub fn identify_hashed(&mut self, digests_json: &str) -> Result<String, JsValue> {
        self.inner.identify_hashed(digests_json).map_err(to_js)
    }

    /// The hashed identifiers held now, `{ em: "<hex>", … }` (for `inspect()`).
    pub fn identifiers(&self) -> String {
        self.inner.identifiers()
    }

    /// Resolves the page's signals; returns `{ decided, replayed?, wiped?, identityCleared? }`.
    #[wasm_bindgen(js_name = setSignals)]
    pub fn set_signals(&mut self, signals_json: &str, now: f64) -> Result<String, JsValue> {
        self.inner.set_signals(signals_json, now).map_err(to_js)
    }

    /// The current consent snapshot, or `null` before any decision.
    pub fn consent(&self) -> String {
        self.inner.consent()
    }

    /// Adopts the cookie values found at start-up (invalid or expired ones are ignored).
    #[wasm_bindgen(js_name = restoreIdentity)]
    pub fn restore_identity(&mut self, visitor: Option<String>, session: Option<String>, now: f64) {
        self.inner
            .restore_identity(visitor.as_deref(), session.as_deref(), now);
    }

    /// The cookies to hold now, or `null` when `analytics` is not granted.
    pub fn identity(&mut self, now: f64) -> Result<String, JsValue> {
        self.inner.identity(now, &mut random::fill).map_err(to_js)
    }

    /// The next batch to send as `"<id> <body>"`, or `undefined`.
    #[wasm_bindgen(js_name = nextBatch)]
    pub fn next_batch(&mut self, now: f64) -> Option<String> {
        self.inner.next_batch(now)
    }

    /// Records the collector's answer for batch `id` (`status` 0 = network error) and returns
    /// `{ verdict: "delivered" | "retry" | "rejected", delayMs?, events }`.
    pub fn settle(
        &mut self,
        id: u32,
        status: u16,
        retry_after_s: Option<f64>,
        attempt: u32,
    ) -> String {
        self.inner
            .settle(id, status, retry_after_s, attempt, random::unit())
    }

    /// Clears IDs, hashed identifiers and every queue; returns `{ discarded, erasure }`.
    pub fn forget(&mut self, now: f64) -> String {
        self.inner.forget(now)
    }

    /// `{ pending, outbox, eventIds, events: [{ eventId, name }] }` for `inspect()`.
    pub fn queued(&self) -> String {
        self.inner.queued()
    }

    /// The queue text to keep in storage now, or `undefined` when nothing may be stored.
    pub fn persisted(&self) -> Option<String> {
        self.inner.persisted()
    }

    /// Takes back a queue left in storage by an earlier page; returns how many events it took.
    #[wasm_bindgen(js_name = restoreQueue)]
    pub fn restore_queue(&mut self, text: &str, now: f64) -> usize {
        self.inner.restore_queue(text, now)
    }
}
