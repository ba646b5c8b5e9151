//! `export --format html`: one self-contained page for the stakeholder who lives in a
//! browser. No script, nothing from the network (a Content-Security-Policy says so to
//! the browser as well), inline CSS and SVG. Every text from the board is escaped. The
//! page is also well-formed XML (`<meta .../>`, `<br/>`), so any XML tool can read it.

use super::Export;
use super::svg::{self, escape};
use crate::cli::stats_json::date;
use crate::model::insights::{CYCLE_BUCKETS, DAY};
use crate::model::metric::{Status, Trend};
use crate::model::text::{safe_line, safe_text};
use crate::model::{CardKey, CardState, Phase, Role, Verdict, format_duration};
use std::fmt::Write as _;
use std::io::{self, Write};

const STYLE: &str = "
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --bg: #f6f7f9; --card: #ffffff;
  --line: #d5d9e0; --d0: #6c8ebf; --d1: #d6a63a; --d2: #4f9a6b; --ok: #1f7a44; --bad: #b3261e; --warn: #8a5a00; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #a2aab8; --bg: #14171d; --card: #1d222b; --line: #384050; } }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 1.5rem; max-width: 1400px; }
h1 { margin: 0 0 .2rem; } h2 { margin: 2rem 0 .6rem; border-bottom: 1px solid var(--line); }
.muted, .tick { color: var(--muted); fill: var(--muted); font-size: 12px; }
table { border-collapse: collapse; margin: .4rem 0 1rem; } th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
.columns { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1rem; }
.column { background: transparent; } .column > h3 { margin: .2rem 0 .6rem; }
.card { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin-bottom: .7rem; }
.card h4 { margin: 0 0 .3rem; font-size: 1rem; } .card p { margin: .2rem 0; }
.card.passed { border-left-color: var(--ok); } .card.stopped { border-left-color: var(--bad); } .card.rework { border-left-color: var(--warn); }
.labels { font-size: 12px; margin: .2rem 0; }
.overdue { color: #b00020; font-weight: bold; }
.tag { display: inline-block; font-size: 12px; border: 1px solid var(--line); border-radius: 4px; padding: 0 .3rem; margin-right: .2rem; }
.reviews { margin: .3rem 0 0; padding-left: 1.1rem; font-size: 13px; }
.met { color: var(--ok); font-weight: 600; } .missed { color: var(--bad); font-weight: 600; } .unmeasured { color: var(--muted); }
.flag { color: var(--warn); }
.chart { max-width: 100%; height: auto; display: block; margin: .3rem 0 1rem; }
.chart text { font-size: 12px; fill: var(--fg); } .chart .tick { fill: var(--muted); }
.axis { stroke: var(--line); } .bar { fill: var(--d0); } .band.phase0 { fill: var(--d0); } .band.phase1 { fill: var(--d1); } .band.phase2 { fill: var(--d2); }
.goal { stroke: var(--bad); stroke-dasharray: 6 4; } .series { fill: none; stroke: var(--d0); stroke-width: 2; } .point { fill: var(--d0); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1rem; }
@media (max-width: 900px) { .columns { grid-template-columns: 1fr; } }
";

/// One line of board text for the page.
fn line(text: &str) -> String {
    escape(&safe_line(text))
}

pub fn write(export: &Export, out: &mut dyn Write) -> io::Result<()> {
    let board = export.board;
    let name = line(&board.settings.name);
    let mut page = String::with_capacity(64 * 1024 + export.cards.len() * 600);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
<meta name=\"generator\" content=\"mlboard\"/>\n<title>{name}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(
        page,
        "<header><h1>{name}</h1><p class=\"muted\">Exported {} · gate policy {:?} · {} card{} · made by mlboard</p></header>",
        export.insights.now,
        board.settings.gate,
        export.cards.len(),
        if export.cards.len() == 1 { "" } else { "s" }
    );
    metrics_section(export, &mut page);
    flow_section(export, &mut page);
    board_section(export, &mut page);
    roles_section(export, &mut page);
    reviews_section(export, &mut page);
    page.push_str("</body>\n</html>\n");
    out.write_all(page.as_bytes())
}

fn metrics_section(export: &Export, page: &mut String) {
    let metrics = &export.insights.metrics;
    page.push_str("<section id=\"metrics\"><h2>Key metrics</h2>\n");
    if metrics.is_empty() {
        page.push_str("<p class=\"muted\">No key metrics declared.</p></section>\n");
        return;
    }
    page.push_str("<table><thead><tr><th>Metric</th><th>Goal</th><th>Latest</th><th>Status</th><th>Trend</th><th>Measurements</th></tr></thead><tbody>\n");
    for m in metrics {
        let latest = m.latest().map_or("—".to_string(), |l| {
            format!(
                "{} <span class=\"muted\">({}, by {})</span>",
                l.value,
                date(l.at),
                line(&l.by)
            )
        });
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{latest}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(m.name.as_str()),
            escape(&m.goal.words()),
            m.status.name(),
            m.status.label(),
            m.trend.map_or("—".to_string(), Trend::label),
            m.measurements.len()
        );
    }
    page.push_str("</tbody></table>\n<div class=\"charts\">\n");
    for m in metrics {
        let points: Vec<(i64, f64)> = m
            .measurements
            .iter()
            .map(|x| (x.at.unix(), x.value.get()))
            .collect();
        let status = match m.status {
            Status::Met => "met",
            Status::Missed => "missed",
            Status::Unmeasured => "unmeasured",
        };
        let title = format!(
            "{}: goal {}, {} measurement{}, {status}",
            m.name,
            m.goal.words(),
            points.len(),
            if points.len() == 1 { "" } else { "s" }
        );
        let _ = writeln!(
            page,
            "<figure><figcaption>{}</figcaption>{}</figure>",
            escape(&title),
            svg::line_against_goal(
                &title,
                &points,
                m.goal.target().get(),
                &format!("goal {}", m.goal.symbol())
            )
        );
    }
    page.push_str("</div></section>\n");
}

fn flow_section(export: &Export, page: &mut String) {
    let flow = &export.insights.flow;
    page.push_str("<section id=\"flow\"><h2>Flow</h2>\n<div class=\"charts\">\n");
    let first = date(flow.flow_start);
    let last = date(
        flow.flow_start
            .plus_seconds(flow.cumulative.len().saturating_sub(1) as i64 * DAY),
    );
    let title =
        format!("Cumulative flow: cards per phase at the end of each day, {first} to {last}");
    let names = Phase::ALL.map(|p| p.name());
    let _ = writeln!(
        page,
        "<figure><figcaption>{}</figcaption>{}<p class=\"muted\">Bands from the bottom: Deployment, Development, Design.</p></figure>",
        escape(&title),
        svg::stacked_area(&title, &flow.cumulative, &first, &last, names)
    );
    let weeks: Vec<(String, usize)> = flow
        .throughput
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                date(flow.weeks_start.plus_seconds(i as i64 * 7 * DAY))[5..].to_string(),
                *n,
            )
        })
        .collect();
    let title = "Throughput: moves into Deployment per week (weeks starting Monday)";
    let _ = writeln!(
        page,
        "<figure><figcaption>{title}</figcaption>{}</figure>",
        svg::bars(title, &weeks)
    );
    let c = &flow.cycle;
    let buckets: Vec<(String, usize)> = CYCLE_BUCKETS
        .iter()
        .zip(c.histogram)
        .map(|((_, label), n)| (label.to_string(), n))
        .collect();
    let shown = |s: Option<i64>| s.map_or("—".to_string(), format_duration);
    let title = format!(
        "Cycle time, first entry into Development to entry into Deployment: {} card{}, median {}, 85th percentile {}",
        c.count,
        if c.count == 1 { "" } else { "s" },
        shown(c.median_secs),
        shown(c.p85_secs)
    );
    let _ = writeln!(
        page,
        "<figure><figcaption>{}</figcaption>{}</figure>",
        escape(&title),
        svg::bars(&title, &buckets)
    );
    page.push_str("</div>\n<h3>Longest in their phase</h3>\n");
    aging_table(&flow.longest, page);
    page.push_str("</section>\n");
}

fn aging_table(list: &[crate::model::insights::Aging], page: &mut String) {
    if list.is_empty() {
        page.push_str("<p class=\"muted\">None.</p>\n");
        return;
    }
    page.push_str("<table><thead><tr><th>For</th><th>Phase</th><th>Card</th><th>Since</th></tr></thead><tbody>\n");
    for a in list {
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{} <span class=\"muted\">{}</span></td><td>{}</td></tr>",
            format_duration(a.secs),
            a.phase,
            line(&a.title),
            a.card,
            a.since
        );
    }
    page.push_str("</tbody></table>\n");
}

fn state_class(state: CardState) -> &'static str {
    match state {
        CardState::Passed => "passed",
        CardState::AwaitingReview => "awaiting",
        CardState::Rework => "rework",
        CardState::Stopped => "stopped",
    }
}

fn card_html(export: &Export, key: CardKey, page: &mut String) {
    let board = export.board;
    let card = board.card(key);
    let state = board.state(key);
    let _ = write!(
        page,
        "<article class=\"card {}\" id=\"card-{}\"><h4>{}</h4>",
        state_class(state),
        card.id,
        line(&card.title)
    );
    let tags: Vec<String> = card
        .roles
        .iter()
        .map(|r| {
            format!(
                "<span class=\"tag\" title=\"{}\">{}</span>",
                r.label(),
                r.tag()
            )
        })
        .collect();
    if !tags.is_empty() {
        let _ = write!(page, "<p>{}</p>", tags.join(""));
    }
    let labels = Export::labels_text(card);
    let due = export.due_text(card);
    if !labels.is_empty() || !due.is_empty() {
        let overdue = if card.due.is_some() && card.is_overdue(export.today) {
            " overdue"
        } else {
            ""
        };
        let sep = if labels.is_empty() || due.is_empty() {
            ""
        } else {
            " · "
        };
        let _ = write!(
            page,
            "<p class=\"labels{overdue}\">{}{sep}{}</p>",
            line(&labels),
            line(&due)
        );
    }
    let archived = card
        .archived
        .map_or(String::new(), |t| format!(" · archived {}", date(t)));
    let _ = write!(
        page,
        "<p class=\"state\">{} {}{archived} <span class=\"muted\">{}</span></p>",
        state.symbol(),
        state.word(),
        card.id
    );
    if !card.description.trim().is_empty() {
        let text = escape(&safe_text(&card.description)).replace('\n', "<br/>");
        let _ = write!(page, "<p class=\"muted\">{text}</p>");
    }
    let reviews = board.reviews_of(&card.id);
    if !reviews.is_empty() {
        page.push_str("<ul class=\"reviews\">");
        for r in reviews.iter().rev() {
            let note = if r.note.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", line(&r.note))
            };
            let _ = write!(
                page,
                "<li>{} <strong>{}</strong> by {} ({}) in {}{note}</li>",
                date(r.at),
                r.verdict,
                line(&r.reviewer),
                r.role.role().tag(),
                r.phase
            );
        }
        page.push_str("</ul>");
    }
    let measured = board.measurements.of_card(&card.id);
    if !measured.is_empty() {
        let list: Vec<String> = measured
            .iter()
            .map(|m| {
                format!(
                    "{} = {} ({})",
                    escape(m.metric.as_str()),
                    m.value,
                    date(m.at)
                )
            })
            .collect();
        let _ = write!(page, "<p class=\"muted\">Measured: {}</p>", list.join(", "));
    }
    page.push_str("</article>\n");
}

fn board_section(export: &Export, page: &mut String) {
    page.push_str("<section id=\"board\"><h2>Board</h2>\n<div class=\"columns\">\n");
    for phase in Phase::ALL {
        let keys: Vec<CardKey> = export.column(phase).collect();
        let limit = export
            .board
            .settings
            .wip_limits
            .get(phase)
            .map_or(String::new(), |l| format!("/{l}"));
        let _ = writeln!(
            page,
            "<section class=\"column\"><h3>{phase} <span class=\"muted\">{}{limit}</span></h3>",
            keys.len()
        );
        if keys.is_empty() {
            page.push_str("<p class=\"muted\">No cards.</p>\n");
        }
        for key in keys {
            card_html(export, key, page);
        }
        page.push_str("</section>\n");
    }
    page.push_str("</div></section>\n");
}

fn roles_section(export: &Export, page: &mut String) {
    let roles = &export.insights.roles;
    page.push_str("<section id=\"roles\"><h2>Roles</h2>\n<table><thead><tr><th>Role</th>");
    for phase in Phase::ALL {
        let _ = write!(
            page,
            "<th>{phase} ({} cards)</th>",
            roles.cards[phase.index()]
        );
    }
    page.push_str("</tr></thead><tbody>\n");
    for role in Role::ALL {
        let _ = write!(page, "<tr><td>{} {}</td>", role.tag(), role.label());
        for phase in Phase::ALL {
            let count = roles.counts[phase.index()][role as usize];
            if roles.is_flagged(phase, role) {
                page.push_str("<td class=\"flag\">0 ! missing</td>");
            } else if !role.expected_in().contains(&phase) {
                let _ = write!(page, "<td class=\"muted\">{count} (not expected)</td>");
            } else {
                let _ = write!(page, "<td>{count}</td>");
            }
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table>\n");
    if roles.flags.is_empty() {
        page.push_str(
            "<p>Every phase with cards has every role the life cycle expects there.</p>\n",
        );
    } else {
        page.push_str("<ul>");
        for flag in &roles.flags {
            let _ = write!(page, "<li class=\"flag\">{}</li>", escape(&flag.reason));
        }
        page.push_str("</ul>\n");
    }
    page.push_str("</section>\n");
}

fn reviews_section(export: &Export, page: &mut String) {
    let r = &export.insights.reviews;
    page.push_str("<section id=\"reviews\"><h2>Reviews</h2>\n<table><thead><tr><th>Phase</th>");
    for v in Verdict::ALL {
        let _ = write!(page, "<th>{v}</th>");
    }
    page.push_str("</tr></thead><tbody>\n");
    for phase in Phase::ALL {
        let _ = write!(page, "<tr><td>{phase}</td>");
        for n in r.verdicts[phase.index()] {
            let _ = write!(page, "<td>{n}</td>");
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table>\n");
    let states: Vec<String> = CardState::ALL
        .iter()
        .zip(r.states)
        .map(|(s, n)| format!("{} {n}", s.word()))
        .collect();
    let _ = writeln!(
        page,
        "<p>Active cards: {}. Ungated moves: {}.</p>\n<h3>Waiting longest for a review</h3>",
        states.join(", "),
        r.ungated_moves
    );
    aging_table(&r.waiting, page);
    page.push_str("</section>\n");
}
