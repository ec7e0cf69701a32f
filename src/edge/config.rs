//! The collector's configuration, from the worker's environment: allowed origins, caps, the
//! re-keying pepper and the identity cookies' attributes.

use super::cookie::is_cookie_domain;
use super::rekey::Rekey;
use crate::config::OptionReader;
use crate::consent::{parse_consent_options, ConsentOptions};
use crate::destinations::{parse_destinations, Destination};
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
    /// The pepper every identifier is re-keyed with before it goes upstream.
    pub rekey: Rekey,
    /// Where erasure requests go (default: the upstream URL with path `/forget`).
    pub upstream_forget_url: String,
    /// `Domain` of the `_ts_vid` / `_ts_sid` cookies the edge sets or expires.
    pub cookie_domain: Option<String>,
    /// Absolute lifetime of a visitor ID minted by `GET /id`, in days.
    pub visitor_lifetime_days: u32,
    /// The tools each accepted batch is also delivered to, each gated by its own purposes.
    pub destinations: Vec<Destination>,
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
    "pepper",
    "passThroughHashes",
    "upstreamForgetUrl",
    "cookieDomain",
    "visitorLifetimeDays",
    "consent",
    "destinations",
];

impl CollectorConfig {
    /// Parses the collector options object (destination credentials cannot be resolved: a
    /// destination naming one is refused; use `parse_with_env`).
    pub fn parse(v: &Value) -> Result<CollectorConfig> {
        Self::parse_with_env(v, &|_| None)
    }

    /// Parses the collector options; `env` looks up the worker's environment by name for the
    /// destinations' credentials (`writeKeyEnv`, …), which never sit in the options themselves.
    pub fn parse_with_env(
        v: &Value,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<CollectorConfig> {
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
        let upstream_forget_url = match r.string("upstreamForgetUrl")? {
            Some(u) => u.to_owned(),
            None => with_path(upstream_url, "/forget"),
        };
        crate::config::check_endpoint(&upstream_forget_url)?;
        let cookie_domain = r.string("cookieDomain")?.map(str::to_owned);
        if cookie_domain
            .as_deref()
            .is_some_and(|d| !is_cookie_domain(d))
        {
            return Err(Error::InvalidOptions(
                "collector options.cookieDomain must be a domain like shop.example".into(),
            ));
        }
        Ok(CollectorConfig {
            rekey: Rekey::parse(&r)?,
            upstream_forget_url,
            cookie_domain,
            visitor_lifetime_days: r.int(
                "visitorLifetimeDays",
                1,
                crate::identity::MAX_LIFETIME_DAYS,
                crate::identity::DEFAULT_LIFETIME_DAYS,
            )?,
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
            destinations: match r.raw("destinations") {
                Some(list) => parse_destinations(list, env)?,
                None => Vec::new(),
            },
        })
    }

    /// Whether `origin` may post here (exact, case-insensitive match).
    pub fn origin_allowed(&self, origin: &str) -> bool {
        self.allowed_origins
            .iter()
            .any(|o| o.eq_ignore_ascii_case(origin))
    }
}

/// `url` with its path (and query) replaced by `path`: `https://u.example/ingest?k=1` → `https://u.example/forget`.
fn with_path(url: &str, path: &str) -> String {
    let host_start = url.find("://").map_or(0, |i| i + 3);
    let end = url[host_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| host_start + i);
    let mut out = url[..end].to_owned();
    out.push_str(path);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(extra: &str) -> Result<CollectorConfig> {
        let text = format!(
            "{{\"upstreamUrl\":\"https://u.example/ingest?k=1\",\"pepper\":\"0123456789abcdef\"{extra}}}"
        );
        CollectorConfig::parse(&Value::parse(&text).unwrap())
    }

    #[test]
    fn forget_url_defaults_beside_the_upstream_and_options_are_checked() {
        let c = parse("").unwrap();
        assert_eq!(c.upstream_forget_url, "https://u.example/forget");
        assert_eq!(c.visitor_lifetime_days, 180);
        assert_eq!(
            with_path("http://127.0.0.1:9", "/forget"),
            "http://127.0.0.1:9/forget"
        );
        let c = parse(r#","upstreamForgetUrl":"https://u.example/erase""#).unwrap();
        assert_eq!(c.upstream_forget_url, "https://u.example/erase");
        for bad in [
            r#","upstreamForgetUrl":"http://u.example/erase""#,
            r#","cookieDomain":"shop.example; Secure""#,
            r#","visitorLifetimeDays":397"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
