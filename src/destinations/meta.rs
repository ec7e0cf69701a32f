//! Meta Conversions API (`/{version}/{pixel}/events`): the standard events Meta optimizes for.
//! Invariant: `event_id` is the tracksafe `eventId` (dedup with the pixel), and every `user_data`
//! value is a SHA-256 hex digest under the `"meta"` hashing profile — never a raw identifier.

use super::common::{self, percent_encode, Event, Obj};
use super::config::{Account, Destination};
use super::route::Request;
use crate::hashing::{normalize_and_hash, Profile};
use crate::json::Value;

/// Most events in one Conversions API request.
pub const MAX_EVENTS: usize = 1000;

/// The identifier fields read from the batch's `identifiers`, in Meta's order.
pub const USER_FIELDS: [&str; 9] = [
    "em",
    "ph",
    "ln",
    "fn",
    "ct",
    "st",
    "zp",
    "country",
    "external_id",
];

#[derive(Clone, Copy)]
enum Shape {
    Page,
    Product,
    Search,
    Cart,
    Purchase,
}

/// tracksafe event → Meta standard event. Events missing here are not sent to Meta.
static TABLE: [(&str, &str, Shape); 6] = [
    ("page_viewed", "PageView", Shape::Page),
    ("product_viewed", "ViewContent", Shape::Product),
    ("product_added_to_cart", "AddToCart", Shape::Product),
    ("search_submitted", "Search", Shape::Search),
    ("checkout_started", "InitiateCheckout", Shape::Cart),
    ("checkout_completed", "Purchase", Shape::Purchase),
];

/// The Meta event name for a tracksafe event, if Meta receives it.
pub fn event_name(name: &str) -> Option<&'static str> {
    TABLE.iter().find(|(n, _, _)| *n == name).map(|t| t.1)
}

pub fn requests(batch: &Value, d: &Destination) -> Vec<Request> {
    let Account::MetaCapi {
        pixel_id,
        access_token,
        api_version,
        test_event_code,
    } = &d.account
    else {
        return Vec::new();
    };
    // The platform-format hashes (`passThroughHashes`) match Meta's; the re-keyed identifiers
    // are pseudonyms Meta cannot match, sent only when nothing else is allowed.
    let user = user_data(batch.get("platformHashes").or(batch.get("identifiers")));
    let data: Vec<Value> = common::events(batch)
        .iter()
        .filter_map(|e| server_event(e, &user))
        .collect();
    let url = format!(
        "{}/{api_version}/{pixel_id}/events?access_token={}",
        d.endpoint,
        percent_encode(access_token)
    );
    common::chunks(data, MAX_EVENTS)
        .into_iter()
        .map(|run| {
            let body = Obj::new()
                .put("data", Value::Array(run))
                .opt("test_event_code", test_event_code.clone())
                .build();
            Request::json(url.clone(), &body, Vec::new())
        })
        .collect()
}

/// `user_data` from the batch's `identifiers`: each value (a string or an array of strings) is
/// normalized and hashed with the `"meta"` profile (a value that already is a digest passes
/// through, as Meta's SDK does); values the profile refuses are left out.
pub fn user_data(identifiers: Option<&Value>) -> Value {
    let mut out = Obj::new();
    for field in USER_FIELDS {
        let Some(v) = identifiers.and_then(|i| i.get(field)) else {
            continue;
        };
        let raw: Vec<&str> = match v {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let mut hashed: Vec<Value> = Vec::new();
        for r in raw {
            if let Ok(h) = normalize_and_hash(field, r, Profile::Meta) {
                if !hashed.iter().any(|x| x.as_str() == Some(h.as_str())) {
                    hashed.push(h.into());
                }
            }
        }
        if !hashed.is_empty() {
            out = out.put(field, Value::Array(hashed));
        }
    }
    out.build()
}

/// One server event, or `None` for an event Meta does not receive.
pub fn server_event(e: &Event, user_data: &Value) -> Option<Value> {
    let (_, name, shape) = TABLE.iter().find(|(n, _, _)| *n == e.name)?;
    let custom = custom_data(e, *shape);
    Some(
        Obj::new()
            .put("event_name", *name)
            .put("event_time", (e.timestamp_ms / 1000.0).floor())
            .put("user_data", user_data.clone())
            .opt("custom_data", (!custom.is_empty()).then(|| custom.build()))
            .put("action_source", "website")
            .put("event_id", e.id)
            .opt("event_source_url", e.page("url"))
            .build(),
    )
}

fn custom_data(e: &Event, shape: Shape) -> Obj {
    let products = e.products();
    let currency = e
        .text("currency")
        .or(products.first().and_then(|p| p.currency))
        .map(str::to_ascii_uppercase);
    let ids: Vec<Value> = products
        .iter()
        .filter_map(|p| p.key())
        .map(Value::from)
        .collect();
    let contents: Vec<Value> = products
        .iter()
        .filter_map(|p| {
            let id = p.key()?;
            Some(
                Obj::new()
                    .put("id", id)
                    .opt("quantity", p.quantity)
                    .opt("item_price", p.price)
                    .build(),
            )
        })
        .collect();
    let items: f64 = products.iter().map(|p| p.quantity.unwrap_or(1.0)).sum();
    let with_contents = |o: Obj| {
        if ids.is_empty() {
            return o;
        }
        o.put("content_ids", Value::Array(ids.clone()))
            .put("contents", Value::Array(contents.clone()))
            .put("content_type", "product")
    };
    match shape {
        Shape::Page => Obj::new(),
        Shape::Product => {
            let value = products
                .first()
                .and_then(|p| Some(p.price? * p.quantity.unwrap_or(1.0)));
            with_contents(Obj::new().opt("value", value).opt("currency", currency))
        }
        Shape::Search => Obj::new().opt("search_string", e.text("query")),
        Shape::Cart => with_contents(
            Obj::new()
                .opt("value", e.number("value"))
                .opt("currency", currency),
        )
        .opt("num_items", (!products.is_empty()).then_some(items)),
        Shape::Purchase => with_contents(
            Obj::new()
                .opt("value", e.number("value"))
                .opt("currency", currency),
        )
        .opt("order_id", e.text("order_id"))
        .opt("num_items", (!products.is_empty()).then_some(items)),
    }
}
