//! The versioned wire batch (browser → edge → upstream): how it is built and read back.
//! Invariant: a batch carries the visitor ID only under `analytics`, hashed identifiers only
//! under `marketing`, and never an IP address.

use crate::consent::io::purpose_members;
use crate::consent::{Purpose, Purposes, Sources};
use crate::identify::Identifiers;
use crate::json::{members, push_member, ObjectWriter, Value};

/// The payload version; bumped on any incompatible change (see `schema/batch.schema.json`).
pub const BATCH_VERSION: f64 = 1.0;

/// What a snapshot carries besides the purposes when page signals decided it: the deciding
/// source per purpose, and the raw TC and GPP strings so the edge can decode them again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentDetail {
    pub sources: Option<Sources>,
    pub tc_string: Option<String>,
    pub gpp_string: Option<String>,
}

/// The consent snapshot a batch was sent under.
pub fn consent_snapshot(purposes: Purposes, source: &str) -> Value {
    consent_snapshot_with(purposes, source, None)
}

/// The consent snapshot, with the signal detail when there is one.
pub fn consent_snapshot_with(
    purposes: Purposes,
    source: &str,
    detail: Option<&ConsentDetail>,
) -> Value {
    let mut members = purpose_members(&|p| Value::Bool(purposes.allows(p)));
    push_member(&mut members, "source", source.into());
    if let Some(d) = detail {
        if let Some(s) = d.sources {
            let by_purpose = purpose_members(&|p| s.get(p).into());
            push_member(&mut members, "sources", Value::Object(by_purpose));
        }
        for &(key, v) in &[("tcString", &d.tc_string), ("gppString", &d.gpp_string)] {
            if let Some(text) = v.as_deref().filter(|t| !t.is_empty()) {
                members.push((key.to_owned(), text.into()));
            }
        }
    }
    Value::Object(members)
}

/// [`consent_snapshot_with`]'s JSON text, written straight (the page engine never reads it back).
pub fn consent_snapshot_text(
    purposes: Purposes,
    source: &str,
    detail: Option<&ConsentDetail>,
) -> String {
    let mut w = ObjectWriter::new();
    for &p in &Purpose::ALL {
        w.bool(p.name(), purposes.allows(p));
    }
    w.string("source", source);
    if let Some(d) = detail {
        if let Some(s) = d.sources {
            let mut by_purpose = ObjectWriter::new();
            for &p in &Purpose::ALL {
                by_purpose.string(p.name(), s.get(p));
            }
            w.raw("sources", &by_purpose.finish());
        }
        for &(key, v) in &[("tcString", &d.tc_string), ("gppString", &d.gpp_string)] {
            // Matched, not `as_deref().filter(…)`: no call to `Option::as_deref` in the page's wasm.
            if let Some(text) = v {
                if !text.is_empty() {
                    w.string(key, text);
                }
            }
        }
    }
    w.finish()
}

/// The raw TC and GPP strings a snapshot carries (for the edge to decode again).
pub fn consent_strings(snapshot: Option<&Value>) -> (Option<&str>, Option<&str>) {
    let get = |k| snapshot.and_then(|s| s.get(k)).and_then(Value::as_str);
    (get("tcString"), get("gppString"))
}

/// Reads the four purposes back out of a consent snapshot; anything not exactly `true` is denied.
pub fn read_consent(snapshot: Option<&Value>) -> Purposes {
    let mut p = Purposes::DENIED;
    if let Some(s) = snapshot {
        for &purpose in &Purpose::ALL {
            p.set(
                purpose,
                s.get(purpose.name()).and_then(Value::as_bool) == Some(true),
            );
        }
    }
    p
}

/// What goes into one batch besides its events.
pub struct BatchHeader<'a> {
    pub site: &'a str,
    pub sent_at_ms: f64,
    pub consent: Purposes,
    pub consent_source: &'a str,
    pub visitor_id: Option<&'a str>,
    pub session_id: Option<&'a str>,
    pub detail: Option<&'a ConsentDetail>,
}

/// Builds the batch object from already minimized wire events.
pub fn build(header: &BatchHeader, events: Vec<Value>) -> Value {
    let analytics = header.consent.analytics;
    let mut m = members([
        ("v", Value::Number(BATCH_VERSION)),
        ("site", header.site.into()),
        ("sentAt", Value::Number(header.sent_at_ms.floor())),
        (
            "consent",
            consent_snapshot_with(header.consent, header.consent_source, header.detail),
        ),
    ]);
    if let (true, Some(v)) = (analytics, header.visitor_id) {
        push_member(&mut m, "visitorId", v.into());
    }
    if let (true, Some(s)) = (analytics, header.session_id) {
        push_member(&mut m, "sessionId", s.into());
    }
    push_member(&mut m, "events", Value::Array(events));
    Value::Object(m)
}

/// A batch's JSON text straight from its header, the identifiers with the profile they were
/// hashed under, and events already written as JSON: the text of [`build`] and
/// [`add_identifiers`] serialized, without the `Value` tree and without writing every queued
/// event again (the tracker never reads it back).
pub fn text(header: &BatchHeader, profile: &str, ids: &Identifiers, events: &[&str]) -> String {
    let mut w = ObjectWriter::new();
    w.number("v", BATCH_VERSION)
        .string("site", header.site)
        .number("sentAt", header.sent_at_ms.floor())
        .raw(
            "consent",
            &consent_snapshot_text(header.consent, header.consent_source, header.detail),
        );
    if header.consent.analytics {
        guest_ids(&mut w, header.visitor_id, header.session_id);
    }
    if header.consent.marketing && !ids.is_empty() {
        w.string("hashProfile", profile)
            .raw("identifiers", &ids.to_json());
    }
    w.raws("events", events).finish()
}

/// Adds the hashed identifiers and the profile they were hashed under, only when `marketing` is
/// granted and there is something to add.
pub fn add_identifiers(batch: &mut Value, consent: Purposes, profile: &str, ids: &Identifiers) {
    if let (true, false, Value::Object(m)) = (consent.marketing, ids.is_empty(), batch) {
        let at = m.iter().position(|(k, _)| k == "events").unwrap_or(m.len());
        m.insert(at, ("identifiers".to_owned(), ids.to_value()));
        m.insert(at, ("hashProfile".to_owned(), profile.into()));
    }
}

/// An erasure request (`POST /forget`, and the edge's request to the upstream): every identifier
/// the visitor's data can be found under. Consent does not gate it: it asks for deletion.
/// Written straight as JSON text: the tracker and the edge only send it.
pub fn erasure(
    site: &str,
    at_ms: f64,
    visitor_id: Option<&str>,
    session_id: Option<&str>,
    ids: &Identifiers,
) -> String {
    let mut w = ObjectWriter::new();
    w.number("v", BATCH_VERSION)
        .string("type", "erasure")
        .string("site", site)
        .number("requestedAt", at_ms.floor());
    guest_ids(&mut w, visitor_id, session_id);
    if !ids.is_empty() {
        w.raw("identifiers", &ids.to_json());
    }
    w.finish()
}

/// The `visitorId` and `sessionId` members that are given (a batch's and an erasure's).
fn guest_ids(w: &mut ObjectWriter, visitor_id: Option<&str>, session_id: Option<&str>) {
    // Over a slice: an array by value has an `IntoIter` of its own in the page's wasm.
    for &(key, id) in &[("visitorId", visitor_id), ("sessionId", session_id)] {
        if let Some(id) = id {
            w.string(key, id);
        }
    }
}

/// One wire event: the minimized event plus its id and time.
pub fn wire_event(event_id: &str, timestamp_ms: f64, minimized: Value) -> Value {
    let mut m = Vec::new();
    push_member(&mut m, "eventId", event_id.into());
    push_member(&mut m, "timestamp", Value::Number(timestamp_ms.floor()));
    if let Value::Object(mut fields) = minimized {
        m.append(&mut fields);
    }
    Value::Object(m)
}

/// Splits a wire event back into id, timestamp and the minimizer's part.
pub fn split_wire_event(wire: &Value) -> (Option<&str>, Option<f64>, Value) {
    let id = wire.get("eventId").and_then(Value::as_str);
    let ts = wire.get("timestamp").and_then(Value::as_f64);
    let rest = match wire {
        Value::Object(m) => {
            let mut rest = Vec::with_capacity(m.len());
            for (k, v) in m {
                if k != "eventId" && k != "timestamp" {
                    rest.push((k.clone(), v.clone()));
                }
            }
            Value::Object(rest)
        }
        other => other.clone(),
    };
    (id, ts, rest)
}

/// Coarse geography added at the edge: a country and a region code, nothing finer.
pub fn geo(country: &str, region: Option<&str>) -> Value {
    let mut m = vec![("country", Value::from(country))];
    if let Some(r) = region {
        m.push(("region", r.into()));
    }
    Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn visitor_id_travels_only_under_analytics() {
        let header = |consent| BatchHeader {
            site: "s",
            sent_at_ms: 1.5,
            consent,
            consent_source: "manual",
            visitor_id: Some("v"),
            session_id: Some("s"),
            detail: None,
        };
        let denied = build(&header(Purposes::DENIED), vec![]);
        assert!(denied.get("visitorId").is_none() && denied.get("sessionId").is_none());
        let granted = build(
            &header(Purposes {
                analytics: true,
                ..Purposes::DENIED
            }),
            vec![],
        );
        assert_eq!(granted.get("visitorId").and_then(Value::as_str), Some("v"));
        assert_eq!(granted.get("sentAt").and_then(Value::as_f64), Some(1.0));
    }

    #[test]
    fn identifiers_travel_only_under_marketing() {
        let ids = Identifiers::from_wire(Some(&json::object([("em", "ab".repeat(32).into())])));
        let header = BatchHeader {
            site: "s",
            sent_at_ms: 0.0,
            consent: Purposes::DENIED,
            consent_source: "manual",
            visitor_id: None,
            session_id: None,
            detail: None,
        };
        let analytics = Purposes {
            analytics: true,
            ..Purposes::DENIED
        };
        let mut b = build(&header, vec![]);
        add_identifiers(&mut b, analytics, "meta", &ids);
        assert!(b.get("identifiers").is_none() && b.get("hashProfile").is_none());
        let marketing = Purposes {
            marketing: true,
            ..analytics
        };
        add_identifiers(&mut b, marketing, "meta", &ids);
        assert_eq!(b.get("hashProfile").and_then(Value::as_str), Some("meta"));
        assert_eq!(b.get("identifiers"), Some(&ids.to_value()));
        // The text equals serializing the whole tree, identifiers and events and all.
        let events = [
            json::object([("name", "a".into())]),
            json::object([("n", 2.0.into())]),
        ];
        let texts: Vec<String> = events.iter().map(Value::to_json).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert_eq!(text(&header, "meta", &ids, &texts), {
            let mut b = build(&header, events.to_vec());
            add_identifiers(&mut b, header.consent, "meta", &ids);
            b.to_json()
        });
        for (visitor, session) in [(Some("v"), None), (None, Some("s")), (Some("v"), Some("s"))] {
            for ids in [&ids, &Identifiers::default()] {
                let e = Value::parse(&erasure("s", 5.5, visitor, session, ids)).unwrap();
                assert_eq!(e.get("v"), Some(&Value::Number(BATCH_VERSION)));
                assert_eq!(e.get("requestedAt"), Some(&Value::Number(5.0)));
                assert_eq!(e.get("visitorId").and_then(Value::as_str), visitor);
                assert_eq!(e.get("sessionId").and_then(Value::as_str), session);
                assert_eq!(e.get("identifiers").is_some(), !ids.is_empty());
            }
        }
        let e = Value::parse(&erasure("s", 5.5, Some("v"), None, &ids)).unwrap();
        assert_eq!(e.get("type").and_then(Value::as_str), Some("erasure"));
        assert!(e.get("sessionId").is_none() && e.get("identifiers").is_some());
    }

    #[test]
    fn the_text_is_the_trees_text() {
        let ids = Identifiers::from_wire(Some(&json::object([("em", "ab".repeat(32).into())])));
        let detail = ConsentDetail {
            sources: None,
            tc_string: Some("CQ".into()),
            gpp_string: None,
        };
        let events = ["{\"name\":\"a\"}", "{\"n\":2}"];
        for bits in 0..64u32 {
            let consent = Purposes {
                analytics: bits & 1 != 0,
                marketing: bits & 2 != 0,
                ..Purposes::DENIED
            };
            let header = BatchHeader {
                site: "s\"ite",
                sent_at_ms: 1_700_000_000_123.9,
                consent,
                consent_source: "manual",
                visitor_id: (bits & 4 != 0).then_some("v"),
                session_id: (bits & 8 != 0).then_some("s"),
                detail: (bits & 16 != 0).then_some(&detail),
            };
            let ids = if bits & 32 != 0 {
                ids.clone()
            } else {
                Identifiers::default()
            };
            let n = (bits as usize) % 3;
            let parsed: Vec<Value> = events[..n]
                .iter()
                .map(|e| Value::parse(e).unwrap())
                .collect();
            let mut tree = build(&header, parsed);
            add_identifiers(&mut tree, consent, "google", &ids);
            assert_eq!(
                text(&header, "google", &ids, &events[..n]),
                tree.to_json(),
                "{bits}"
            );
        }
    }

    #[test]
    fn consent_snapshot_round_trips_and_fails_closed() {
        let p = Purposes {
            analytics: true,
            sale_of_data: true,
            ..Purposes::DENIED
        };
        assert_eq!(read_consent(Some(&consent_snapshot(p, "x"))), p);
        let odd = json::object([("analytics", "true".into()), ("marketing", 1.0.into())]);
        assert_eq!(read_consent(Some(&odd)), Purposes::DENIED);
        assert_eq!(read_consent(None), Purposes::DENIED);
    }

    #[test]
    fn snapshot_carries_sources_and_strings() {
        let d = ConsentDetail {
            sources: Some(Sources {
                analytics: "tcf",
                marketing: "gpc",
                preferences: "none",
                sale_of_data: "gpc",
            }),
            tc_string: Some("CQ".into()),
            gpp_string: Some(String::new()),
        };
        let snap = consent_snapshot_with(Purposes::DENIED, "tcf", Some(&d));
        assert_eq!(
            snap.get("sources").and_then(|s| s.get("marketing")),
            Some(&Value::from("gpc"))
        );
        assert_eq!(consent_strings(Some(&snap)), (Some("CQ"), None));
        let p = Purposes {
            marketing: true,
            preferences: true,
            ..Purposes::DENIED
        };
        let none = ConsentDetail::default();
        for detail in [None, Some(&d), Some(&none)] {
            assert_eq!(
                consent_snapshot_text(p, "tcf", detail),
                consent_snapshot_with(p, "tcf", detail).to_json()
            );
        }
    }

    #[test]
    fn wire_event_splits_back() {
        let w = wire_event("id", 7.9, json::object([("name", "page_viewed".into())]));
        let (id, ts, rest) = split_wire_event(&w);
        assert_eq!((id, ts), (Some("id"), Some(7.0)));
        assert_eq!(rest, json::object([("name", "page_viewed".into())]));
    }
}
