//! skim's matrix, column by column: the reference form of the algorithm, used for
//! texts too long for the sparse form's guarantees.

use super::{
    BONUS_CONSECUTIVE, GAP_EXTENSION, GAP_START, NEG_INFINITY, SCORE_MATCH, Scores, Unit, bonus_at,
};
use std::cmp::max;

/// The two matrix rows (match and skip scores), reused across calls.
#[derive(Debug, Default)]
pub(in crate::model::search) struct Rows {
    m: [Vec<i32>; 2],
    p: [Vec<i32>; 2],
}

/// The score of `pattern` in `choice` (and in `choice[..prefix_len]`), given the
/// greedy first match position of each pattern unit.
pub(super) fn score<U: Unit>(
    choice: &[U],
    pattern: &[U],
    first: &[usize],
    prefix_len: usize,
    rows: &mut Rows,
) -> Option<Scores> {
    let cols = choice.len() + 1;
    // A fresh matrix: every cell (NEG_INFINITY, NEG_INFINITY); then row 0, the base
    // row, gets p = GAP_EXTENSION. Row 1 is only read where this call wrote it.
    let [m0, m1] = &mut rows.m;
    let [p0, p1] = &mut rows.p;
    m0.clear();
    m0.resize(cols, NEG_INFINITY);
    p0.clear();
    p0.resize(cols, GAP_EXTENSION);
    m1.clear();
    m1.resize(cols, NEG_INFINITY);
    p1.clear();
    p1.resize(cols, NEG_INFINITY);

    for (i, &unit) in pattern.iter().enumerate() {
        // pattern unit i is matrix row i + 1; rows alternate between the two buffers
        let (m, p, m_prev, p_prev) = if i % 2 == 0 {
            (&mut *m1, &mut *p1, &*m0, &*p0)
        } else {
            (&mut *m0, &mut *p0, &*m1, &*p1)
        };
        // Equal-length slices over columns start+1..=n (and their left neighbours),
        // and the left neighbour's scores carried in registers, not re-read.
        let start = *first.get(i)?;
        let units = choice.get(start..)?;
        let len = units.len();
        let (Some((m_left_cell, m_row)), Some((p_left_cell, p_row))) =
            (m[start..].split_first_mut(), p[start..].split_first_mut())
        else {
            return None;
        };
        let (m_row, p_row) = (&mut m_row[..len], &mut p_row[..len]);
        let (m_prev, p_prev) = (&m_prev[start..start + len], &p_prev[start..start + len]);
        let (mut m_left, mut p_left) = (*m_left_cell, *p_left_cell);
        for k in 0..len {
            let m_here = if units[k] == unit {
                let in_place = bonus_at(choice, start + k + 1);
                let consecutive = max(in_place, BONUS_CONSECUTIVE);
                max(m_prev[k] + consecutive, p_prev[k] + in_place) + SCORE_MATCH
            } else {
                NEG_INFINITY
            };
            let p_here = max(GAP_START + GAP_EXTENSION + m_left, GAP_EXTENSION + p_left);
            m_row[k] = m_here;
            p_row[k] = p_here;
            (m_left, p_left) = (m_here, p_here);
        }
    }
    let last = if pattern.len().is_multiple_of(2) {
        &*m0
    } else {
        &*m1
    };
    let start = *first.last()?;
    let prefix_len = prefix_len.min(choice.len());
    let whole = last[start..].iter().copied().max()?;
    let prefix = (start < prefix_len)
        .then(|| last[start..=prefix_len].iter().copied().max())
        .flatten();
    Some(Scores { whole, prefix })
}
