//! Consent: every signal resolved into four purposes. Fail closed: no signal means denied.

pub mod bits;
pub mod cookies;
pub mod gpp;
mod idset;
mod mapping;
mod purposes;
pub mod resolve;
pub mod tcf;
mod time;

pub use cookies::{parse_consent_cookies, CookieOptions, CookieSignal, CookieSignals};
pub use gpp::{decode_gpp_string, FieldValue, GppSection, GppString};
pub use mapping::{TCF_ANALYTICS, TCF_LI_ALLOWED, TCF_MARKETING, TCF_PREFERENCES};
pub use purposes::{Purpose, PurposeSignal, Purposes};
pub use resolve::{resolve, ConsentMode, ConsentOptions, Resolution, Signals, Sources};
pub use tcf::{decode_tc_string, PublisherRestriction, TcModel};
pub use time::iso8601_from_ms;
