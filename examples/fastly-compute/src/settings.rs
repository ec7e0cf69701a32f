//! The service's configuration: the config store `tracksafe_config` (the same names as the
//! worker's vars) and the secret store `tracksafe_secrets`, turned into the core's collector
//! options. Invariant: secrets are read at request time, never logged and never answered; a
//! destination's credentials come from the secret store only, by the name its config gives.

use fastly::{ConfigStore, SecretStore};
use tracksafe::edge::CollectorConfig;
use tracksafe::json::Value;
use tracksafe::{Error, Result};

use crate::backends;

/// The config store holding `UPSTREAM_URL`, `ALLOWED_ORIGINS`, optionally `UPSTREAM_BACKEND`,
/// `CONSENT_OPTIONS`, `CUSTOM_EVENTS` and `TRACKSAFE_DESTINATIONS` (the worker's JSON values).
pub const CONFIG_STORE: &str = "tracksafe_config";
/// The secret store holding `UPSTREAM_TOKEN` (optional), `TRACKSAFE_PEPPER` and every credential
/// a destination names (`writeKeyEnv: "SEGMENT_WRITE_KEY"` → the entry `SEGMENT_WRITE_KEY`).
pub const SECRET_STORE: &str = "tracksafe_secrets";
/// The backend the upstream URL is reached through, unless `UPSTREAM_BACKEND` names another.
pub const DEFAULT_BACKEND: &str = "upstream";

/// Where and how accepted batches are delivered.
pub struct Upstream {
    pub backend: String,
    pub url: String,
    /// Where erasure requests (`POST /forget`) go.
    pub forget_url: String,
    pub token: Option<String>,
}

pub struct Settings {
    pub config: CollectorConfig,
    pub upstream: Upstream,
}

/// Reads both stores and validates them with the core's own option parser (unknown or missing
/// values refuse, exactly as `createCollector()` does in the worker).
pub fn load() -> Result<Settings> {
    let store = ConfigStore::try_open(CONFIG_STORE)
        .map_err(|_| missing("the config store tracksafe_config is not linked to this service"))?;
    let get = |key: &str| store.try_get(key).ok().flatten().filter(|v| !v.is_empty());
    let secrets = SecretStore::open(SECRET_STORE).ok();
    let secret = |key: &str| {
        let s = secrets.as_ref()?.try_get(key).ok()??;
        String::from_utf8(s.plaintext().to_vec())
            .ok()
            .filter(|v| !v.is_empty())
    };

    let upstream_url = get("UPSTREAM_URL");
    let upstream_token = secret("UPSTREAM_TOKEN");
    let mut options = options(
        upstream_url.as_deref(),
        upstream_token.as_deref(),
        get("ALLOWED_ORIGINS").as_deref().unwrap_or(""),
    );
    if let Value::Object(pairs) = &mut options {
        if let Some(p) = secret("TRACKSAFE_PEPPER") {
            pairs.push(("pepper".to_owned(), p.into()));
        }
        if let Some(u) = get("UPSTREAM_FORGET_URL") {
            pairs.push(("upstreamForgetUrl".to_owned(), u.into()));
        }
        if let Some(d) = get("COOKIE_DOMAIN") {
            pairs.push(("cookieDomain".to_owned(), d.into()));
        }
        if let Some(c) = get("CONSENT_OPTIONS") {
            // The same JSON as the worker's CONSENT_OPTIONS var; unreadable JSON refuses.
            pairs.push(("consent".to_owned(), Value::parse(&c)?));
        }
        if let Some(c) = get("CUSTOM_EVENTS") {
            // The same JSON as the worker's CUSTOM_EVENTS var (the tracker's `customEvents`).
            pairs.push(("customEvents".to_owned(), Value::parse(&c)?));
        }
        if let Some(d) = get("TRACKSAFE_DESTINATIONS") {
            // The same JSON array as the worker's TRACKSAFE_DESTINATIONS var.
            pairs.push(("destinations".to_owned(), Value::parse(&d)?));
        }
    }
    // The core reads each destination's credential by name, here from the secret store only: an
    // unknown kind or a missing credential refuses the whole configuration.
    let config = CollectorConfig::parse_with_env(&options, &secret)?;
    backends::check(&config.destinations)?;
    Ok(Settings {
        upstream: Upstream {
            backend: get("UPSTREAM_BACKEND").unwrap_or_else(|| DEFAULT_BACKEND.to_owned()),
            url: config.upstream_url.clone(),
            forget_url: config.upstream_forget_url.clone(),
            token: config.upstream_token.clone(),
        },
        config,
    })
}

/// The collector options object, built the way `examples/cloudflare-worker/src/index.js` builds
/// it from `env`: absent values are left out, origins are a comma-separated list.
fn options(upstream_url: Option<&str>, upstream_token: Option<&str>, origins: &str) -> Value {
    let origins = origins
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(Value::from)
        .collect();
    let mut pairs = vec![("allowedOrigins".to_owned(), Value::Array(origins))];
    if let Some(u) = upstream_url {
        pairs.push(("upstreamUrl".to_owned(), u.into()));
    }
    if let Some(t) = upstream_token {
        pairs.push(("upstreamToken".to_owned(), t.into()));
    }
    Value::Object(pairs)
}

fn missing(message: &str) -> Error {
    Error::InvalidOptions(message.to_owned())
}
