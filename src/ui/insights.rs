//! The insights popup (`i`): four pages, switched with `Tab` / `Shift+Tab`, drawn as
//! charts where a chart says more than a table: **Flow** (cumulative flow as a stacked
//! area `Chart`, throughput and cycle time as `BarChart`s), **Roles** (the coverage
//! heat map and its flags' reasons), **Reviews** (outcomes per phase as grouped bars,
//! waits, ungated moves) and **Metrics** (a `Sparkline` of each key metric against its
//! goal line). Every chart also prints its numbers as text, so nothing depends on colour
//! (NO_COLOR) or on seeing the chart (screen readers).
//!
//! A page is a stack of sections of known heights drawn into an off-screen buffer as
//! tall as the page; the popup shows the rows the scroll position asks for, so charts
//! scroll like text.

use super::popups::{centered, frame_popup};
use super::text::fit;
use super::theme::Theme;
use crate::app::App;
use crate::app::popup::{Extent, InsightsPage};
use crate::app::scroll::Scroll;
use crate::keymap::{Command, Hint, Mode, hint};
use crate::model::insights::{Aging, CYCLE_BUCKETS, DAY, Insights, MetricInsight};
use crate::model::metric::Status;
use crate::model::{CardState, Phase, Role, Timestamp, Verdict, format_duration};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Chart, Dataset, GraphType, Paragraph, Sparkline, Tabs, Widget,
};
use unicode_width::UnicodeWidthStr;

/// Draws a section into a rectangle of its height.
type DrawSection<'a> = Box<dyn Fn(Rect, &mut Buffer) + 'a>;

/// A part of a page: its height, and how to draw it into a rectangle that tall.
struct Section<'a> {
    height: u16,
    draw: DrawSection<'a>,
}

impl<'a> Section<'a> {
    fn new(height: u16, draw: impl Fn(Rect, &mut Buffer) + 'a) -> Section<'a> {
        Section {
            height,
            draw: Box::new(draw),
        }
    }

    /// Lines of text, wrapped to the width (a wrapped row keeps its line's indent);
    /// the height is the rows they take.
    fn text(lines: Vec<Line<'a>>, width: u16) -> Section<'a> {
        let rows: Vec<Line<'static>> = lines
            .iter()
            .flat_map(|l| super::wrap::wrap_line(l, width, 2))
            .collect();
        let height = u16::try_from(rows.len()).unwrap_or(u16::MAX);
        Section::new(height, move |area, buf| {
            Paragraph::new(rows.clone()).render(area, buf)
        })
    }

    fn blank() -> Section<'a> {
        Section::new(1, |_, _| {})
    }
}

fn heading<'a>(text: impl Into<String>, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled(text.into(), theme.bold()))
}

fn date(t: Timestamp) -> String {
    t.to_string().chars().take(10).collect()
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

const INSIGHTS_HINTS: &[Hint] = &[
    hint(
        &[
            (Mode::Scroll, Command::NextPage),
            (Mode::Scroll, Command::PrevPage),
        ],
        "page",
    ),
    hint(
        &[(Mode::Scroll, Command::Down), (Mode::Scroll, Command::Up)],
        "scroll",
    ),
    hint(&[(Mode::Scroll, Command::Close)], "close"),
];

/// The popup's frame on this screen.
fn outer_area(area: Rect) -> Rect {
    centered(
        area,
        area.width.saturating_sub(4).min(150),
        area.height.saturating_sub(2),
    )
}

/// Where the page goes: the inside of the frame below the tab row (`None` when the
/// screen leaves no room for one).
fn body_area(outer: Rect) -> Option<Rect> {
    let inner = outer.inner(ratatui::layout::Margin::new(1, 1));
    if inner.height < 2 || inner.width < 10 {
        return None;
    }
    Some(Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    })
}

fn sections<'a>(
    insights: &'a Insights,
    page: InsightsPage,
    width: u16,
    theme: &Theme,
) -> Vec<Section<'a>> {
    match page {
        InsightsPage::Flow => flow(insights, width, theme),
        InsightsPage::Roles => roles(insights, width, theme),
        InsightsPage::Reviews => reviews(insights, width, theme),
        InsightsPage::Metrics => metrics(insights, width, theme),
    }
}

fn page_height(sections: &[Section]) -> u16 {
    sections
        .iter()
        .fold(0u16, |sum, s| sum.saturating_add(s.height))
}

/// The rows the page shows and the rows it has, for `update`'s scroll clamp.
pub fn extent(insights: &Insights, page: InsightsPage, area: Rect) -> Option<Extent> {
    let body = body_area(outer_area(area))?;
    let sections = sections(insights, page, body.width, &Theme::plain());
    Some(Extent {
        rows: body.height,
        total: page_height(&sections),
    })
}

/// The popup: tabs, then the page at the scroll position `update` left.
pub fn draw_insights(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    insights: &Insights,
    page: InsightsPage,
    scroll: Scroll,
    theme: &Theme,
) {
    let outer = outer_area(area);
    let hint = app.keymap.hint(INSIGHTS_HINTS);
    let inner = frame_popup(frame, outer, "Insights", &hint, theme);
    let Some(body) = body_area(outer) else {
        return;
    };
    let tabs_area = Rect {
        y: inner.y,
        height: 1,
        ..inner
    };
    draw_scrolled(
        frame,
        body,
        sections(insights, page, body.width, theme),
        scroll,
    );
    let titles: Vec<Line> = InsightsPage::ALL
        .iter()
        .map(|p| Line::from(p.title()))
        .collect();
    frame.render_widget(
        Tabs::new(titles)
            .select(page.index())
            .highlight_style(theme.selected().add_modifier(Modifier::BOLD))
            .divider("│"),
        tabs_area,
    );
    if let Some(text) = scroll.position().map(|p| format!("rows {p}")) {
        let width = text.width() as u16;
        if width + 36 < tabs_area.width {
            let at = Rect::new(tabs_area.right() - width, tabs_area.y, width, 1);
            frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), at);
        }
    }
    super::popups::draw_scrollbar(frame, outer, scroll, theme);
}

/// Draws the sections into a buffer as tall as the page and copies the rows from the
/// scroll offset on (`update` keeps it within the page).
fn draw_scrolled(frame: &mut Frame, area: Rect, sections: Vec<Section>, scroll: Scroll) {
    let total = page_height(&sections);
    let mut page = Buffer::empty(Rect::new(0, 0, area.width, total.max(1)));
    let mut y = 0u16;
    for section in &sections {
        if section.height > 0 {
            (section.draw)(Rect::new(0, y, area.width, section.height), &mut page);
        }
        y = y.saturating_add(section.height);
    }
    let top = scroll.offset().min(total);
    let rows = area.height.min(total - top);
    let screen = frame.buffer_mut();
    for row in 0..rows {
        for col in 0..area.width {
            screen[(area.x + col, area.y + row)] = page[(col, top + row)].clone();
        }
    }
}

fn phase_colors(theme: &Theme) -> [Style; 3] {
    match theme.palette() {
        Some(p) => [p.focus, p.warning, p.info].map(|c| Style::default().fg(c)),
        None => [Style::default(); 3],
    }
}

fn aging_lines<'a>(list: &[Aging], width: u16, theme: &Theme) -> Vec<Line<'a>> {
    if list.is_empty() {
        return vec![Line::from(Span::styled("  none", theme.dim()))];
    }
    let title_width = (width as usize).saturating_sub(36).max(10);
    list.iter()
        .map(|a| {
            Line::from(vec![
                Span::raw(format!(
                    "  {:>8}  {:<11} ",
                    format_duration(a.secs),
                    a.phase.name()
                )),
                Span::styled(format!("{} ", a.card), theme.dim()),
                Span::raw(fit(&a.title, title_width)),
            ])
        })
        .collect()
}

// ---- Flow ----

fn flow<'a>(insights: &'a Insights, width: u16, theme: &Theme) -> Vec<Section<'a>> {
    let flow = &insights.flow;
    let theme = *theme;
    let mut sections = Vec::new();
    let days = flow.cumulative.len();
    let last = flow
        .flow_start
        .plus_seconds(days.saturating_sub(1) as i64 * DAY);
    let today = flow.cumulative.last().copied().unwrap_or_default();
    sections.push(Section::text(
        vec![
            heading(
                format!(
                    "Cumulative flow: cards per phase at the end of each day, {} to {}",
                    date(flow.flow_start),
                    date(last)
                ),
                &theme,
            ),
            Line::from(format!(
                "  today: Design {} · Development {} · Deployment {}   (bottom up: █ Deployment, ⣿ Development, • Design)",
                today[0], today[1], today[2]
            )),
        ],
        width,
    ));
    if days > 0 {
        sections.push(Section::new(10, move |area, buf| {
            cumulative_chart(insights, &theme, area, buf)
        }));
    }
    sections.push(Section::blank());
    let c = &flow.cycle;
    let cycle_title = format!(
        "Cycle time into Deployment: {}, median {}, 85th percentile {}",
        plural(c.count, "card"),
        c.median_secs.map_or("—".into(), format_duration),
        c.p85_secs.map_or("—".into(), format_duration),
    );
    let throughput_title = "Moves into Deployment per week (weeks from Monday)".to_string();
    let side_by_side = width >= 110;
    let chart_height = 9;
    let draw_throughput = move |area: Rect, buf: &mut Buffer| {
        let [title, chart] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        Paragraph::new(heading(
            fit(&throughput_title, title.width as usize),
            &theme,
        ))
        .render(title, buf);
        let bars: Vec<Bar> = flow
            .throughput
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let week = date(flow.weeks_start.plus_seconds(i as i64 * 7 * DAY));
                Bar::default()
                    .value(*n as u64)
                    .text_value(n.to_string())
                    .label(Line::from(week[5..].to_string()))
            })
            .collect();
        bar_chart(bars, chart, buf, &theme);
    };
    let draw_cycle = move |area: Rect, buf: &mut Buffer| {
        let [title, chart] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        Paragraph::new(heading(fit(&cycle_title, title.width as usize), &theme)).render(title, buf);
        let bars: Vec<Bar> = CYCLE_BUCKETS
            .iter()
            .zip(flow.cycle.histogram)
            .map(|((_, label), n)| {
                Bar::default()
                    .value(n as u64)
                    .text_value(n.to_string())
                    .label(Line::from(*label))
            })
            .collect();
        bar_chart(bars, chart, buf, &theme);
    };
    if side_by_side {
        sections.push(Section::new(chart_height, move |area, buf| {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .spacing(2)
                    .areas(area);
            draw_throughput(left, buf);
            draw_cycle(right, buf);
        }));
    } else {
        sections.push(Section::new(chart_height, draw_throughput));
        sections.push(Section::blank());
        sections.push(Section::new(chart_height, draw_cycle));
    }
    sections.push(Section::text(
        vec![Line::from(Span::styled(
            "  cycle time: from a card's first entry into Development to its entry into Deployment",
            theme.dim(),
        ))],
        width,
    ));
    sections.push(Section::blank());
    let mut lines = vec![heading("Longest in their current phase", &theme)];
    lines.extend(aging_lines(&flow.longest, width, &theme));
    sections.push(Section::text(lines, width));
    sections
}

/// Bars as wide as the area allows, each with its number on it.
fn bar_chart(bars: Vec<Bar>, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let n = bars.len().max(1) as u16;
    let width = (area.width.saturating_sub(n) / n).clamp(1, 7);
    let style = theme
        .palette()
        .map_or_else(Style::default, |p| Style::default().fg(p.focus));
    BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(1)
        .bar_style(style)
        .value_style(theme.selected())
        .render(area, buf);
}

fn cumulative_chart(insights: &Insights, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let flow = &insights.flow;
    // Stacked from the bottom: Deployment, then Development on it, then Design on top.
    let stacked: Vec<[(f64, f64); 3]> = flow
        .cumulative
        .iter()
        .enumerate()
        .map(|(i, [design, development, deployment])| {
            let x = i as f64;
            let dep = *deployment as f64;
            let dev = dep + *development as f64;
            [(x, dev + *design as f64), (x, dev), (x, dep)]
        })
        .collect();
    let max = stacked.iter().map(|p| p[0].1).fold(1.0, f64::max);
    // An empty band (a top of 0) is put below the plot, where it fills nothing: drawn
    // at 0, it would fill the bottom row as if there were cards.
    let below = -max;
    let series: [Vec<(f64, f64)>; 3] = [0, 1, 2].map(|k| {
        stacked
            .iter()
            .map(|p| (p[k].0, if p[k].1 > 0.0 { p[k].1 } else { below }))
            .collect()
    });
    let colors = phase_colors(theme);
    // Three textures, so the bands differ without colour too.
    let markers = [Marker::Dot, Marker::Braille, Marker::Block];
    let names = ["Design", "Development", "Deployment"];
    let datasets: Vec<Dataset> = (0..3)
        .map(|k| {
            Dataset::default()
                .name(names[k])
                .marker(markers[k])
                .graph_type(GraphType::Area)
                .fill_to_y(below)
                .style(colors[k])
                .data(&series[k])
        })
        .collect();
    let days = flow.cumulative.len();
    let last = flow
        .flow_start
        .plus_seconds(days.saturating_sub(1) as i64 * DAY);
    Chart::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([0.0, (days.max(2) - 1) as f64])
                .labels([date(flow.flow_start), date(last)])
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, max])
                .labels(["0".to_string(), format!("{max}")])
                .style(theme.dim()),
        )
        .legend_position(None)
        .render(area, buf);
}

// ---- Roles ----

/// A cell's background by how many cards have the role: the heat map. Without colour
/// the counts and flags say the same.
fn heat(count: usize, max: usize, theme: &Theme) -> Style {
    if theme.palette().is_none() || count == 0 || max == 0 {
        return Style::default();
    }
    let level = (count * 4).div_ceil(max).clamp(1, 4);
    let shades = [
        Color::Indexed(23),
        Color::Indexed(29),
        Color::Indexed(35),
        Color::Indexed(41),
    ];
    Style::default().bg(shades[level - 1]).fg(Color::White)
}

fn roles<'a>(insights: &'a Insights, width: u16, theme: &Theme) -> Vec<Section<'a>> {
    let roles = &insights.roles;
    let max = roles.counts.iter().flatten().copied().max().unwrap_or(0);
    let column = if width >= 100 { 16 } else { 13 };
    let mut lines = vec![heading(
        "Role coverage: active cards per phase and role",
        theme,
    )];
    let mut header = vec![Span::styled(format!("  {:<26}", "role"), theme.dim())];
    for phase in Phase::ALL {
        header.push(Span::styled(
            format!("{:>column$}", phase.name()),
            theme.dim(),
        ));
    }
    lines.push(Line::from(header));
    for role in Role::ALL {
        let mut spans = vec![
            Span::styled(format!("  {:<5}", role.tag()), theme.role(role)),
            Span::raw(format!("{:<21}", role.label())),
        ];
        for phase in Phase::ALL {
            let count = roles.counts[phase.index()][role as usize];
            let (text, style) = if roles.is_flagged(phase, role) {
                ("0 missing !".to_string(), theme.warning())
            } else if !role.expected_in().contains(&phase) {
                (format!("{count} ·"), theme.dim())
            } else {
                (count.to_string(), heat(count, max, theme))
            };
            // Right-aligned, the styled part only as wide as its text (the heat colour
            // marks the number, not the gap before it).
            let width = text.chars().count();
            spans.push(Span::raw(" ".repeat(column.saturating_sub(width))));
            spans.push(Span::styled(text, style));
        }
        lines.push(Line::from(spans));
    }
    let mut cards = vec![Span::styled(format!("  {:<26}", "cards"), theme.dim())];
    for phase in Phase::ALL {
        cards.push(Span::raw(format!(
            "{:>column$}",
            roles.cards[phase.index()]
        )));
    }
    lines.push(Line::from(cards));
    lines.push(Line::from(Span::styled(
        "  ! the life cycle expects the role there, and no card has it   · the life cycle does not expect it there",
        theme.dim(),
    )));
    let mut sections = vec![Section::text(lines, width), Section::blank()];
    let mut why = vec![heading(
        match roles.flags.len() {
            0 => "Nothing missing".to_string(),
            n => format!("{} missing", plural(n, "role")),
        },
        theme,
    )];
    for flag in &roles.flags {
        why.push(Line::from(vec![
            Span::styled("  ! ", theme.warning()),
            Span::raw(flag.reason.clone()),
        ]));
    }
    if roles.flags.is_empty() {
        why.push(Line::from(
            "  every phase with cards has every role the life cycle expects there",
        ));
    }
    let empty: Vec<&str> = Phase::ALL
        .iter()
        .filter(|p| roles.cards[p.index()] == 0)
        .map(|p| p.name())
        .collect();
    if !empty.is_empty() {
        why.push(Line::from(Span::styled(
            format!(
                "  {} {} no active cards: nothing to staff, nothing flagged",
                empty.join(" and "),
                if empty.len() == 1 { "has" } else { "have" }
            ),
            theme.dim(),
        )));
    }
    sections.push(Section::text(why, width));
    sections
}

// ---- Reviews ----

fn reviews<'a>(insights: &'a Insights, width: u16, theme: &Theme) -> Vec<Section<'a>> {
    let r = &insights.reviews;
    let theme = *theme;
    let mut sections = vec![Section::text(
        vec![heading(
            "Review outcomes per phase (C Continue · R Rework · S Stop)",
            &theme,
        )],
        width,
    )];
    sections.push(Section::new(8, move |area, buf| {
        let styles: [Style; 3] = [theme.info(), theme.warning(), theme.error()];
        let groups: Vec<BarGroup> = Phase::ALL
            .iter()
            .map(|phase| {
                let bars: Vec<Bar> = Verdict::ALL
                    .iter()
                    .zip(r.verdicts[phase.index()])
                    .enumerate()
                    .map(|(i, (v, n))| {
                        Bar::default()
                            .value(n as u64)
                            .text_value(format!("{}{n}", &v.name()[..1]))
                            .style(styles[i])
                    })
                    .collect();
                BarGroup::default()
                    .label(Line::from(phase.name()))
                    .bars(&bars)
            })
            .collect();
        let mut chart = BarChart::default()
            .bar_width(4)
            .bar_gap(1)
            .group_gap(4)
            .value_style(theme.selected());
        for group in groups {
            chart = chart.data(group);
        }
        chart.render(area, buf);
    }));
    let mut lines: Vec<Line> = Phase::ALL
        .iter()
        .map(|phase| {
            let [c, rw, s] = r.verdicts[phase.index()];
            Line::from(format!(
                "  {:<12} Continue {c:>3}   Rework {rw:>3}   Stop {s:>3}",
                phase.name()
            ))
        })
        .collect();
    let states: Vec<String> = CardState::ALL
        .iter()
        .zip(r.states)
        .map(|(s, n)| format!("{} {} {n}", s.symbol(), s.word()))
        .collect();
    lines.push(Line::from(format!(
        "  active cards: {}",
        states.join(" · ")
    )));
    sections.push(Section::text(lines, width));
    sections.push(Section::blank());
    let mut waiting = vec![heading(
        "Waiting longest for a review (since they entered their phase)",
        &theme,
    )];
    waiting.extend(aging_lines(&r.waiting, width, &theme));
    sections.push(Section::text(waiting, width));
    sections.push(Section::blank());
    let mut ungated = vec![heading(
        format!(
            "Ungated moves: {} (moved on without a passed gate)",
            r.ungated_moves
        ),
        &theme,
    )];
    let title_width = (width as usize).saturating_sub(56).max(10);
    for m in &r.recent_ungated {
        ungated.push(Line::from(vec![
            Span::raw(format!("  {}  {} → {}  ", date(m.at), m.from, m.to)),
            Span::styled(format!("{} ", m.card), theme.dim()),
            Span::raw(fit(&m.title, title_width)),
            Span::styled(format!("  by {}", fit(&m.by, 16)), theme.dim()),
        ]));
    }
    sections.push(Section::text(ungated, width));
    sections
}

// ---- Metrics ----

fn metrics<'a>(insights: &'a Insights, width: u16, theme: &Theme) -> Vec<Section<'a>> {
    let theme = *theme;
    if insights.metrics.is_empty() {
        return vec![Section::text(
            vec![
                heading("No key metrics declared", &theme),
                Line::from(""),
                Line::from(
                    "  The Design phase agrees the key metrics the project is tracked by. Declare them,",
                ),
                Line::from("  then record measurements by hand or from CI:"),
                Line::from(""),
                Line::from("    mlboard metric declare recall --at-least 0.85"),
                Line::from("    mlboard metric record --from metrics.json --card ID"),
            ],
            width,
        )];
    }
    let mut sections = Vec::new();
    for m in &insights.metrics {
        sections.push(Section::text(metric_lines(m, &theme), width));
        if !m.measurements.is_empty() {
            sections.push(Section::new(4, move |area, buf| {
                metric_sparkline(m, &theme, area, buf)
            }));
        }
        sections.push(Section::blank());
    }
    sections
}

/// `recall  goal ≥ 0.85  latest 0.83  ✗ missed  ↘ worsening`, then a dim line with the
/// count and where the latest value comes from.
pub fn metric_lines<'a>(m: &MetricInsight, theme: &Theme) -> Vec<Line<'a>> {
    let status_style = status_style(m.status, theme);
    let latest = m.latest().map_or("—".to_string(), |l| l.value.to_string());
    let trend = m
        .trend
        .map_or(String::new(), |t| format!("  {}", t.label()));
    let headline = Line::from(vec![
        Span::styled(format!("{:<18}", fit(m.name.as_str(), 18)), theme.bold()),
        Span::raw(format!(
            " goal {:<10} latest {:<10} ",
            m.goal.symbol(),
            fit(&latest, 10)
        )),
        Span::styled(m.status.label(), status_style),
        Span::raw(trend),
    ]);
    let detail = match m.latest() {
        None => "  no measurements yet".to_string(),
        Some(l) => {
            let source = l
                .source
                .as_deref()
                .map_or(String::new(), |s| format!(" ({s})"));
            format!(
                "  {}; the latest on {} by {}{source}",
                plural(m.measurements.len(), "measurement"),
                date(l.at),
                l.by
            )
        }
    };
    vec![headline, Line::from(Span::styled(detail, theme.dim()))]
}

pub fn status_style(status: Status, theme: &Theme) -> Style {
    match status {
        Status::Met => theme.state(CardState::Passed).add_modifier(Modifier::BOLD),
        Status::Missed => theme.state(CardState::Stopped),
        Status::Unmeasured => theme.dim(),
    }
}

/// The metric's latest measurements as a sparkline over a range that includes the
/// goal, with the goal drawn as a dashed line across it and labelled on the right.
fn metric_sparkline(m: &MetricInsight, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let label_width = 18u16.min(area.width / 3);
    let [spark, labels] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(label_width)]).areas(area);
    let shown = spark.width.saturating_sub(2) as usize;
    let values: Vec<f64> = m
        .measurements
        .iter()
        .rev()
        .take(shown.max(1))
        .rev()
        .map(|x| x.value.get())
        .collect();
    let goal = m.goal.target().get();
    let (mut low, mut high) = values
        .iter()
        .chain([&goal])
        .fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(*v), h.max(*v)));
    if high - low <= f64::EPSILON * high.abs().max(1.0) {
        low -= 1.0;
        high += 1.0;
    }
    let span = high - low;
    // Two levels of room below the lowest value, so its bar still shows.
    let low = low - 2.0 * span / (area.height.max(1) as f64 * 8.0);
    let scale = |v: f64| {
        (((v - low) / (high - low)) * 1000.0)
            .round()
            .clamp(0.0, 1000.0) as u64
    };
    let data: Vec<u64> = values.iter().map(|v| scale(*v)).collect();
    let style = if theme.palette().is_some() {
        status_style(m.status, theme).remove_modifier(Modifier::BOLD)
    } else {
        Style::default()
    };
    let inner = Rect::new(
        spark.x + 2,
        spark.y,
        spark.width.saturating_sub(2),
        spark.height,
    );
    Sparkline::default()
        .data(&data)
        .max(1000)
        .style(style)
        .render(inner, buf);
    // The goal line: the row the goal falls in, dashed where no bar covers it.
    let fraction = (goal - low) / (high - low);
    let from_bottom =
        ((fraction * area.height as f64).floor() as u16).min(area.height.saturating_sub(1));
    let row = area.y + area.height - 1 - from_bottom;
    for x in inner.x..inner.right() {
        let cell = &mut buf[(x, row)];
        if cell.symbol() == " " {
            cell.set_symbol("╌").set_style(theme.warning());
        }
    }
    let last = values.last().copied().unwrap_or(goal);
    let label_lines = (0..area.height).map(|r| {
        if area.y + r == row {
            Line::from(Span::styled(
                format!(" ╌ goal {}", m.goal.target()),
                theme.warning(),
            ))
        } else if r == 0 {
            Line::from(Span::styled(format!("   latest {last}"), theme.dim()))
        } else {
            Line::from("")
        }
    });
    Paragraph::new(label_lines.collect::<Vec<_>>()).render(labels, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Finite, Measurement, MetricName};

    fn insight(values: &[f64], goal: Goal) -> MetricInsight {
        let name: MetricName = "lat".parse().unwrap();
        MetricInsight {
            name: name.clone(),
            goal,
            status: Status::Met,
            trend: None,
            measurements: values
                .iter()
                .enumerate()
                .map(|(i, v)| Measurement {
                    id: format!("mmm{i}").parse().unwrap(),
                    metric: name.clone(),
                    value: Finite::new(*v).unwrap(),
                    at: Timestamp::from_unix(i as i64),
                    phase: Phase::Development,
                    card: None,
                    by: "t".into(),
                    source: None,
                })
                .collect(),
        }
    }

    use crate::model::Goal;

    /// Every measurement gets a bar (the lowest one too), in order, with the goal line
    /// in the row its value falls in.
    #[test]
    fn sparkline_shows_every_value_against_the_goal() {
        let m = insight(
            &[240.0, 180.5, 150.0],
            Goal::AtMost(Finite::new(200.0).unwrap()),
        );
        let area = Rect::new(0, 0, 40, 4);
        let mut buf = Buffer::empty(area);
        metric_sparkline(&m, &Theme::plain(), area, &mut buf);
        let rows: Vec<String> = (0..4)
            .map(|y| (0..8).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect();
        let bottom = &rows[3];
        let bars: Vec<char> = bottom.chars().skip(2).take(3).collect();
        assert!(bars.iter().all(|c| *c != ' ' && *c != '╌'), "{rows:#?}");
        assert!(
            rows[0].chars().nth(2) == Some('█'),
            "the highest value fills the column: {rows:#?}"
        );
        assert!(rows.iter().any(|r| r.contains('╌')), "{rows:#?}");
    }
}
