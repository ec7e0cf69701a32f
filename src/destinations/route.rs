//! Routing: which destinations a batch may reach, and the HTTP requests that carry it there.
//! Invariant: a destination gets a request only when the batch's consent (narrowed by the
//! snapshot inside the batch and by GPC) grants every purpose it needs; an ad platform never gets
//! one with `saleOfData` or `marketing` denied or GPC on.

use super::config::{Destination, Kind};
use super::{ga4, meta, segment, snowplow, tracksafe};
use crate::batch::read_consent;
use crate::consent::Purposes;
use crate::json::Value;

/// One HTTP POST to a destination. The body is JSON; headers name lowercase fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Request {
    /// A JSON POST with the given extra headers.
    pub(crate) fn json(url: String, body: &Value, extra: Vec<(&'static str, String)>) -> Request {
        let mut headers = vec![("content-type", "application/json".to_owned())];
        headers.extend(extra);
        Request {
            url,
            headers,
            body: body.to_json(),
        }
    }
}

/// The consent that decides routing: `consent` narrowed by the batch's own snapshot and by GPC.
pub fn effective_consent(batch: &Value, consent: Purposes, gpc: bool) -> Purposes {
    let mut p = consent.intersect(read_consent(batch.get("consent")));
    if gpc {
        p.marketing = false;
        p.sale_of_data = false;
    }
    p
}

/// Whether `destination` may receive a batch sent under `effective` consent.
pub fn allows(destination: &Destination, effective: Purposes, gpc: bool) -> bool {
    let ad_gate = !destination.kind.is_ad_platform()
        || (!gpc && effective.marketing && effective.sale_of_data);
    ad_gate && destination.purposes.is_subset_of(&effective)
}

/// Maps one batch onto every destination its consent allows: `(destination index, request)`
/// pairs, in destination order. A destination whose format has nothing to say about the batch's
/// events (e.g. Meta for a `collection_viewed`) gets no request.
pub fn route(
    batch: &Value,
    consent: Purposes,
    gpc: bool,
    destinations: &[Destination],
) -> Vec<(usize, Request)> {
    let effective = effective_consent(batch, consent, gpc);
    let mut out = Vec::new();
    for (i, d) in destinations.iter().enumerate() {
        if !allows(d, effective, gpc) {
            continue;
        }
        let requests = match d.kind {
            Kind::Tracksafe => tracksafe::requests(batch, d),
            Kind::Segment => segment::requests(batch, d),
            Kind::Ga4 => ga4::requests(batch, d, effective),
            Kind::MetaCapi => meta::requests(batch, d),
            Kind::Snowplow => snowplow::requests(batch, d),
        };
        out.extend(requests.into_iter().map(|r| (i, r)));
    }
    out
}
