//! Which Fastly backend each destination is sent through: the named backend called like the
//! destination (its `name`, by default its kind: `segment`, `ga4`, `meta_capi`, …), declared in
//! the service (`fastly.toml`'s `[setup.backends]`). Invariant: a destination whose backend is
//! missing, or reaches another host, port or scheme than its endpoint, refuses the whole
//! configuration at start-up — a credential in a destination's URL never goes anywhere else.

use fastly::http::Url;
use fastly::Backend;
use tracksafe::destinations::Destination;
use tracksafe::{Error, Result};

/// The backend a destination is delivered through.
pub fn for_destination(name: &str) -> &str {
    name
}

/// Checks every destination's backend against its endpoint.
pub fn check(destinations: &[Destination]) -> Result<()> {
    destinations.iter().try_for_each(check_one)
}

fn check_one(d: &Destination) -> Result<()> {
    let name = for_destination(&d.name);
    let refuse = |why: &str| {
        Err(Error::InvalidOptions(format!(
            "destination {:?}: {why}",
            d.name
        )))
    };
    let backend = match Backend::from_name(name) {
        Ok(b) if b.exists() => b,
        _ => return refuse(&format!("the service has no backend named {name:?}")),
    };
    // The endpoint was validated by the core (https, or http on loopback); it has no secret.
    let Ok(endpoint) = Url::parse(&d.endpoint) else {
        return refuse("its endpoint is not a URL");
    };
    let host = endpoint.host_str().unwrap_or_default();
    let port = endpoint.port_or_known_default().unwrap_or_default();
    let tls = endpoint.scheme() == "https";
    let override_host = backend
        .get_host_override()
        .and_then(|h| h.to_str().ok().map(|v| host_only(v).to_owned()));
    let same_host = backend.get_host().eq_ignore_ascii_case(host)
        || override_host.is_some_and(|o| o.eq_ignore_ascii_case(host));
    if !same_host || backend.get_port() != port || backend.is_ssl() != tls {
        return refuse(&format!(
            "backend {name:?} must reach {}://{host}:{port} (its address or override host {host}, \
             port {port}, TLS {})",
            endpoint.scheme(),
            if tls { "on" } else { "off" },
        ));
    }
    Ok(())
}

/// The host of a `host[:port]` override-host value.
fn host_only(value: &str) -> &str {
    value
        .rsplit_once(':')
        .filter(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(value, |(host, _)| host)
}
