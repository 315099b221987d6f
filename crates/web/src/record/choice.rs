//! What step one offers and where the two steps are: a leaf, so that the
//! drawing (`draw.rs`) and the handlers (`mod.rs`, `indicator.rs`) share it
//! without importing each other in a circle.

use uuid::Uuid;

pub(crate) const RECORD_PATH: &str = "/registrera";
pub(crate) const DETAILS_PATH: &str = "/registrera/uppgifter";

/// An agreement the signed-in token may record activities for.
#[derive(Debug, Clone)]
pub(crate) struct AgreementChoice {
    pub id: Uuid,
    pub title: String,
    pub parties: Vec<String>,
    pub focus_areas: Vec<FocusChoice>,
    /// The first and last year of its period, the years it is followed up.
    pub years: (i32, i32),
    /// (key, name) of its defined indicators.
    pub indicators: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct FocusChoice {
    pub key: String,
    pub name: String,
    /// (key, title) of its commitments.
    pub commitments: Vec<(String, String)>,
}
