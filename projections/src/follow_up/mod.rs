//! The per-year follow-up of an agreement (*uppföljning*): production (planned,
//! completed, cancelled against target), process (what, where, when, hours,
//! cost) and result (indicators), with the council's reviews and every
//! correction that changed it.

mod agreements;
mod build;
mod dates;
mod entry;
mod facts;
mod index;
mod keyed;
mod pairs;
mod results;
mod rows;
mod scope;
mod selection;
mod state;
mod stream_events;
mod tables;
mod view;

pub use agreements::{AgreementSummary, AgreementView};
pub use dates::Dates;
pub use facts::{Categories, FactTotal, FactTotals, FactWords};
pub use results::{
    AgreementContext, AgreementLink, Assessment, Continues, Continuity, Direction,
    IndicatorDefinition, IndicatorSeries, SeriesPoint, Verdict,
};
pub use rows::{
    ActivityRow, ActivityStatus, AgreementRow, AmendmentKind, AmendmentRow, CommitmentRow,
    ExpectedLength, FocusAreaRow, IndicatorRow, ReviewRow, ServesRow, Target,
};
pub use scope::Scope;
pub use selection::Selection;
pub use state::FollowUpState;
pub(crate) use tables::{Change, Tables};
pub use view::{
    ActivityLine, AgreementHeader, AmendmentLine, Audience, BuiltFrom, CheckpointNamed,
    CommitmentFollowUp, Counts, FocusAreaFollowUp, FollowUp, Outcome, Progress, Status,
};
