//! Every caller mistake tracksafe can report, each with a stable `code` that JS can branch on.
//! Expected outcomes (no consent, a dropped property) are return values, never errors.

use core::fmt;

use crate::text::cat;

/// A caller mistake or malformed input. `code()` is stable across releases.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An options object has an unknown key, a wrong type or a bad value.
    InvalidOptions(String),
    /// A value has the wrong shape (e.g. a string where an object was expected).
    InvalidArgument(String),
    /// Input JSON could not be parsed, or exceeds a depth/size cap.
    InvalidJson(&'static str),
    /// An event is not of the accepted shape.
    InvalidEvent(String),
    /// A TC string could not be decoded.
    MalformedTcString(&'static str),
    /// A GPP string could not be decoded.
    MalformedGppString(&'static str),
    /// An email address that no hashing profile accepts.
    InvalidEmail,
    /// A phone number that no hashing profile accepts.
    InvalidPhone,
    /// Another identifier field (name, city, zip, …) that normalizes to nothing.
    InvalidField(&'static str),
    /// A hashing profile other than `meta` or `google`.
    UnknownProfile,
    /// A pseudonymization key shorter than 16 bytes.
    InvalidKey,
    /// An endpoint that is not `https:` (plain `http:` only for localhost).
    InsecureEndpoint,
    /// The random number generator of the platform failed.
    RandomUnavailable,
}

impl Error {
    /// The stable machine-readable code, e.g. `"MALFORMED_TC_STRING"`.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::InvalidOptions(_) => "INVALID_OPTIONS",
            Self::InvalidArgument(_) => "INVALID_ARGUMENT",
            Self::InvalidJson(_) => "INVALID_JSON",
            Self::InvalidEvent(_) => "INVALID_EVENT",
            Self::MalformedTcString(_) => "MALFORMED_TC_STRING",
            Self::MalformedGppString(_) => "MALFORMED_GPP_STRING",
            Self::InvalidEmail => "INVALID_EMAIL",
            Self::InvalidPhone => "INVALID_PHONE",
            Self::InvalidField(_) => "INVALID_FIELD",
            Self::UnknownProfile => "UNKNOWN_PROFILE",
            Self::InvalidKey => "INVALID_KEY",
            Self::InsecureEndpoint => "INSECURE_ENDPOINT",
            Self::RandomUnavailable => "RANDOM_UNAVAILABLE",
        }
    }

    /// Whether the mistake is a wrong shape (JS `TypeError`) rather than a bad value (`RangeError`).
    pub const fn is_type_error(&self) -> bool {
        matches!(
            self,
            Self::InvalidOptions(_) | Self::InvalidArgument(_) | Self::InvalidEvent(_)
        )
    }
}

impl Error {
    /// The human-readable message (what `Display` writes), built without `core::fmt` so the page
    /// build's JS boundary does not need it.
    pub fn message(&self) -> String {
        let (prefix, detail): (&str, &str) = match self {
            Self::InvalidOptions(m) => ("invalid options: ", m),
            Self::InvalidArgument(m) => ("invalid argument: ", m),
            Self::InvalidJson(m) => ("invalid JSON: ", m),
            Self::InvalidEvent(m) => ("invalid event: ", m),
            Self::MalformedTcString(m) => ("malformed TC string: ", m),
            Self::MalformedGppString(m) => ("malformed GPP string: ", m),
            Self::InvalidEmail => ("not a valid email address", ""),
            Self::InvalidPhone => ("not a valid phone number", ""),
            Self::InvalidField(field) => return cat!(field, " is empty after normalization"),
            Self::UnknownProfile => ("profile must be \"meta\" or \"google\"", ""),
            Self::InvalidKey => ("the key must be at least 16 bytes long", ""),
            Self::InsecureEndpoint => ("endpoint must be https: (http: only for localhost)", ""),
            Self::RandomUnavailable => ("the platform's random number generator failed", ""),
        };
        cat!(prefix, detail)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

/// Shorthand used across the core.
pub type Result<T> = core::result::Result<T, Error>;
