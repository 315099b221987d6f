//! `<data>/serve.pid`: which process serves a data directory. sled locks the
//! directory for its one user, and a second opener otherwise waits for the
//! lock, then fails with sled's raw message. With the server's pid written
//! beside the log, the other commands can say at once who holds it.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

const FILE_NAME: &str = "serve.pid";

/// The pid file of a running server: removed when the server stops, unless
/// a newer server has written its own meanwhile.
pub struct ServerPid {
    path: PathBuf,
    pid: u32,
}

impl ServerPid {
    /// Writes this process's pid; called once the server holds the lock.
    pub fn write(data: &Path) -> std::io::Result<ServerPid> {
        let path = data.join(FILE_NAME);
        let pid = std::process::id();
        std::fs::write(&path, format!("{pid}\n"))?;
        Ok(ServerPid { path, pid })
    }
}

impl Drop for ServerPid {
    fn drop(&mut self) {
        if read_pid(&self.path) == Some(self.pid) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The pid of the server that holds the store in `data` now, if one does:
/// the lock on the log is held, and the pid file names a live process. A
/// stale pid file (a server killed outright) without the lock is ignored, and
/// a lock held by anything but a server is left to the store's own wait.
pub fn holder(data: &Path) -> Option<u32> {
    let pid = read_pid(&data.join(FILE_NAME))?;
    // sled takes an exclusive flock on `db`; taking it ourselves for a moment
    // tells whether anyone holds it (dropping the file lets it go at once).
    let db = File::options()
        .read(true)
        .write(true)
        .open(data.join("db"))
        .ok()?;
    match db.try_lock() {
        Err(TryLockError::WouldBlock) => {}
        Ok(()) | Err(TryLockError::Error(_)) => return None,
    }
    let process = rustix::process::Pid::from_raw(i32::try_from(pid).ok()?)?;
    // Another user's live process answers "not permitted", not "no such".
    let live = !matches!(
        rustix::process::test_kill_process(process),
        Err(rustix::io::Errno::SRCH)
    );
    live.then_some(pid)
}

fn read_pid(path: &Path) -> Option<u32> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}
