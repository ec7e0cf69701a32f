//! The destination model and its strict parsing: one camelCase object per destination, secrets
//! read from the worker's environment by name. Invariant: a parsed destination always has every
//! credential its kind needs, an https (or loopback) endpoint, and purposes that include its
//! kind's floor (an ad platform always needs `marketing` and `saleOfData`).

use crate::config::{check_endpoint, OptionReader};
use crate::consent::{Purpose, Purposes};
use crate::error::{Error, Result};
use crate::json::Value;

pub use super::account::Account;

/// The most destinations one collector forwards to.
pub const MAX_DESTINATIONS: usize = 16;

/// A destination's ingestion format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// tracksafe's own versioned batch, passed through unchanged.
    Tracksafe,
    /// Segment HTTP Tracking API `/v1/batch` (also RudderStack's data plane and Jitsu).
    Segment,
    /// Google Analytics 4 Measurement Protocol.
    Ga4,
    /// Meta Conversions API.
    MetaCapi,
    /// A Snowplow collector, tracker protocol v2 POST.
    Snowplow,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Tracksafe,
        Kind::Segment,
        Kind::Ga4,
        Kind::MetaCapi,
        Kind::Snowplow,
    ];

    /// The name used in the config (`"meta_capi"`, …).
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Tracksafe => "tracksafe",
            Kind::Segment => "segment",
            Kind::Ga4 => "ga4",
            Kind::MetaCapi => "meta_capi",
            Kind::Snowplow => "snowplow",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether the destination is an ad platform (sale/sharing of data): gated by `marketing`
    /// and `saleOfData`, and never reached with GPC on.
    pub const fn is_ad_platform(self) -> bool {
        matches!(self, Kind::MetaCapi)
    }

    /// The purposes a destination of this kind needs when the config names none.
    pub const fn default_purposes(self) -> Purposes {
        if self.is_ad_platform() {
            Purposes {
                marketing: true,
                sale_of_data: true,
                ..Purposes::DENIED
            }
        } else {
            Purposes {
                analytics: true,
                ..Purposes::DENIED
            }
        }
    }

    fn known_keys(self) -> &'static [&'static str] {
        match self {
            Kind::Tracksafe => &["kind", "name", "purposes", "endpoint", "tokenEnv"],
            Kind::Segment => &["kind", "name", "purposes", "endpoint", "writeKeyEnv"],
            Kind::Ga4 => &[
                "kind",
                "name",
                "purposes",
                "endpoint",
                "measurementId",
                "apiSecretEnv",
            ],
            Kind::MetaCapi => &[
                "kind",
                "name",
                "purposes",
                "endpoint",
                "pixelId",
                "accessTokenEnv",
                "apiVersion",
                "testEventCode",
            ],
            Kind::Snowplow => &[
                "kind",
                "name",
                "purposes",
                "endpoint",
                "appId",
                "namespace",
                "schemaVendor",
            ],
        }
    }

    const fn default_endpoint(self) -> Option<&'static str> {
        match self {
            Kind::Segment => Some("https://api.segment.io"),
            Kind::Ga4 => Some("https://www.google-analytics.com"),
            Kind::MetaCapi => Some("https://graph.facebook.com"),
            Kind::Tracksafe | Kind::Snowplow => None,
        }
    }
}

/// One validated destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// A label for reports, unique within the config (defaults to the kind's name).
    pub name: String,
    pub kind: Kind,
    /// The base URL (vendor kinds) or the full upstream URL (`tracksafe`), without a trailing `/`.
    pub endpoint: String,
    /// Every purpose the batch's consent must grant before this destination sees it.
    pub purposes: Purposes,
    pub account: Account,
}

/// Parses the `destinations` array. `env` looks up the worker's environment (secrets, vars) by
/// name; a credential is always given as the *name* of an environment binding (`writeKeyEnv`),
/// so no secret sits in a config file.
pub fn parse_destinations(
    list: &Value,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Destination>> {
    let items = list
        .as_array()
        .ok_or_else(|| Error::InvalidOptions("destinations must be an array".into()))?;
    if items.len() > MAX_DESTINATIONS {
        return Err(Error::InvalidOptions(format!(
            "at most {MAX_DESTINATIONS} destinations"
        )));
    }
    let mut out: Vec<Destination> = Vec::with_capacity(items.len());
    for item in items {
        let d = Destination::parse(item, env)?;
        if out.iter().any(|o| o.name == d.name) {
            return Err(Error::InvalidOptions(format!(
                "two destinations are named {:?}; give each a distinct name",
                d.name
            )));
        }
        out.push(d);
    }
    Ok(out)
}

impl Destination {
    /// Parses one destination object.
    pub fn parse(v: &Value, env: &dyn Fn(&str) -> Option<String>) -> Result<Destination> {
        let kind_name = v
            .get("kind")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::InvalidOptions("destination.kind is required".into()))?;
        let kind = Kind::parse(kind_name).ok_or_else(|| {
            Error::InvalidOptions(format!(
                "unknown destination.kind {kind_name:?} (known: {})",
                Kind::ALL.map(Kind::name).join(", ")
            ))
        })?;
        let r = OptionReader::new("destination", Some(v), kind.known_keys())?;
        let name = match r.string("name")? {
            Some(n) if !n.is_empty() && n.len() <= 64 => n.to_owned(),
            Some(_) => return Err(bad("destination.name must be 1 to 64 characters")),
            None => kind.name().to_owned(),
        };
        let endpoint = match (r.string("endpoint")?, kind.default_endpoint()) {
            (Some(e), _) | (None, Some(e)) => e.trim_end_matches('/').to_owned(),
            (None, None) => {
                return Err(bad(&format!(
                    "destination {name:?}: endpoint is required for kind {}",
                    kind.name()
                )))
            }
        };
        check_endpoint(&endpoint)?;
        let purposes = parse_purposes(&r, kind, &name)?;
        let secret = |key: &str| -> Result<String> {
            let var = r
                .string(key)?
                .ok_or_else(|| bad(&format!("destination {name:?}: {key} is required")))?;
            read_secret(env, var).ok_or_else(|| {
                bad(&format!(
                    "destination {name:?}: the environment has no usable {var} ({key})"
                ))
            })
        };
        let plain = |key: &str, default: Option<&str>| -> Result<String> {
            match r.string(key)?.or(default) {
                Some(s) if is_token(s) => Ok(s.to_owned()),
                Some(_) => Err(bad(&format!(
                    "destination {name:?}: {key} must be printable ASCII without spaces"
                ))),
                None => Err(bad(&format!("destination {name:?}: {key} is required"))),
            }
        };
        let account = match kind {
            Kind::Tracksafe => Account::Tracksafe {
                token: match r.string("tokenEnv")? {
                    Some(_) => Some(secret("tokenEnv")?),
                    None => None,
                },
            },
            Kind::Segment => Account::Segment {
                write_key: secret("writeKeyEnv")?,
            },
            Kind::Ga4 => {
                let measurement_id = plain("measurementId", None)?;
                if !measurement_id.starts_with("G-") {
                    return Err(bad(&format!(
                        "destination {name:?}: measurementId looks like G-XXXXXXX"
                    )));
                }
                Account::Ga4 {
                    measurement_id,
                    api_secret: secret("apiSecretEnv")?,
                }
            }
            Kind::MetaCapi => {
                let pixel_id = plain("pixelId", None)?;
                let api_version = plain("apiVersion", Some(META_API_VERSION))?;
                if !pixel_id.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad(&format!("destination {name:?}: pixelId is digits")));
                }
                if !is_graph_version(&api_version) {
                    return Err(bad(&format!(
                        "destination {name:?}: apiVersion looks like v24.0"
                    )));
                }
                Account::MetaCapi {
                    pixel_id,
                    access_token: secret("accessTokenEnv")?,
                    api_version,
                    test_event_code: match r.string("testEventCode")? {
                        Some(_) => Some(plain("testEventCode", None)?),
                        None => None,
                    },
                }
            }
            Kind::Snowplow => Account::Snowplow {
                app_id: plain("appId", Some("tracksafe"))?,
                namespace: plain("namespace", Some("tracksafe"))?,
                schema_vendor: plain("schemaVendor", Some("dev.tracksafe"))?,
            },
        };
        Ok(Destination {
            name,
            kind,
            endpoint,
            purposes,
            account,
        })
    }
}

/// The Graph API version used when the config names none.
pub const META_API_VERSION: &str = "v24.0";

fn bad(message: &str) -> Error {
    Error::InvalidOptions(message.to_owned())
}

fn parse_purposes(r: &OptionReader, kind: Kind, name: &str) -> Result<Purposes> {
    let Some(list) = r.strings("purposes")? else {
        return Ok(kind.default_purposes());
    };
    let mut p = Purposes::DENIED;
    for n in &list {
        let purpose = Purpose::from_name(n).ok_or_else(|| {
            bad(&format!(
                "destination {name:?}: unknown purpose {n:?} (known: analytics, marketing, preferences, saleOfData)"
            ))
        })?;
        p.set(purpose, true);
    }
    if p == Purposes::DENIED {
        return Err(bad(&format!(
            "destination {name:?}: purposes may not be empty (nothing is free of consent)"
        )));
    }
    if !kind.default_purposes().is_subset_of(&p) && kind.is_ad_platform() {
        return Err(bad(&format!(
            "destination {name:?}: an ad platform always needs marketing and saleOfData"
        )));
    }
    Ok(p)
}

/// A credential value: printable ASCII without spaces (it goes into headers and URLs).
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.len() <= 512 && s.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

fn read_secret(env: &dyn Fn(&str) -> Option<String>, var: &str) -> Option<String> {
    env(var)
        .map(|s| s.trim().to_owned())
        .filter(|s| is_token(s))
}

fn is_graph_version(v: &str) -> bool {
    let Some(rest) = v.strip_prefix('v') else {
        return false;
    };
    let mut parts = rest.split('.');
    let digits = |p: Option<&str>| {
        p.is_some_and(|d| !d.is_empty() && d.len() <= 3 && d.bytes().all(|b| b.is_ascii_digit()))
    };
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}
