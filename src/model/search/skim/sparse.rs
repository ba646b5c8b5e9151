//! skim's matrix evaluated only at the columns where the pattern unit matches.
//!
//! In skim's recurrence the skip score of a row, `p[c] = max(m[c-1] - 4, p[c-1] - 1)`,
//! is a max-plus sum: `p[c] = max(base, max over matches k < c of m[k] + k - 3) - c`,
//! where `base` stands for the row's first cell (which skim, reusing two physical
//! rows, inherits from two rows up). So a row is fully described by its base and its
//! matching columns with their match scores and a running maximum ("reach"), and a
//! row costs a `memchr` over the text plus a little work per match, instead of a
//! dependent step per column.
//!
//! Exact where it matters: it drops the contributions of non-matching cells, whose
//! match score skim sets to NEG_INFINITY. Those can only decide a cell that no real
//! alignment reaches, and such values stay far below any real score as long as the
//! text and pattern are short enough (`MAX_TEXT`, `MAX_PATTERN`); longer ones use the
//! dense form. The property tests check both against skim.

use super::{BONUS_CONSECUTIVE, GAP_EXTENSION, NEG_INFINITY, SCORE_MATCH, Scores, Unit, bonus_at};
use std::cmp::max;

/// Longest text (in units) and pattern the sparse form is used for: real scores stay
/// above -(MAX_TEXT + 4 * MAX_PATTERN) and unreachable ones below
/// NEG_INFINITY + 32 * MAX_PATTERN, so the two never mix.
pub(super) const MAX_TEXT: usize = 16_384;
pub(super) const MAX_PATTERN: usize = 256;

/// A column where the row's pattern unit matches.
#[derive(Debug, Clone, Copy)]
struct Hit {
    col: i32,
    m: i32,
    /// `max(base, m[k] + k - 3 for every hit k up to this one)`.
    reach: i32,
}

/// One matrix row: its first column `start` and its hits in `hits[from..to]`.
#[derive(Debug, Clone, Copy)]
struct Row {
    start: usize,
    base: i32,
    from: usize,
    to: usize,
}

#[derive(Debug, Default)]
pub(in crate::model::search) struct Rows {
    rows: Vec<Row>,
    hits: Vec<Hit>,
}

/// `(m, p)` of a row at column `col` (past its start), given `after`: how many of
/// the row's hits lie before `col`.
fn cell_at(base: i32, hits: &[Hit], after: usize, col: i32) -> (i32, i32) {
    let m = match hits.get(after) {
        Some(hit) if hit.col == col => hit.m,
        _ => NEG_INFINITY,
    };
    let reach = after.checked_sub(1).map_or(base, |i| hits[i].reach);
    (m, reach - col)
}

/// `(m, p)` of `row` at column `col`, found by binary search.
fn cell(row: &Row, hits: &[Hit], col: usize) -> (i32, i32) {
    let hits = &hits[row.from..row.to];
    let col = col as i32;
    cell_at(row.base, hits, hits.partition_point(|h| h.col < col), col)
}

pub(super) fn score<U: Unit>(
    choice: &[U],
    pattern: &[U],
    first: &[usize],
    prefix_len: usize,
    buffers: &mut Rows,
) -> Option<Scores> {
    let Rows { rows, hits } = buffers;
    rows.clear();
    hits.clear();
    let mut last_stale = NEG_INFINITY;
    for (i, &unit) in pattern.iter().enumerate() {
        let start = *first.get(i)?;
        // The first cell: two rows up (the same physical row in skim), or the
        // initial rows: row 1 starts at (-inf, -inf), the base row at (-inf, -1).
        let (stale_m, stale_p) = match i {
            0 => (NEG_INFINITY, NEG_INFINITY),
            1 => (NEG_INFINITY, GAP_EXTENSION),
            _ => cell(&rows[i - 2], hits, start),
        };
        last_stale = stale_m;
        let base = max(stale_m - 3, stale_p) + start as i32;
        let from = hits.len();
        let mut reach = base;
        let previous = i.checked_sub(1).map(|r| rows[r]);
        // Hits come in column order, so the previous row is read with a cursor.
        let mut cursor = previous.map_or(0, |row| row.from);
        U::for_each_position(&choice[start..], unit, |offset| {
            let col = start + offset + 1;
            let (m_prev, p_prev) = match &previous {
                None => (NEG_INFINITY, GAP_EXTENSION),
                Some(row) => {
                    let at = col as i32 - 1;
                    while cursor < row.to && hits[cursor].col < at {
                        cursor += 1;
                    }
                    cell_at(row.base, &hits[row.from..row.to], cursor - row.from, at)
                }
            };
            let in_place = bonus_at(choice, col);
            let consecutive = max(in_place, BONUS_CONSECUTIVE);
            let m = max(m_prev + consecutive, p_prev + in_place) + SCORE_MATCH;
            reach = max(reach, m + col as i32 - 3);
            hits.push(Hit {
                col: col as i32,
                m,
                reach,
            });
        });
        rows.push(Row {
            start,
            base,
            from,
            to: hits.len(),
        });
    }
    // skim's answer: the best match score in the last row from its first cell on
    let last = rows.last()?;
    let last_hits = &hits[last.from..last.to];
    let whole = last_hits.iter().map(|h| h.m).fold(last_stale, max);
    let prefix = (last.start < prefix_len).then(|| {
        last_hits
            .iter()
            .take_while(|h| h.col as usize <= prefix_len)
            .map(|h| h.m)
            .fold(last_stale, max)
    });
    Some(Scores { whole, prefix })
}
