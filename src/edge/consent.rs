//! The edge's consent re-check: the signals the request itself carries — `Sec-GPC`, the consent
//! cookies of its `Cookie` header, and the raw TC/GPP strings in the batch, decoded again here —
//! narrow the client's claim.
//!
//! Invariant: the result is a subset of the claim, and of what every signal seen here allows; a
//! decoded object from the client is never read, only raw strings.

use super::{CollectorConfig, EdgeRequest};
use crate::batch;
use crate::consent::{not_denied, Purposes, Signals};
use crate::json::Value;

/// The signals the edge sees for this request and batch.
pub fn edge_signals(req: &EdgeRequest, parsed: &Value) -> Signals {
    let (tc, gpp) = batch::consent_strings(parsed.get("consent"));
    Signals {
        gpc: Some(req.sec_gpc),
        cookies: req.cookie.map(str::to_owned),
        tc_string: tc.map(str::to_owned),
        gpp_string: gpp.map(str::to_owned),
        ..Signals::default()
    }
}

/// The client's claim, less every purpose a signal seen at the edge denies.
pub fn edge_consent(config: &CollectorConfig, req: &EdgeRequest, parsed: &Value) -> Purposes {
    let claim = batch::read_consent(parsed.get("consent"));
    claim.intersect(not_denied(&edge_signals(req, parsed), &config.consent))
}

#[cfg(test)]
mod tests;
