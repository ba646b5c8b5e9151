//! The event loop: draw when something changed, then block until the terminal or a
//! background thread (storage, watcher via storage, git, start-up, signals) has
//! something — never a timer. Each message is turned into an action for the app;
//! the effects the app asks for go where `effects::route` says.

use super::effects::{self, Route};
use super::wake::Msg;
use super::{Exit, Runtime};
use crate::app::{Action, App, MouseInput};
use crossterm::event::{self, Event};
use std::io;
use std::time::Duration;

/// Terminal events handled before a redraw when many arrive at once (a paste, a
/// held key).
const MAX_BATCH: usize = 64;

/// SIGHUP's number: a terminal that went away ends mlboard as that signal does.
const HANGUP: i32 = 1;

impl Runtime {
    pub(super) fn run_loop(&mut self, app: &mut App) -> io::Result<Exit> {
        let mut dirty = true;
        loop {
            if dirty {
                let theme = self.theme;
                self.guard
                    .terminal
                    .draw(|frame| crate::ui::draw(frame, app, &theme))?;
                dirty = false;
            }
            if !app.running {
                return Ok(Exit::Quit);
            }
            if !self.session_started {
                // After the first frame: nothing the board waits for to show.
                self.start_session(app);
                dirty = true;
                continue;
            }
            let Some(mut progressed) = self.read_terminal(app)? else {
                // The terminal is gone: end as on SIGHUP (which usually comes too).
                return Ok(Exit::Signal(HANGUP));
            };
            if let Some(exit) = self.read_messages(app, &mut progressed)? {
                return Ok(exit);
            }
            progressed |= self.perform_effects(app)?;
            if progressed {
                dirty = true;
            } else {
                self.wait()?;
            }
        }
    }

    #[cfg(unix)]
    fn wait(&self) -> io::Result<()> {
        self.inbox.waker.wait_with_terminal()
    }

    #[cfg(not(unix))]
    fn wait(&self) -> io::Result<()> {
        self.inbox.waker.wait();
        Ok(())
    }

    /// Terminal events crossterm has ready, without blocking: whether there were
    /// any, or `None` when the terminal is gone.
    #[cfg(unix)]
    fn read_terminal(&mut self, app: &mut App) -> io::Result<Option<bool>> {
        let mut handled = 0;
        while handled < MAX_BATCH {
            if super::wake::terminal_gone() {
                return Ok(None);
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
            let event = event::read()?;
            self.on_terminal_event(app, event);
            self.perform_effects(app)?;
            handled += 1;
        }
        Ok(Some(handled > 0))
    }

    /// Elsewhere terminal events come through the channel (`Msg::Input`).
    #[cfg(not(unix))]
    fn read_terminal(&mut self, _app: &mut App) -> io::Result<Option<bool>> {
        let _ = Duration::ZERO;
        Ok(Some(false))
    }

    pub(super) fn on_terminal_event(&mut self, app: &mut App, event: Event) {
        let action = match event {
            Event::Key(key) => Action::Key(key),
            Event::Paste(text) => Action::Paste(text),
            Event::Resize(width, height) => Action::Resize(width, height),
            Event::Mouse(event) => Action::Mouse(MouseInput {
                event,
                at_ms: self.started.elapsed().as_millis() as u64,
            }),
            Event::FocusGained | Event::FocusLost => return,
        };
        app.update(action);
    }

    /// Messages from other threads; `Some` when a signal ends the program.
    fn read_messages(&mut self, app: &mut App, progressed: &mut bool) -> io::Result<Option<Exit>> {
        self.inbox.waker.drain();
        while let Some(msg) = self.pending.pop_front().or_else(|| self.inbox.try_recv()) {
            *progressed = true;
            match msg {
                Msg::App { session, action } => {
                    // A result of a board closed since (`b`) has no place here.
                    if session == self.session.id {
                        app.update(action);
                    }
                }
                Msg::Input(event) => {
                    self.on_terminal_event(app, event);
                    self.perform_effects(app)?;
                }
                Msg::Signal(signal) => {
                    if let Some(exit) = self.on_signal(app, signal) {
                        return Ok(Some(exit));
                    }
                }
            }
        }
        Ok(None)
    }

    #[cfg(unix)]
    fn on_signal(&mut self, app: &mut App, signal: i32) -> Option<Exit> {
        if signal == signal_hook::consts::SIGWINCH {
            // crossterm reports the resize too; asking here never misses one.
            if let Ok((width, height)) = crossterm::terminal::size() {
                app.update(Action::Resize(width, height));
            }
            return None;
        }
        Some(Exit::Signal(signal))
    }

    #[cfg(not(unix))]
    fn on_signal(&mut self, _app: &mut App, signal: i32) -> Option<Exit> {
        Some(Exit::Signal(signal))
    }

    /// Performs what the app asked for; true when there was anything.
    pub(super) fn perform_effects(&mut self, app: &mut App) -> io::Result<bool> {
        let effects = app.take_effects();
        let any = !effects.is_empty();
        for effect in effects {
            match effects::route(effect) {
                Route::Worker(msg) => {
                    if let Some(action) = self.session.send(msg) {
                        app.update(action);
                    }
                }
                Route::Sync => self.start_sync(app),
                Route::Editor { card, text } => {
                    let result = self
                        .guard
                        .suspended(|| super::editor::edit_in_editor(&card, &text))?;
                    app.update(Action::EditorDone { card, result });
                }
                Route::ListBoards => {
                    let list = super::boards::list(&self.session.dir);
                    app.update(Action::Boards(list));
                }
                Route::SwitchBoard(dir) => self.switch_board(app, &dir),
            }
        }
        // Effects can ask for more effects (the editor's result is a save).
        if any && app.has_effects() {
            self.perform_effects(app)?;
        }
        Ok(any)
    }
}
