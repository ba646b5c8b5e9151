//! Card, review and measurement ids: short random lowercase base-32 strings, never counters, so
//! clones of one board never hand out the same id.

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The alphabet of generated ids: lowercase base 32 without look-alikes (no i, l, o, u).
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
const GENERATED_LEN: usize = 8;

/// Ids read from files are checked against `[a-z0-9]{4,32}` so a file name built from
/// an id can never escape its directory.
pub fn is_valid_id(text: &str) -> bool {
    (4..=32).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid id {0:?}: ids are 4 to 32 characters of a-z and 0-9")]
pub struct IdError(pub String);

macro_rules! id_type {
    ($name:ident, $what:literal) => {
        #[doc = concat!("The id of a ", $what, ".")]
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        // Kept inline (no allocation): ids are at most 24 bytes but for rare long ones.
        pub struct $name(CompactString);

        impl $name {
            /// A fresh random id.
            pub fn generate(rng: &mut fastrand::Rng) -> $name {
                $name(random_id(rng))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                if is_valid_id(s) {
                    Ok($name(CompactString::new(s)))
                } else {
                    Err(IdError(s.to_string()))
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

id_type!(CardId, "card");
id_type!(ReviewId, "review");
id_type!(MeasurementId, "key-metric measurement");

fn random_id(rng: &mut fastrand::Rng) -> CompactString {
    (0..GENERATED_LEN)
        .map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_valid_and_distinct() {
        let mut rng = fastrand::Rng::with_seed(7);
        let a = CardId::generate(&mut rng);
        let b = CardId::generate(&mut rng);
        assert!(is_valid_id(a.as_str()));
        assert_eq!(a.as_str().len(), 8);
        assert_ne!(a, b);
    }

    #[test]
    fn refuses_path_tricks() {
        for bad in [
            "../etc",
            "ABCD",
            "a/b/c",
            "abc",
            "",
            "x".repeat(33).as_str(),
            "ab.c",
        ] {
            assert!(bad.parse::<CardId>().is_err(), "{bad:?} accepted");
        }
        assert!("k3m9x2qa".parse::<CardId>().is_ok());
    }
}
