//! A small tmpfs mounted for a test, unmounted when dropped (also when the test
//! fails). Mounting needs root, which CI has; where it cannot be done the test
//! fails, loudly, rather than pass without having tried.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Mount {
    at: PathBuf,
}

impl Mount {
    /// Mounts a tmpfs of `size` (e.g. `32m`) at `at`, made if need be.
    pub fn tmpfs(at: &Path, size: &str) -> Mount {
        std::fs::create_dir_all(at).expect("a mount point");
        let options = format!("size={size}");
        run(&["mount", "-t", "tmpfs", "-o", &options, "tmpfs"], at)
            .unwrap_or_else(|e| panic!("this test needs to mount a tmpfs (as root): {e}"));
        Mount {
            at: at.to_path_buf(),
        }
    }

    /// `mount -o remount,<options>`, e.g. `ro` or `rw`.
    pub fn remount(&self, options: &str) {
        let options = format!("remount,{options}");
        run(&["mount", "-o", &options], &self.at)
            .unwrap_or_else(|e| panic!("cannot remount {}: {e}", self.at.display()));
    }

    /// Fills the filesystem to the last page with a file of zeros; remove
    /// the file to free the space again.
    pub fn fill(&self) -> PathBuf {
        let path = self.at.join("filler");
        let mut file = std::fs::File::create(&path).expect("a filler file");
        let zeros = vec![0u8; 1 << 20];
        let full = loop {
            if let Err(error) = file.write_all(&zeros) {
                break error;
            }
        };
        assert_eq!(
            full.kind(),
            std::io::ErrorKind::StorageFull,
            "the tmpfs filled up: {full}"
        );
        path
    }
}

impl Drop for Mount {
    /// Lazily, so that it goes even while something still has a file open.
    fn drop(&mut self) {
        if let Err(e) = run(&["umount", "-l"], &self.at) {
            eprintln!("could not unmount {}: {e}", self.at.display());
        }
    }
}

fn run(command: &[&str], at: &Path) -> Result<(), String> {
    let output = Command::new(command[0])
        .args(&command[1..])
        .arg(at)
        .output()
        .map_err(|e| format!("{}: {e}", command[0]))?;
    match output.status.success() {
        true => Ok(()),
        false => Err(format!(
            "{command:?} {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )),
    }
}
