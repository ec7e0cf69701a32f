//! The persisted queue: what the browser may keep in storage between page loads and how it is
//! read back. Invariants: only minimized wire events are written, bounded by count and bytes
//! (oldest dropped first); on reading, anything malformed, stale or outside the schemas is
//! discarded and every kept event is minimized again — storage is never trusted.

use crate::batch;
use crate::consent::{Purpose, Purposes};
use crate::event::Schemas;
use crate::identity::is_uuid_v4;
use crate::json::{ObjectWriter, Value};
use crate::minimize::{minimize_event_unreported, MinimizeOptions, UrlOptions};
use crate::queue::QueuedEvent;

/// Storage key prefix; each tab writes `_ts_q.<tab id>` so tabs never overwrite each other.
pub const STORAGE_PREFIX: &str = "_ts_q";
/// Most bytes one tab's persisted queue may take.
pub const MAX_BYTES: usize = 256 * 1024;
/// Events older than this are not sent any more.
pub const MAX_AGE_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;
const FORMAT_VERSION: f64 = 1.0;

/// Serializes events (oldest first), newest kept when over `max_bytes`. Returns the text and how
/// many were dropped.
pub fn encode(events: &[&QueuedEvent], max_bytes: usize) -> (String, usize) {
    let mut lists = Vec::with_capacity(events.len());
    for e in events {
        lists.push(core::slice::from_ref(*e));
    }
    encode_lists(&lists, max_bytes)
}

/// [`encode`] over lists of events, oldest list first: the tracker's queues as they are held,
/// without a vector of references to every event. Slices, not an iterator: a chain of the
/// queues, walked from the back, is several functions of its own in the page's wasm.
pub fn encode_lists(lists: &[&[QueuedEvent]], max_bytes: usize) -> (String, usize) {
    let mut kept: Vec<String> = Vec::new();
    let mut bytes = 0;
    let mut dropped = 0;
    for list in lists.iter().rev() {
        for e in list.iter().rev() {
            let item = ObjectWriter::new()
                .strings("needs", &needs_names(e.needs))
                .number("queuedAt", e.queued_at_ms.floor())
                .raw("event", e.wire_json())
                .finish();
            if bytes + item.len() + 1 > max_bytes {
                dropped += 1;
                continue;
            }
            bytes += item.len() + 1;
            kept.push(item);
        }
    }
    let mut out = String::from("{\"v\":1,\"events\":[");
    for (i, item) in kept.iter().rev().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(item);
    }
    out.push_str("]}");
    (out, dropped)
}

/// Reads a persisted queue back; malformed text or entries are skipped, never half-trusted.
pub fn decode(text: &str, now_ms: f64, schemas: &Schemas, url: &UrlOptions) -> Vec<QueuedEvent> {
    let Ok(root) = Value::parse(text) else {
        return Vec::new();
    };
    if root.get("v").and_then(Value::as_f64) != Some(FORMAT_VERSION) {
        return Vec::new();
    }
    let items = root.get("events").and_then(Value::as_array).unwrap_or(&[]);
    let mut out = Vec::new();
    for item in items {
        let Some(queued_at) = item.get("queuedAt").and_then(Value::as_f64) else {
            continue;
        };
        if !(0.0..=now_ms + 60_000.0).contains(&queued_at) || now_ms - queued_at > MAX_AGE_MS {
            continue;
        }
        let Some(wire) = item.get("event") else {
            continue;
        };
        let Some(id) = wire.get("eventId").and_then(Value::as_str) else {
            continue;
        };
        let (true, Some(ts), Some(name)) = (
            is_uuid_v4(id),
            wire.get("timestamp").and_then(Value::as_f64),
            wire.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        let Some(schema_needs) = schemas.purposes_for(name) else {
            continue;
        };
        // The stored purposes can only add to what the schema needs, never remove from it.
        let needs = with_stored_needs(schema_needs, item.get("needs"));
        let opts = MinimizeOptions {
            consent: needs,
            schemas,
            url,
        };
        // The wire event as it is: the minimizer keeps only `name`, `properties` and `context`,
        // so its id and time go without a copy of the rest (`batch::split_wire_event`).
        let Ok(clean) = minimize_event_unreported(wire, &opts) else {
            continue;
        };
        out.push(QueuedEvent::new(
            id.to_owned(),
            needs,
            queued_at,
            batch::wire_event(id, ts, clean),
        ));
    }
    out
}

/// The storage key of one tab's queue.
pub fn storage_key(tab_id: &str) -> String {
    let mut k = String::from(STORAGE_PREFIX);
    k.push('.');
    k.push_str(tab_id);
    k
}

fn needs_names(p: Purposes) -> Vec<&'static str> {
    let mut names = Vec::new();
    for &x in &Purpose::ALL {
        if p.allows(x) {
            names.push(x.name());
        }
    }
    names
}

/// `needs` plus every purpose named in the stored list `v` (unknown names are ignored).
fn with_stored_needs(needs: Purposes, v: Option<&Value>) -> Purposes {
    // An array in `Purpose::ALL` order, indexed: smaller in the page's wasm than `set` (a match)
    // per name.
    let mut a = [
        needs.analytics,
        needs.marketing,
        needs.preferences,
        needs.sale_of_data,
    ];
    for name in v.and_then(Value::as_array).unwrap_or(&[]) {
        if let Some(purpose) = name.as_str().and_then(Purpose::from_name) {
            a[purpose as usize] = true;
        }
    }
    Purposes::from_array(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    const ID: &str = "07070707-0707-4707-8707-070707070707";

    fn queued(id: &str, name: &str, at: f64) -> QueuedEvent {
        let wire = batch::wire_event(
            id,
            at,
            json::object([("name", name.into()), ("properties", json::object([]))]),
        );
        let needs = Purposes {
            analytics: true,
            ..Purposes::DENIED
        };
        QueuedEvent::new(id.into(), needs, at, wire)
    }

    #[test]
    fn round_trips_minimized_events() {
        let events = [queued(ID, "page_viewed", 1_000.0)];
        let (text, dropped) = encode(&events.iter().collect::<Vec<_>>(), MAX_BYTES);
        assert_eq!(dropped, 0);
        let back = decode(&text, 2_000.0, &Schemas::standard(), &UrlOptions::default());
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].event_id, ID);
        assert_eq!(back[0].needs, events[0].needs);
        assert_eq!(
            back[0].wire().get("name").and_then(Value::as_str),
            Some("page_viewed")
        );
    }

    #[test]
    fn lists_encode_as_their_events_in_order() {
        let ids: Vec<String> = (1..=5)
            .map(|i| crate::text::cat!(&i.to_string(), "7070707-0707-4707-8707-070707070707"))
            .collect();
        let events: Vec<QueuedEvent> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| queued(id, "page_viewed", i as f64))
            .collect();
        let refs: Vec<&QueuedEvent> = events.iter().collect();
        let whole = encode(&refs, MAX_BYTES).0.len();
        for cap in [0, 10, 200, 400, whole / 2, whole - 1, whole, MAX_BYTES] {
            for at in 0..=events.len() {
                let (old, new) = events.split_at(at);
                assert_eq!(
                    encode_lists(&[old, new], cap),
                    encode(&refs, cap),
                    "{cap} {at}"
                );
            }
        }
    }

    #[test]
    fn keeps_the_newest_within_the_byte_cap() {
        let a = queued("17070707-0707-4707-8707-070707070707", "page_viewed", 1.0);
        let b = queued("27070707-0707-4707-8707-070707070707", "page_viewed", 2.0);
        let one = encode(&[&b.clone()], MAX_BYTES).0.len();
        let (text, dropped) = encode(&[&a, &b], one);
        assert_eq!(dropped, 1);
        let back = decode(&text, 10.0, &Schemas::standard(), &UrlOptions::default());
        assert_eq!(
            back.iter().map(|e| e.event_id.as_str()).collect::<Vec<_>>(),
            ["27070707-0707-4707-8707-070707070707"]
        );
    }

    #[test]
    fn distrusts_what_storage_holds() {
        let schemas = Schemas::standard();
        let url = UrlOptions::default();
        for bad in [
            "",
            "not json",
            r#"{"v":2,"events":[]}"#,
            r#"{"v":1,"events":[{"queuedAt":1,"event":{"eventId":"x","timestamp":1,"name":"page_viewed"}}]}"#,
            r#"{"v":1,"events":[{"queuedAt":1,"event":{"eventId":"07070707-0707-4707-8707-070707070707","timestamp":1,"name":"made_up"}}]}"#,
            r#"{"v":1,"events":[{"queuedAt":99999999,"event":{"eventId":"07070707-0707-4707-8707-070707070707","timestamp":1,"name":"page_viewed"}}]}"#,
        ] {
            assert!(decode(bad, 10.0, &schemas, &url).is_empty(), "{bad}");
        }
        // A tampered entry is minimized again: the planted email and unknown key do not survive.
        let tampered = r#"{"v":1,"events":[{"needs":[],"queuedAt":1,"event":{"eventId":"07070707-0707-4707-8707-070707070707","timestamp":1,"name":"product_viewed","properties":{"name":"for jane@example.com","secret":"x"}}}]}"#;
        let back = decode(tampered, 10.0, &schemas, &url);
        let text = back[0].wire().to_json();
        assert!(
            !text.contains("jane@example.com") && !text.contains("secret"),
            "{text}"
        );
        assert!(
            back[0].needs.analytics,
            "the schema's purposes always apply"
        );
        // Stale events are not sent any more.
        let old = encode(&[&queued(ID, "page_viewed", 0.0)], MAX_BYTES).0;
        assert!(decode(&old, MAX_AGE_MS + 1.0, &schemas, &url).is_empty());
    }
}
