//! The storage worker on its own thread. It performs file effects in order; if it
//! panics, the panic becomes `Action::WorkerFailed` (the app then refuses every
//! further change) and the thread stops: nothing is ever acknowledged by a worker
//! that is gone. Closing waits for the changes already handed over to be written.

use super::terminal::catch;
use crate::app::{Action, IoEvent};
use crate::worker::WorkerMsg;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long closing waits for queued writes (a board on a hung network file system
/// must not keep a quitting mlboard forever; an abandoned atomic write is harmless).
const CLOSE_WAIT: Duration = Duration::from_secs(10);

/// What the storage thread is handed: messages in order, then (once) the end. The end
/// is a message rather than the queue's senders all going away, because the file
/// watcher's threads may hold a sender for a while after they were told to stop.
enum Job {
    Msg(WorkerMsg),
    Close,
}

pub struct StorageThread {
    inbox: Option<Sender<Job>>,
    done: Receiver<()>,
    thread: Option<JoinHandle<()>>,
}

/// A sender for the file watcher: it feeds the same queue.
#[derive(Clone)]
pub struct StorageSender(Sender<Job>);

impl StorageSender {
    pub fn send(&self, msg: WorkerMsg) -> bool {
        self.0.send(Job::Msg(msg)).is_ok()
    }
}

impl StorageThread {
    /// Runs `handle` (the real `Worker::handle`, or a test's) for every message;
    /// `outbox` delivers what it answers and returns false once nobody listens.
    pub fn spawn<H, O>(mut handle: H, outbox: O) -> std::io::Result<StorageThread>
    where
        H: FnMut(WorkerMsg) -> Option<IoEvent> + Send + 'static,
        O: Fn(Action) -> bool + Send + 'static,
    {
        let (inbox, messages) = mpsc::channel::<Job>();
        let (finished, done) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("mlboard-storage".into())
            .spawn(move || {
                for job in messages {
                    let Job::Msg(msg) = job else {
                        break;
                    };
                    match catch(|| handle(msg)) {
                        Ok(Some(event)) => {
                            if !outbox(Action::Io(event)) {
                                break;
                            }
                        }
                        Ok(None) => {}
                        Err(message) => {
                            outbox(Action::WorkerFailed(format!(
                                "the storage thread crashed: {message}"
                            )));
                            break;
                        }
                    }
                }
                let _ = finished.send(());
            })?;
        Ok(StorageThread {
            inbox: Some(inbox),
            done,
            thread: Some(thread),
        })
    }

    /// Hands a message over; `Err` when the thread is gone.
    pub fn send(&self, msg: WorkerMsg) -> Result<(), String> {
        match &self.inbox {
            Some(inbox) => inbox
                .send(Job::Msg(msg))
                .map_err(|_| "the storage thread has stopped".to_string()),
            None => Err("the storage thread has stopped".to_string()),
        }
    }

    /// A sender for the file watcher.
    pub fn sender(&self) -> Option<StorageSender> {
        self.inbox.clone().map(StorageSender)
    }

    /// Lets the thread write what it was handed, then stops it. False when it did
    /// not finish within `CLOSE_WAIT`.
    pub fn close(mut self) -> bool {
        self.finish()
    }

    fn finish(&mut self) -> bool {
        if let Some(inbox) = self.inbox.take() {
            let _ = inbox.send(Job::Close);
        }
        let finished = self.done.recv_timeout(CLOSE_WAIT).is_ok()
            || self.thread.as_ref().is_some_and(|t| t.is_finished());
        if finished && let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        finished
    }
}

impl Drop for StorageThread {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.finish();
        }
    }
}
