//! The bindable commands and the modes they belong to. A mode is where the keyboard
//! is: on the board, in a form, in a text field, in a list... Each mode has its own
//! commands, in the order help shows them, with the words help says about them.

/// Everything a key can ask for. Some commands exist in several modes (`Down` in a
/// list and in a scrolling popup); what they do follows from where the keyboard is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    // The board
    FocusPrev,
    FocusNext,
    SelectNext,
    SelectPrev,
    SelectFirst,
    SelectLast,
    PageDown,
    PageUp,
    MovePrevPhase,
    MoveNextPhase,
    MoveDown,
    MoveUp,
    NewCard,
    OpenCard,
    EditCard,
    EditDescription,
    ToggleRoles,
    Review,
    Search,
    Filter,
    ClearFilter,
    Archive,
    ToggleArchived,
    Delete,
    Undo,
    Redo,
    Insights,
    Messages,
    SwitchBoard,
    Sync,
    Problems,
    Help,
    Quit,
    // Forms
    NextField,
    PrevField,
    Save,
    Cancel,
    // Fields, lists and popups
    Submit,
    Down,
    Up,
    First,
    Last,
    Toggle,
    AwaitingReview,
    NextChoice,
    PrevChoice,
    Jump,
    Yes,
    No,
    Close,
    NextPage,
    PrevPage,
    // Text fields
    CursorLeft,
    CursorRight,
    CursorUp,
    CursorDown,
    WordLeft,
    WordRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteWordBack,
    DeleteWordForward,
    DeleteToStart,
    DeleteToEnd,
    UndoEdit,
    RedoEdit,
}

impl Command {
    /// The name `keys.ron` uses: the variant's name.
    pub fn name(self) -> String {
        format!("{self:?}")
    }
}

/// Where the keyboard is. Keys are looked up through a stack of modes, outermost
/// first (`Global`, then `Form`, then the focused field's mode); a key no mode binds
/// reaches a text field as a typed character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Keys that work everywhere, even in a half-filled form.
    Global,
    Board,
    /// The card and review forms, whichever field has the focus.
    Form,
    /// A text field: the card form's title and description, the reviewer, the note,
    /// the search query.
    Text,
    /// A choice among a few values (the review's role and verdict).
    Choice,
    /// A list: the role picker, the filter, the role field of the card form, the list
    /// of boards.
    Picker,
    /// A yes / no question.
    Confirm,
    /// A popup that only shows text: help, the card, insights, problems, messages.
    Scroll,
    /// The card view (`Enter`): what can be done to the card from inside it.
    Card,
    /// The search popup (its query is a text field).
    Search,
}

/// One command of a mode, as help describes it.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub command: Command,
    pub help: &'static str,
}

const fn s(command: Command, help: &'static str) -> Spec {
    Spec { command, help }
}

use Command as C;

const GLOBAL: &[Spec] = &[s(
    C::Quit,
    "quit from anywhere (a half-filled form saves nothing)",
)];

const BOARD: &[Spec] = &[
    s(C::FocusPrev, "focus the previous column"),
    s(C::FocusNext, "focus the next column"),
    s(C::SelectNext, "select the next card"),
    s(C::SelectPrev, "select the previous card"),
    s(C::SelectFirst, "select the first card"),
    s(C::SelectLast, "select the last card"),
    s(C::PageDown, "select a page further down"),
    s(C::PageUp, "select a page further up"),
    s(C::MovePrevPhase, "move the card to the previous phase"),
    s(C::MoveNextPhase, "move the card to the next phase"),
    s(C::MoveDown, "move the card down in its column"),
    s(C::MoveUp, "move the card up in its column"),
    s(C::NewCard, "new card in the focused column"),
    s(
        C::OpenCard,
        "open the card: details, roles, reviews, history",
    ),
    s(C::EditCard, "edit the card in a form"),
    s(
        C::EditDescription,
        "edit the description in $VISUAL / $EDITOR / vi",
    ),
    s(C::ToggleRoles, "toggle the card's roles"),
    s(C::Review, "record a stakeholder review"),
    s(C::Search, "fuzzy search, then jump to a card"),
    s(C::Filter, "filter by role, label or review state"),
    s(C::ClearFilter, "clear the filter"),
    s(C::Archive, "archive the card (unarchive when shown)"),
    s(C::ToggleArchived, "show or hide archived cards"),
    s(C::Delete, "delete the card (asks first)"),
    s(C::Undo, "undo the last change"),
    s(C::Redo, "redo"),
    s(
        C::Insights,
        "insights: flow, role coverage, reviews, key metrics",
    ),
    s(C::Messages, "this session's messages, newest first"),
    s(C::SwitchBoard, "switch board: the boards opened before"),
    s(C::Sync, "sync with git"),
    s(C::Problems, "list the files that could not be read"),
    s(C::Help, "help: every key"),
    s(C::Quit, "quit"),
];

const FORM: &[Spec] = &[
    s(C::NextField, "next field"),
    s(C::PrevField, "previous field"),
    s(C::Save, "save from any field"),
    s(C::Cancel, "cancel with nothing changed"),
];

const TEXT: &[Spec] = &[
    s(C::Submit, "save the form (in the description: a new line)"),
    s(C::CursorLeft, "cursor left"),
    s(C::CursorRight, "cursor right"),
    s(C::CursorUp, "cursor up a line"),
    s(C::CursorDown, "cursor down a line"),
    s(C::WordLeft, "a word left"),
    s(C::WordRight, "a word right"),
    s(C::LineStart, "start of the line"),
    s(C::LineEnd, "end of the line"),
    s(C::DeleteBack, "delete the character before the cursor"),
    s(C::DeleteForward, "delete the character under the cursor"),
    s(C::DeleteWordBack, "delete the word before the cursor"),
    s(C::DeleteWordForward, "delete the word after the cursor"),
    s(C::DeleteToStart, "delete to the start of the line"),
    s(C::DeleteToEnd, "delete to the end of the line"),
    s(C::UndoEdit, "undo typing"),
    s(C::RedoEdit, "redo typing"),
];

const CHOICE: &[Spec] = &[
    s(C::NextChoice, "next value (or type its first letter)"),
    s(C::PrevChoice, "previous value"),
    s(C::Submit, "save the form"),
];

const PICKER: &[Spec] = &[
    s(C::Down, "next line"),
    s(C::Up, "previous line"),
    s(C::First, "first line"),
    s(C::Last, "last line"),
    s(C::Toggle, "toggle the line (or type its number)"),
    s(C::AwaitingReview, "filter: only cards awaiting review"),
    s(C::Submit, "apply / open; in a form: save"),
    s(C::Close, "close (the filter: clear it)"),
];

const CONFIRM: &[Spec] = &[s(C::Yes, "yes"), s(C::No, "no")];

const SCROLL: &[Spec] = &[
    s(C::Down, "scroll down"),
    s(C::Up, "scroll up"),
    s(C::PageDown, "a page down"),
    s(C::PageUp, "a page up"),
    s(C::First, "to the top"),
    s(C::Last, "to the bottom"),
    s(C::NextPage, "insights: the next page"),
    s(C::PrevPage, "insights: the previous page"),
    s(C::Close, "close (so does the key that opened it)"),
];

const CARD: &[Spec] = &[
    s(C::Review, "record a stakeholder review of the card"),
    s(C::EditCard, "edit the card in a form"),
    s(
        C::EditDescription,
        "edit the description in $VISUAL / $EDITOR / vi",
    ),
    s(C::ToggleRoles, "toggle the card's roles"),
];

const SEARCH: &[Spec] = &[
    s(C::Down, "next hit"),
    s(C::Up, "previous hit"),
    s(C::Jump, "jump to the card"),
    s(C::Close, "back to where you were"),
];

impl Mode {
    pub const ALL: [Mode; 10] = [
        Mode::Global,
        Mode::Board,
        Mode::Form,
        Mode::Text,
        Mode::Choice,
        Mode::Picker,
        Mode::Confirm,
        Mode::Scroll,
        Mode::Card,
        Mode::Search,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The mode's section name in `keys.ron`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Board => "board",
            Mode::Form => "form",
            Mode::Text => "text",
            Mode::Choice => "choice",
            Mode::Picker => "picker",
            Mode::Confirm => "confirm",
            Mode::Scroll => "scroll",
            Mode::Card => "card",
            Mode::Search => "search",
        }
    }

    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The heading of the mode in help.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Global => "Everywhere",
            Mode::Board => "Board",
            Mode::Form => "Forms (new card, edit, review)",
            Mode::Text => "Text fields",
            Mode::Choice => "Choices (review role and verdict)",
            Mode::Picker => "Lists (roles, filter, boards)",
            Mode::Confirm => "Questions",
            Mode::Scroll => "Popups (help, card, insights, problems, messages)",
            Mode::Card => "The card (Enter)",
            Mode::Search => "Search",
        }
    }

    /// The mode's commands, in help's order.
    pub fn specs(self) -> &'static [Spec] {
        match self {
            Mode::Global => GLOBAL,
            Mode::Board => BOARD,
            Mode::Form => FORM,
            Mode::Text => TEXT,
            Mode::Choice => CHOICE,
            Mode::Picker => PICKER,
            Mode::Confirm => CONFIRM,
            Mode::Scroll => SCROLL,
            Mode::Card => CARD,
            Mode::Search => SEARCH,
        }
    }

    pub fn has(self, command: Command) -> bool {
        self.specs().iter().any(|s| s.command == command)
    }

    /// A command of this mode by its `keys.ron` name.
    pub fn command(self, name: &str) -> Option<Command> {
        self.specs()
            .iter()
            .map(|s| s.command)
            .find(|c| c.name() == name)
    }
}

/// The stacks of modes the app looks keys up in; a key bound in an earlier mode of a
/// stack hides the same key in a later one.
pub const STACKS: &[&[Mode]] = &[
    &[Mode::Global, Mode::Board],
    &[Mode::Global, Mode::Form, Mode::Text],
    &[Mode::Global, Mode::Form, Mode::Choice],
    &[Mode::Global, Mode::Form, Mode::Picker],
    &[Mode::Global, Mode::Picker],
    &[Mode::Global, Mode::Confirm],
    &[Mode::Global, Mode::Scroll],
    &[Mode::Global, Mode::Card, Mode::Scroll],
    &[Mode::Global, Mode::Search, Mode::Text],
];
