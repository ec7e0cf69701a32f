//! Destinations: the analytics and ads tools the edge forwards to, each a pure mapping from
//! tracksafe's wire batch into the tool's own ingestion format, gated by its own purposes.
//! Invariant: a batch reaches a destination only when its resolved consent grants every purpose
//! the destination needs; an ad platform never sees a batch with `saleOfData` denied or GPC on.
//!
//! Formats: `tracksafe` (the batch itself), `segment` (HTTP Tracking API `/v1/batch`), `ga4`
//! (Measurement Protocol), `meta_capi` (Conversions API), `snowplow` (tracker protocol v2 POST).

mod account;
mod common;
mod config;
mod delivery;
pub mod ga4;
mod ga4_rules;
pub mod meta;
mod route;
pub mod segment;
pub mod snowplow;
mod tracksafe;

pub use common::{events, Event};
pub use config::{
    parse_destinations, Account, Destination, Kind, MAX_DESTINATIONS, META_API_VERSION,
};
pub use delivery::{Answer, Attempt, Deliveries, Outcome, Stats, MAX_ATTEMPTS};
pub use route::{allows, effective_consent, route, Request};
