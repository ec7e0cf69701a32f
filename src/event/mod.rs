//! Event schemas and validation: which event names exist, which purposes each needs, and which
//! properties (with types and caps) each may carry. Invariant: an event name resolves to at most
//! one schema, and every schema needs at least one purpose (nothing is free of consent).

#[cfg(feature = "extended")]
mod custom;
mod schema;
mod standard;
pub mod validate;

pub use schema::{Field, Kind, Schema, Schemas};
pub use standard::{ID_MAX, LINES_MAX, PRODUCT_FIELDS, TEXT_MAX};
