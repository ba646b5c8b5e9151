//! What the user sees: the screen rendered on ratatui's `TestBackend`, snapshotted
//! with insta. Review changes with `cargo insta review` (or INSTA_UPDATE=always).

mod common;

use common::*;
use crossterm::event::KeyCode;
use mlboard::app::Action;
use mlboard::ui::theme::{Theme, ThemeName};
use mlboard::ui::{self};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn board(width: u16, height: u16) -> (tempfile::TempDir, Harness) {
    let (tmp, dir) = temp_board();
    let h = Harness::open_sized(&dir, width, height);
    (tmp, h)
}

#[test]
fn starter_board() {
    let (_tmp, h) = board(120, 30);
    insta::assert_snapshot!(h.render().backend());
}

#[test]
fn card_states_after_reviews_and_moves() {
    let (_tmp, mut h) = board(120, 30);
    // Continue by a Business Stakeholder on the first card, Rework on the second,
    // Stop on the third; then move the first card on.
    h.send(ch('r'));
    h.send(key(KeyCode::Enter));
    h.send(ch('j'));
    h.send(ch('r'));
    for _ in 0..2 {
        h.send(key(KeyCode::Tab));
    }
    h.send(ch('r'));
    h.send(key(KeyCode::Enter));
    h.send(ch('j'));
    h.send(ch('r'));
    for _ in 0..2 {
        h.send(key(KeyCode::Tab));
    }
    h.send(ch('s'));
    h.send(key(KeyCode::Enter));
    let text = h.screen();
    assert!(text.contains("✓ passed"), "{text}");
    assert!(text.contains("↺ rework"), "{text}");
    assert!(text.contains("■ stopped"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn new_card_form() {
    let (_tmp, mut h) = board(100, 30);
    h.send(ch('n'));
    h.keys("Compare two algorithms");
    h.send(key(KeyCode::Tab));
    h.keys("Gradient boosting vs. logistic regression");
    h.send(key(KeyCode::Tab));
    h.keys("46");
    insta::assert_snapshot!(h.render().backend());
}

#[test]
fn review_form() {
    let (_tmp, mut h) = board(100, 30);
    h.send(ch('r'));
    h.send(key(KeyCode::Tab));
    h.send(key(KeyCode::Tab));
    h.send(key(KeyCode::Right));
    insta::assert_snapshot!(h.render().backend());
}

#[test]
fn help_lists_every_key() {
    let (_tmp, mut h) = board(100, 50);
    h.send(ch('?'));
    let text = h.screen();
    // Help is scrolled: the board's keys are on the first page, every mode's below.
    for binding in h.app.keymap.bindings(mlboard::keymap::Mode::Board) {
        assert!(text.contains(binding.help), "help lacks {:?}", binding.help);
    }
    insta::assert_snapshot!(text);
}

#[test]
fn card_detail_with_review_and_history() {
    let (_tmp, mut h) = board(100, 40);
    h.send(ch('r'));
    h.send(key(KeyCode::Tab));
    h.send(key(KeyCode::Tab));
    h.send(key(KeyCode::Tab));
    h.keys("Go.");
    h.send(key(KeyCode::Enter));
    h.send(ch('L'));
    h.send(key(KeyCode::Enter));
    insta::assert_snapshot!(h.render().backend());
}

#[test]
fn problems_banner_and_list() {
    let (_tmp, dir) = temp_board();
    std::fs::write(
        dir.join("cards/broken1.ron"),
        "(\n    id: \"broken1\",\n    title: 5,\n)\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("cards/conflict.ron"),
        "(\n<<<<<<< HEAD\n=======\n>>>>>>> theirs\n)\n",
    )
    .unwrap();
    std::fs::write(dir.join("cards/badphase.ron"), "(id: \"badphase\", title: \"t\", description: \"\", phase: Testing, rank: \"n\", roles: [], created: \"2026-11-26T13:00:00Z\", archived: None, history: [])\n").unwrap();
    let mut h = Harness::open_sized(&dir, 120, 24);
    let board = h.screen();
    assert!(
        board.contains("3 files could not be read — press ! to list them"),
        "{board}"
    );
    h.send(ch('!'));
    let text = h.screen();
    assert!(
        text.contains("cards/conflict.ron:2:1: unresolved git merge conflict"),
        "{text}"
    );
    assert!(text.contains("cards/broken1.ron:3:"), "{text}");
    insta::assert_snapshot!(text.replace(dir.to_str().unwrap(), "<board>"));
}

#[test]
fn too_small_terminal_says_so() {
    let (_tmp, h) = board(40, 10);
    let text = h.screen();
    assert!(text.contains("too small"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn search_popup_ranks_and_highlights() {
    let (_tmp, mut h) = board(110, 24);
    h.send(ch('/'));
    h.keys("drft alrt");
    let text = h.screen();
    let first_hit = text
        .lines()
        .find(|l| l.contains("│▌"))
        .unwrap_or_default()
        .to_string();
    assert!(
        first_hit.contains("Set up monitoring and data-drift alerts"),
        "{text}"
    );
    // Matched characters are highlighted (underlined, which also reads without colour).
    let terminal = h.render();
    let buffer = terminal.backend().buffer();
    let row = text.lines().position(|l| l.contains("│▌")).unwrap() as u16;
    let underlined: String = (0..buffer.area.width)
        .map(|x| &buffer[(x, row)])
        .filter(|cell| cell.modifier.contains(ratatui::style::Modifier::UNDERLINED))
        .map(|cell| cell.symbol().to_string())
        .collect();
    assert_eq!(underlined, "drftalrt", "highlighted: {underlined:?}");
    insta::assert_snapshot!(text);
}

/// The underlined (highlighted) characters of the search hit that contains `text`.
fn underlined_in_row(h: &Harness, text: &str) -> String {
    let screen_text = h.screen();
    let hit = |l: &str| l.contains(text) && (l.contains("│▌") || l.contains("│ D"));
    let row = screen_text.lines().position(hit).unwrap() as u16;
    let terminal = h.render();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.width)
        .map(|x| &buffer[(x, row)])
        .filter(|cell| cell.modifier.contains(ratatui::style::Modifier::UNDERLINED))
        .map(|cell| cell.symbol().to_string())
        .collect()
}

#[test]
fn search_shows_a_match_in_the_description_where_it_is() {
    let (_tmp, mut h) = board(110, 24);
    h.send(ch('/'));
    h.keys("degrades drft");
    let text = h.screen();
    assert!(text.contains("1 matching card"), "{text}");
    // "drft" is highlighted in the title, "degrades" in a stretch of the description
    assert!(text.contains("  …hich degrades the"), "{text}");
    assert_eq!(underlined_in_row(&h, "degrades"), "drftdegrades");
    // a role's tag lights up when the word matched it (or the role's name)
    h.send(ctrl('u'));
    h.keys("scientist mon");
    assert_eq!(underlined_in_row(&h, "monitoring"), "monDS");
}

#[test]
fn filter_picker_and_filtered_counts() {
    let (_tmp, mut h) = board(120, 30);
    h.send(ch('f'));
    h.keys("4");
    let picker = h.screen();
    h.send(key(KeyCode::Enter));
    let filtered = h.screen();
    assert!(filtered.contains("filter: DS"), "{filtered}");
    assert!(filtered.contains("Design 6/7"), "{filtered}");
    insta::assert_snapshot!("filter_picker", picker);
    insta::assert_snapshot!("filtered_board", filtered);
}

#[test]
fn delete_confirmation() {
    let (_tmp, mut h) = board(100, 24);
    h.send(ch('D'));
    insta::assert_snapshot!(h.render().backend());
}

#[test]
fn archived_cards_are_marked_when_shown() {
    let (_tmp, mut h) = board(120, 24);
    h.send(ch('a'));
    h.send(ch('A'));
    let text = h.screen();
    assert!(text.contains("archived"), "{text}");
    assert!(text.contains("Design 6 +1 archived"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn role_picker() {
    let (_tmp, mut h) = board(100, 24);
    h.send(ch('t'));
    insta::assert_snapshot!(h.render().backend());
}

#[test]
fn insights_flag_missing_roles() {
    let (_tmp, mut h) = board(110, 40);
    // The only Design card with a Software Engineer loses that role.
    h.send(ch('G'));
    assert!(
        h.selected()
            .unwrap()
            .title
            .starts_with("Implementation design")
    );
    h.send(ch('t'));
    h.keys("5");
    h.send(key(KeyCode::Enter));
    h.send(ch('i'));
    h.send(key(KeyCode::Tab)); // the Roles page
    let text = h.screen();
    assert!(text.contains("Role coverage"), "{text}");
    let swe = text
        .lines()
        .find(|l| l.contains("SWE  Software Engineer"))
        .unwrap();
    assert!(swe.contains("0 missing !"), "{swe}");
    insta::assert_snapshot!(text);
}

#[test]
fn wip_limit_in_header_and_warning_on_move() {
    let (_tmp, dir) = temp_board();
    let settings = std::fs::read_to_string(dir.join("board.ron"))
        .unwrap()
        .replace("development: None", "development: Some(6)");
    std::fs::write(dir.join("board.ron"), settings).unwrap();
    let mut h = Harness::open_sized(&dir, 120, 24);
    assert!(h.screen().contains("Development 6/6"));
    h.send(ch('L'));
    let text = h.screen();
    assert!(text.contains("Development 7/6 over limit"), "{text}");
    assert!(
        h.status().contains("over its WIP limit (7/6)"),
        "{}",
        h.status()
    );
}

#[test]
fn long_and_wide_titles_and_escape_sequences_keep_the_layout() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open_sized(&dir, 90, 20);
    h.send(ch('n'));
    h.keys("数据质量检查 for the churn model with a very long title that cannot fit");
    h.send(key(KeyCode::Enter));
    // a teammate's file with an escape sequence in the title
    let id = h.selected().unwrap().id.clone();
    let rel = format!("cards/{id}.ron");
    let text = std::fs::read_to_string(dir.join(&rel))
        .unwrap()
        .replace("数据质量检查", "\\u{1b}[2J\\u{7}evil");
    std::fs::write(dir.join(&rel), text).unwrap();
    h.files_changed(&[&rel]);
    let screen_text = h.screen();
    assert!(screen_text.contains("\\u{1b}[2J"), "{screen_text}");
    assert!(!screen_text.contains('\x1b'));
    for line in screen_text.lines() {
        assert_eq!(unicode_width::UnicodeWidthStr::width(line), 92, "{line}");
    }
    insta::assert_snapshot!(screen_text);
}

#[test]
fn no_color_draws_no_colour() {
    let (_tmp, h) = board(100, 24);
    let mut terminal = Terminal::new(TestBackend::new(100, 24)).unwrap();
    terminal
        .draw(|frame| ui::draw(frame, &h.app, &Theme::plain()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content
            .iter()
            .all(|cell| cell.fg == ratatui::style::Color::Reset)
    );
    let mut terminal = Terminal::new(TestBackend::new(100, 24)).unwrap();
    terminal
        .draw(|frame| ui::draw(frame, &h.app, &Theme::new(ThemeName::Dark, false)))
        .unwrap();
    assert!(
        terminal
            .backend()
            .buffer()
            .content
            .iter()
            .any(|cell| cell.fg != ratatui::style::Color::Reset)
    );
}

#[test]
fn filtered_counts_leave_archived_cards_out_unless_shown() {
    let (_tmp, mut h) = board(120, 30);
    h.send(ch('a')); // archive a Design card owned by a Data Scientist
    h.send(ch('f'));
    h.keys("4");
    h.send(key(KeyCode::Enter));
    assert!(h.screen().contains("Design 5/6"), "{}", h.screen());
    h.send(ch('A'));
    assert!(h.screen().contains("Design 6/7"), "{}", h.screen());
}

#[test]
fn forms_fit_the_smallest_terminal() {
    let (_tmp, mut h) = board(60, 12);
    h.send(ch('n'));
    h.keys("Hello");
    h.send(key(KeyCode::Tab));
    h.send(key(KeyCode::Tab));
    for _ in 0..5 {
        h.send(ch('j'));
    }
    let form = h.screen();
    assert!(form.contains("Title: Hello"), "{form}");
    assert!(
        form.contains("6 [ ] MLE"),
        "the role under the cursor is in view: {form}"
    );
    h.send(key(KeyCode::Esc));
    h.send(ch('r'));
    let review = h.screen();
    for label in [
        "Reviewer: ann",
        "Role: (•) Business",
        "Verdict: (•) Continue",
        "Note:",
    ] {
        assert!(review.contains(label), "{label}: {review}");
    }
    insta::assert_snapshot!("small_card_form", form);
    insta::assert_snapshot!("small_review_form", review);
}

fn footer(h: &Harness) -> String {
    h.screen().lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_footer_shows_the_keys_in_use() {
    let (_tmp, mut h) = board(140, 30);
    assert!(footer(&h).contains("h/l column  j/k card  H/L move  J/K reorder  n new"));
    h.with_keys(r#"{ MoveNextPhase: ["M"], FocusPrev: ["left"], NewCard: ["ctrl+n"] }"#);
    let line = footer(&h);
    assert!(line.contains("←/l column"), "{line}");
    assert!(line.contains("H/M move"), "{line}");
    assert!(line.contains("Ctrl+n new"), "{line}");
    assert!(!line.contains("H/L"), "{line}");
}

#[test]
fn help_and_every_popup_hint_follow_the_keys_in_use() {
    let (_tmp, mut h) = board(120, 40);
    let notes = h.with_keys(
        r#"(
            board: { MoveNextPhase: ["M"], Help: ["f1"], Delete: ["x"] },
            form: { Cancel: ["ctrl+g"], NextField: ["ctrl+t"] },
            text: { Submit: ["ctrl+j"] },
            choice: { PrevChoice: ["a"], NextChoice: ["z"] },
            picker: { Toggle: ["ctrl+space"], Close: ["ctrl+q"] },
            confirm: { Yes: ["d"], No: ["k"] },
            scroll: { Down: ["s"], Close: ["ctrl+w"] },
            search: { Jump: ["ctrl+o"], Close: ["ctrl+g"] },
        )"#,
    );
    assert!(notes.is_empty(), "{notes:?}");
    h.send(key(KeyCode::F(1)));
    let help = h.screen();
    assert!(
        help.contains("  M                      move the card to the next phase"),
        "{help}"
    );
    assert!(help.contains("s/k scroll · Ctrl+w close"), "{help}");
    h.send(key(KeyCode::F(1))); // the key that opened it closes it
    let cases: [(&[Action], &str); 6] = [
        (
            &[ch('n')],
            "Ctrl+t field · Ctrl+j/Ctrl+s save · Ctrl+g cancel",
        ),
        (
            &[ch('r')],
            "Ctrl+t field · a/z choose · Ctrl+j/Ctrl+s save · Ctrl+g cancel",
        ),
        (
            &[ch('t')],
            "Ctrl+Space toggles, saved at once · Ctrl+q/Enter close",
        ),
        (&[ch('f')], "Ctrl+Space toggle · Enter apply · Ctrl+q clear"),
        (&[ch('x')], "d delete · k keep"),
        (&[ch('/')], "↑/↓ choose · Ctrl+o jump · Ctrl+g back"),
    ];
    for (open, expected) in cases {
        for action in open {
            h.send(action.clone());
        }
        let text = h.screen();
        assert!(
            text.contains(expected),
            "{expected:?} not in\n{text}\n{}",
            h.status()
        );
        h.app.popup = None;
    }
    h.send(ch('n'));
    let form = h.screen();
    assert!(form.contains("Roles (Ctrl+Space toggles)"), "{form}");
}

/// The screen with its colours: the text, then each run of cells in one style.
fn styled_screen(h: &Harness, theme: &Theme) -> String {
    let (width, height) = h.app.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| ui::draw(frame, &h.app, theme))
        .unwrap();
    format!("{:?}", terminal.backend().buffer())
}

#[test]
fn each_theme_and_no_color() {
    let (_tmp, mut h) = board(60, 14);
    h.send(ch('j'));
    h.send(ch('L'));
    for (name, theme) in [
        ("theme_dark", Theme::new(ThemeName::Dark, false)),
        ("theme_light", Theme::new(ThemeName::Light, false)),
        (
            "theme_high_contrast",
            Theme::new(ThemeName::HighContrast, false),
        ),
        ("theme_no_color", Theme::new(ThemeName::Light, true)),
    ] {
        insta::assert_snapshot!(name, styled_screen(&h, &theme));
    }
}

#[test]
fn light_and_high_contrast_paint_their_background_everywhere() {
    let (_tmp, mut h) = board(100, 30);
    h.send(ch('n'));
    h.keys("A title");
    for name in [ThemeName::Light, ThemeName::HighContrast] {
        let theme = Theme::new(name, false);
        let background = theme.palette().unwrap().background.unwrap();
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal
            .draw(|frame| ui::draw(frame, &h.app, &theme))
            .unwrap();
        let buffer = terminal.backend().buffer();
        // Every cell has the palette's background, except the reversed selection.
        let odd: Vec<_> = buffer
            .content
            .iter()
            .filter(|c| {
                c.bg != background && !c.modifier.contains(ratatui::style::Modifier::REVERSED)
            })
            .map(|c| c.symbol().to_string())
            .collect();
        assert!(
            odd.is_empty(),
            "{name:?}: {} cells without the background: {odd:?}",
            odd.len()
        );
    }
}

#[test]
fn a_dragged_card_shows_where_it_would_land() {
    let (_tmp, mut h) = board(100, 20);
    // Columns at x = 0, 33, 66; Development's second card has its tags on row 6.
    h.drag((3, 2), (40, 6));
    let text = h.screen();
    assert!(text.contains("▶ drop here"), "{text}");
    insta::assert_snapshot!(text);
    // Over the first card's title the marker sits on the column's top border.
    h.drag((3, 2), (40, 2));
    let top = h.screen();
    let border = top.lines().nth(1).unwrap();
    assert!(border.contains("▶ drop here"), "{top}");
    h.release((40, 2));
    assert!(!h.screen().contains("drop here"));
}
