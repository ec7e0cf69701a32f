//! `Collector`: the edge collector's core for workerd. The worker glue reads the request,
//! calls `handle`, and delivers upstream as told.

use wasm_bindgen::prelude::*;

use super::error::{parse, to_js};
use crate::edge::{self, CollectorConfig, EdgeAction, EdgeRequest, EdgeResponse};
use crate::json::{self, Value};
use crate::random;

/// The collector core behind `createCollector()`.
#[wasm_bindgen]
pub struct Collector {
    config: CollectorConfig,
}

#[wasm_bindgen]
impl Collector {
    /// Validates the collector options (unknown keys throw `INVALID_OPTIONS`).
    #[wasm_bindgen(constructor)]
    /// `env_json` is the worker's environment (string bindings only): destinations name their
    /// credentials by binding (`writeKeyEnv`), looked up here once.
    pub fn new(options_json: &str, env_json: Option<String>) -> Result<Collector, JsValue> {
        let env = match env_json {
            Some(text) => parse(&text)?,
            None => Value::Null,
        };
        let lookup = |name: &str| env.get(name).and_then(Value::as_str).map(str::to_owned);
        let config =
            CollectorConfig::parse_with_env(&parse(options_json)?, &lookup).map_err(to_js)?;
        Ok(Collector { config })
    }

    /// `{ url, forgetUrl, token }` of the upstream, for the worker glue only.
    pub fn upstream(&self) -> String {
        json::object([
            ("url", self.config.upstream_url.as_str().into()),
            ("forgetUrl", self.config.upstream_forget_url.as_str().into()),
            ("token", self.config.upstream_token.as_deref().into()),
        ])
        .to_json()
    }

    /// The step after attempt `attempts` (from 1) of any request the glue sends for the core
    /// (upstream batch, erasure, a destination) answered `status` (0: network error or timeout):
    /// `{ retryInMs }` or `{ settled: "delivered" | "rejected" | "failed" }` (`edge::retry`).
    #[wasm_bindgen(js_name = afterAttempt)]
    pub fn after_attempt(&self, status: u16, attempts: u32) -> String {
        let status = (status != 0).then_some(status);
        match edge::retry::after_attempt(status, attempts) {
            edge::retry::Step::RetryIn(ms) => json::object([("retryInMs", f64::from(ms).into())]),
            edge::retry::Step::Settled(s) => json::object([("settled", s.name().into())]),
        }
        .to_json()
    }

    /// Handles one request (`secure`: it came over `https:`). Returns `{ respond }` or
    /// `{ forward: { to, body, onSuccess, onFailure } }` with `to` = `"collect"` or `"forget"`,
    /// each response as `{ status, headers: [[name, value]], body }`. The RNG is drawn only here,
    /// inside a request handler, never at module scope.
    #[allow(clippy::too_many_arguments)]
    pub fn handle(
        &self,
        method: &str,
        path: &str,
        origin: Option<String>,
        content_type: Option<String>,
        sec_gpc: bool,
        cookie: Option<String>,
        user_agent: Option<String>,
        country: Option<String>,
        region: Option<String>,
        body: &[u8],
        now: f64,
        secure: bool,
    ) -> String {
        let req = EdgeRequest {
            method,
            path,
            origin: origin.as_deref(),
            content_type: content_type.as_deref(),
            sec_gpc,
            cookie: cookie.as_deref(),
            user_agent: user_agent.as_deref(),
            country: country.as_deref(),
            region: region.as_deref(),
            body,
            now_ms: now,
        };
        let (to, body, on_success, on_failure, fan_out) =
            match edge::handle_with(&self.config, &req, secure, &mut random::fill) {
                EdgeAction::Respond(r) => {
                    return json::object([("respond", response(r))]).to_json()
                }
                EdgeAction::Forward {
                    body,
                    on_success,
                    on_failure,
                    fan_out,
                } => ("collect", body, on_success, on_failure, fan_out),
                EdgeAction::Erase {
                    body,
                    on_success,
                    on_failure,
                } => ("forget", body, on_success, on_failure, Vec::new()),
            };
        let destinations = fan_out
            .into_iter()
            .map(|d| {
                let headers = d
                    .request
                    .headers
                    .into_iter()
                    .map(|(k, v)| Value::Array(vec![k.into(), v.into()]))
                    .collect();
                json::object([
                    ("name", d.name.into()),
                    ("url", d.request.url.into()),
                    ("headers", Value::Array(headers)),
                    ("body", d.request.body.into()),
                ])
            })
            .collect();
        json::object([(
            "forward",
            json::object([
                ("to", to.into()),
                ("body", body.into()),
                ("onSuccess", response(on_success)),
                ("onFailure", response(on_failure)),
                ("timeoutMs", f64::from(edge::UPSTREAM_TIMEOUT_MS).into()),
                ("destinations", Value::Array(destinations)),
            ]),
        )])
        .to_json()
    }
}

fn response(r: EdgeResponse) -> Value {
    let headers = r
        .headers
        .into_iter()
        .map(|(k, v)| Value::Array(vec![k.into(), v.into()]))
        .collect();
    json::object([
        ("status", f64::from(r.status).into()),
        ("headers", Value::Array(headers)),
        ("body", r.body.into()),
    ])
}
