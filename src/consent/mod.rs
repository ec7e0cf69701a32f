//! Consent: every signal resolved into four purposes. Fail closed: no signal means denied.

pub mod bits;
mod idset;
mod purposes;
pub mod tcf;
mod time;

pub use purposes::{Purpose, Purposes};
pub use tcf::{decode_tc_string, PublisherRestriction, TcModel};
pub use time::iso8601_from_ms;
