//! The JSON faces of the resolver: the `signals` object in, the resolution out.
//!
//! Invariant: strict. An unknown key or a wrong type is `INVALID_ARGUMENT` (a caller mistake);
//! values that are merely unexpected (Consent Mode `"maybe"`) are left to the resolver, which
//! fails closed on them.

use super::handover::Handover;
#[cfg(feature = "extended")]
use super::handover::{gpp_from_ping, tcf_from_tcdata};
use super::resolve::{ConsentMode, Resolution, Signals};
use super::{Purpose, PurposeSignal};
use crate::config::OptionReader;
use crate::error::Result;
use crate::json::{push_member, Value};

/// Every key of a `signals` object: `resolveConsent`'s, then what the browser runtime adds (the
/// CMPs' own decoding and the CMPs still waited for).
pub const BROWSER_SIGNAL_KEYS: &[&str] = &[
    "tcString",
    "gppString",
    "gpc",
    "shopify",
    "consentMode",
    "cookies",
    "manual",
    "region",
    "tcData",
    "gppData",
    "waiting",
];
/// The keys of `resolveConsent`'s `signals`: all but the runtime's three.
pub const SIGNAL_KEYS: &[&str] = BROWSER_SIGNAL_KEYS
    .split_at(BROWSER_SIGNAL_KEYS.len() - 3)
    .0;
/// Consent Mode keys: the four read, then the standard ones accepted but not mapped.
const CONSENT_MODE_KEYS: &[&str] = &[
    "analytics_storage",
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
    "wait_for_update",
    "region",
];
const PURPOSE_KEYS: &[&str] = &[
    Purpose::Analytics.name(),
    Purpose::Marketing.name(),
    Purpose::Preferences.name(),
    Purpose::SaleOfData.name(),
];

/// `{ analytics, marketing, preferences, saleOfData }` of booleans; absent or null is silent.
pub fn parse_purpose_signal(v: &Value, what: &str) -> Result<PurposeSignal> {
    let r = OptionReader::argument(what, v, PURPOSE_KEYS)?;
    let mut out = [None; 4];
    for &p in &Purpose::ALL {
        out[p as usize] = r.flag(p.name())?;
    }
    Ok(PurposeSignal::from_array(out))
}

/// The four Consent Mode states read, borrowed (owned only once every key has been checked).
fn consent_mode(v: &Value) -> Result<[Option<&str>; 4]> {
    let r = OptionReader::argument("signals.consentMode", v, CONSENT_MODE_KEYS)?;
    let mut out = [None; 4];
    for (slot, key) in out.iter_mut().zip(CONSENT_MODE_KEYS) {
        *slot = r.string(key)?;
    }
    Ok(out)
}

/// An owned copy of an optional string.
fn own(s: Option<&str>) -> Option<String> {
    s.map(str::to_owned)
}

/// Parses a `signals` object. `browser` also accepts the runtime's `tcData`, `gppData` and
/// `waiting` keys (what the page's CMPs handed over, and the CMPs that have not answered yet).
/// Read with the options' `OptionReader` (one copy of the key and type checks in the page's
/// wasm), its refusals `InvalidArgument`: the signals are a call's argument.
pub fn parse_signals(v: &Value, browser: bool) -> Result<Signals> {
    let keys = if browser {
        BROWSER_SIGNAL_KEYS
    } else {
        SIGNAL_KEYS
    };
    let r = OptionReader::argument("signals", v, keys)?;
    let purposes = |key, what| match r.raw(key) {
        Some(v) => parse_purpose_signal(v, what).map(Some),
        None => Ok(None),
    };
    // Every key is checked, in order, before anything is owned: a refusal has nothing to drop.
    let tc_string = r.string("tcString")?;
    let gpp_string = r.string("gppString")?;
    let gpc = r.flag("gpc")?;
    let shopify = purposes("shopify", "signals.shopify")?;
    let consent_mode = match r.raw("consentMode") {
        Some(v) => Some(consent_mode(v)?),
        None => None,
    };
    let cookies = r.string("cookies")?;
    let manual = purposes("manual", "signals.manual")?;
    let region = r.string("region")?;
    let (mut tcf_data, mut gpp_data) = (None, None);
    if browser {
        // A CMP's own decoding is the extended build's (pages with `__tcfapi` or `__gpp`); the
        // lean one refuses it, so the call changes nothing and the runtime turns tracking off.
        #[cfg(feature = "extended")]
        {
            tcf_data = r.raw("tcData").map(tcf_from_tcdata);
            gpp_data = r.raw("gppData").map(gpp_from_ping);
        }
        // (A slice walked: an array by value is an iterator function of its own.)
        #[cfg(not(feature = "extended"))]
        for &what in &["signals.tcData", "signals.gppData"] {
            if r.raw(&what["signals.".len()..]).is_some() {
                return Err(crate::error::Error::InvalidArgument(
                    crate::config::not_in_this_build(what),
                ));
            }
        }
        // A CMP still waited for is pending, whatever it handed over before. (The list walked
        // by reference: a `Vec`'s by-value iterator has drop code of its own.)
        if let Some(waiting) = r.strings("waiting")? {
            for w in &waiting {
                match w.as_str() {
                    "tcf" => tcf_data = Some(Handover::Pending),
                    "gpp" => gpp_data = Some(Handover::Pending),
                    _ => return Err(r.bad("waiting", "a list of \"tcf\" or \"gpp\"")),
                }
            }
        }
    }
    Ok(Signals {
        tc_string: own(tc_string),
        gpp_string: own(gpp_string),
        gpc,
        shopify,
        consent_mode: consent_mode.map(|[a, b, c, d]| ConsentMode {
            analytics_storage: own(a),
            ad_storage: own(b),
            ad_user_data: own(c),
            ad_personalization: own(d),
        }),
        cookies: own(cookies),
        manual,
        region: own(region),
        tcf_data,
        gpp_data,
    })
}

/// `[(purpose name, value(purpose))]` for the four purposes, in order: the members of every
/// per-purpose object the core writes. (A loop behind one `dyn`: one copy in the page's wasm.)
pub(crate) fn purpose_members(value: &dyn Fn(Purpose) -> Value) -> Vec<(String, Value)> {
    let mut m = Vec::with_capacity(Purpose::ALL.len() + 4);
    for &p in &Purpose::ALL {
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
    for &p in &Purpose::ALL {
        let s = r.sources.get(p);
        if s != "none" {
            return s;
        }
    }
    "none"
}

#[cfg(test)]
mod tests;
