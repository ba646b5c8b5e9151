//! The commands that change a board: add, move, review, archive (and, in `card_edit`,
//! edit, unarchive, delete). Each rule lives in
//! `model::ops` (shared with the TUI); these only gather the inputs and save.

use super::args::{AddArgs, ArchiveArgs, LabelArg, MoveArgs, ReviewArgs};
use super::session::{Session, now};
use super::{CliError, warn};
use crate::model::text::safe_line;
use crate::model::{CardId, Phase, ReviewId, RoleSet, ops};
use crate::store::FileOp;
use crate::store::user::user_name;
use std::io::Write;
use std::path::Path;

/// A one-line, non-blank name (a reviewer's, a board's).
pub fn validate_name(what: &str, name: &str) -> Result<(), CliError> {
    if crate::model::text::clean_line(name).trim().is_empty() {
        Err(CliError::new(format!("{what} cannot be empty")))
    } else if name.contains(['\n', '\r']) {
        Err(CliError::new(format!("{what} is one line")))
    } else {
        Ok(())
    }
}

pub fn add(root: &Path, args: AddArgs, out: &mut dyn Write) -> Result<(), CliError> {
    ops::validate_title(&args.title).map_err(CliError::new)?;
    let mut session = Session::open(root)?;
    let board = &session.board;
    let mut rng = fastrand::Rng::new();
    let id = loop {
        let id = CardId::generate(&mut rng);
        if board.key_of(&id).is_none() {
            break id;
        }
    };
    let phase = args.phase.unwrap_or(Phase::Design);
    let roles: RoleSet = args.roles.into_iter().collect();
    let mut card = ops::new_card(
        board,
        id,
        &args.title,
        &args.description,
        phase,
        roles,
        now(),
    )
    .map_err(|reason| CliError::new(safe_line(&reason)))?;
    card.labels = LabelArg::collect(&args.labels);
    card.due = args.due;
    let over_wip = ops::wip_overflow(board, phase, true);
    let label = format!("Add \"{}\"", card.title);
    session.save(label, vec![FileOp::write_card(&card)])?;
    if let Some((count, limit)) = over_wip {
        warn(&format!("{phase} is over its WIP limit ({count}/{limit})"));
    }
    writeln!(out, "{}", card.id)?;
    Ok(())
}

pub fn move_card(root: &Path, args: MoveArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut session = Session::open(root)?;
    let key = session.resolve(&args.id)?;
    let card = session.board.card(key);
    let Some(to) = args.phase.resolve(card.phase) else {
        let end = if card.phase == Phase::Design {
            "first"
        } else {
            "last"
        };
        return Err(CliError::new(format!(
            "\"{}\" is already in the {end} phase ({})",
            safe_line(&card.title),
            card.phase
        )));
    };
    let by = user_name(root);
    let plan = ops::plan_move(&session.board, key, to, now(), &by, args.force)
        .map_err(|reason| CliError::new(safe_line(&reason)))?;
    session.save(plan.describe(), vec![FileOp::write_card(&plan.card)])?;
    // What happened on stdout; what to worry about on stderr, like every warning.
    writeln!(out, "{}", safe_line(&plan.moved()))?;
    for warning in plan.warnings() {
        warn(&warning);
    }
    Ok(())
}

pub fn review(root: &Path, args: ReviewArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut session = Session::open(root)?;
    let key = session.resolve(&args.id)?;
    let reviewer = args.reviewer.unwrap_or_else(|| user_name(root));
    validate_name("the reviewer's name", &reviewer)?;
    let mut rng = fastrand::Rng::new();
    let id = loop {
        let id = ReviewId::generate(&mut rng);
        if session.board.review(&id).is_none() {
            break id;
        }
    };
    let review = ops::new_review(
        &session.board,
        id,
        key,
        now(),
        &reviewer,
        args.role,
        args.verdict,
        &args.note,
    );
    let title = &session.board.card(key).title;
    let label = format!("Review \"{title}\": {}", review.verdict);
    session.save(label, vec![FileOp::write_review(&review)])?;
    session.board.insert_review(review.clone());
    let card = session.board.card(key);
    writeln!(
        out,
        "Recorded {} by {} ({}) on \"{}\" in {}; it is now {}",
        review.verdict,
        safe_line(&review.reviewer),
        review.role.role().tag(),
        safe_line(&card.title),
        review.phase,
        session.board.state(key).word()
    )?;
    Ok(())
}

pub fn archive(root: &Path, args: ArchiveArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut session = Session::open(root)?;
    let key = session.resolve(&args.id)?;
    let card = session.board.card(key);
    if let Some(since) = card.archived {
        writeln!(
            out,
            "\"{}\" is already archived (since {since}); nothing changed",
            safe_line(&card.title)
        )?;
        return Ok(());
    }
    let archived = ops::toggle_archived(card, now());
    let label = format!("Archive \"{}\"", archived.title);
    session.save(label, vec![FileOp::write_card(&archived)])?;
    writeln!(
        out,
        "Archived \"{}\" ({})",
        safe_line(&archived.title),
        archived.id
    )?;
    Ok(())
}
