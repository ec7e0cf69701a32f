//! The schema types and the registry of standard + shop-declared custom schemas.
//! Invariant: a `Schemas` never holds two schemas with the same name.

use crate::consent::Purposes;
use crate::error::Result;
use crate::json::Value;

/// The type and caps of one property. What does not fit is dropped, never coerced.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A string of at most `max` characters (after redaction).
    Text { max: u32 },
    /// An identifier: a non-empty string of at most `max` characters, or a non-negative safe integer.
    Id { max: u32 },
    /// A finite number within `min..=max`.
    Number { min: f64, max: f64 },
    /// An integral number within `min..=max`.
    Integer { min: i64, max: i64 },
    /// `true` or `false`.
    Bool,
    /// An ISO-4217 code: three uppercase ASCII letters.
    Currency,
    /// An ISO-3166-1 alpha-2 code: two uppercase ASCII letters.
    Country,
    /// A subdivision code such as `CA`, `ON` or `NSW`: one to three uppercase letters or digits.
    Province,
    /// An array of at most `max` product lines, each an object of [`crate::event::PRODUCT_FIELDS`].
    Lines { max: u32 },
}

impl Kind {
    /// The name used in custom schema declarations and in docs.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Text { .. } => "string",
            Kind::Id { .. } => "id",
            Kind::Number { .. } => "number",
            Kind::Integer { .. } => "integer",
            Kind::Bool => "boolean",
            Kind::Currency => "currency",
            Kind::Country => "country",
            Kind::Province => "province",
            Kind::Lines { .. } => "lines",
        }
    }
}

/// A name or a list of the schemas: owned only with `extended` (custom schemas); without it
/// (the script tag's lean build) always a static of the standard tables, so a plain borrow, and
/// the page build carries no `Cow` checks and no drop code for schemas.
#[cfg(feature = "extended")]
pub type Static<T> = std::borrow::Cow<'static, T>;
#[cfg(not(feature = "extended"))]
pub type Static<T> = &'static T;

/// `x` as a [`Static`].
pub(super) const fn borrowed<T: ?Sized + ToOwned>(x: &'static T) -> Static<T> {
    #[cfg(feature = "extended")]
    return std::borrow::Cow::Borrowed(x);
    #[cfg(not(feature = "extended"))]
    x
}

/// One allowlisted property.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Static<str>,
    pub kind: Kind,
}

impl Field {
    /// A field with a static name (used by the standard tables).
    pub const fn new(name: &'static str, kind: Kind) -> Field {
        Field {
            name: borrowed(name),
            kind,
        }
    }
}

/// One event: its name, the purposes it needs and its allowlisted properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub name: Static<str>,
    pub purposes: Purposes,
    pub fields: Static<[Field]>,
}

impl Schema {
    /// The field called `name`, if the schema allows it.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// The schemas an event is checked against: the standard events plus the shop's custom ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Schemas {
    /// The standard table itself, or (with custom schemas) a copy extended.
    list: Static<[Schema]>,
}

impl Default for Schemas {
    fn default() -> Self {
        Schemas::standard()
    }
}

impl Schemas {
    /// The standard events only (Shopify Web Pixels names plus `item_clicked`).
    pub fn standard() -> Schemas {
        Schemas {
            list: borrowed(super::standard::SCHEMAS.as_slice()),
        }
    }

    /// The standard events plus the custom schemas a shop declares in its config, e.g.
    /// `{ "wishlist_added": { "purposes": ["analytics"], "properties": { "count": { "type": "integer", "min": 0, "max": 100 } } } }`.
    /// `null` declares none. A bad declaration is `Error::InvalidOptions`.
    #[cfg(feature = "extended")]
    pub fn with_custom(custom: &Value) -> Result<Schemas> {
        let mut list = super::standard::SCHEMAS.to_vec();
        let extra = super::custom::parse(custom)?;
        list.extend(extra);
        Ok(Schemas {
            list: std::borrow::Cow::Owned(list),
        })
    }

    /// Without `extended` (the script tag's smaller lean wasm) a declaration is refused,
    /// even an empty one: the runtime picks the extended build for every page that declares.
    #[cfg(not(feature = "extended"))]
    pub fn with_custom(_custom: &Value) -> Result<Schemas> {
        Err(crate::error::Error::InvalidOptions(
            crate::config::not_in_this_build("options.customEvents"),
        ))
    }

    /// The schema for an event name.
    pub fn get(&self, name: &str) -> Option<&Schema> {
        self.list.iter().find(|s| s.name == name)
    }

    /// The purposes an event needs, or `None` for an undeclared event.
    pub fn purposes_for(&self, name: &str) -> Option<Purposes> {
        self.get(name).map(|s| s.purposes)
    }

    /// All schemas, standard first, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = &Schema> {
        self.list.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The script tag's smaller lean wasm refuses every declaration, an empty one too: its runtime
    /// loads the extended build for options that declare custom events.
    #[cfg(not(feature = "extended"))]
    #[test]
    fn declarations_need_the_extended_build() {
        for declared in ["{}", "null", r#"{"wish":{"purposes":["analytics"]}}"#] {
            let err = Schemas::with_custom(&Value::parse(declared).unwrap()).unwrap_err();
            assert_eq!(err.code(), "INVALID_OPTIONS", "{declared}");
            assert_eq!(
                err.message(),
                "invalid options: options.customEvents needs the extended build \
                 (tracksafe_extended_bg.wasm); this one leaves it out"
            );
        }
    }

    #[cfg(feature = "extended")]
    #[test]
    fn declarations_add_to_the_standard_events() {
        let wish = r#"{"wish":{"purposes":["analytics"],"properties":{"n":{"type":"integer"}}}}"#;
        let schemas = Schemas::with_custom(&Value::parse(wish).unwrap()).unwrap();
        assert!(schemas.get("wish").is_some() && schemas.get("page_viewed").is_some());
        let none = Schemas::with_custom(&Value::Null).unwrap();
        assert_eq!(none.iter().count(), Schemas::standard().iter().count());
    }
}
