//! `mlboard metric declare | record | list`: the key metrics of SPEC §1.

use super::args::{DeclareArgs, MetricArgs, MetricCommand, MetricListArgs, RecordArgs};
use super::json::{self, MetricJson};
use super::metric_file::{self, Entry};
use super::output::{Screen, fit, pad, width};
use super::session::{Session, now};
use super::{CliError, warn};
use crate::model::metric::{self, MetricSummary, Status, Trend, declared_names};
use crate::model::text::safe_line;
use crate::model::{CardId, Finite, Goal, Measurement, MeasurementId, MetricName, Phase};
use crate::store::format::settings_to_ron;
use crate::store::user::user_name;
use crate::store::{FileOp, SETTINGS_REL};
use std::io::Write;
use std::path::Path;

pub fn metric(root: &Path, args: MetricArgs, out: &mut dyn Write) -> Result<(), CliError> {
    match args.command {
        MetricCommand::Declare(args) => declare(root, args, out),
        MetricCommand::Record(args) if args.from.is_some() => record_from(root, args, out),
        MetricCommand::Record(args) => record(root, args, out),
        MetricCommand::List(args) => list(root, args, out),
    }
}

fn declare(root: &Path, args: DeclareArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let goal = match (args.at_least, args.at_most) {
        (Some(x), None) => Goal::AtLeast(x),
        (None, Some(x)) => Goal::AtMost(x),
        // clap's required group allows exactly one
        _ => return Err(CliError::new("give one of --at-least X or --at-most X")),
    };
    let mut session = Session::open(root)?;
    // A board.ron that did not parse was replaced by defaults in memory: writing those
    // back would lose the real settings.
    if let Some(problem) = session.problems.iter().find(|p| p.rel == SETTINGS_REL) {
        return Err(CliError::new(format!(
            "board.ron could not be read ({}); fix it first (`mlboard check` shows the problem); nothing changed",
            safe_line(&problem.message)
        )));
    }
    let mut settings = session.board.settings.clone();
    let name = args.name;
    let previous = metric::declare(&mut settings.metrics, name.clone(), goal);
    let message = match previous {
        Some(old) if old == goal => {
            writeln!(
                out,
                "{name} already has the goal {}; nothing changed",
                goal.words()
            )?;
            return Ok(());
        }
        Some(old) => format!(
            "Changed the goal of {name} from {} to {}",
            old.words(),
            goal.words()
        ),
        None => format!("Declared key metric {name}: {}", goal.words()),
    };
    let canonical_before = std::fs::read(root.join(SETTINGS_REL))
        .is_ok_and(|bytes| bytes == settings_to_ron(&session.board.settings).as_bytes());
    session.save(message.clone(), vec![FileOp::write_settings(&settings)])?;
    if !canonical_before {
        warn(
            "board.ron was written in mlboard's layout; its comments and formatting were not kept",
        );
    }
    writeln!(out, "{message}")?;
    Ok(())
}

/// The card, phase, user and source every new measurement of one command shares.
struct Context {
    card: Option<CardId>,
    phase: Phase,
    by: String,
}

fn context(session: &Session, root: &Path, args: &RecordArgs) -> Result<Context, CliError> {
    let card = match &args.card {
        Some(prefix) => Some(session.resolve(prefix)?),
        None => None,
    };
    let phase = args
        .phase
        .or_else(|| card.map(|key| session.board.card(key).phase))
        .unwrap_or(Phase::Development);
    if let Some(source) = &args.source {
        super::edit::validate_name("the source", source)?;
    }
    Ok(Context {
        card: card.map(|key| session.board.card(key).id.clone()),
        phase,
        by: user_name(root),
    })
}

fn undeclared(session: &Session, name: &MetricName) -> CliError {
    CliError::new(format!(
        "\"{name}\" is not a declared key metric (declared: {}); `mlboard metric declare {name} --at-least X` (or --at-most) declares it",
        declared_names(&session.board.settings.metrics)
    ))
}

fn new_id(session: &Session, taken: &[Measurement], rng: &mut fastrand::Rng) -> MeasurementId {
    loop {
        let id = MeasurementId::generate(rng);
        if session.board.measurements.get(&id).is_none() && !taken.iter().any(|m| m.id == id) {
            return id;
        }
    }
}

fn record(root: &Path, args: RecordArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (Some(name), Some(value)) = (args.name.clone(), args.value) else {
        return Err(CliError::new("give NAME VALUE, or --from FILE"));
    };
    let mut session = Session::open(root)?;
    if !session
        .board
        .settings
        .metrics
        .iter()
        .any(|m| m.name == name)
    {
        return Err(undeclared(&session, &name));
    }
    let context = context(&session, root, &args)?;
    let measurement = Measurement {
        id: new_id(&session, &[], &mut fastrand::Rng::new()),
        at: session.board.measurements.stamp(&name, now()),
        metric: name,
        value,
        phase: context.phase,
        card: context.card,
        by: context.by,
        source: args.source,
    };
    let label = format!("Record {} = {}", measurement.metric, measurement.value);
    session.save(label, vec![FileOp::write_measurement(&measurement)])?;
    writeln!(out, "{}", measurement.id)?;
    Ok(())
}

/// True when `value` from `source` is already the metric's latest measurement, with the
/// same card and phase: recording it again (a re-run CI job) would add nothing.
fn already_latest(
    session: &Session,
    name: &MetricName,
    value: Finite,
    new: &Context,
    source: &Option<String>,
) -> bool {
    session.board.measurements.latest(name).is_some_and(|m| {
        m.value == value && &m.source == source && m.card == new.card && m.phase == new.phase
    })
}

fn record_from(root: &Path, args: RecordArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let Some(path) = args.from.clone() else {
        return Err(CliError::new("--from needs a FILE"));
    };
    let mut session = Session::open(root)?;
    let context = context(&session, root, &args)?;
    let found = metric_file::read(&path).map_err(|e| CliError::new(safe_line(&e)))?;
    let source = args
        .source
        .clone()
        .or(found.source)
        .or_else(|| Some(path.display().to_string()));
    let declared = session.board.settings.metrics.clone();
    let mut rng = fastrand::Rng::new();
    let mut recorded: Vec<Measurement> = Vec::new();
    let mut lines = Vec::new();
    let now = now();
    for (key, entry) in &found.entries {
        let shown = safe_line(key);
        let decl = key
            .parse::<MetricName>()
            .ok()
            .and_then(|name| declared.iter().find(|d| d.name == name));
        let Some(decl) = decl else {
            // `eval.recall` in the file and `recall` declared: say how to make them meet.
            let tail = key.rsplit('.').next().unwrap_or(key);
            let hint = if tail != key && declared.iter().any(|d| d.name.as_str() == tail) {
                format!(
                    " (the file nests it: declare {shown} to record it, or write {tail} at the top level)"
                )
            } else {
                String::new()
            };
            lines.push(format!("skipped {shown}: not a declared key metric{hint}"));
            continue;
        };
        let value = match entry {
            Entry::Number(x) => Finite::new(*x),
            Entry::Other(what) => {
                lines.push(format!(
                    "skipped {shown}: {}, not a number",
                    safe_line(what)
                ));
                continue;
            }
        };
        let Some(value) = value else {
            lines.push(format!("skipped {shown}: not a finite number"));
            continue;
        };
        if already_latest(&session, &decl.name, value, &context, &source) {
            lines.push(format!(
                "unchanged {shown} = {value}: already its latest measurement from this source"
            ));
            continue;
        }
        let measurement = Measurement {
            id: new_id(&session, &recorded, &mut rng),
            metric: decl.name.clone(),
            value,
            at: session.board.measurements.stamp(&decl.name, now),
            phase: context.phase,
            card: context.card.clone(),
            by: context.by.clone(),
            source: source.clone(),
        };
        let status = Status::of(decl.goal, Some(&measurement));
        lines.push(format!(
            "recorded {shown} = {value} ({}; goal {}): {}",
            measurement.id,
            decl.goal.words(),
            status.name()
        ));
        recorded.push(measurement);
    }
    let missing: Vec<&str> = declared
        .iter()
        .filter(|d| !found.entries.iter().any(|(k, _)| k == d.name.as_str()))
        .map(|d| d.name.as_str())
        .collect();
    if !recorded.is_empty() {
        let label = match recorded.as_slice() {
            [one] => format!("Record {} = {}", one.metric, one.value),
            many => format!("Record {} key metrics from {}", many.len(), path.display()),
        };
        let ops = recorded.iter().map(FileOp::write_measurement).collect();
        session.save(label, ops)?;
    }
    for line in lines {
        writeln!(out, "{line}")?;
    }
    if !missing.is_empty() {
        writeln!(out, "not in the file: {}", missing.join(", "))?;
    }
    if recorded.is_empty()
        && declared
            .iter()
            .all(|d| !found.entries.iter().any(|(k, _)| k == d.name.as_str()))
    {
        warn(&format!(
            "no declared key metric found in {} (declared: {})",
            path.display(),
            declared_names(&declared)
        ));
    }
    Ok(())
}

fn list(root: &Path, args: MetricListArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let session = Session::open(root)?;
    let board = &session.board;
    let summaries = metric::summaries(&board.settings.metrics, &board.measurements);
    if args.json {
        let objects: Vec<MetricJson> = summaries.iter().map(MetricJson::new).collect();
        json::write(out, &objects)?;
        return Ok(());
    }
    if summaries.is_empty() {
        writeln!(
            out,
            "No key metrics declared. `mlboard metric declare recall --at-least 0.85` declares one."
        )?;
        return Ok(());
    }
    write_table(&summaries, Screen::detect(), out)?;
    Ok(())
}

fn write_table(
    summaries: &[MetricSummary],
    screen: Screen,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let headers = [
        "METRIC", "GOAL", "LATEST", "STATUS", "TREND", "COUNT", "MEASURED",
    ];
    let rows: Vec<[String; 7]> = summaries
        .iter()
        .map(|s| {
            let latest = s.latest();
            [
                s.decl.name.to_string(),
                s.decl.goal.symbol(),
                latest.map_or("—".into(), |m| m.value.to_string()),
                s.status.label(),
                s.trend.map_or("—".into(), Trend::label),
                s.measurements.len().to_string(),
                latest.map_or("—".into(), |m| {
                    let source = m
                        .source
                        .as_deref()
                        .map_or(String::new(), |s| format!(" ({})", safe_line(s)));
                    fit(&format!("{} by {}{source}", m.at, safe_line(&m.by)), 60)
                }),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..7)
        .map(|i| {
            rows.iter()
                .map(|r| width(&r[i]))
                .chain([width(headers[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: [&str; 7]| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
        padded.join("  ").trim_end().to_string()
    };
    writeln!(out, "{}", screen.bold(&line(headers)))?;
    for (row, summary) in rows.iter().zip(summaries) {
        let text = line([
            &row[0], &row[1], &row[2], &row[3], &row[4], &row[5], &row[6],
        ]);
        let text = match summary.status {
            Status::Met => screen.state(crate::model::CardState::Passed, &text),
            Status::Missed => screen.state(crate::model::CardState::Stopped, &text),
            Status::Unmeasured => text,
        };
        writeln!(out, "{text}")?;
    }
    Ok(())
}
