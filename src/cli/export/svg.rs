//! Inline SVG charts for the exported page: a stacked area (cumulative flow), bars
//! (throughput, cycle time) and a line against a goal (a key metric). Each chart has a
//! `<title>` and prints its numbers as text, so it reads without colour and to a screen
//! reader; colours come from the page's CSS classes.

use std::fmt::Write;

/// Text for HTML and SVG: `&`, `<`, `>`, `"` and `'` as entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

fn open(out: &mut String, title: &str, height: f64) {
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\"><title>{}</title>",
        escape(title)
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, class: &str, content: &str) {
    let _ = write!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>",
        escape(content)
    );
}

fn y_axis(out: &mut String, label_max: &str, height: f64) {
    let bottom = height - BOTTOM;
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{bottom}\"/><line class=\"axis\" x1=\"{LEFT}\" y1=\"{bottom}\" x2=\"{:.1}\" y2=\"{bottom}\"/>",
        WIDTH - RIGHT
    );
    text(out, LEFT - 6.0, TOP + 4.0, "end", "tick", label_max);
    text(out, LEFT - 6.0, bottom, "end", "tick", "0");
}

/// Cards per phase per day, stacked: `days[i]` is `[design, development, deployment]`.
/// Deployment is drawn at the bottom, as cumulative flow diagrams draw the done state.
pub fn stacked_area(
    title: &str,
    days: &[[usize; 3]],
    first: &str,
    last: &str,
    names: [&str; 3],
) -> String {
    let mut out = String::new();
    open(&mut out, title, HEIGHT);
    let max = days
        .iter()
        .map(|d| d.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    y_axis(&mut out, &format!("{max}"), HEIGHT);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let n = days.len();
    let x = |i: usize| {
        if n <= 1 {
            LEFT + plot_w * i as f64
        } else {
            LEFT + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: usize| TOP + plot_h * (1.0 - v as f64 / max);
    // One day is drawn as a band one plot wide.
    let points: Vec<[usize; 3]> = if n == 1 {
        vec![days[0], days[0]]
    } else {
        days.to_vec()
    };
    // Bottom to top: Deployment, Development, Design.
    for (band, phase) in [2usize, 1, 0].into_iter().enumerate() {
        let below =
            |d: &[usize; 3]| -> usize { [2usize, 1, 0][..band].iter().map(|p| d[*p]).sum() };
        let mut path = String::new();
        for (i, d) in points.iter().enumerate() {
            let _ = write!(path, "{:.1},{:.1} ", x(i), y(below(d) + d[phase]));
        }
        for (i, d) in points.iter().enumerate().rev() {
            let _ = write!(path, "{:.1},{:.1} ", x(i), y(below(d)));
        }
        let _ = write!(
            out,
            "<polygon class=\"band phase{phase}\" points=\"{}\"><title>{}</title></polygon>",
            path.trim_end(),
            escape(names[phase])
        );
    }
    let bottom = HEIGHT - BOTTOM;
    text(&mut out, LEFT, bottom + 16.0, "start", "tick", first);
    text(&mut out, WIDTH - RIGHT, bottom + 16.0, "end", "tick", last);
    if let Some(today) = days.last() {
        let legend = format!(
            "today: {} {} · {} {} · {} {}",
            names[0], today[0], names[1], today[1], names[2], today[2]
        );
        text(
            &mut out,
            WIDTH / 2.0,
            bottom + 30.0,
            "middle",
            "legend",
            &legend,
        );
    }
    out.push_str("</svg>");
    out
}

/// Labelled bars, each with its number above it.
pub fn bars(title: &str, bars: &[(String, usize)]) -> String {
    let height = HEIGHT;
    let mut out = String::new();
    open(&mut out, title, height);
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    y_axis(&mut out, &format!("{max}"), height);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = height - TOP - BOTTOM;
    let slot = plot_w / bars.len().max(1) as f64;
    let bottom = height - BOTTOM;
    for (i, (label, value)) in bars.iter().enumerate() {
        let h = plot_h * *value as f64 / max;
        let x = LEFT + slot * i as f64 + slot * 0.15;
        let _ = write!(
            out,
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"><title>{}: {value}</title></rect>",
            bottom - h,
            slot * 0.7,
            escape(label)
        );
        let center = x + slot * 0.35;
        text(
            &mut out,
            center,
            bottom - h - 4.0,
            "middle",
            "value",
            &value.to_string(),
        );
        text(&mut out, center, bottom + 16.0, "middle", "tick", label);
    }
    out.push_str("</svg>");
    out
}

/// A metric's measurements over time (`(unix seconds, value)`, oldest first) against
/// its goal, drawn as a dashed line.
pub fn line_against_goal(
    title: &str,
    points: &[(i64, f64)],
    goal: f64,
    goal_label: &str,
) -> String {
    let height = 160.0;
    let mut out = String::new();
    open(&mut out, title, height);
    let values = points.iter().map(|p| p.1).chain([goal]);
    let (mut low, mut high) = values.fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(v), h.max(v)));
    if high - low < f64::EPSILON * high.abs().max(1.0) {
        low -= 1.0;
        high += 1.0;
    }
    let pad = (high - low) * 0.1;
    let (low, high) = (low - pad, high + pad);
    let plot_w = WIDTH - LEFT - RIGHT - 80.0;
    let plot_h = height - TOP - BOTTOM;
    let y = |v: f64| TOP + plot_h * (1.0 - (v - low) / (high - low));
    let (t0, t1) = match (points.first(), points.last()) {
        (Some(a), Some(b)) => (a.0, b.0.max(a.0 + 1)),
        _ => (0, 1),
    };
    let x = |t: i64| {
        if points.len() <= 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * (t - t0) as f64 / (t1 - t0) as f64
        }
    };
    let bottom = height - BOTTOM;
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{bottom}\" x2=\"{:.1}\" y2=\"{bottom}\"/>",
        LEFT + plot_w
    );
    let gy = y(goal);
    let _ = write!(
        out,
        "<line class=\"goal\" x1=\"{LEFT}\" y1=\"{gy:.1}\" x2=\"{:.1}\" y2=\"{gy:.1}\"/>",
        LEFT + plot_w
    );
    text(
        &mut out,
        LEFT + plot_w + 6.0,
        gy + 4.0,
        "start",
        "legend",
        goal_label,
    );
    if points.len() > 1 {
        let line: Vec<String> = points
            .iter()
            .map(|(t, v)| format!("{:.1},{:.1}", x(*t), y(*v)))
            .collect();
        let _ = write!(
            out,
            "<polyline class=\"series\" points=\"{}\"/>",
            line.join(" ")
        );
    }
    for (t, v) in points {
        let _ = write!(
            out,
            "<circle class=\"point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\"><title>{v}</title></circle>",
            x(*t),
            y(*v)
        );
    }
    match points.last() {
        Some((t, v)) => text(
            &mut out,
            x(*t),
            y(*v) - 8.0,
            "middle",
            "value",
            &format!("{v}"),
        ),
        None => text(
            &mut out,
            LEFT + plot_w / 2.0,
            TOP + plot_h / 2.0,
            "middle",
            "legend",
            "no measurements yet",
        ),
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<b a=\"1\">'&'</b>"),
            "&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn charts_are_svg_with_their_numbers_as_text() {
        let chart = bars("Throughput", &[("11-23".into(), 2), ("11-30".into(), 0)]);
        assert!(chart.starts_with("<svg") && chart.ends_with("</svg>"));
        assert!(chart.contains("<title>Throughput</title>"));
        assert!(chart.contains(">2</text>") && chart.contains(">11-23</text>"));
        let flow = stacked_area("Flow", &[[1, 2, 3]], "a", "b", ["D", "Dev", "Dep"]);
        assert_eq!(flow.matches("<polygon").count(), 3);
        assert!(flow.contains("today: D 1 · Dev 2 · Dep 3"));
        let line = line_against_goal("recall", &[(0, 0.8), (10, 0.9)], 0.85, "goal ≥ 0.85");
        assert!(line.contains("<polyline") && line.contains("class=\"goal\""));
        assert!(line.contains(">0.9</text>"));
        let empty = line_against_goal("x", &[], 1.0, "goal");
        assert!(empty.contains("no measurements yet"));
    }
}
