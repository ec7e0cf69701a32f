//! Consent: every signal resolved into four purposes. Fail closed: no signal means denied.

mod purposes;

pub use purposes::{Purpose, Purposes};
