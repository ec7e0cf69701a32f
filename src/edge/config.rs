//! The collector's configuration, from the worker's environment: allowed origins and caps.

use crate::config::OptionReader;
use crate::consent::{parse_consent_options, ConsentOptions};
use crate::error::{Error, Result};
use crate::event::Schemas;
use crate::json::Value;
use crate::minimize::UrlOptions;

/// Validated collector options.
#[derive(Debug)]
pub struct CollectorConfig {
    /// Where accepted batches go (`https:`, or `http:` on loopback for the demo).
    pub upstream_url: String,
    /// Sent upstream as `Authorization: Bearer …` when set; never reaches a browser.
    pub upstream_token: Option<String>,
    /// Exact origins (`https://shop.example`) allowed to post; no wildcards.
    pub allowed_origins: Vec<String>,
    pub max_body_bytes: usize,
    pub max_events: usize,
    pub schemas: Schemas,
    pub url: UrlOptions,
    /// How the consent signals the edge sees are read (`consent`, as for `resolveConsent`).
    pub consent: ConsentOptions,
}

const KNOWN: &[&str] = &[
    "upstreamUrl",
    "upstreamToken",
    "allowedOrigins",
    "maxBodyBytes",
    "maxEvents",
    "customEvents",
    "queryAllowlist",
    "consent",
];

impl CollectorConfig {
    /// Parses the collector options object.
    pub fn parse(v: &Value) -> Result<CollectorConfig> {
        let r = OptionReader::new("collector options", Some(v), KNOWN)?;
        let allowed_origins = r.strings("allowedOrigins")?.unwrap_or_default();
        if let Some(bad) = allowed_origins
            .iter()
            .find(|o| o.contains('*') || o.ends_with('/') || !o.contains("://"))
        {
            return Err(Error::InvalidOptions(format!(
                "allowedOrigins entries are exact origins like https://shop.example, not {bad:?}"
            )));
        }
        let mut url = UrlOptions::default();
        if let Some(list) = r.strings("queryAllowlist")? {
            url.query_allowlist = list;
        }
        let upstream_url = r.string("upstreamUrl")?.ok_or_else(|| {
            Error::InvalidOptions("collector options.upstreamUrl is required".into())
        })?;
        crate::config::check_endpoint(upstream_url)?;
        Ok(CollectorConfig {
            upstream_url: upstream_url.to_owned(),
            upstream_token: r
                .string("upstreamToken")?
                .filter(|t| !t.is_empty())
                .map(str::to_owned),
            allowed_origins,
            max_body_bytes: r.int("maxBodyBytes", 1_024, 65_536, 65_536)? as usize,
            max_events: r.int("maxEvents", 1, 500, 100)? as usize,
            schemas: match r.raw("customEvents") {
                Some(c) => Schemas::with_custom(c)?,
                None => Schemas::standard(),
            },
            url,
            consent: parse_consent_options(r.raw("consent"), "collector options.consent")?,
        })
    }

    /// Whether `origin` may post here (exact, case-insensitive match).
    pub fn origin_allowed(&self, origin: &str) -> bool {
        self.allowed_origins
            .iter()
            .any(|o| o.eq_ignore_ascii_case(origin))
    }
}
