//! Consent: every signal resolved into four purposes. Fail closed: no signal means denied.

#[cfg(feature = "decoders")]
pub mod bits;
pub mod cookies;
pub mod facts;
#[cfg(feature = "decoders")]
pub mod gpp;
pub mod handover;
#[cfg(feature = "decoders")]
mod idset;
pub mod io;
mod mapping;
pub mod options;
mod purposes;
pub mod resolve;
#[cfg(feature = "decoders")]
pub mod tcf;
mod time;
#[cfg(feature = "decoders")]
pub mod to_json;

pub use cookies::{parse_consent_cookies, CookieOptions, CookieSignal, CookieSignals};
pub use facts::{GppFacts, PublisherRestriction, TcfConsents};
#[cfg(feature = "decoders")]
pub use gpp::{decode_gpp_string, FieldValue, GppSection, GppString};
pub use handover::{gpp_from_ping, tcf_from_tcdata, Handover};
pub use io::{parse_signals, resolution_to_json};
pub use mapping::{TCF_ANALYTICS, TCF_LI_ALLOWED, TCF_MARKETING, TCF_PREFERENCES};
pub use options::{parse_browser_consent_options, parse_consent_options, BrowserConsentOptions};
pub use purposes::{Purpose, PurposeSignal, Purposes};
pub use resolve::{
    decisive, not_denied, resolve, ConsentMode, ConsentOptions, Resolution, Signals, Sources,
};
#[cfg(feature = "decoders")]
pub use tcf::{decode_tc_string, TcModel};
pub use time::iso8601_from_ms;
