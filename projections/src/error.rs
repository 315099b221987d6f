use trygglogg_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    #[error("the event log cannot be read: {0}")]
    Store(#[from] StoreError),
    #[error("the stored event at position {position} cannot be decoded: {reason}")]
    Undecodable { position: u64, reason: String },
    #[error("the projection checkpoint cannot be written: {0}")]
    Checkpoint(#[from] std::io::Error),
}
