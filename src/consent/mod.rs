//! Consent: every signal resolved into four purposes. Fail closed: no signal means denied.

pub mod bits;
pub mod cookies;
pub mod gpp;
mod idset;
mod purposes;
pub mod tcf;
mod time;

pub use gpp::{decode_gpp_string, FieldValue, GppSection, GppString};
pub use purposes::{Purpose, PurposeSignal, Purposes};
pub use tcf::{decode_tc_string, PublisherRestriction, TcModel};
pub use time::iso8601_from_ms;
