//! The child process of the crash test: replaces the file named by its first
//! argument, again and again, with one of two contents of its second
//! argument's size (all `a`, then all `b`, …), until it is killed. It prints
//! `replacing` once it has begun.

use std::io::Write;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().expect("the file to replace"));
    let size: usize = args
        .next()
        .and_then(|size| size.parse().ok())
        .expect("the size of its contents");
    let contents = [vec![b'a'; size], vec![b'b'; size]];
    println!("replacing");
    std::io::stdout().flush().expect("stdout");
    for turn in 0.. {
        // In small pieces, so that a kill lands while the new contents are
        // only partly written.
        trygglogg_atomic_file::replace_with(&path, |file| {
            contents[turn % 2]
                .chunks(4096)
                .try_for_each(|chunk| file.write_all(chunk))
        })
        .expect("replaced");
    }
}
