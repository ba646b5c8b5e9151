//! `mlboard stats [--json]`: the insights of the TUI's `i` as text tables or JSON.

use super::CliError;
use super::args::StatsArgs;
use super::json;
use super::output::{Screen, fit};
use super::session::{Session, now};
use super::stats_json::{StatsJson, date};
use crate::model::insights::{Aging, CYCLE_BUCKETS, DAY, Insights};
use crate::model::text::safe_line;
use crate::model::{CardState, Phase, Role, Verdict, format_duration};
use std::io::{self, Write};
use std::path::Path;

pub fn stats(root: &Path, args: StatsArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let session = Session::open(root)?;
    let board = &session.board;
    let insights = Insights::compute(board, now());
    if args.json {
        let value = StatsJson::new(&board.settings.name, &insights, &board.settings.metrics);
        json::write(out, &value)?;
    } else {
        write_text(&board.settings.name, &insights, Screen::detect(), out)?;
    }
    Ok(())
}

fn duration(secs: Option<i64>) -> String {
    secs.map_or_else(|| "—".to_string(), format_duration)
}

/// A bar of `value` out of `max`, `width` cells at most (a text chart: the number is
/// always printed beside it).
pub fn bar(value: usize, max: usize, width: usize) -> String {
    if max == 0 || value == 0 {
        return String::new();
    }
    let cells = (value * width).div_ceil(max).max(1);
    "█".repeat(cells)
}

fn heading(screen: &Screen, out: &mut dyn Write, text: &str) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", screen.bold(text))
}

fn aging_lines(list: &[Aging], out: &mut dyn Write) -> io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "  none");
    }
    for a in list {
        writeln!(
            out,
            "  {:>8}  {:<11}  {}  {}",
            format_duration(a.secs),
            a.phase.name(),
            a.card,
            fit(&safe_line(&a.title), 60)
        )?;
    }
    Ok(())
}

pub fn write_text(
    name: &str,
    insights: &Insights,
    screen: Screen,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        screen.bold(&format!(
            "Insights for \"{}\" at {}",
            safe_line(name),
            insights.now
        ))
    )?;
    write_phases(insights, screen, out)?;
    write_flow(insights, screen, out)?;
    write_roles(insights, screen, out)?;
    write_reviews(insights, screen, out)?;
    write_metrics(insights, screen, out)
}

fn write_phases(insights: &Insights, screen: Screen, out: &mut dyn Write) -> io::Result<()> {
    heading(&screen, out, "Phases")?;
    writeln!(
        out,
        "  {:<12} {:>6} {:>9} {:>8} {:>20} {:>24}",
        "phase", "cards", "archived", "WIP", "avg time there now", "avg finished stay (n)"
    )?;
    for phase in Phase::ALL {
        let s = &insights.phases[phase.index()];
        let wip = match s.wip_limit {
            Some(limit) => format!("{}/{limit}", s.active),
            None => "—".into(),
        };
        writeln!(
            out,
            "  {:<12} {:>6} {:>9} {:>8} {:>20} {:>24}",
            phase.name(),
            s.active,
            s.archived,
            wip,
            duration(s.average_current_secs),
            format!("{} ({})", duration(s.average_stay_secs), s.finished_stays)
        )?;
    }
    Ok(())
}

fn write_flow(insights: &Insights, screen: Screen, out: &mut dyn Write) -> io::Result<()> {
    let flow = &insights.flow;
    heading(&screen, out, "Flow")?;
    writeln!(
        out,
        "  Cards per phase at the end of the day (one row a week; --json has every day):"
    )?;
    writeln!(
        out,
        "  {:<10}  {:>6}  {:>11}  {:>10}",
        "date", "Design", "Development", "Deployment"
    )?;
    let days = flow.cumulative.len();
    // Weekly rows that end today.
    let mut rows: Vec<usize> = (0..days).rev().step_by(7).collect();
    rows.reverse();
    for i in rows {
        let [a, b, c] = flow.cumulative[i];
        let day = date(flow.flow_start.plus_seconds(i as i64 * DAY));
        writeln!(out, "  {day:<10}  {a:>6}  {b:>11}  {c:>10}")?;
    }
    if days == 0 {
        writeln!(out, "  no cards yet")?;
    }
    writeln!(out)?;
    writeln!(out, "  Moves into Deployment per week:")?;
    let max = flow.throughput.iter().copied().max().unwrap_or(0);
    for (i, n) in flow.throughput.iter().enumerate() {
        let week = date(flow.weeks_start.plus_seconds(i as i64 * 7 * DAY));
        writeln!(out, "  week of {week}  {n:>4}  {}", bar(*n, max, 30))?;
    }
    writeln!(out)?;
    let c = &flow.cycle;
    writeln!(
        out,
        "  Cycle time (first entry into Development to entry into Deployment): {} card{}, median {}, 85th percentile {}",
        c.count,
        if c.count == 1 { "" } else { "s" },
        duration(c.median_secs),
        duration(c.p85_secs)
    )?;
    let max = c.histogram.iter().copied().max().unwrap_or(0);
    for ((_, label), n) in CYCLE_BUCKETS.iter().zip(c.histogram) {
        writeln!(out, "  {label:>7}  {n:>4}  {}", bar(n, max, 30))?;
    }
    writeln!(out)?;
    writeln!(out, "  Longest in their current phase:")?;
    aging_lines(&flow.longest, out)
}

fn write_roles(insights: &Insights, screen: Screen, out: &mut dyn Write) -> io::Result<()> {
    let roles = &insights.roles;
    heading(&screen, out, "Roles (active cards per phase and role)")?;
    let mut header = format!("  {:<26}", "role");
    for phase in Phase::ALL {
        header.push_str(&format!("{:>13}", phase.name()));
    }
    writeln!(out, "{header}")?;
    for role in Role::ALL {
        let mut line = format!("  {:<4} {:<21}", role.tag(), role.label());
        for phase in Phase::ALL {
            let count = roles.counts[phase.index()][role as usize];
            let cell = if roles.is_flagged(phase, role) {
                "0 !".to_string()
            } else if !role.expected_in().contains(&phase) {
                format!("{count} ·")
            } else {
                count.to_string()
            };
            line.push_str(&format!("{cell:>13}"));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    let mut cards = format!("  {:<26}", "cards");
    for phase in Phase::ALL {
        cards.push_str(&format!("{:>13}", roles.cards[phase.index()]));
    }
    writeln!(out, "{cards}")?;
    writeln!(
        out,
        "  ! expected there but no card has the role · not expected in that phase"
    )?;
    for flag in &roles.flags {
        writeln!(out, "  ! {}", flag.reason)?;
    }
    if roles.flags.is_empty() {
        writeln!(
            out,
            "  every phase with cards has every role the life cycle expects"
        )?;
    }
    Ok(())
}

fn write_reviews(insights: &Insights, screen: Screen, out: &mut dyn Write) -> io::Result<()> {
    let r = &insights.reviews;
    heading(&screen, out, "Reviews")?;
    for phase in Phase::ALL {
        let counts = r.verdicts[phase.index()];
        let parts: Vec<String> = Verdict::ALL
            .iter()
            .zip(counts)
            .map(|(v, n)| format!("{} {n:>3}", v.name()))
            .collect();
        writeln!(out, "  {:<12} {}", phase.name(), parts.join("   "))?;
    }
    let states: Vec<String> = CardState::ALL
        .iter()
        .zip(r.states)
        .map(|(s, n)| format!("{} {n}", s.word()))
        .collect();
    writeln!(out, "  active cards: {}", states.join(", "))?;
    writeln!(out)?;
    writeln!(
        out,
        "  Waiting longest for a review (since they entered their phase):"
    )?;
    aging_lines(&r.waiting, out)?;
    writeln!(out)?;
    writeln!(out, "  Ungated moves: {}", r.ungated_moves)?;
    for m in &r.recent_ungated {
        writeln!(
            out,
            "  {}  {} → {}  by {}  {}  {}",
            m.at,
            m.from,
            m.to,
            fit(&safe_line(&m.by), 20),
            m.card,
            fit(&safe_line(&m.title), 50)
        )?;
    }
    Ok(())
}

fn write_metrics(insights: &Insights, screen: Screen, out: &mut dyn Write) -> io::Result<()> {
    heading(&screen, out, "Key metrics")?;
    if insights.metrics.is_empty() {
        return writeln!(
            out,
            "  none declared (`mlboard metric declare recall --at-least 0.85`)"
        );
    }
    for m in &insights.metrics {
        let latest = m.latest().map_or("unmeasured".to_string(), |l| {
            format!("latest {} at {}", l.value, l.at)
        });
        let trend = m
            .trend
            .map_or(String::new(), |t| format!(", {}", t.label()));
        writeln!(
            out,
            "  {:<24} goal {:<12} {} {:<10} {latest}{trend} ({} measurement{})",
            m.name.as_str(),
            m.goal.symbol(),
            m.status.symbol(),
            m.status.name(),
            m.measurements.len(),
            if m.measurements.len() == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}
