//! The JSON faces of the resolver: the `signals` object in, the resolution out.
//!
//! Invariant: strict. An unknown key or a wrong type is `INVALID_ARGUMENT` (a caller mistake);
//! values that are merely unexpected (Consent Mode `"maybe"`) are left to the resolver, which
//! fails closed on them.

use super::handover::{gpp_from_ping, tcf_from_tcdata, Handover};
use super::resolve::{ConsentMode, Resolution, Signals};
use super::{Purpose, PurposeSignal};
use crate::error::{Error, Result};
use crate::json::{push_member, Value};
use crate::text::cat;

/// The keys of `resolveConsent`'s `signals`.
pub const SIGNAL_KEYS: &[&str] = &[
    "tcString",
    "gppString",
    "gpc",
    "shopify",
    "consentMode",
    "cookies",
    "manual",
    "region",
];
/// What the browser runtime adds: the CMPs' own decoding and the CMPs still waited for.
pub const BROWSER_SIGNAL_KEYS: &[&str] = &["tcData", "gppData", "waiting"];
/// Consent Mode keys read, and the standard ones accepted but not mapped.
const CONSENT_MODE_KEYS: &[&str] = &[
    "analytics_storage",
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
];
const CONSENT_MODE_IGNORED: &[&str] = &[
    "functionality_storage",
    "personalization_storage",
    "security_storage",
    "wait_for_update",
    "region",
];

fn bad(m: String) -> Error {
    Error::InvalidArgument(m)
}

fn members<'a>(v: &'a Value, what: &str) -> Result<&'a [(String, Value)]> {
    v.as_object()
        .ok_or_else(|| bad(cat!(what, " must be an object")))
}

fn string(v: &Value, what: &str) -> Result<Option<String>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(bad(cat!(what, " must be a string"))),
    }
}

/// `{ analytics, marketing, preferences, saleOfData }` of booleans; absent or null is silent.
pub fn parse_purpose_signal(v: &Value, what: &str) -> Result<PurposeSignal> {
    let mut out = PurposeSignal::default();
    for (k, val) in members(v, what)? {
        let p = Purpose::from_name(k).ok_or_else(|| {
            bad(cat!(
                what,
                ": unknown purpose ",
                crate::json::quoted(k),
                " (known: analytics, marketing, preferences, saleOfData)"
            ))
        })?;
        match val {
            Value::Null => {}
            Value::Bool(b) => out.set(p, Some(*b)),
            _ => return Err(bad(cat!(what, ".", k, " must be a boolean"))),
        }
    }
    Ok(out)
}

fn consent_mode(v: &Value) -> Result<ConsentMode> {
    let mut cm = ConsentMode::default();
    for (k, val) in members(v, "signals.consentMode")? {
        if CONSENT_MODE_IGNORED.contains(&k.as_str()) {
            continue;
        }
        let slot = match k.as_str() {
            "analytics_storage" => &mut cm.analytics_storage,
            "ad_storage" => &mut cm.ad_storage,
            "ad_user_data" => &mut cm.ad_user_data,
            "ad_personalization" => &mut cm.ad_personalization,
            _ => {
                return Err(bad(cat!(
                    "unknown key signals.consentMode.",
                    k,
                    " (known: ",
                    crate::text::join(CONSENT_MODE_KEYS, ", "),
                    ")"
                )))
            }
        };
        *slot = string(val, "signals.consentMode values")?;
    }
    Ok(cm)
}

/// Parses a `signals` object. `browser` also accepts the runtime's `tcData`, `gppData` and
/// `waiting` keys (what the page's CMPs handed over, and the CMPs that have not answered yet).
pub fn parse_signals(v: &Value, browser: bool) -> Result<Signals> {
    let mut s = Signals::default();
    for (k, val) in members(v, "signals")? {
        let key = k.as_str();
        let known = SIGNAL_KEYS.contains(&key) || (browser && BROWSER_SIGNAL_KEYS.contains(&key));
        if !known {
            let mut known = crate::text::join(SIGNAL_KEYS, ", ");
            if browser {
                known.push_str(", ");
                known.push_str(&crate::text::join(BROWSER_SIGNAL_KEYS, ", "));
            }
            return Err(bad(cat!(
                "unknown key signals.",
                k,
                " (known: ",
                known,
                ")"
            )));
        }
        if val.is_null() {
            continue;
        }
        match key {
            "tcString" => s.tc_string = string(val, "signals.tcString")?,
            "gppString" => s.gpp_string = string(val, "signals.gppString")?,
            "cookies" => s.cookies = string(val, "signals.cookies")?,
            "region" => s.region = string(val, "signals.region")?,
            "gpc" => {
                s.gpc = Some(
                    val.as_bool()
                        .ok_or_else(|| bad("signals.gpc must be a boolean".into()))?,
                )
            }
            "shopify" => s.shopify = Some(parse_purpose_signal(val, "signals.shopify")?),
            "manual" => s.manual = Some(parse_purpose_signal(val, "signals.manual")?),
            "consentMode" => s.consent_mode = Some(consent_mode(val)?),
            "tcData" => s.tcf_data = Some(tcf_from_tcdata(val)),
            "gppData" => s.gpp_data = Some(gpp_from_ping(val)),
            _ => {
                let list = val
                    .as_array()
                    .ok_or_else(|| bad("signals.waiting must be an array".into()))?;
                for w in list {
                    match w.as_str() {
                        Some("tcf") => s.tcf_data = Some(Handover::Pending),
                        Some("gpp") => s.gpp_data = Some(Handover::Pending),
                        _ => return Err(bad("signals.waiting lists \"tcf\" or \"gpp\"".into())),
                    }
                }
            }
        }
    }
    Ok(s)
}

/// `[(purpose name, value(purpose))]` for the four purposes, in order: the members of every
/// per-purpose object the core writes. (A loop behind one `dyn`: one copy in the page's wasm.)
pub(crate) fn purpose_members(value: &dyn Fn(Purpose) -> Value) -> Vec<(String, Value)> {
    let mut m = Vec::with_capacity(Purpose::ALL.len() + 4);
    for p in Purpose::ALL {
        m.push((p.name().to_owned(), value(p)));
    }
    m
}

/// `{ analytics, marketing, preferences, saleOfData, sources: { … } }`.
pub fn resolution_to_json(r: &Resolution) -> Value {
    let mut m = purpose_members(&|p| r.purposes.allows(p).into());
    push_member(&mut m, "sources", sources_to_json(r));
    Value::Object(m)
}

/// `{ analytics: "tcf", … }`: the deciding source of each purpose.
pub fn sources_to_json(r: &Resolution) -> Value {
    Value::Object(purpose_members(&|p| r.sources.get(p).into()))
}

/// What one signal says, `null` where it is silent.
pub fn purpose_signal_to_json(s: &PurposeSignal) -> Value {
    Value::Object(purpose_members(&|p| s.get(p).into()))
}

/// The one-word summary a consent snapshot carries as `source`: the source that decided
/// analytics, else the first purpose's deciding source that is not `none`.
pub fn summary_source(r: &Resolution) -> &'static str {
    for p in Purpose::ALL {
        let s = r.sources.get(p);
        if s != "none" {
            return s;
        }
    }
    "none"
}

#[cfg(test)]
mod tests;
