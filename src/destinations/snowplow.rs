//! Snowplow tracker protocol v2 POST (`/com.snowplowanalytics.snowplow/tp2`): page views as
//! `e=pv`, everything else as self-describing `e=ue` events (Snowplow's own `add_to_cart`,
//! `remove_from_cart` and `site_search` schemas where they exist). Invariant: `eid` is the
//! tracksafe `eventId`, and every payload field is a string, as `payload_data` 1-0-4 requires.

use super::common::{self, batch_text, Event, Obj};
use super::config::{Account, Destination};
use super::route::Request;
use crate::json::Value;

pub const PAYLOAD_DATA: &str = "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4";
pub const UNSTRUCT_EVENT: &str =
    "iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0";
pub const PATH: &str = "/com.snowplowanalytics.snowplow/tp2";
/// Events per POST (the JS trackers' default buffer keeps requests well under collector limits).
pub const MAX_EVENTS: usize = 100;

#[derive(Clone, Copy)]
enum Shape {
    PageView,
    Cart(&'static str),
    Search,
}

/// tracksafe events with a Snowplow-defined form; every other event is self-describing under
/// the configured schema vendor (`iglu:{vendor}/{event name}/jsonschema/1-0-0`).
static TABLE: [(&str, Shape); 4] = [
    ("page_viewed", Shape::PageView),
    (
        "product_added_to_cart",
        Shape::Cart("iglu:com.snowplowanalytics.snowplow/add_to_cart/jsonschema/1-0-0"),
    ),
    (
        "product_removed_from_cart",
        Shape::Cart("iglu:com.snowplowanalytics.snowplow/remove_from_cart/jsonschema/1-0-0"),
    ),
    ("search_submitted", Shape::Search),
];

/// The tracker version sent as `tv`.
pub fn tracker_version() -> &'static str {
    concat!("tracksafe-", env!("CARGO_PKG_VERSION"))
}

pub fn requests(batch: &Value, d: &Destination) -> Vec<Request> {
    let Account::Snowplow {
        app_id,
        namespace,
        schema_vendor,
    } = &d.account
    else {
        return Vec::new();
    };
    let stm = batch
        .get("sentAt")
        .and_then(Value::as_f64)
        .map(|t| number_text(t.floor()));
    let header = Header {
        app_id,
        namespace,
        schema_vendor,
        stm: stm.as_deref(),
        duid: batch_text(batch, "visitorId"),
        sid: batch_text(batch, "sessionId"),
    };
    let payloads: Vec<Value> = common::events(batch)
        .iter()
        .filter_map(|e| payload(e, &header))
        .collect();
    common::chunks(payloads, MAX_EVENTS)
        .into_iter()
        .map(|run| {
            let body = Obj::new()
                .put("schema", PAYLOAD_DATA)
                .put("data", Value::Array(run))
                .build();
            Request::json(format!("{}{PATH}", d.endpoint), &body, Vec::new())
        })
        .collect()
}

/// What every payload in one batch shares.
pub struct Header<'a> {
    pub app_id: &'a str,
    pub namespace: &'a str,
    pub schema_vendor: &'a str,
    pub stm: Option<&'a str>,
    pub duid: Option<&'a str>,
    pub sid: Option<&'a str>,
}

/// One tracker-protocol payload (all values strings), or `None` where the event cannot be
/// expressed (a custom name that is not a valid Iglu name).
pub fn payload(e: &Event, h: &Header) -> Option<Value> {
    let shape = TABLE.iter().find(|(n, _)| *n == e.name).map(|t| t.1);
    let ue = match shape {
        Some(Shape::PageView) => None,
        Some(Shape::Cart(schema)) => Some(sd(schema, cart(e)?)),
        Some(Shape::Search) => Some(sd(
            "iglu:com.snowplowanalytics.snowplow/site_search/jsonschema/1-0-0",
            Obj::new()
                .put(
                    "terms",
                    Value::Array(e.text("query").map(Value::from).into_iter().collect()),
                )
                .opt("totalResults", e.number("results_count"))
                .build(),
        )),
        None => {
            if !is_iglu_name(e.name) {
                return None;
            }
            let schema = format!("iglu:{}/{}/jsonschema/1-0-0", h.schema_vendor, e.name);
            let data = match e.properties {
                Value::Object(_) => e.properties.clone(),
                _ => Value::Object(Vec::new()),
            };
            Some(sd(&schema, data))
        }
    };
    let mut o = Obj::new()
        .put("e", if ue.is_some() { "ue" } else { "pv" })
        .put("eid", e.id)
        .put("tv", tracker_version())
        .put("tna", h.namespace)
        .put("aid", h.app_id)
        .put("p", "web")
        .put("dtm", number_text(e.timestamp_ms.floor()))
        .opt("stm", h.stm)
        .opt("url", e.page("url"))
        .opt("page", e.page("title"))
        .opt("refr", e.page("referrer"))
        .opt("duid", h.duid)
        .opt("sid", h.sid);
    if let Some(ue) = ue {
        o = o.put(
            "ue_pr",
            Obj::new()
                .put("schema", UNSTRUCT_EVENT)
                .put("data", ue)
                .build()
                .to_json(),
        );
    }
    Some(o.build())
}

fn sd(schema: &str, data: Value) -> Value {
    Obj::new().put("schema", schema).put("data", data).build()
}

/// `add_to_cart` / `remove_from_cart` 1-0-0: `sku` and `quantity` are required.
fn cart(e: &Event) -> Option<Value> {
    let p = e.products().into_iter().next()?;
    Some(
        Obj::new()
            .put("sku", p.sku.or(p.variant).or(p.id)?)
            .put("quantity", p.quantity.unwrap_or(1.0))
            .opt("name", p.name)
            .opt("category", p.category)
            .opt("unitPrice", p.price)
            .opt("currency", p.currency.or(e.text("currency")))
            .build(),
    )
}

/// An Iglu schema name: `[a-zA-Z0-9_-]+`.
fn is_iglu_name(n: &str) -> bool {
    !n.is_empty()
        && n.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn number_text(n: f64) -> String {
    Value::Number(n).to_json()
}
