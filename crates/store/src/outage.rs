//! Why the log cannot be written just now, told from the operating system's
//! error, so that people are told what to fix rather than an errno.

use std::fmt;
use std::io::ErrorKind;

/// What stands in the way of writing the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// The data directory's filesystem has no space (or quota) left.
    DiskFull,
    /// The data directory cannot be written: a read-only filesystem, or no
    /// permission.
    ReadOnly,
    /// The disk failed otherwise (an I/O error).
    Failed,
}

impl Outage {
    /// What an I/O error of the data directory means for writing there.
    pub fn of_io(error: &std::io::Error) -> Outage {
        match error.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Outage::DiskFull,
            ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => Outage::ReadOnly,
            _ => Outage::Failed,
        }
    }
}

impl fmt::Display for Outage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outage::DiskFull => "the disk of the event log is full",
            Outage::ReadOnly => "the data directory of the event log is read-only",
            Outage::Failed => "the disk of the event log failed to write",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StoreError;

    #[test]
    fn errors_are_told_apart_by_kind_also_through_sled() {
        let io = |code| std::io::Error::from_raw_os_error(code);
        assert_eq!(Outage::of_io(&io(28)), Outage::DiskFull); // ENOSPC
        assert_eq!(Outage::of_io(&io(122)), Outage::DiskFull); // EDQUOT
        assert_eq!(Outage::of_io(&io(30)), Outage::ReadOnly); // EROFS
        assert_eq!(Outage::of_io(&io(13)), Outage::ReadOnly); // EACCES
        assert_eq!(Outage::of_io(&io(5)), Outage::Failed); // EIO
                                                           // sled hands out a copy of the error it remembers: kind kept, code not.
        let remembered = sled::Error::Io(std::io::Error::new(ErrorKind::StorageFull, "x"));
        assert_eq!(StoreError::from_sled(remembered).outage(), Outage::DiskFull);
    }
}
