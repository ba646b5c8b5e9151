//! How background threads reach the event loop without it ever polling on a timer:
//! each sends its message into one channel and writes a byte to a wake-up socket;
//! the loop blocks in `poll(2)` on the terminal and that socket until either has
//! something. Messages carry the board session they belong to, so a result of a
//! board that was closed (`b`) is never applied to the next one.

use crate::app::Action;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

/// What reaches the event loop from other threads.
#[derive(Debug)]
pub enum Msg {
    /// An action for the app, from the session it belongs to.
    App { session: u64, action: Action },
    /// A signal (SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGWINCH).
    Signal(i32),
    /// A terminal event (only where the loop cannot wait on the terminal itself).
    #[allow(dead_code)]
    Input(crossterm::event::Event),
}

/// The sending side, cloned into every background thread.
#[derive(Clone)]
pub struct Outbox {
    tx: Sender<Msg>,
    waker: Arc<Waker>,
}

impl Outbox {
    pub fn send(&self, msg: Msg) -> bool {
        let sent = self.tx.send(msg).is_ok();
        self.waker.wake();
        sent
    }

    /// A sender of actions for one board session.
    pub fn for_session(&self, session: u64) -> impl Fn(Action) -> bool + Send + Clone + 'static {
        let outbox = self.clone();
        move |action| outbox.send(Msg::App { session, action })
    }
}

pub struct Inbox {
    rx: Receiver<Msg>,
    pub waker: Arc<Waker>,
}

impl Inbox {
    pub fn try_recv(&self) -> Option<Msg> {
        self.rx.try_recv().ok()
    }
}

pub fn channel() -> std::io::Result<(Outbox, Inbox)> {
    let (tx, rx) = mpsc::channel();
    let waker = Arc::new(Waker::new()?);
    Ok((
        Outbox {
            tx,
            waker: waker.clone(),
        },
        Inbox { rx, waker },
    ))
}

#[cfg(unix)]
pub use unix::{Waker, terminal_gone};

#[cfg(unix)]
mod unix {
    use std::io::{self, Read, Write};
    use std::os::unix::net::UnixStream;

    /// A socket pair: writing a byte to one end makes the other readable.
    pub struct Waker {
        write: UnixStream,
        read: UnixStream,
    }

    impl Waker {
        pub fn new() -> io::Result<Waker> {
            let (write, read) = UnixStream::pair()?;
            write.set_nonblocking(true)?;
            read.set_nonblocking(true)?;
            Ok(Waker { write, read })
        }

        pub fn wake(&self) {
            // A full buffer means a wake-up is pending already.
            let _ = (&self.write).write(&[1]);
        }

        /// Reads the pending wake-ups (before the loop reads the channel).
        pub fn drain(&self) {
            let mut buffer = [0u8; 64];
            while matches!((&self.read).read(&mut buffer), Ok(n) if n > 0) {}
        }

        /// Blocks until the terminal has input or a wake-up arrives. No timeout.
        pub fn wait_with_terminal(&self) -> io::Result<()> {
            let stdin = io::stdin();
            let mut fds = [
                PollFd::new(&stdin, PollFlags::IN),
                PollFd::new(&self.read, PollFlags::IN),
            ];
            match poll(&mut fds, None) {
                Ok(_) | Err(rustix::io::Errno::INTR) => Ok(()),
                Err(e) => Err(e.into()),
            }
        }
    }

    use rustix::event::{PollFd, PollFlags, poll};

    /// Whether the terminal is gone (its window closed). crossterm would read a
    /// hung-up terminal in a loop forever, so this is asked before every read.
    pub fn terminal_gone() -> bool {
        let stdin = io::stdin();
        let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
        let zero = rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        match poll(&mut fds, Some(&zero)) {
            Ok(_) => fds[0]
                .revents()
                .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
            Err(_) => false,
        }
    }
}

#[cfg(not(unix))]
pub use other::Waker;

#[cfg(not(unix))]
mod other {
    use std::sync::{Condvar, Mutex};

    /// Without poll(2) the loop waits on a condition variable, and terminal input
    /// arrives through the channel from an input thread.
    pub struct Waker {
        pending: Mutex<bool>,
        ready: Condvar,
    }

    impl Waker {
        pub fn new() -> std::io::Result<Waker> {
            Ok(Waker {
                pending: Mutex::new(false),
                ready: Condvar::new(),
            })
        }

        pub fn wake(&self) {
            if let Ok(mut pending) = self.pending.lock() {
                *pending = true;
                self.ready.notify_one();
            }
        }

        pub fn drain(&self) {
            if let Ok(mut pending) = self.pending.lock() {
                *pending = false;
            }
        }

        pub fn wait(&self) {
            if let Ok(mut pending) = self.pending.lock() {
                while !*pending {
                    match self.ready.wait(pending) {
                        Ok(guard) => pending = guard,
                        Err(_) => return,
                    }
                }
            }
        }
    }
}
