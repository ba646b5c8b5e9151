//! Free labels on a card (`#experiment`): `[a-z0-9_.-]{1,32}`, kept sorted and
//! without duplicates, so a card always serialises to the same bytes.

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The longest label.
pub const MAX_LABEL_LEN: usize = 32;

/// One label: 1 to 32 characters of `a-z`, `0-9`, `_`, `.` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label(CompactString);

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error(
    "invalid label \"{}\": a label is 1 to 32 characters of a-z, 0-9, _ . -",
    super::text::safe_line(.0)
)]
pub struct LabelError(pub String);

fn is_label_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-')
}

/// True when `text` is a valid label.
pub fn is_valid_label(text: &str) -> bool {
    (1..=MAX_LABEL_LEN).contains(&text.len()) && text.bytes().all(is_label_byte)
}

impl Label {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Label {
    type Err = LabelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if is_valid_label(s) {
            Ok(Label(CompactString::new(s)))
        } else {
            Err(LabelError(s.to_string()))
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A card's labels: sorted, no duplicates, whatever order they were given in. A boxed
/// slice, exactly as long as it is: 8 bytes less on every card than a `Vec`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Labels(Box<[Label]>);

impl Labels {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Label> {
        self.0.iter()
    }

    pub fn contains(&self, label: &Label) -> bool {
        self.0.binary_search(label).is_ok()
    }

    /// True when the two share at least one label.
    pub fn intersects(&self, other: &Labels) -> bool {
        self.0.iter().any(|l| other.contains(l))
    }

    /// Parses labels typed by a person: separated by commas and/or spaces
    /// (`experiment, churn` or `experiment churn`). Empty text is no labels.
    pub fn parse_list(text: &str) -> Result<Labels, LabelError> {
        text.split([',', ' '])
            .filter(|part| !part.is_empty())
            .map(str::parse)
            .collect()
    }

    /// The labels as typed back into a form: `churn experiment`.
    pub fn to_list(&self) -> String {
        let words: Vec<&str> = self.0.iter().map(Label::as_str).collect();
        words.join(" ")
    }
}

impl FromIterator<Label> for Labels {
    fn from_iter<I: IntoIterator<Item = Label>>(iter: I) -> Self {
        let mut labels: Vec<Label> = iter.into_iter().collect();
        labels.sort_unstable();
        labels.dedup();
        Labels(labels.into_boxed_slice())
    }
}

impl<'a> IntoIterator for &'a Labels {
    type Item = &'a Label;
    type IntoIter = std::slice::Iter<'a, Label>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Serialize for Labels {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A hand-edited file may list them in any order or twice: read them as the set.
        Ok(Vec::<Label>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_rule() {
        for good in ["churn", "exp-2", "v1.2", "a_b", "x", &"a".repeat(32)] {
            assert!(good.parse::<Label>().is_ok(), "{good}");
        }
        for bad in [
            "",
            "Churn",
            "two words",
            "é",
            "a/b",
            "#tag",
            &"a".repeat(33),
        ] {
            let err = bad.parse::<Label>().unwrap_err().to_string();
            assert!(err.contains("1 to 32 characters of a-z, 0-9"), "{err}");
        }
    }

    #[test]
    fn a_set_is_sorted_without_duplicates() {
        let labels = Labels::parse_list("churn, experiment churn,,a").unwrap();
        assert_eq!(labels.to_list(), "a churn experiment");
        assert!(Labels::parse_list("  ").unwrap().is_empty());
        assert!(Labels::parse_list("ok, Not-OK").is_err());
        let read: Labels = ron::from_str(r#"["b", "a", "b"]"#).unwrap();
        assert_eq!(read.to_list(), "a b");
        assert!(ron::from_str::<Labels>(r#"["A"]"#).is_err());
    }

    #[test]
    fn hostile_input_is_escaped_in_the_message() {
        let err = "\x1b[2J".parse::<Label>().unwrap_err().to_string();
        assert!(!err.contains('\x1b'), "{err}");
    }
}
