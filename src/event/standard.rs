//! The standard event tables. Invariant: every standard event needs `analytics`, and every
//! property has a finite cap (length, range or item count).

use super::schema::{borrowed, Field, Kind, Schema};
use crate::consent::Purposes;

/// Longest identifier kept (product, variant, order, collection, list ids).
pub const ID_MAX: u32 = 64;
/// Longest free-text property kept (names, categories, queries).
pub const TEXT_MAX: u32 = 200;
/// Most lines kept in `lines[]`.
pub const LINES_MAX: u32 = 100;
/// Largest money amount kept.
const MONEY_MAX: f64 = 1e9;

const ANALYTICS: Purposes = Purposes {
    analytics: true,
    ..Purposes::DENIED
};
const ID: Kind = Kind::Id { max: ID_MAX };
const TEXT: Kind = Kind::Text { max: TEXT_MAX };
const MONEY: Kind = Kind::Number {
    min: 0.0,
    max: MONEY_MAX,
};
const LINES: Kind = Kind::Lines { max: LINES_MAX };

/// The fields of a product, also the fields of each `lines[]` entry.
pub static PRODUCT_FIELDS: [Field; 9] = [
    Field::new("product_id", ID),
    Field::new("variant_id", ID),
    Field::new("sku", Kind::Text { max: ID_MAX }),
    Field::new("name", TEXT),
    Field::new("brand", Kind::Text { max: 100 }),
    Field::new("category", TEXT),
    Field::new("price", MONEY),
    Field::new("currency", Kind::Currency),
    Field::new(
        "quantity",
        Kind::Integer {
            min: 1,
            max: 10_000,
        },
    ),
];

static ITEM_CLICKED: [Field; 12] = [
    Field::new("product_id", ID),
    Field::new("variant_id", ID),
    Field::new("sku", Kind::Text { max: ID_MAX }),
    Field::new("name", TEXT),
    Field::new("brand", Kind::Text { max: 100 }),
    Field::new("category", TEXT),
    Field::new("price", MONEY),
    Field::new("currency", Kind::Currency),
    Field::new(
        "quantity",
        Kind::Integer {
            min: 1,
            max: 10_000,
        },
    ),
    Field::new("list_id", ID),
    Field::new(
        "position",
        Kind::Integer {
            min: 0,
            max: 10_000,
        },
    ),
    Field::new("source", Kind::Text { max: ID_MAX }),
];

static COLLECTION: [Field; 2] = [Field::new("collection_id", ID), Field::new("name", TEXT)];

static SEARCH: [Field; 2] = [
    Field::new("query", TEXT),
    Field::new(
        "results_count",
        Kind::Integer {
            min: 0,
            max: 1_000_000_000,
        },
    ),
];

static CART: [Field; 3] = [
    Field::new("lines", LINES),
    Field::new("value", MONEY),
    Field::new("currency", Kind::Currency),
];

static CHECKOUT_COMPLETED: [Field; 9] = [
    Field::new("order_id", ID),
    Field::new("value", MONEY),
    Field::new("currency", Kind::Currency),
    Field::new("tax", MONEY),
    Field::new("shipping", MONEY),
    Field::new("coupon", Kind::Text { max: ID_MAX }),
    Field::new("lines", LINES),
    Field::new("shipping_country", Kind::Country),
    Field::new("shipping_province", Kind::Province),
];

/// Every standard event with its fields, as the schemas themselves: `Schemas::standard` borrows
/// this table instead of building a list.
pub(super) static SCHEMAS: [Schema; 10] = [
    schema("page_viewed", &[]),
    schema("product_viewed", &PRODUCT_FIELDS),
    schema("product_added_to_cart", &PRODUCT_FIELDS),
    schema("product_removed_from_cart", &PRODUCT_FIELDS),
    schema("item_clicked", &ITEM_CLICKED),
    schema("collection_viewed", &COLLECTION),
    schema("search_submitted", &SEARCH),
    schema("cart_viewed", &CART),
    schema("checkout_started", &CART),
    schema("checkout_completed", &CHECKOUT_COMPLETED),
];

const fn schema(name: &'static str, fields: &'static [Field]) -> Schema {
    Schema {
        name: borrowed(name),
        purposes: ANALYTICS,
        fields: borrowed(fields),
    }
}

/// Whether `name` is a standard event (custom schemas may not redefine one).
#[cfg(feature = "extended")]
pub(super) fn is_standard(name: &str) -> bool {
    SCHEMAS.iter().any(|s| s.name == name)
}
