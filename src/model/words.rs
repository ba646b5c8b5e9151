//! Counted nouns for messages: "1 card", "2 cards", "no reviews". Every count a
//! person reads goes through here, so singular and plural are never wrong.

/// `1 card`, `2 cards`, `0 cards` (the nouns mlboard counts take an `s`).
pub fn counted(count: usize, noun: &str) -> String {
    format!("{count} {}", noun_for(count, noun))
}

/// The noun alone, singular for one: `card` or `cards`.
pub fn noun_for(count: usize, noun: &str) -> String {
    if count == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_every_other_count_plural() {
        assert_eq!(counted(1, "file"), "1 file");
        assert_eq!(counted(0, "card"), "0 cards");
        assert_eq!(counted(2, "review"), "2 reviews");
        assert_eq!(noun_for(1, "problem"), "problem");
    }
}
