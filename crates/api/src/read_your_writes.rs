//! Read your writes. The live view follows the log a moment behind the
//! appends (it applies each event once it is durable), so a read right after
//! a 201 may not show that append yet. The 201 gives the positions; a read
//! that names one (`?min_position=N`) is answered only once the view
//! includes N, waiting for it up to [`WAIT`]. The JSON API and the pages
//! share the rule; each words the refusals itself.

use std::time::Duration;

use serde::Deserialize;
use utoipa::IntoParams;

use crate::{canonical, AppState, Problem, ProblemKind};

/// The longest a read waits for the view to reach its `min_position`.
pub const WAIT: Duration = Duration::from_secs(2);

/// The query of a read from the view that takes nothing else.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MinPositionQuery {
    /// Read your writes: answer from a view that includes this log position
    /// (one an append answered in `positions`), waiting up to 2 s for it.
    /// Without it the answer may lag the last append by a moment; it is
    /// built from the position it names (`built_from.position` in a
    /// follow-up).
    #[param(value_type = Option<u64>, minimum = 1)]
    pub min_position: Option<String>,
}

/// Why a read with a `min_position` was not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotYet {
    /// No event has this position yet: the log's durable head is lower,
    /// and waiting would not bring it.
    BeyondHead { asked: u64, head: u64 },
    /// The view did not reach it within [`WAIT`].
    Behind { asked: u64, reached: u64 },
}

/// Waits until the live view includes `min_position`, if one was asked for.
/// A position beyond the log's durable head is refused at once.
pub async fn view_includes(state: &AppState, min_position: Option<u64>) -> Result<(), NotYet> {
    let Some(asked) = min_position else {
        return Ok(());
    };
    let head = state.store.head().position;
    if asked > head {
        return Err(NotYet::BeyondHead { asked, head });
    }
    state
        .projections
        .reached(asked, WAIT)
        .await
        .map_err(|reached| NotYet::Behind { asked, reached })
}

/// `min_position` of the API's query, in its one spelling, else 400.
pub fn min_position(raw: Option<&str>) -> Result<Option<u64>, Problem> {
    raw.map(|raw| {
        canonical::position(raw).ok_or_else(|| {
            Problem::invalid_parameter(
                "min_position",
                format!("{raw:?} is not a log position"),
                "a position an append answered: a whole number from 1, digits only",
            )
        })
    })
    .transpose()
}

/// The API's wait: parses `min_position` and waits for the view.
pub async fn wait_for_view(state: &AppState, raw: Option<&str>) -> Result<(), Problem> {
    let asked = min_position(raw)?;
    view_includes(state, asked).await.map_err(Problem::from)
}

impl From<NotYet> for Problem {
    fn from(not_yet: NotYet) -> Problem {
        match not_yet {
            NotYet::BeyondHead { asked, head } => Problem::invalid_parameter(
                "min_position",
                format!("position {asked} is beyond the log's head, {head}: no event has it"),
                format!("a position up to {head}, as an append answered it"),
            ),
            NotYet::Behind { asked, reached } => Problem::new(
                ProblemKind::Unavailable,
                format!(
                    "the view has reached position {reached}, not yet {asked}, after waiting {} s; \
                     ask again in a moment",
                    WAIT.as_secs()
                ),
            )
            .with_retry_after(Duration::from_secs(1)),
        }
    }
}
