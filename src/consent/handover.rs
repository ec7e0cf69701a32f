//! Reads what a page's CMP hands over already decoded — `__tcfapi` TCData and `__gpp` ping data
//! with `parsedSections` — into the same facts a decoded string gives, for the lean browser build.
//!
//! Invariant: fail closed. A CMP in error, or a section of the wrong shape, denies; a CMP that
//! has not finished (`cmpuishown`, signal not ready) is `Pending`, never a grant.

use super::facts::{
    GppFacts, PublisherRestriction, TcfConsents, US_OPT_OUT_FIELDS, US_SECTION_NAMES,
};
use crate::json::Value;

/// What a CMP's handover says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handover<T> {
    /// The CMP has not reached a final state yet: no decision may be taken on it.
    Pending,
    /// The framework does not apply to this visitor (`gdprApplies: false`, no GPP section).
    NotApplicable,
    /// The CMP failed or handed over something unreadable: every purpose is denied.
    Failed,
    Data(T),
}

/// Most ids read from one id map or list (vendor ids are 16-bit).
const MAX_IDS: usize = 65_536;

/// Ids whose value is `true` in a TCData id map (`{ "1": true, "2": false }`).
fn id_map(v: Option<&Value>) -> Vec<u16> {
    // Plain loops here and in `ints`: the page's size-first build keeps each adapter chain's
    // `collect` as its own function.
    let mut ids = Vec::new();
    for (k, granted) in v
        .and_then(Value::as_object)
        .unwrap_or_default()
        .iter()
        .take(MAX_IDS)
    {
        if granted.as_bool() == Some(true) {
            if let Some(id) = crate::text::decimal(k).and_then(|n| u16::try_from(n).ok()) {
                ids.push(id);
            }
        }
    }
    sorted_unique(ids)
}

fn sorted_unique(mut ids: Vec<u16>) -> Vec<u16> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// `publisher.restrictions`: `{ purposeId: { vendorId: restrictionType } }`.
fn restrictions(v: Option<&Value>) -> Vec<PublisherRestriction> {
    let mut out: Vec<PublisherRestriction> = Vec::new();
    for (purpose, vendors) in v.and_then(Value::as_object).unwrap_or_default() {
        let Some(purpose_id) = crate::text::decimal(purpose).and_then(|n| u8::try_from(n).ok())
        else {
            continue;
        };
        for (vendor, kind) in vendors.as_object().unwrap_or_default().iter().take(MAX_IDS) {
            let vendor = crate::text::decimal(vendor).and_then(|n| u16::try_from(n).ok());
            let (Some(vendor), Some(kind)) = (vendor, kind.as_f64()) else {
                continue;
            };
            // An unknown restriction type is read as the strictest, "not allowed".
            let restriction_type = if kind == 1.0 || kind == 2.0 {
                kind as u8
            } else {
                0
            };
            match out
                .iter_mut()
                .find(|r| r.purpose_id == purpose_id && r.restriction_type == restriction_type)
            {
                Some(r) => r.vendors.push(vendor),
                None => out.push(PublisherRestriction {
                    purpose_id,
                    restriction_type,
                    vendors: vec![vendor],
                }),
            }
        }
    }
    for r in &mut out {
        r.vendors.sort_unstable();
        r.vendors.dedup();
    }
    out
}

/// Reads `__tcfapi` TCData (v2.2 CMP API). Only `tcloaded` and `useractioncomplete` are final.
pub fn tcf_from_tcdata(v: &Value) -> Handover<TcfConsents> {
    if !matches!(v, Value::Object(_)) || v.get("cmpStatus").and_then(Value::as_str) == Some("error")
    {
        return Handover::Failed;
    }
    if v.get("gdprApplies").and_then(Value::as_bool) == Some(false) {
        return Handover::NotApplicable;
    }
    match v.get("eventStatus").and_then(Value::as_str) {
        Some("tcloaded" | "useractioncomplete") => {}
        _ => return Handover::Pending,
    }
    let part = |section: &str, key: &str| id_map(v.get(section).and_then(|s| s.get(key)));
    Handover::Data(TcfConsents {
        purpose_consents: part("purpose", "consents"),
        purpose_legitimate_interests: part("purpose", "legitimateInterests"),
        vendor_consents: part("vendor", "consents"),
        vendor_legitimate_interests: part("vendor", "legitimateInterests"),
        publisher_consents: part("publisher", "consents"),
        publisher_legitimate_interests: part("publisher", "legitimateInterests"),
        publisher_restrictions: restrictions(
            v.get("publisher").and_then(|p| p.get("restrictions")),
        ),
    })
}

/// A GPP boolean list as ids from 1.
fn bits(section: &Value, name: &str) -> Vec<u16> {
    let list = section
        .get(name)
        .and_then(Value::as_array)
        .unwrap_or_default();
    let mut ids = Vec::new();
    for (i, b) in list.iter().take(usize::from(u16::MAX)).enumerate() {
        if b.as_bool() == Some(true) {
            ids.push((i + 1) as u16);
        }
    }
    ids
}

/// A GPP integer list as 16-bit ids (others skipped).
fn ints(section: &Value, name: &str) -> Vec<u16> {
    let mut ids = Vec::new();
    for v in section
        .get(name)
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .take(MAX_IDS)
    {
        if let Some(n) = v
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (1.0..=65_535.0).contains(n))
        {
            ids.push(n as u16);
        }
    }
    sorted_unique(ids)
}

/// `PublisherRestrictions` of a parsed tcfeuv2 section: `[{ key, type, ids }]`.
fn range_entries(section: &Value) -> Vec<PublisherRestriction> {
    let mut out = Vec::new();
    for e in section
        .get("PublisherRestrictions")
        .and_then(Value::as_array)
        .unwrap_or_default()
    {
        let Some(purpose) = e.get("key").and_then(Value::as_f64) else {
            continue;
        };
        let kind = e.get("type").and_then(Value::as_f64).unwrap_or(0.0);
        out.push(PublisherRestriction {
            purpose_id: purpose.clamp(0.0, 63.0) as u8,
            restriction_type: if kind == 1.0 || kind == 2.0 {
                kind as u8
            } else {
                0
            },
            vendors: ints(e, "ids"),
        });
    }
    out
}

/// One parsed section (an object of GPP field names; GPP 1.0 CMPs give an array of segment
/// objects, merged here) to facts.
fn section_facts(name: &str, raw: &Value) -> GppFacts {
    let merged;
    let s = match raw {
        Value::Array(segments) => {
            let mut members = Vec::new();
            for m in segments.iter().filter_map(Value::as_object) {
                members.extend_from_slice(m);
            }
            merged = Value::Object(members);
            &merged
        }
        other => other,
    };
    let readable = matches!(s, Value::Object(_));
    match name {
        "tcfeuv2" => GppFacts::TcfEu(TcfConsents {
            purpose_consents: bits(s, "PurposeConsents"),
            purpose_legitimate_interests: bits(s, "PurposeLegitimateInterests"),
            vendor_consents: ints(s, "VendorConsents"),
            vendor_legitimate_interests: ints(s, "VendorLegitimateInterests"),
            publisher_consents: bits(s, "PublisherConsents"),
            publisher_legitimate_interests: bits(s, "PublisherLegitimateInterests"),
            publisher_restrictions: range_entries(s),
        }),
        "tcfcav1" => GppFacts::TcfCa {
            purposes: bits(s, "PurposesExpressConsent"),
            vendors: ints(s, "VendorExpressConsent"),
            publisher_purposes: bits(s, "PubPurposesExpressConsent"),
        },
        "uspv1" => GppFacts::UsOptOut(
            !readable || s.get("OptOutSale").and_then(Value::as_str) == Some("Y"),
        ),
        name if US_SECTION_NAMES.contains(&name) => GppFacts::UsOptOut(
            !readable
                || US_OPT_OUT_FIELDS
                    .iter()
                    .any(|f| s.get(f).and_then(Value::as_f64) == Some(1.0))
                || s.get("Gpc").and_then(Value::as_bool) == Some(true),
        ),
        _ => GppFacts::Other,
    }
}

/// Reads `__gpp` ping data (`{ cmpStatus, signalStatus, parsedSections }`).
pub fn gpp_from_ping(v: &Value) -> Handover<Vec<GppFacts>> {
    if !matches!(v, Value::Object(_)) || v.get("cmpStatus").and_then(Value::as_str) == Some("error")
    {
        return Handover::Failed;
    }
    if v.get("signalStatus").and_then(Value::as_str) != Some("ready") {
        return Handover::Pending;
    }
    let Some(sections) = v.get("parsedSections").and_then(Value::as_object) else {
        return Handover::Failed;
    };
    let mut facts = Vec::with_capacity(sections.len());
    for (name, s) in sections {
        facts.push(section_facts(name, s));
    }
    if facts.is_empty() {
        Handover::NotApplicable
    } else {
        Handover::Data(facts)
    }
}

// What a CMP hands over is mapped only in builds with `extended` (or the decoders).
#[cfg(all(test, feature = "extended"))]
mod tests;
