//! Loose parsing of the names people type: phases, roles, verdicts and move targets,
//! case-insensitive, by full name, label, tag (`ds`, `mle`, `bs`) or any unique prefix.
//!
//! Pure and shared, so the CLI and any future prompt accept exactly the same words and
//! every error names the valid values.

use super::{Phase, ReviewerRole, Role, Verdict};

/// Where `mlboard move` sends a card: a phase, or the next / previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveTarget {
    Phase(Phase),
    Next,
    Prev,
}

impl MoveTarget {
    /// The phase this target means for a card now in `from`; `None` past either end.
    pub fn resolve(self, from: Phase) -> Option<Phase> {
        match self {
            MoveTarget::Phase(phase) => Some(phase),
            MoveTarget::Next => from.next(),
            MoveTarget::Prev => from.prev(),
        }
    }
}

/// A name that did not parse: what kind of name, what was typed, and what would do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct NameError {
    pub kind: &'static str,
    pub input: String,
    /// Set when the input is a prefix of several names: those names.
    pub ambiguous: Vec<String>,
    /// Every valid value, as shown to the user.
    pub valid: Vec<String>,
    /// The value the input most likely misspells (`devlopment`: Development), if any.
    pub suggestion: Option<String>,
}

impl NameError {
    /// The message: what was wrong with the input, and every valid value.
    fn describe(&self) -> String {
        let input = super::text::safe_line(&self.input);
        let what = if self.ambiguous.is_empty() {
            match &self.suggestion {
                Some(guess) => format!("unknown {} \"{input}\" (did you mean {guess}?)", self.kind),
                None => format!("unknown {} \"{input}\"", self.kind),
            }
        } else {
            format!(
                "ambiguous {} \"{input}\": it could be {}",
                self.kind,
                self.ambiguous.join(", ")
            )
        };
        format!("{what}; valid values: {}", self.valid.join(", "))
    }
}

/// Letters and digits only, lowercased: `Data-Scientist`, `data_scientist` and
/// `DataScientist` all read as `datascientist`.
fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// One accepted spelling of a value, already normalized.
struct Spelling<T> {
    word: String,
    value: T,
}

/// The value a mistyped name most likely means: the best fuzzy (skim) match of the
/// input's letters, in order, against every spelling. Only a suggestion for the error
/// message, never taken as the answer: a script's typo must not move a card somewhere
/// it did not say. Inputs under three letters suggest nothing (too many match).
fn suggest<T: Copy>(wanted: &str, spellings: &[Spelling<T>]) -> Option<T> {
    use fuzzy_matcher::FuzzyMatcher;
    if wanted.chars().count() < 3 {
        return None;
    }
    let matcher = fuzzy_matcher::skim::SkimMatcherV2::default();
    spellings
        .iter()
        .filter_map(|s| matcher.fuzzy_match(&s.word, wanted).map(|score| (score, s)))
        .max_by_key(|(score, _)| *score)
        .map(|(_, s)| s.value)
}

/// The shared rule: an exact spelling wins; otherwise the value whose spellings are
/// the only ones starting with the input.
fn pick<T: Copy + PartialEq>(
    kind: &'static str,
    input: &str,
    spellings: &[Spelling<T>],
    display: impl Fn(T) -> String,
    valid: Vec<String>,
) -> Result<T, NameError> {
    let wanted = normalize(input);
    let error = |ambiguous: Vec<String>| NameError {
        kind,
        input: input.to_string(),
        suggestion: ambiguous
            .is_empty()
            .then(|| suggest(&wanted, spellings).map(&display))
            .flatten(),
        ambiguous,
        valid: valid.clone(),
    };
    if wanted.is_empty() {
        return Err(error(Vec::new()));
    }
    if let Some(exact) = spellings.iter().find(|s| s.word == wanted) {
        return Ok(exact.value);
    }
    let mut found: Vec<T> = Vec::new();
    for spelling in spellings.iter().filter(|s| s.word.starts_with(&wanted)) {
        if !found.contains(&spelling.value) {
            found.push(spelling.value);
        }
    }
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(error(Vec::new())),
        many => Err(error(many.iter().map(|v| display(*v)).collect())),
    }
}

fn phase_spellings() -> Vec<Spelling<Phase>> {
    Phase::ALL
        .iter()
        .map(|p| Spelling {
            word: normalize(p.name()),
            value: *p,
        })
        .collect()
}

/// `design`, `Dev`, `deployment`...
pub fn parse_phase(input: &str) -> Result<Phase, NameError> {
    let valid = Phase::ALL.iter().map(|p| p.name().to_lowercase()).collect();
    pick(
        "phase",
        input,
        &phase_spellings(),
        |p| p.name().to_string(),
        valid,
    )
}

/// A phase, or `next` / `prev` (also `previous`).
pub fn parse_move_target(input: &str) -> Result<MoveTarget, NameError> {
    let mut spellings: Vec<Spelling<MoveTarget>> = phase_spellings()
        .into_iter()
        .map(|s| Spelling {
            word: s.word,
            value: MoveTarget::Phase(s.value),
        })
        .collect();
    for (word, value) in [
        ("next", MoveTarget::Next),
        ("prev", MoveTarget::Prev),
        ("previous", MoveTarget::Prev),
    ] {
        spellings.push(Spelling {
            word: word.to_string(),
            value,
        });
    }
    let mut valid: Vec<String> = Phase::ALL.iter().map(|p| p.name().to_lowercase()).collect();
    valid.extend(["next".to_string(), "prev".to_string()]);
    let display = |t: MoveTarget| match t {
        MoveTarget::Phase(p) => p.name().to_lowercase(),
        MoveTarget::Next => "next".to_string(),
        MoveTarget::Prev => "prev".to_string(),
    };
    pick("phase", input, &spellings, display, valid)
}

fn role_display(role: Role) -> String {
    format!("{} ({})", role.tag().to_lowercase(), role.name())
}

/// Picks one of `roles` by tag, name, label or unique prefix.
fn pick_role(kind: &'static str, input: &str, roles: &[Role]) -> Result<Role, NameError> {
    let mut spellings = Vec::with_capacity(roles.len() * 2);
    for &role in roles {
        for word in [role.tag(), role.name()] {
            spellings.push(Spelling {
                word: normalize(word),
                value: role,
            });
        }
    }
    let valid = roles.iter().copied().map(role_display).collect();
    pick(kind, input, &spellings, role_display, valid)
}

/// A role by tag (`ds`), name (`DataScientist`), label (`data scientist`) or prefix.
pub fn parse_role(input: &str) -> Result<Role, NameError> {
    pick_role("role", input, &Role::ALL)
}

/// Only the business roles review: `bs` or `sme` (or their names, or a prefix: `b`, `s`).
pub fn parse_reviewer_role(input: &str) -> Result<ReviewerRole, NameError> {
    let roles = ReviewerRole::ALL.map(ReviewerRole::role);
    let role = pick_role("reviewer role", input, &roles)?;
    // pick_role only returns one of `roles`, which are all reviewer roles
    ReviewerRole::from_role(role).ok_or_else(|| NameError {
        kind: "reviewer role",
        input: input.to_string(),
        ambiguous: Vec::new(),
        valid: roles.into_iter().map(role_display).collect(),
        suggestion: None,
    })
}

/// `continue`, `rework` or `stop`, or a prefix (`c`, `r`, `s`).
pub fn parse_verdict(input: &str) -> Result<Verdict, NameError> {
    let spellings: Vec<Spelling<Verdict>> = Verdict::ALL
        .into_iter()
        .map(|v| Spelling {
            word: normalize(v.name()),
            value: v,
        })
        .collect();
    let valid = Verdict::ALL
        .into_iter()
        .map(|v| v.name().to_lowercase())
        .collect();
    pick(
        "verdict",
        input,
        &spellings,
        |v| v.name().to_string(),
        valid,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_by_name_case_and_prefix() {
        assert_eq!(parse_phase("design"), Ok(Phase::Design));
        assert_eq!(parse_phase("DEVELOPMENT"), Ok(Phase::Development));
        assert_eq!(parse_phase("dev"), Ok(Phase::Development));
        assert_eq!(parse_phase("Dep"), Ok(Phase::Deployment));
        assert_eq!(parse_phase("des"), Ok(Phase::Design));
    }

    #[test]
    fn ambiguous_prefix_names_the_candidates() {
        let err = parse_phase("de").unwrap_err();
        assert_eq!(err.ambiguous, ["Design", "Development", "Deployment"]);
        let text = err.to_string();
        assert!(text.starts_with("ambiguous phase \"de\""), "{text}");
        assert!(text.contains("valid values: design, development, deployment"));
    }

    #[test]
    fn unknown_names_list_the_valid_values() {
        let err = parse_phase("testing").unwrap_err();
        assert!(err.ambiguous.is_empty());
        assert_eq!(
            err.to_string(),
            "unknown phase \"testing\"; valid values: design, development, deployment"
        );
        assert!(parse_phase("").is_err());
        assert!(parse_phase("   ").is_err());
    }

    #[test]
    fn a_misspelled_name_suggests_what_it_likely_means_but_is_still_refused() {
        let err = parse_phase("devlopment").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("Development"));
        assert!(
            err.to_string()
                .starts_with("unknown phase \"devlopment\" (did you mean Development?);"),
            "{err}"
        );
        assert_eq!(
            parse_phase("dploymnt").unwrap_err().suggestion.as_deref(),
            Some("Deployment")
        );
        // a word that is no misspelling of any phase suggests nothing
        assert_eq!(parse_phase("testing").unwrap_err().suggestion, None);
        // nor does a short one
        assert_eq!(parse_phase("zz").unwrap_err().suggestion, None);
    }

    #[test]
    fn move_targets() {
        assert_eq!(parse_move_target("next"), Ok(MoveTarget::Next));
        assert_eq!(parse_move_target("n"), Ok(MoveTarget::Next));
        assert_eq!(parse_move_target("prev"), Ok(MoveTarget::Prev));
        assert_eq!(parse_move_target("previous"), Ok(MoveTarget::Prev));
        assert_eq!(parse_move_target("pre"), Ok(MoveTarget::Prev));
        assert_eq!(
            parse_move_target("deploy"),
            Ok(MoveTarget::Phase(Phase::Deployment))
        );
        assert!(parse_move_target("d").is_err());
        assert_eq!(MoveTarget::Next.resolve(Phase::Deployment), None);
        assert_eq!(MoveTarget::Prev.resolve(Phase::Design), None);
        assert_eq!(
            MoveTarget::Next.resolve(Phase::Design),
            Some(Phase::Development)
        );
    }

    #[test]
    fn roles_by_tag_name_label_and_prefix() {
        assert_eq!(parse_role("ds"), Ok(Role::DataScientist));
        assert_eq!(parse_role("MLE"), Ok(Role::MlEngineer));
        assert_eq!(parse_role("bs"), Ok(Role::BusinessStakeholder));
        assert_eq!(parse_role("sme"), Ok(Role::SubjectMatterExpert));
        assert_eq!(parse_role("DataEngineer"), Ok(Role::DataEngineer));
        assert_eq!(parse_role("data scientist"), Ok(Role::DataScientist));
        assert_eq!(parse_role("backend-engineer"), Ok(Role::BackendEngineer));
        assert_eq!(parse_role("soft"), Ok(Role::SoftwareEngineer));
        assert_eq!(parse_role("m"), Ok(Role::MlEngineer));
        // "de" is the Data Engineer's tag, even though it also starts other names
        assert_eq!(parse_role("de"), Ok(Role::DataEngineer));
    }

    #[test]
    fn ambiguous_and_unknown_roles() {
        let err = parse_role("data").unwrap_err();
        assert_eq!(
            err.ambiguous,
            ["de (DataEngineer)", "ds (DataScientist)"],
            "{err}"
        );
        let err = parse_role("pm").unwrap_err();
        assert!(
            err.to_string().contains("bs (BusinessStakeholder)"),
            "{err}"
        );
        assert!(err.to_string().contains("be (BackendEngineer)"), "{err}");
    }

    #[test]
    fn reviewer_roles_are_only_the_business_ones() {
        assert_eq!(
            parse_reviewer_role("bs"),
            Ok(ReviewerRole::BusinessStakeholder)
        );
        assert_eq!(
            parse_reviewer_role("SubjectMatter"),
            Ok(ReviewerRole::SubjectMatterExpert)
        );
        let err = parse_reviewer_role("ds").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown reviewer role \"ds\"; valid values: bs (BusinessStakeholder), sme (SubjectMatterExpert)"
        );
        assert_eq!(
            parse_reviewer_role("s"),
            Ok(ReviewerRole::SubjectMatterExpert)
        );
        assert_eq!(
            parse_reviewer_role("B"),
            Ok(ReviewerRole::BusinessStakeholder)
        );
    }

    #[test]
    fn verdicts() {
        assert_eq!(parse_verdict("continue"), Ok(Verdict::Continue));
        assert_eq!(parse_verdict("C"), Ok(Verdict::Continue));
        assert_eq!(parse_verdict("rework"), Ok(Verdict::Rework));
        assert_eq!(parse_verdict("Stop"), Ok(Verdict::Stop));
        let err = parse_verdict("maybe").unwrap_err();
        assert!(err.to_string().ends_with("continue, rework, stop"), "{err}");
    }

    #[test]
    fn hostile_input_is_escaped_in_errors() {
        let err = parse_verdict("\x1b[2J").unwrap_err();
        assert!(!err.to_string().contains('\x1b'));
    }
}
