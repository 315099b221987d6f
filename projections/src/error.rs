use trygglogg_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    #[error("the event log cannot be read: {0}")]
    Store(#[from] StoreError),
    #[error("the stored event at position {position} cannot be decoded: {reason}")]
    Undecodable { position: u64, reason: String },
    /// Too many views "as of" an earlier instant are being folded at once.
    #[error("{running} follow-ups as of an earlier instant are being built already; ask again in a moment")]
    Busy { running: usize },
    #[error("the projection checkpoint cannot be written: {0}")]
    Checkpoint(#[from] std::io::Error),
}
