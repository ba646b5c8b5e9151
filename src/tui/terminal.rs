//! The terminal: set up (raw mode, alternate screen, bracketed paste, mouse capture
//! when asked) and always put back — on quit, on error, on a signal, on a panic of
//! the UI thread. A panic on another thread leaves the terminal alone: it becomes an
//! error the user sees (`storage`), never a restored terminal under a UI that keeps
//! drawing.

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::cell::RefCell;
use std::io::{self, Write};
use std::sync::OnceLock;
use std::thread::ThreadId;

pub type Term = Terminal<CrosstermBackend<FrameWriter>>;

/// The terminal's output, a frame at a time: what ratatui writes is kept until it
/// flushes at the end of a draw, then sent in one `write`. (`io::Stdout` is
/// line-buffered with a 1 KiB buffer and ratatui writes no newlines: a 160x45 frame of
/// 12 KB went out in 13 writes, which a terminal may show half-drawn.) Nothing is sent
/// when it is dropped: a frame cut short by a panic is never printed after the
/// terminal was put back.
#[derive(Default)]
pub struct FrameWriter {
    frame: Vec<u8>,
}

impl Write for FrameWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut out = io::stdout().lock();
        let sent = out.write_all(&self.frame);
        // Sent or not (a terminal that is gone), it is not kept to grow forever.
        self.frame.clear();
        sent?;
        out.flush()
    }
}

/// Puts the terminal back when dropped, on every path out of the runtime.
pub struct TerminalGuard {
    pub terminal: Term,
    mouse: bool,
}

impl TerminalGuard {
    pub fn enter(mouse: bool) -> io::Result<TerminalGuard> {
        set_up(mouse)?;
        match Terminal::new(CrosstermBackend::new(FrameWriter::default())) {
            Ok(terminal) => Ok(TerminalGuard { terminal, mouse }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    /// Leaves the alternate screen for a child program (`$EDITOR`) and comes back
    /// with a full redraw.
    pub fn suspended<T>(&mut self, f: impl FnOnce() -> T) -> io::Result<T> {
        restore();
        let result = f();
        set_up(self.mouse)?;
        self.terminal.clear()?;
        Ok(result)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

fn set_up(mouse: bool) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    let mut stdout = io::stdout();
    let result = if mouse {
        execute!(
            stdout,
            EnterAlternateScreen,
            EnableBracketedPaste,
            EnableMouseCapture
        )
    } else {
        execute!(stdout, EnterAlternateScreen, EnableBracketedPaste)
    };
    result.inspect_err(|_| restore())
}

/// Puts the terminal back: mouse reporting and bracketed paste off, main screen,
/// visible cursor, cooked mode. Safe to call more than once, from the panic hook,
/// and on a terminal that is gone (SIGHUP): errors are ignored.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();

thread_local! {
    /// What the last panic on this thread said, for the thread's own catch site.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Restores the terminal when the UI thread panics (then reports as usual); on any
/// other thread the message is kept for that thread to report as an error action,
/// and nothing is written over the screen.
pub fn install_panic_hook() {
    let _ = UI_THREAD.set(std::thread::current().id());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if UI_THREAD.get() == Some(&std::thread::current().id()) {
            restore();
            previous(info);
        } else {
            let text = info.to_string();
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(text));
        }
    }));
}

/// What a caught panic said: the hook's full message (with the place), else the
/// payload's text.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = LAST_PANIC.with(|last| last.borrow_mut().take()) {
        return text.replace('\n', " ");
    }
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// Runs `f`, turning a panic into its message: the way every thread of mlboard
/// reports a crash instead of dying silently.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .map_err(|payload| panic_message(payload.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_kept_until_flushed_and_dropped_unsent() {
        let mut out = FrameWriter::default();
        write!(out, "\x1b[1;1Hhello").unwrap();
        out.write_all(b" world").unwrap();
        assert_eq!(out.frame, b"\x1b[1;1Hhello world");
        drop(out); // nothing is written: the test's stdout stays clean
    }

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(catch(|| 4), Ok(4));
        let e = catch(|| -> u8 { panic!("git exploded") }).unwrap_err();
        assert!(e.contains("git exploded"), "{e}");
        let e = catch(|| -> u8 { std::panic::panic_any(7_u32) }).unwrap_err();
        assert_eq!(e, "a panic");
    }
}
