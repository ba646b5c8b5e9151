//! Reading the numbers of a training run where ML tools already write them, for
//! `mlboard metric record --from FILE`:
//!
//! - a JSON or YAML metrics file, as DVC (`dvc metrics`) and most training scripts write
//!   them: nested keys are joined with `.` (`{"eval": {"recall": 0.83}}` is `eval.recall`);
//! - an MLflow run directory (`mlruns/<experiment>/<run>`): each `metrics/<name>` file
//!   holds `timestamp value step` lines, and the value of the latest step counts (ties
//!   by timestamp, then the later line). A name in a sub-folder (`metrics/val/loss`,
//!   MLflow's `val/loss`) is joined with `.` too: `val.loss`.
//!
//! Only numbers are values: strings, booleans, nulls, lists and YAML aliases are listed
//! as skipped, never guessed at. YAML is read event by event (`yaml-rust2`'s parser, pure
//! Rust) and aliases are never expanded, so a hostile file cannot blow up in memory.

use serde_json::Value as Json;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;
use yaml_rust2::yaml::Yaml;

/// A metrics file larger than this is refused (training metrics are a few kilobytes).
const MAX_METRICS_FILE: u64 = 16 * 1024 * 1024;
/// An MLflow metric history larger than this is refused.
const MAX_MLFLOW_HISTORY: u64 = 64 * 1024 * 1024;

/// What one name in the file holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Number(f64),
    /// Not a number: what it is instead (`a string`, `a list`, ...).
    Other(String),
}

/// The file's names and what each holds, in file order (a repeated name: the last).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub entries: Vec<(String, Entry)>,
    /// Where the numbers come from, when the file says (`mlflow run 7f3a9c`).
    pub source: Option<String>,
}

/// Reads FILE: a directory is an MLflow run, `.yaml` / `.yml` is YAML, anything else
/// is JSON (and YAML when it is not JSON: most YAML metrics files are named `.yaml`,
/// but JSON is YAML too).
pub fn read(path: &Path) -> Result<Found, String> {
    let shown = path.display();
    let meta = fs::metadata(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    if meta.is_dir() {
        return read_mlflow_run(path);
    }
    if !meta.is_file() {
        return Err(format!("{shown} is not a file or a directory"));
    }
    let text = read_capped(path, MAX_METRICS_FILE)?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let entries = match extension.as_deref() {
        Some("yaml" | "yml") => flatten_yaml(&text),
        Some("json") => flatten_json(&text),
        _ => flatten_json(&text).or_else(|json_error| flatten_yaml(&text).map_err(|_| json_error)),
    }
    .map_err(|e| format!("{shown}: {e}"))?;
    Ok(Found {
        entries: last_of_each(entries),
        source: None,
    })
}

fn read_capped(path: &Path, limit: u64) -> Result<String, String> {
    let shown = path.display();
    let file = fs::File::open(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{shown} is over {} MiB; not a metrics file",
            limit / 1024 / 1024
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("{shown} is not UTF-8 text"))
}

/// A repeated name keeps its last value, at the place it first appeared.
fn last_of_each(entries: Vec<(String, Entry)>) -> Vec<(String, Entry)> {
    let mut out: Vec<(String, Entry)> = Vec::with_capacity(entries.len());
    for (name, entry) in entries {
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = entry,
            None => out.push((name, entry)),
        }
    }
    out
}

fn joined(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn number(value: f64) -> Entry {
    if value.is_finite() {
        Entry::Number(value)
    } else {
        Entry::Other(format!("{value}, not a finite number"))
    }
}

pub fn flatten_json(text: &str) -> Result<Vec<(String, Entry)>, String> {
    let value: Json = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let Json::Object(_) = value else {
        return Err("expected a JSON object of metrics ({\"recall\": 0.83, ...})".into());
    };
    let mut out = Vec::new();
    walk_json("", &value, &mut out);
    Ok(out)
}

fn walk_json(name: &str, value: &Json, out: &mut Vec<(String, Entry)>) {
    let other = |what: &str| Entry::Other(what.to_string());
    match value {
        Json::Object(map) => {
            for (key, value) in map {
                walk_json(&joined(name, key), value, out);
            }
        }
        Json::Number(n) => out.push((
            name.to_string(),
            n.as_f64().map_or(other("a number too large"), number),
        )),
        Json::String(_) => out.push((name.to_string(), other("a string"))),
        Json::Bool(_) => out.push((name.to_string(), other("true or false"))),
        Json::Null => out.push((name.to_string(), other("null"))),
        Json::Array(_) => out.push((name.to_string(), other("a list"))),
    }
}

/// Where the YAML walk is inside the document.
enum Frame {
    /// A mapping whose keys are joined onto `prefix`.
    Map { prefix: String, key: Key },
    /// Inside a list or a complex key: nothing here is a metric.
    Skip { depth: usize },
}

/// A mapping's state between a key and its value.
enum Key {
    Wanted,
    Have(String),
    /// The key is not text (a mapping or list used as a key): its value is skipped.
    Unusable,
}

pub fn flatten_yaml(text: &str) -> Result<Vec<(String, Entry)>, String> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut out = Vec::new();
    let mut started = false;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| format!("not YAML: {e}"))?;
        let top_level = |what: &str| {
            format!(
                "expected a YAML mapping of metrics (recall: 0.83), found {what} at line {}",
                mark.line()
            )
        };
        match event {
            Event::StreamEnd | Event::DocumentEnd if started => break,
            Event::StreamEnd => return Err(top_level("nothing")),
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {}
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                match stack.last_mut() {
                    None if is_map => {
                        started = true;
                        stack.push(Frame::Map {
                            prefix: String::new(),
                            key: Key::Wanted,
                        });
                    }
                    None => return Err(top_level("a list")),
                    Some(Frame::Skip { depth }) => *depth += 1,
                    Some(Frame::Map { prefix, key }) => match std::mem::replace(key, Key::Wanted) {
                        Key::Have(k) if is_map => {
                            let prefix = joined(prefix, &k);
                            stack.push(Frame::Map {
                                prefix,
                                key: Key::Wanted,
                            });
                        }
                        Key::Have(k) => {
                            out.push((joined(prefix, &k), Entry::Other("a list".into())));
                            stack.push(Frame::Skip { depth: 1 });
                        }
                        Key::Wanted => {
                            *key = Key::Unusable;
                            stack.push(Frame::Skip { depth: 1 });
                        }
                        Key::Unusable => stack.push(Frame::Skip { depth: 1 }),
                    },
                }
            }
            Event::MappingEnd | Event::SequenceEnd => match stack.last_mut() {
                Some(Frame::Skip { depth }) if *depth > 1 => *depth -= 1,
                Some(_) => {
                    stack.pop();
                    if stack.is_empty() {
                        break;
                    }
                }
                None => break,
            },
            Event::Scalar(value, style, _, tag) => match stack.last_mut() {
                None => return Err(top_level("a single value")),
                Some(Frame::Skip { .. }) => {}
                Some(Frame::Map { prefix, key }) => match std::mem::replace(key, Key::Wanted) {
                    Key::Wanted => *key = Key::Have(value),
                    Key::Have(k) => {
                        let plain = style == TScalarStyle::Plain && tag.is_none();
                        out.push((joined(prefix, &k), yaml_scalar(&value, plain)));
                    }
                    Key::Unusable => {}
                },
            },
            Event::Alias(_) => match stack.last_mut() {
                None => return Err(top_level("an alias")),
                Some(Frame::Skip { .. }) => {}
                Some(Frame::Map { prefix, key }) => match std::mem::replace(key, Key::Wanted) {
                    Key::Have(k) => out.push((
                        joined(prefix, &k),
                        Entry::Other("an alias (aliases are not followed)".into()),
                    )),
                    Key::Wanted => *key = Key::Unusable,
                    Key::Unusable => {}
                },
            },
        }
    }
    Ok(out)
}

/// A YAML scalar as a metric value: only a plain (unquoted, untagged) number counts.
fn yaml_scalar(text: &str, plain: bool) -> Entry {
    if !plain {
        return Entry::Other("a string".into());
    }
    match Yaml::from_str(text) {
        Yaml::Integer(i) => Entry::Number(i as f64),
        real @ Yaml::Real(_) => real
            .as_f64()
            .map_or(Entry::Other("a string".into()), number),
        Yaml::Boolean(_) => Entry::Other("true or false".into()),
        Yaml::Null => Entry::Other("null".into()),
        _ => Entry::Other("a string".into()),
    }
}

/// An MLflow run directory: `meta.yaml` and `metrics/<name>` files.
fn read_mlflow_run(dir: &Path) -> Result<Found, String> {
    let metrics = dir.join("metrics");
    if !metrics.is_dir() {
        return Err(format!(
            "{} is a directory but not an MLflow run (no metrics/ folder in it); pass a run directory such as mlruns/0/<run id>",
            dir.display()
        ));
    }
    let mut entries = Vec::new();
    walk_mlflow(&metrics, "", &mut entries)?;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let run = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string());
    Ok(Found {
        entries,
        source: Some(format!("mlflow run {run}")),
    })
}

fn walk_mlflow(dir: &Path, prefix: &str, out: &mut Vec<(String, Entry)>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let full = joined(prefix, &name);
        // symlink_metadata: a link is neither followed nor read.
        let Ok(kind) = entry.path().symlink_metadata().map(|m| m.file_type()) else {
            continue;
        };
        if kind.is_dir() {
            walk_mlflow(&entry.path(), &full, out)?;
        } else if kind.is_file() {
            out.push((full, latest_mlflow_value(&entry.path())));
        }
    }
    Ok(())
}

/// The value of the latest step of one metric's history: `timestamp value step` lines
/// (older MLflow writes `timestamp value`, step 0). Ties on step go to the later
/// timestamp, then to the later line.
fn latest_mlflow_value(path: &Path) -> Entry {
    let Ok(file) = fs::File::open(path) else {
        return Entry::Other("unreadable".into());
    };
    let reader = BufReader::new(file.take(MAX_MLFLOW_HISTORY));
    let mut best: Option<((i64, i64), f64)> = None;
    for (index, line) in reader.lines().enumerate() {
        let Ok(line) = line else {
            return Entry::Other("not UTF-8 text".into());
        };
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        let parsed = (|| {
            let timestamp: i64 = parts.next()?.parse().ok()?;
            let value: f64 = parts.next()?.parse().ok()?;
            let step: i64 = match parts.next() {
                Some(step) => step.parse().ok()?,
                None => 0,
            };
            parts.next().is_none().then_some(((step, timestamp), value))
        })();
        let Some((order, value)) = parsed else {
            return Entry::Other(format!("line {} is not `timestamp value step`", index + 1));
        };
        if best.is_none_or(|(b, _)| order >= b) {
            best = Some((order, value));
        }
    }
    match best {
        Some((_, value)) => number(value),
        None => Entry::Other("empty".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(entries: &[(String, Entry)]) -> Vec<(&str, f64)> {
        entries
            .iter()
            .filter_map(|(n, e)| match e {
                Entry::Number(x) => Some((n.as_str(), *x)),
                Entry::Other(_) => None,
            })
            .collect()
    }

    fn others(entries: &[(String, Entry)]) -> Vec<(&str, &str)> {
        entries
            .iter()
            .filter_map(|(n, e)| match e {
                Entry::Other(what) => Some((n.as_str(), what.as_str())),
                Entry::Number(_) => None,
            })
            .collect()
    }

    #[test]
    fn json_nested_keys_are_joined_with_dots() {
        let entries = flatten_json(
            r#"{"recall": 0.83, "eval": {"f1": 0.7, "deep": {"auc": 1}}, "model": "xgb",
                "ok": true, "none": null, "curve": [1, 2], "big": 1e400}"#,
        );
        // serde_json refuses numbers out of range as it parses
        assert!(entries.is_err());
        let entries = flatten_json(
            r#"{"recall": 0.83, "eval": {"f1": 0.7, "deep": {"auc": 1}}, "model": "xgb",
                "ok": true, "none": null, "curve": [1, 2]}"#,
        )
        .unwrap();
        assert_eq!(
            numbers(&entries),
            [("eval.deep.auc", 1.0), ("eval.f1", 0.7), ("recall", 0.83)]
        );
        assert_eq!(
            others(&entries),
            [
                ("curve", "a list"),
                ("model", "a string"),
                ("none", "null"),
                ("ok", "true or false")
            ]
        );
        assert!(flatten_json("[1, 2]").is_err());
        assert!(flatten_json("{").is_err());
    }

    #[test]
    fn yaml_reads_plain_numbers_only_and_never_follows_aliases() {
        let text = "\
recall: 0.83
eval:
  f1: .7
  loss: 12
  quoted: \"0.9\"
  tagged: !!str 5
  flag: true
  nothing: ~
  inf: .inf
  curve: [1, 2]
  rows:
    - a: 1
base: &b 0.5
copy: *b
after: 3
";
        let entries = flatten_yaml(text).unwrap();
        assert_eq!(
            numbers(&entries),
            [
                ("recall", 0.83),
                ("eval.f1", 0.7),
                ("eval.loss", 12.0),
                ("base", 0.5),
                ("after", 3.0)
            ]
        );
        let skipped = others(&entries);
        assert!(skipped.contains(&("eval.quoted", "a string")));
        assert!(skipped.contains(&("eval.tagged", "a string")));
        assert!(skipped.contains(&("eval.flag", "true or false")));
        assert!(skipped.contains(&("eval.nothing", "null")));
        assert!(skipped.contains(&("eval.inf", "inf, not a finite number")));
        assert!(skipped.contains(&("eval.curve", "a list")));
        assert!(skipped.contains(&("eval.rows", "a list")));
        assert!(
            skipped
                .iter()
                .any(|(n, w)| *n == "copy" && w.contains("alias"))
        );
    }

    #[test]
    fn a_billion_laughs_stays_small() {
        let mut text = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..12 {
            let refs = vec![format!("*l{}", level - 1); 9].join(", ");
            text.push_str(&format!("l{level}: &l{level} [{refs}]\n"));
        }
        text.push_str("recall: 0.8\n");
        let entries = flatten_yaml(&text).unwrap();
        assert_eq!(numbers(&entries), [("recall", 0.8)]);
        assert_eq!(entries.len(), 13);
    }

    #[test]
    fn yaml_that_is_not_a_mapping_is_refused() {
        for text in ["- 1\n- 2\n", "0.83\n", "", "a: [\n"] {
            assert!(flatten_yaml(text).is_err(), "{text:?}");
        }
        // complex keys are skipped, not misread
        let entries = flatten_yaml("? [a, b]\n: 1\nrecall: 2\n").unwrap();
        assert_eq!(numbers(&entries), [("recall", 2.0)]);
    }

    #[test]
    fn a_repeated_name_keeps_its_last_value() {
        let entries = last_of_each(flatten_yaml("a: 1\nb: 2\na: 3\n").unwrap());
        assert_eq!(numbers(&entries), [("a", 3.0), ("b", 2.0)]);
    }

    #[test]
    fn mlflow_takes_the_latest_step_then_timestamp() {
        let dir = tempfile::tempdir().unwrap();
        let metrics = dir.path().join("run1/metrics");
        fs::create_dir_all(metrics.join("val")).unwrap();
        fs::write(
            metrics.join("recall"),
            "1700000000000 0.70 0\n1700000000500 0.90 2\n1700000000100 0.80 1\n",
        )
        .unwrap();
        fs::write(metrics.join("tied"), "5 1.0 3\n9 2.0 3\n7 3.0 3\n").unwrap();
        fs::write(metrics.join("old_format"), "5 1.5\n6 2.5\n").unwrap();
        fs::write(metrics.join("val/loss"), "5 0.25 1\n").unwrap();
        fs::write(metrics.join("broken"), "5 x 1\n").unwrap();
        fs::write(metrics.join("nan"), "5 nan 1\n").unwrap();
        let found = read(&dir.path().join("run1")).unwrap();
        assert_eq!(found.source.as_deref(), Some("mlflow run run1"));
        assert_eq!(
            numbers(&found.entries),
            [
                ("old_format", 2.5),
                ("recall", 0.9),
                ("tied", 2.0),
                ("val.loss", 0.25)
            ]
        );
        assert_eq!(
            others(&found.entries),
            [
                ("broken", "line 1 is not `timestamp value step`"),
                ("nan", "NaN, not a finite number")
            ]
        );
        assert!(
            read(dir.path()).is_err(),
            "a folder without metrics/ is not a run"
        );
    }

    #[test]
    fn the_extension_picks_the_format() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = dir.path().join("m.yml");
        fs::write(&yaml, "recall: 0.5\n").unwrap();
        assert_eq!(numbers(&read(&yaml).unwrap().entries), [("recall", 0.5)]);
        let other = dir.path().join("metrics.txt");
        fs::write(&other, "recall: 0.5\n").unwrap();
        assert_eq!(numbers(&read(&other).unwrap().entries), [("recall", 0.5)]);
        let json = dir.path().join("m.json");
        fs::write(&json, "recall: 0.5\n").unwrap();
        assert!(read(&json).unwrap_err().contains("not JSON"));
    }
}
