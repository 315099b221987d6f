//! The atomic replacement of a file, tried as its callers use it.

mod crash;
mod replace;
