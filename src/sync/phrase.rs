//! The phrases of a commit message, one per thing that changed: how each is worded,
//! how important it is, and which phrases a changed card or `board.ron` gives.

use crate::model::{BoardSettings, Card, Phase, Role, Verdict, text::safe_line};

/// One thing that changed (`priority` orders them for the summary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Phrase {
    CreateBoard {
        name: String,
        cards: usize,
    },
    AddCard {
        title: String,
        phase: Phase,
    },
    Move {
        title: String,
        to: Phase,
    },
    Review {
        title: String,
        verdict: Verdict,
        reviewer: String,
    },
    Archive {
        title: String,
    },
    Unarchive {
        title: String,
    },
    DeleteCard {
        title: String,
    },
    Rename {
        from: String,
        to: String,
    },
    Roles {
        title: String,
        added: Vec<Role>,
        removed: Vec<Role>,
    },
    Edit {
        title: String,
    },
    Reorder {
        title: String,
        phase: Phase,
    },
    Settings(String),
    RenameBoard {
        name: String,
    },
    DeleteBoard {
        name: String,
    },
    EditReview {
        title: String,
    },
    DeleteReview {
        title: String,
    },
    File {
        verb: &'static str,
        rel: String,
    },
}

/// `"Title"`, made safe for a terminal and shortened to `limit` characters.
fn quoted(title: &str, limit: usize) -> String {
    let safe = safe_line(title.trim());
    if safe.chars().count() <= limit {
        return format!("\"{safe}\"");
    }
    let cut: String = safe.chars().take(limit.saturating_sub(1)).collect();
    format!("\"{}…\"", cut.trim_end())
}

fn role_tags(sign: char, roles: &[Role]) -> Vec<String> {
    roles.iter().map(|r| format!("{sign}{}", r.tag())).collect()
}

impl Phrase {
    /// The phrase in words, titles cut to `limit` characters; `detail` adds what only
    /// the full list has room for.
    pub(super) fn render(&self, limit: usize, detail: bool) -> String {
        let q = |title: &str| quoted(title, limit);
        match self {
            Phrase::CreateBoard { name, cards } => {
                let plural = if *cards == 1 { "" } else { "s" };
                format!("create board {} with {cards} card{plural}", q(name))
            }
            Phrase::AddCard { title, phase } => format!("add {} to {phase}", q(title)),
            Phrase::Move { title, to } => format!("move {} to {to}", q(title)),
            Phrase::Review {
                title,
                verdict,
                reviewer,
            } => {
                if detail && !reviewer.trim().is_empty() {
                    format!(
                        "review {}: {verdict} (by {})",
                        q(title),
                        safe_line(reviewer.trim())
                    )
                } else {
                    format!("review {}: {verdict}", q(title))
                }
            }
            Phrase::Archive { title } => format!("archive {}", q(title)),
            Phrase::Unarchive { title } => format!("unarchive {}", q(title)),
            Phrase::DeleteCard { title } => format!("delete {}", q(title)),
            Phrase::Rename { from, to } => format!("rename {} to {}", q(from), q(to)),
            Phrase::Roles {
                title,
                added,
                removed,
            } => {
                let mut tags = role_tags('+', added);
                tags.extend(role_tags('-', removed));
                format!("roles of {}: {}", q(title), tags.join(" "))
            }
            Phrase::Edit { title } => format!("edit {}", q(title)),
            Phrase::Reorder { title, phase } => format!("reorder {} in {phase}", q(title)),
            Phrase::Settings(text) => text.clone(),
            Phrase::RenameBoard { name } => format!("rename the board to {}", q(name)),
            Phrase::DeleteBoard { name } => format!("delete board {}", q(name)),
            Phrase::EditReview { title } => format!("edit a review of {}", q(title)),
            Phrase::DeleteReview { title } => format!("delete a review of {}", q(title)),
            Phrase::File { verb, rel } => format!("{verb} {}", safe_line(rel)),
        }
    }

    /// A new board's cards are summed up by "create board … with N cards".
    pub(super) fn is_card_addition(&self) -> bool {
        matches!(self, Phrase::AddCard { .. })
    }
}

pub(super) fn priority(phrase: &Phrase) -> u8 {
    match phrase {
        Phrase::CreateBoard { .. } => 0,
        Phrase::AddCard { .. } => 1,
        Phrase::Move { .. } => 2,
        Phrase::Review { .. } => 3,
        Phrase::Archive { .. } | Phrase::Unarchive { .. } => 4,
        Phrase::DeleteCard { .. } => 5,
        Phrase::Rename { .. } => 6,
        Phrase::Roles { .. } => 7,
        Phrase::Edit { .. } => 8,
        Phrase::Reorder { .. } => 9,
        Phrase::Settings(_) | Phrase::RenameBoard { .. } | Phrase::DeleteBoard { .. } => 10,
        Phrase::EditReview { .. } | Phrase::DeleteReview { .. } => 11,
        Phrase::File { .. } => 12,
    }
}

/// Every way a card can change in one commit; usually exactly one applies.
pub(super) fn card_phrases(old: &Card, new: &Card) -> Vec<Phrase> {
    let title = || new.title.clone();
    let mut phrases = Vec::new();
    if old.phase != new.phase {
        phrases.push(Phrase::Move {
            title: title().to_string(),
            to: new.phase,
        });
    } else if old.rank != new.rank {
        phrases.push(Phrase::Reorder {
            title: title().to_string(),
            phase: new.phase,
        });
    }
    match (old.archived, new.archived) {
        (None, Some(_)) => phrases.push(Phrase::Archive {
            title: title().to_string(),
        }),
        (Some(_), None) => phrases.push(Phrase::Unarchive {
            title: title().to_string(),
        }),
        _ => {}
    }
    if old.title != new.title {
        phrases.push(Phrase::Rename {
            from: old.title.to_string(),
            to: new.title.to_string(),
        });
    }
    if old.roles != new.roles {
        phrases.push(Phrase::Roles {
            title: title().to_string(),
            added: new
                .roles
                .iter()
                .filter(|r| !old.roles.contains(*r))
                .collect(),
            removed: old
                .roles
                .iter()
                .filter(|r| !new.roles.contains(*r))
                .collect(),
        });
    }
    // A move appends to the history; anything else that differs is an edit.
    let history_grew_by_move = old.phase != new.phase && new.history.starts_with(&old.history);
    let other_edit = old.description != new.description
        || old.created != new.created
        || (old.archived.is_some() && new.archived.is_some() && old.archived != new.archived)
        || (old.history != new.history && !history_grew_by_move);
    if other_edit || phrases.is_empty() {
        phrases.push(Phrase::Edit {
            title: title().to_string(),
        });
    }
    phrases
}

pub(super) fn settings_phrases(old: &BoardSettings, new: &BoardSettings) -> Vec<Phrase> {
    let mut phrases = Vec::new();
    if old.name != new.name {
        phrases.push(Phrase::RenameBoard {
            name: new.name.clone(),
        });
    }
    if old.gate != new.gate {
        phrases.push(Phrase::Settings(format!(
            "set the gate policy to {:?}",
            new.gate
        )));
    }
    for phase in Phase::ALL {
        let (before, after) = (old.wip_limits.get(phase), new.wip_limits.get(phase));
        if before != after {
            phrases.push(Phrase::Settings(match after {
                Some(limit) => format!("set the WIP limit of {phase} to {limit}"),
                None => format!("remove the WIP limit of {phase}"),
            }));
        }
    }
    if old.autocommit != new.autocommit {
        let state = if new.autocommit { "on" } else { "off" };
        phrases.push(Phrase::Settings(format!("turn autocommit {state}")));
    }
    for decl in &new.metrics {
        let before = old.metrics.iter().find(|m| m.name == decl.name);
        match before {
            None => phrases.push(Phrase::Settings(format!(
                "declare key metric {}: {}",
                decl.name,
                decl.goal.words()
            ))),
            Some(b) if b.goal != decl.goal => phrases.push(Phrase::Settings(format!(
                "set the goal of {} to {}",
                decl.name,
                decl.goal.words()
            ))),
            Some(_) => {}
        }
    }
    for decl in &old.metrics {
        if !new.metrics.iter().any(|m| m.name == decl.name) {
            phrases.push(Phrase::Settings(format!("remove key metric {}", decl.name)));
        }
    }
    if old.format != new.format {
        phrases.push(Phrase::Settings(format!(
            "change the board format to {}",
            new.format
        )));
    }
    if phrases.is_empty() {
        phrases.push(Phrase::Settings("edit the board settings".to_string()));
    }
    phrases
}
