//! How a command fails: one line on stderr and a non-zero exit status.

use std::fmt::Display;
use std::process::ExitCode;

#[derive(Debug)]
pub enum Failure {
    /// The command could not do its work.
    Failed(String),
    /// The input cannot be used (bad usage, an unreadable or malformed
    /// file): nothing was checked.
    Usage(String),
    /// The hash chain is broken, or a proof or checkpoint does not hold:
    /// the log was altered (or the proof is not the log's).
    Broken(String),
}

impl Failure {
    pub fn report(self) -> ExitCode {
        let (message, code) = match self {
            Failure::Failed(message) => (message, 1),
            Failure::Usage(message) => (message, 2),
            Failure::Broken(message) => (message, 3),
        };
        // One line, whatever the underlying error printed.
        let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
        eprintln!("trygglogg: {line}");
        ExitCode::from(code)
    }
}

/// Wraps any error with what was being done.
pub trait Context<T> {
    fn context(self, doing: impl Display) -> Result<T, Failure>;
}

impl<T, E: Display> Context<T> for Result<T, E> {
    fn context(self, doing: impl Display) -> Result<T, Failure> {
        self.map_err(|e| Failure::Failed(format!("{doing}: {e}")))
    }
}
