//! The hashing profiles: whose normalization rules an identifier follows before it is hashed.
//! Invariant: only `"meta"` and `"google"` name a profile; anything else is `UnknownProfile`.

use crate::error::{Error, Result};

/// Whose normalization rules to follow. Each mirrors the vendor's own reference library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Meta Conversions API: `facebook-nodejs-business-sdk` `ServerSideUtils.normalizeAndHash`.
    Meta,
    /// Google Data Manager API: `google-ads-datamanager-util` `Formatter`.
    Google,
}

impl Profile {
    /// Parses `"meta"` or `"google"` (exact, lowercase).
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "meta" => Ok(Self::Meta),
            "google" => Ok(Self::Google),
            _ => Err(Error::UnknownProfile),
        }
    }

    /// The profile's name, as accepted by `parse`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Meta => "meta",
            Self::Google => "google",
        }
    }
}

impl core::str::FromStr for Profile {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}
