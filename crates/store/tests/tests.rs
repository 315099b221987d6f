//! The store's behaviour, through its public API only.

mod append;
mod batch;
mod crash;
mod export;
mod helpers;
mod properties;
mod reads;
mod subscription;
mod tree;
