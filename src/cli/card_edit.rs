//! `edit`, `unarchive` and `delete`: the command line's way to do what the TUI's `e`,
//! `a` and `D` do, with the same rules (`model::ops`) and the same single change.

use super::CliError;
use super::args::{DeleteArgs, EditArgs, LabelArg, UnarchiveArgs};
use super::session::{Session, now};
use crate::model::ops::{self, CardEdit};
use crate::model::text::safe_line;
use crate::model::words::counted;
use crate::store::FileOp;
use std::io::Write;
use std::path::Path;

pub fn edit(root: &Path, args: EditArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut session = Session::open(root)?;
    let key = session.resolve(&args.id)?;
    let card = session.board.card(key);
    let edit = CardEdit {
        title: args.title,
        description: args.description,
        roles: args
            .roles
            .map(|roles| roles.into_iter().flatten().collect()),
        labels: args.labels.map(|labels| LabelArg::collect(&labels)),
        due: args.due.map(|due| due.date()),
    };
    let (edited, changed) = edit.apply(card).map_err(CliError::new)?;
    if changed.is_empty() {
        writeln!(
            out,
            "\"{}\" ({}) already has those values; nothing changed",
            safe_line(&card.title),
            card.id
        )?;
        return Ok(());
    }
    let label = format!("Edit \"{}\"", edited.title);
    session.save(label, vec![FileOp::write_card(&edited)])?;
    writeln!(
        out,
        "Edited \"{}\" ({}): {}",
        safe_line(&edited.title),
        edited.id,
        changed.join(", ")
    )?;
    Ok(())
}

pub fn unarchive(root: &Path, args: UnarchiveArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut session = Session::open(root)?;
    let key = session.resolve(&args.id)?;
    let card = session.board.card(key);
    if !card.is_archived() {
        writeln!(
            out,
            "\"{}\" ({}) is not archived; nothing changed",
            safe_line(&card.title),
            card.id
        )?;
        return Ok(());
    }
    let back = ops::toggle_archived(card, now());
    let label = format!("Unarchive \"{}\"", back.title);
    session.save(label, vec![FileOp::write_card(&back)])?;
    writeln!(
        out,
        "Unarchived \"{}\" ({}); it is back in {}",
        safe_line(&back.title),
        back.id,
        back.phase
    )?;
    Ok(())
}

pub fn delete(root: &Path, args: DeleteArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut session = Session::open(root)?;
    let key = session.resolve(&args.id)?;
    let card = session.board.card(key).clone();
    let reviews = session.board.reviews_of(&card.id).to_vec();
    let label = format!("Delete \"{}\"", card.title);
    session.save(label, FileOp::delete_card_and_reviews(&card.id, &reviews))?;
    let with = match reviews.len() {
        0 => String::new(),
        n => format!(" and its {}", counted(n, "review")),
    };
    writeln!(
        out,
        "Deleted \"{}\" ({}){with}",
        safe_line(&card.title),
        card.id
    )?;
    Ok(())
}
