//! What to highlight when a hit is shown: the characters each query word matched,
//! in the field where it matched.

use super::fields::role_fields;
use super::index::lowercase;
use super::score::{Term, field_positions};
use crate::model::Card;
use crate::model::text::safe_line;

/// The matched characters of one hit, as char indices into its texts as shown
/// (`safe_line`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    pub title: Vec<usize>,
    /// One per role of the card, in its order: the tag's matched characters, or the
    /// whole tag when a word matched the role's name.
    pub tags: Vec<Vec<usize>>,
    pub id: Vec<usize>,
    /// When some query words matched none of the above: a field the row does not
    /// show where they did — the description on one line, else a label as `#label` —
    /// and the characters those words matched there.
    pub elsewhere: Option<(String, Vec<usize>)>,
}

/// For each term, the char indices of `text` its best match there covers (none when
/// it does not match `text`).
pub(super) fn per_term(text: &str, terms: &[Term]) -> Vec<Vec<usize>> {
    // Lowercasing may turn one char into several: remember where each came from.
    let mut lowered = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (at, c) in text.chars().enumerate() {
        let lower = lowercase(c.encode_utf8(&mut [0; 4]));
        origin.extend(std::iter::repeat_n(at, lower.chars().count()));
        lowered.push_str(&lower);
    }
    terms
        .iter()
        .map(|term| {
            let mut at: Vec<usize> = field_positions(&lowered, term)
                .into_iter()
                .filter_map(|i| origin.get(i).copied())
                .collect();
            at.dedup();
            at
        })
        .collect()
}

fn union(matches: Vec<Vec<usize>>) -> Vec<usize> {
    let mut all: Vec<usize> = matches.into_iter().flatten().collect();
    all.sort_unstable();
    all.dedup();
    all
}

pub(super) fn highlights(card: &Card, terms: &[Term]) -> Highlights {
    let title = per_term(&safe_line(&card.title), terms);
    let id = per_term(card.id.as_str(), terms);
    let mut shown: Vec<bool> = (0..terms.len())
        .map(|t| !title[t].is_empty() || !id[t].is_empty())
        .collect();
    let tags = card
        .roles
        .iter()
        .map(|role| {
            let [tag, name] = role_fields(role);
            let in_tag = per_term(tag, terms);
            let in_name = per_term(name, terms);
            let mut whole_tag = false;
            for t in 0..terms.len() {
                shown[t] |= !in_tag[t].is_empty() || !in_name[t].is_empty();
                whole_tag |= in_tag[t].is_empty() && !in_name[t].is_empty();
            }
            if whole_tag {
                (0..tag.chars().count()).collect()
            } else {
                union(in_tag)
            }
        })
        .collect();
    let elsewhere = if shown.contains(&false) {
        let description = safe_line(&card.description.replace(['\n', '\r'], " ")).into_owned();
        let labels = card
            .labels
            .iter()
            .map(|label| format!("#{}", label.as_str()));
        std::iter::once(description).chain(labels).find_map(|text| {
            let unshown = per_term(&text, terms)
                .into_iter()
                .zip(&shown)
                .filter(|(_, shown)| !**shown)
                .map(|(matched, _)| matched);
            let matched = union(unshown.collect());
            (!matched.is_empty()).then_some((text, matched))
        })
    } else {
        None
    };
    Highlights {
        title: union(title),
        tags,
        id: union(id),
        elsewhere,
    }
}
