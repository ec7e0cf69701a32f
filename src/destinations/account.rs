//! The per-kind account of a destination: its identifiers and secrets.
//! Invariant: `Debug` never prints a secret (write key, API secret, access token, bearer token).

use core::fmt;

/// The per-kind account: identifiers and secrets. `Debug` never prints a secret.
#[derive(Clone, PartialEq, Eq)]
pub enum Account {
    Tracksafe {
        /// Sent as `Authorization: Bearer …` when set.
        token: Option<String>,
    },
    Segment {
        write_key: String,
    },
    Ga4 {
        measurement_id: String,
        api_secret: String,
    },
    MetaCapi {
        pixel_id: String,
        access_token: String,
        /// Graph API version, e.g. `v24.0`.
        api_version: String,
        /// Meta's Test Events code, for a test setup only.
        test_event_code: Option<String>,
    },
    Snowplow {
        app_id: String,
        namespace: String,
        /// Iglu vendor of the self-describing events tracksafe defines (`dev.tracksafe`).
        schema_vendor: String,
    },
}

impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HIDDEN: &str = "<secret>";
        match self {
            Account::Tracksafe { token } => f
                .debug_struct("Tracksafe")
                .field("token", &token.as_ref().map(|_| HIDDEN))
                .finish(),
            Account::Segment { .. } => f
                .debug_struct("Segment")
                .field("write_key", &HIDDEN)
                .finish(),
            Account::Ga4 { measurement_id, .. } => f
                .debug_struct("Ga4")
                .field("measurement_id", measurement_id)
                .field("api_secret", &HIDDEN)
                .finish(),
            Account::MetaCapi {
                pixel_id,
                api_version,
                test_event_code,
                ..
            } => f
                .debug_struct("MetaCapi")
                .field("pixel_id", pixel_id)
                .field("access_token", &HIDDEN)
                .field("api_version", api_version)
                .field("test_event_code", test_event_code)
                .finish(),
            Account::Snowplow {
                app_id,
                namespace,
                schema_vendor,
            } => f
                .debug_struct("Snowplow")
                .field("app_id", app_id)
                .field("namespace", namespace)
                .field("schema_vendor", schema_vendor)
                .finish(),
        }
    }
}
