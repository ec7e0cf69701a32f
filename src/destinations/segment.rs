//! Segment HTTP Tracking API `/v1/batch` (accepted as is by RudderStack's data plane and Jitsu):
//! `page` and `track` calls following Segment's e-commerce spec v2. Invariant: `messageId` is
//! always the tracksafe `eventId` (dedup) and `anonymousId` the edge's re-keyed visitor ID.

use super::common::{self, base64, batch_text, iso8601, path_and_search, Event, Obj, Product};
use super::config::{Account, Destination};
use super::route::Request;
use crate::json::Value;

/// Segment refuses a call over 32 KB and a batch over 500 KB (its libraries stop at 480 KB).
const MAX_CALL_BYTES: usize = 32 * 1024;
const MAX_BATCH_BYTES: usize = 480 * 1024;

/// How an event's properties are shaped.
#[derive(Clone, Copy)]
enum Shape {
    Page,
    Product,
    Clicked,
    List,
    Search,
    Cart,
    Order,
}

/// tracksafe event → Segment call (`None` = a `page` call) and property shape.
static TABLE: [(&str, Option<&str>, Shape); 10] = [
    ("page_viewed", None, Shape::Page),
    ("product_viewed", Some("Product Viewed"), Shape::Product),
    (
        "product_added_to_cart",
        Some("Product Added"),
        Shape::Product,
    ),
    (
        "product_removed_from_cart",
        Some("Product Removed"),
        Shape::Product,
    ),
    ("item_clicked", Some("Product Clicked"), Shape::Clicked),
    (
        "collection_viewed",
        Some("Product List Viewed"),
        Shape::List,
    ),
    ("search_submitted", Some("Products Searched"), Shape::Search),
    ("cart_viewed", Some("Cart Viewed"), Shape::Cart),
    ("checkout_started", Some("Checkout Started"), Shape::Cart),
    ("checkout_completed", Some("Order Completed"), Shape::Order),
];

/// The Segment event name a tracksafe event becomes (`None` for a page call); custom events
/// keep their own name.
pub fn event_name(name: &str) -> Option<&str> {
    match TABLE.iter().find(|(n, _, _)| *n == name) {
        Some((_, segment, _)) => *segment,
        None => Some(name),
    }
}

pub fn requests(batch: &Value, d: &Destination) -> Vec<Request> {
    let Account::Segment { write_key } = &d.account else {
        return Vec::new();
    };
    let calls: Vec<(Value, usize)> = common::events(batch)
        .iter()
        .map(|e| {
            let call = call(batch, e);
            let size = call.to_json().len();
            (call, size)
        })
        .filter(|(_, size)| *size <= MAX_CALL_BYTES)
        .collect();
    let auth = format!("Basic {}", base64(format!("{write_key}:").as_bytes()));
    let sent_at = batch.get("sentAt").and_then(Value::as_f64).map(iso8601);
    let mut out = Vec::new();
    let mut run: Vec<Value> = Vec::new();
    let mut run_bytes = 0;
    let mut flush = |run: &mut Vec<Value>| {
        if run.is_empty() {
            return;
        }
        let body = Obj::new()
            .put("batch", Value::Array(core::mem::take(run)))
            .opt("sentAt", sent_at.clone())
            .build();
        out.push(Request::json(
            format!("{}/v1/batch", d.endpoint),
            &body,
            vec![("authorization", auth.clone())],
        ));
    };
    for (call, size) in calls {
        if run_bytes + size > MAX_BATCH_BYTES {
            flush(&mut run);
            run_bytes = 0;
        }
        run_bytes += size + 1;
        run.push(call);
    }
    flush(&mut run);
    out
}

/// One Segment call for one event.
pub fn call(batch: &Value, e: &Event) -> Value {
    let anonymous_id = batch_text(batch, "visitorId")
        .or_else(|| batch_text(batch, "sessionId"))
        .unwrap_or(e.id);
    let shape = TABLE.iter().find(|(n, _, _)| *n == e.name);
    let (kind, properties) = match shape {
        Some((_, None, _)) => ("page", page(e).build()),
        Some((_, Some(_), shape)) => ("track", properties(e, *shape)),
        None => ("track", e.properties.clone()),
    };
    let mut context = Obj::new();
    let page = page(e);
    if !page.is_empty() {
        context = context.put("page", page.build());
    }
    if let Some(geo) = batch.get("geo") {
        let location = Obj::new()
            .opt("country", geo.get("country").and_then(Value::as_str))
            .opt("region", geo.get("region").and_then(Value::as_str));
        context = context.put("location", location.build());
    }
    let properties = match properties {
        Value::Object(_) => properties,
        _ => Value::Object(Vec::new()),
    };
    Obj::new()
        .put("type", kind)
        .opt(
            "event",
            (kind == "track").then(|| event_name(e.name)).flatten(),
        )
        .put("messageId", e.id)
        .put("anonymousId", anonymous_id)
        .put("timestamp", iso8601(e.timestamp_ms))
        .put("properties", properties)
        .put("context", context.build())
        .build()
}

/// Segment's page fields (`context.page`, and a page call's properties).
fn page(e: &Event) -> Obj {
    let url = e.page("url");
    let (path, search) = url.map(path_and_search).unwrap_or((None, None));
    Obj::new()
        .opt("path", path)
        .opt("referrer", e.page("referrer"))
        .opt("search", search)
        .opt("title", e.page("title"))
        .opt("url", url)
}

fn product(p: &Product, position: Option<f64>) -> Obj {
    Obj::new()
        .opt("product_id", p.id)
        .opt("sku", p.sku)
        .opt("name", p.name)
        .opt("brand", p.brand)
        .opt("category", p.category)
        .opt("variant", p.variant)
        .opt("price", p.price)
        .opt("quantity", p.quantity)
        .opt("position", position)
}

fn products(e: &Event) -> Value {
    Value::Array(
        e.products()
            .iter()
            .map(|p| product(p, None).build())
            .collect(),
    )
}

fn properties(e: &Event, shape: Shape) -> Value {
    let currency = e.text("currency");
    let o = match shape {
        Shape::Page => page(e),
        Shape::Product | Shape::Clicked => {
            let first = e.products().into_iter().next();
            let position = match shape {
                Shape::Clicked => e.number("position"),
                _ => None,
            };
            let mut o = first.map(|p| product(&p, position)).unwrap_or_default();
            if let Shape::Clicked = shape {
                o = o.opt("list_id", e.text("list_id"));
            }
            o.opt("currency", currency.or(first.and_then(|p| p.currency)))
        }
        Shape::List => Obj::new()
            .opt("list_id", e.text("collection_id"))
            .opt("category", e.text("name")),
        Shape::Search => Obj::new().opt("query", e.text("query")),
        Shape::Cart => Obj::new()
            .opt("value", e.number("value"))
            .opt("currency", currency)
            .put("products", products(e)),
        Shape::Order => Obj::new()
            .opt("order_id", e.text("order_id"))
            .opt("total", e.number("value"))
            .opt("tax", e.number("tax"))
            .opt("shipping", e.number("shipping"))
            .opt("coupon", e.text("coupon"))
            .opt("currency", currency)
            .put("products", products(e)),
    };
    o.build()
}
