//! What a search looks at: the fields of a card, each matched on its own.

use crate::model::{Card, Role};

/// Calls `field` with each text of `card` a search looks at, the title first (a
/// match there earns the title bonus). A query word must match within one of them,
/// or within one of `role_fields` of a role the card has.
pub(super) fn each_text(card: &Card, mut field: impl FnMut(&str)) {
    field(&card.title);
    field(&card.description);
    field(card.id.as_str());
    for label in card.labels.iter() {
        field(label.as_str());
    }
}

/// The fields a card has for each of its roles: the role's tag and its name. They are
/// the same on every card, so a query word is matched against them once per search.
pub(super) fn role_fields(role: Role) -> [&'static str; 2] {
    [role.tag(), role.label()]
}
