//! The command line's shape (SPEC §4), with clap derive. Every `--help` is built from
//! the doc comments here; names people type are parsed by `model::names`.

use crate::model::names::{self, MoveTarget, NameError};
use crate::model::{
    Date, DateError, Finite, Label, LabelError, Labels, MetricName, Phase, ReviewerRole, Role,
    Verdict,
};
use clap::builder::{PossibleValue, TypedValueParser};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use clap_complete::ArgValueCandidates;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  mlboard                              open the board in the terminal UI
  mlboard init --name \"Churn model\"    create a board with the MLOps starter cards
  mlboard add \"Compare two algorithms\" --phase dev --role ds,mle
  mlboard list --role ds               cards a Data Scientist owns
  mlboard list --search \"drft alrt\"    fuzzy search, best match first
  mlboard move k3m9 next               move card k3m9… to the next phase
  mlboard review k3m9 --verdict continue --note \"Go.\"
  mlboard check                        validate every file (CI, pre-commit hook)
  mlboard metric declare recall --at-least 0.85
  mlboard metric record --from metrics.json --card k3m9
  mlboard export --format html --output board.html

IDs may be shortened to any unique prefix. Phases, roles and verdicts are
case-insensitive and take unique prefixes or tags (dev, ds, mle, bs, sme).
Exit status: 0 ok, 1 error, 2 usage error.";

/// A keyboard-driven kanban board for teams that build machine-learning systems.
///
/// Without a command, opens the board in the terminal UI. The board is a directory of
/// RON files: --board DIR, else $MLBOARD_DIR, else the data directory
/// (e.g. ~/.local/share/mlboard/board).
#[derive(Debug, Parser)]
#[command(name = "mlboard", version, after_help = EXAMPLES)]
pub struct Cli {
    /// The board directory [default: $MLBOARD_DIR, else the data directory]
    #[arg(short, long, value_name = "DIR", global = true, value_hint = clap::ValueHint::DirPath)]
    pub board: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(InitArgs),
    Add(AddArgs),
    List(ListArgs),
    Show(ShowArgs),
    Move(MoveArgs),
    Review(ReviewArgs),
    Archive(ArchiveArgs),
    Edit(EditArgs),
    Unarchive(UnarchiveArgs),
    Delete(DeleteArgs),
    Check(CheckArgs),
    Sync(SyncArgs),
    Metric(MetricArgs),
    Stats(StatsArgs),
    Export(ExportArgs),
    Completions(CompletionsArgs),
}

/// Create a board (refuses, changing nothing, where one exists)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mlboard -b ./board init --name \"Churn model\"\n  mlboard init --template empty"
)]
pub struct InitArgs {
    /// Start from the MLOps life-cycle tasks, or from nothing
    #[arg(short, long, value_enum, ignore_case = true, default_value_t = TemplateArg::Mlops)]
    pub template: TemplateArg,
    /// The board's name [default: the template's]
    #[arg(short, long)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateArg {
    /// The tasks of each phase of the ML life cycle, with their roles
    Mlops,
    /// No cards
    Empty,
}

/// Add a card and print its id
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mlboard add \"Exploratory data analysis\" --role ds --role sme\n  id=$(mlboard add \"Serve the model\" -p deploy -r swe,mle -d \"Behind the API gateway.\")"
)]
pub struct AddArgs {
    /// The card's title (one line)
    pub title: String,
    /// The column to add it to, at the bottom [default: design]
    #[arg(short, long, value_parser = phase_parser())]
    pub phase: Option<Phase>,
    /// An owning role: tag (ds), name (DataScientist) or prefix; repeat it or separate with commas
    #[arg(short, long = "role", value_name = "ROLE", value_parser = role_parser(), value_delimiter = ',')]
    pub roles: Vec<Role>,
    /// A longer description
    #[arg(short, long, default_value = "")]
    pub description: String,
    /// A free label (a-z, 0-9, '_', '.', '-'; up to 32); repeat it or separate with commas
    #[arg(short, long = "label", value_name = "LABEL", value_parser = label_parser(), value_delimiter = ',', add = labels())]
    pub labels: Vec<LabelArg>,
    /// The due date, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = date_parser())]
    pub due: Option<Date>,
}

/// List cards in board order (Design top to bottom, then Development, then Deployment)
#[derive(Debug, Args)]
#[command(
    after_help = "With --search, cards come best match first. Archived cards are left out unless --archived.\n\nExamples:\n  mlboard list --phase dev --role ds\n  mlboard list --search \"drift alert\" --json | jq -r '.[0].id'"
)]
pub struct ListArgs {
    /// Only cards in this phase
    #[arg(short, long, value_parser = phase_parser())]
    pub phase: Option<Phase>,
    /// Only cards owned by one of these roles; repeat it or separate with commas
    #[arg(short, long = "role", value_name = "ROLE", value_parser = role_parser(), value_delimiter = ',')]
    pub roles: Vec<Role>,
    /// Only cards with one of these labels (`none`: cards without labels); repeat it or separate with commas
    #[arg(short, long = "label", value_name = "LABEL", value_parser = label_parser(), value_delimiter = ',', add = labels())]
    pub labels: Vec<LabelArg>,
    /// Fuzzy search over titles, descriptions, role tags and ids (best match first)
    #[arg(short, long, value_name = "QUERY")]
    pub search: Option<String>,
    /// Only cards past their due date (due before today, UTC) that are not archived
    #[arg(long)]
    pub overdue: bool,
    /// Include archived cards
    #[arg(short, long)]
    pub archived: bool,
    /// Print a JSON array of card objects (see the README for the fields)
    #[arg(long)]
    pub json: bool,
}

/// Show one card with its reviews and history
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mlboard show k3m9\n  mlboard show k3m9x2qa --json | jq '.reviews[0].verdict'"
)]
pub struct ShowArgs {
    /// The card's id, or any unique prefix of it
    #[arg(add = card_ids())]
    pub id: String,
    /// Print the card as a JSON object, with its reviews newest first
    #[arg(long)]
    pub json: bool,
}

/// Move a card to another phase (to the bottom of that column)
#[derive(Debug, Args)]
#[command(
    after_help = "A forward move needs a passed gate (a Continue from a Business Stakeholder in the\ncurrent phase) when board.ron says `gate: Enforce`; with `gate: Warn` it happens and\nis recorded as ungated. A card whose latest review is Stop cannot move forward.\n--force overrides both and records the move as ungated. Backward moves are never gated.\n\nExamples:\n  mlboard move k3m9 next\n  mlboard move k3m9 design\n  mlboard move k3m9 deployment --force"
)]
pub struct MoveArgs {
    /// The card's id, or any unique prefix of it
    #[arg(add = card_ids())]
    pub id: String,
    /// Where to: a phase, or the next or previous one (any unique prefix will do)
    #[arg(value_parser = move_target_parser())]
    pub phase: MoveTarget,
    /// Move forward even without a passed gate, or after a Stop (recorded as ungated)
    #[arg(short, long)]
    pub force: bool,
}

/// Record a stakeholder's review of a card in its current phase
#[derive(Debug, Args)]
#[command(
    after_help = "A Continue from a Business Stakeholder passes the card's gate in its current phase.\n\nExamples:\n  mlboard review k3m9 --verdict continue --note \"Go.\"\n  mlboard review k3m9 -v rework --reviewer Ann --role sme --note \"Check the labels.\""
)]
pub struct ReviewArgs {
    /// The card's id, or any unique prefix of it
    #[arg(add = card_ids())]
    pub id: String,
    /// The decision (any unique prefix will do)
    #[arg(short, long, value_parser = verdict_parser())]
    pub verdict: Verdict,
    /// Who decided [default: config user_name, else git config user.name, else $USER]
    #[arg(long, value_name = "NAME")]
    pub reviewer: Option<String>,
    /// The reviewer's role: Business Stakeholder or Subject Matter Expert
    #[arg(short, long, value_parser = reviewer_role_parser(), default_value = "bs")]
    pub role: ReviewerRole,
    /// Why
    #[arg(short, long, default_value = "")]
    pub note: String,
}

/// Archive a card (its file stays; `list --archived` shows it)
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  mlboard archive k3m9")]
pub struct ArchiveArgs {
    /// The card's id, or any unique prefix of it
    #[arg(add = card_ids())]
    pub id: String,
}

/// Change a card: each option given replaces that field (only those lines of its file change)
#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("change").required(true).multiple(true)),
    after_help = "At least one option is needed. --role and --label replace the whole list (repeat\nthem or separate with commas); `none` (or an empty value) clears it, as --due none\nclears the due date.\n\nExamples:\n  mlboard edit k3m9 --title \"Compare three algorithms\"\n  mlboard edit k3m9 --label experiment,churn --due 2026-12-15\n  mlboard edit k3m9 --role ds --role mle --due none"
)]
pub struct EditArgs {
    /// The card's id, or any unique prefix of it
    #[arg(add = card_ids())]
    pub id: String,
    /// The new title (one line)
    #[arg(short, long, group = "change")]
    pub title: Option<String>,
    /// The new description
    #[arg(short, long, group = "change")]
    pub description: Option<String>,
    /// The owning roles, replacing the card's (`none` clears them)
    #[arg(short, long = "role", value_name = "ROLE", value_parser = role_or_none_parser(), value_delimiter = ',', group = "change")]
    pub roles: Option<Vec<Option<Role>>>,
    /// The labels, replacing the card's (`none` clears them)
    #[arg(short, long = "label", value_name = "LABEL", value_parser = label_parser(), value_delimiter = ',', add = labels(), group = "change")]
    pub labels: Option<Vec<LabelArg>>,
    /// The due date, YYYY-MM-DD, or `none` to clear it
    #[arg(long, value_name = "DATE|none", value_parser = due_parser(), group = "change")]
    pub due: Option<DueArg>,
}

/// Bring an archived card back onto the board
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  mlboard unarchive k3m9")]
pub struct UnarchiveArgs {
    /// The card's id, or any unique prefix of it
    #[arg(add = card_ids())]
    pub id: String,
}

/// Delete a card and its review files (its key-metric measurements stay)
#[derive(Debug, Args)]
#[command(
    after_help = "The card's file and its reviews are removed; git keeps their history when the board\nis in a repository. To keep the card out of sight instead, archive it.\n\nExample:\n  mlboard delete k3m9"
)]
pub struct DeleteArgs {
    /// The card's id, or any unique prefix of it
    #[arg(add = card_ids())]
    pub id: String,
}

/// Completes a card id from the board being completed.
fn card_ids() -> ArgValueCandidates {
    ArgValueCandidates::new(super::complete::card_ids)
}

/// Completes a label from the board being completed.
fn labels() -> ArgValueCandidates {
    ArgValueCandidates::new(super::complete::labels)
}

/// A `--label` value: a label, or `none` (or nothing) for no labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelArg {
    Label(Label),
    None,
}

impl LabelArg {
    /// The labels a list of these sets: `none` contributes nothing.
    pub fn collect(args: &[LabelArg]) -> Labels {
        args.iter()
            .filter_map(|a| match a {
                LabelArg::Label(label) => Some(label.clone()),
                LabelArg::None => None,
            })
            .collect()
    }
}

/// An `edit --due` value: a date, or `none` to clear it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueArg {
    Date(Date),
    None,
}

impl DueArg {
    pub fn date(self) -> Option<Date> {
        match self {
            DueArg::Date(date) => Some(date),
            DueArg::None => None,
        }
    }
}

/// True for the words that mean "no value" in `edit`: `none`, or nothing at all.
fn means_none(text: &str) -> bool {
    let text = text.trim();
    text.is_empty() || text.eq_ignore_ascii_case("none")
}

fn label_parser() -> impl TypedValueParser<Value = LabelArg> {
    clap::builder::StringValueParser::new().try_map(
        |text: String| -> Result<LabelArg, LabelError> {
            if means_none(&text) {
                Ok(LabelArg::None)
            } else {
                text.parse().map(LabelArg::Label)
            }
        },
    )
}

fn date_parser() -> impl TypedValueParser<Value = Date> {
    clap::builder::StringValueParser::new().try_map(|text: String| text.parse::<Date>())
}

fn due_parser() -> impl TypedValueParser<Value = DueArg> {
    clap::builder::StringValueParser::new().try_map(|text: String| -> Result<DueArg, DateError> {
        if means_none(&text) {
            Ok(DueArg::None)
        } else {
            text.parse().map(DueArg::Date)
        }
    })
}

fn role_or_none(text: &str) -> Result<Option<Role>, NameError> {
    if means_none(text) {
        Ok(None)
    } else {
        names::parse_role(text).map(Some)
    }
}

fn role_or_none_parser() -> Loose<Option<Role>> {
    Loose {
        parse: role_or_none,
        names: &["bs", "sme", "de", "ds", "swe", "mle", "be", "none"],
    }
}

/// Validate every file; print path:line:column: message for each problem; exit 1 if any
#[derive(Debug, Args)]
#[command(
    after_help = "Reads only; never changes a file. Meant for a board repository's CI and pre-commit hook.\n\nExample:\n  mlboard -b board check"
)]
pub struct CheckArgs {}

/// Commit the board's files, pull with rebase, and push when there is an upstream
#[derive(Debug, Args)]
#[command(
    after_help = "The board may sit anywhere inside a git work tree. On a conflict it stops and leaves\ngit's state for you; `mlboard check` then lists the files with conflict markers.\n\nExample:\n  mlboard sync"
)]
pub struct SyncArgs {}

// ---- Key metrics, insights and export (SPEC §4) ----

/// Key metrics: declare them, record measurements, list their status
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mlboard metric declare recall --at-least 0.85\n  mlboard metric declare p95_latency_ms --at-most 200\n  mlboard metric record recall 0.83 --card k3m9 --source \"mlflow run 7f3a9c\"\n  mlboard metric record --from metrics.json --source \"ci $GITHUB_SHA\"\n  mlboard metric list --json | jq -r '.[] | select(.status != \"met\") | .name'"
)]
pub struct MetricArgs {
    #[command(subcommand)]
    pub command: MetricCommand,
}

#[derive(Debug, Subcommand)]
pub enum MetricCommand {
    Declare(DeclareArgs),
    Record(RecordArgs),
    List(MetricListArgs),
}

/// Declare a key metric in board.ron, or change its goal
#[derive(Debug, Args)]
#[command(
    allow_negative_numbers = true,
    after_help = "Names are 1 to 64 characters of a-z, 0-9, `_`, `.` and `-` (`recall`, `eval.f1`).\n\nExamples:\n  mlboard metric declare recall --at-least 0.85\n  mlboard metric declare p95_latency_ms --at-most 200"
)]
#[command(group = clap::ArgGroup::new("goal").required(true).args(["at_least", "at_most"]))]
pub struct DeclareArgs {
    /// The metric's name
    #[arg(value_parser = metric_name_parser)]
    pub name: MetricName,
    /// The goal is met when the latest measurement is at least X
    #[arg(long, value_name = "X", value_parser = finite_parser)]
    pub at_least: Option<Finite>,
    /// The goal is met when the latest measurement is at most X
    #[arg(long, value_name = "X", value_parser = finite_parser)]
    pub at_most: Option<Finite>,
}

/// Record a measurement of a key metric (print its id), or every declared metric in a file
#[derive(Debug, Args)]
#[command(
    allow_negative_numbers = true,
    after_help = "--from reads a JSON or YAML metrics file as DVC and training scripts write them\n(nested keys joined with `.`: {\"eval\": {\"recall\": 0.83}} is eval.recall), or an MLflow\nrun directory (mlruns/<experiment>/<run>: the latest step of each metrics/<name>).\nIt records every declared metric it finds and lists the rest as skipped. A value that\nis already the metric's latest measurement from the same source (and card and phase)\nis not recorded again, so a re-run CI job adds nothing.\n\nExamples:\n  mlboard metric record recall 0.83 --card k3m9\n  mlboard metric record drift_psi 0.07 --phase deployment --source \"weekly check\"\n  mlboard metric record --from metrics.json --card k3m9 --source \"ci $GITHUB_SHA\"\n  mlboard metric record --from mlruns/0/7f3a9c2e"
)]
pub struct RecordArgs {
    /// The declared metric
    #[arg(value_parser = metric_name_parser, required_unless_present = "from", conflicts_with = "from")]
    pub name: Option<MetricName>,
    /// The measured value (a finite number)
    #[arg(value_parser = finite_parser, required_unless_present = "from")]
    pub value: Option<Finite>,
    /// Read the values from a JSON or YAML metrics file, or an MLflow run directory
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// The card whose work produced it: an id or a unique prefix
    #[arg(short, long, value_name = "ID")]
    pub card: Option<String>,
    /// The phase it was measured in [default: the card's phase, else development]
    #[arg(short, long, value_parser = phase_parser())]
    pub phase: Option<Phase>,
    /// Where the number comes from (a run id, a commit) [default with --from: the MLflow run, else the file]
    #[arg(short, long, value_name = "TEXT")]
    pub source: Option<String>,
}

/// Each key metric: goal, latest value, status, trend and how many measurements
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mlboard metric list\n  mlboard metric list --json | jq '.[] | {name, status}'"
)]
pub struct MetricListArgs {
    /// Print a JSON array (see the README for the fields)
    #[arg(long)]
    pub json: bool,
}

/// The insights of the TUI's `i`: flow, role coverage, reviews, key metrics
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mlboard stats\n  mlboard stats --json | jq '.flow.cycle_time.median_secs'"
)]
pub struct StatsArgs {
    /// Print one JSON object (the README documents every field)
    #[arg(long)]
    pub json: bool,
}

/// The board for people outside the terminal: a web page, a wiki table, a sheet, JSON
#[derive(Debug, Args)]
#[command(
    after_help = "Without --format, the format follows the --output file's extension (.html, .md,\n.csv, .json), else markdown. html is one self-contained page: no scripts, nothing\nloaded from the network.\n\nExamples:\n  mlboard export --output board.html\n  mlboard export --format csv > board.csv\n  mlboard export --format json --archived | jq length"
)]
pub struct ExportArgs {
    /// The format [default: from the --output extension, else markdown]
    #[arg(short, long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Write to FILE (atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include archived cards
    #[arg(short, long)]
    pub archived: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Tables per phase and the key metrics, for a wiki or a README
    Markdown,
    /// One row per card, a header of the JSON field names, for a spreadsheet
    Csv,
    /// An array of `show --json` card objects
    Json,
    /// One self-contained page with the columns, key metrics and charts
    Html,
}

fn metric_name_parser(text: &str) -> Result<MetricName, String> {
    text.parse()
        .map_err(|e: crate::model::metric::MetricNameError| e.to_string())
}

fn finite_parser(text: &str) -> Result<Finite, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(Finite::new)
        .ok_or_else(|| format!("\"{text}\" is not a finite number"))
}

/// Print a shell completion script (completes commands, options, phases, roles, card ids and labels)
#[derive(Debug, Args)]
#[command(
    after_help = "The script asks mlboard for the candidates at each Tab, so card ids and labels are\nthose of the board on the command line (-b DIR), else $MLBOARD_DIR, else the default.\n\nExamples:\n  mlboard completions bash > ~/.local/share/bash-completion/completions/mlboard\n  echo 'source <(mlboard completions zsh)' >> ~/.zshrc    # after compinit\n  mlboard completions fish > ~/.config/fish/completions/mlboard.fish"
)]
pub struct CompletionsArgs {
    /// The shell to write completions for
    pub shell: clap_complete::Shell,
}

/// A clap value parser over one of `model::names`' loose parsers, which also tells
/// clap the canonical names (for `--help` and shell completions).
#[derive(Clone)]
pub struct Loose<T> {
    parse: fn(&str) -> Result<T, NameError>,
    names: &'static [&'static str],
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Loose<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        self.parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            self.names.iter().map(|name| PossibleValue::new(*name)),
        ))
    }
}

fn phase_parser() -> Loose<Phase> {
    Loose {
        parse: names::parse_phase,
        names: &["design", "development", "deployment"],
    }
}

fn move_target_parser() -> Loose<MoveTarget> {
    Loose {
        parse: names::parse_move_target,
        names: &["design", "development", "deployment", "next", "prev"],
    }
}

fn role_parser() -> Loose<Role> {
    Loose {
        parse: names::parse_role,
        names: &["bs", "sme", "de", "ds", "swe", "mle", "be"],
    }
}

fn reviewer_role_parser() -> Loose<ReviewerRole> {
    Loose {
        parse: names::parse_reviewer_role,
        names: &["bs", "sme"],
    }
}

fn verdict_parser() -> Loose<Verdict> {
    Loose {
        parse: names::parse_verdict,
        names: &["continue", "rework", "stop"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn loose_names_parse_through_clap() {
        let cli = Cli::try_parse_from([
            "mlboard", "add", "T", "-p", "DEV", "-r", "ds,MLE", "--role", "sme",
        ])
        .unwrap();
        let Some(Command::Add(add)) = cli.command else {
            panic!("not add");
        };
        assert_eq!(add.phase, Some(Phase::Development));
        assert_eq!(
            add.roles,
            [
                Role::DataScientist,
                Role::MlEngineer,
                Role::SubjectMatterExpert
            ]
        );
        let err = Cli::try_parse_from(["mlboard", "move", "x", "de"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ValueValidation);
        assert!(err.to_string().contains("ambiguous phase"), "{err}");
    }
}
