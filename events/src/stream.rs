//! Stream names (`<category>-<uuid>`) and which event types each category holds.

use crate::error::Invalid;
use crate::event::EventType;
use crate::privacy::quoted;
use serde::{Serialize, Serializer};
use std::fmt;
use uuid::Uuid;

/// What a stream is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamCategory {
    /// `agreement-<uuid>`: an agreement with its focus areas, commitments, follow-ups
    /// and indicators.
    Agreement,
    /// `activity-<uuid>`: one activity from plan to completion.
    Activity,
}

impl StreamCategory {
    pub const ALL: [Self; 2] = [Self::Agreement, Self::Activity];

    /// What to do with an `event_type` sent to a stream of this category that
    /// does not take it. An activity sent to its agreement's stream is told
    /// to start a stream of its own, with a fresh uuid to copy.
    pub(crate) fn where_it_goes(self, event_type: EventType) -> String {
        let belongs = Self::ALL.into_iter().find(|c| c.allows(event_type));
        match (self, belongs) {
            (Self::Agreement, Some(Self::Activity)) => format!(
                "record each activity in a stream of its own, activity-<new uuid>, e.g. \
                 activity-{}; it names its agreement in serves",
                Uuid::new_v4()
            ),
            _ => {
                let allowed: Vec<&str> = self
                    .allowed_event_types()
                    .iter()
                    .map(|t| t.as_str())
                    .collect();
                format!(
                    "send it to the right stream; {} streams take: {}",
                    self.as_str(),
                    allowed.join(", ")
                )
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agreement => "agreement",
            Self::Activity => "activity",
        }
    }

    /// The event types a stream of this category may hold.
    pub fn allowed_event_types(self) -> &'static [EventType] {
        match self {
            Self::Agreement => &[
                EventType::AgreementAdopted,
                EventType::FocusAreaAdded,
                EventType::CommitmentAdded,
                EventType::FollowUpReviewed,
                EventType::IndicatorDefined,
                EventType::IndicatorMeasured,
                EventType::CommitmentAssessed,
                EventType::Correction,
                EventType::Retraction,
            ],
            Self::Activity => &[
                EventType::ActivityPlanned,
                EventType::ActivityStarted,
                EventType::ActivityCompleted,
                EventType::ActivityCancelled,
                EventType::ActivityRescheduled,
                EventType::Correction,
                EventType::Retraction,
            ],
        }
    }

    pub fn allows(self, event_type: EventType) -> bool {
        self.allowed_event_types().contains(&event_type)
    }
}

/// A stream name such as `activity-0196a3c2-0000-7000-8000-000000000001`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StreamName {
    category: StreamCategory,
    id: Uuid,
}

const STREAM_EXPECTED: &str = "give \"agreement-<uuid>\" or \"activity-<uuid>\", e.g. \
    \"activity-0196a3c2-0000-7000-8000-000000000001\"";

impl StreamName {
    pub fn new(category: StreamCategory, id: Uuid) -> Self {
        Self { category, id }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let invalid = || {
            Invalid::new(
                format!("{} is not a stream name", quoted(raw)),
                STREAM_EXPECTED,
            )
        };
        let (category, id) = raw.split_once('-').ok_or_else(invalid)?;
        let category = StreamCategory::ALL
            .into_iter()
            .find(|c| c.as_str() == category)
            .ok_or_else(invalid)?;
        // Only the hyphenated lower-case form, so that one stream has one name.
        let id = Uuid::parse_str(id)
            .ok()
            .filter(|uuid| uuid.hyphenated().to_string() == id)
            .ok_or_else(invalid)?;
        Ok(Self { category, id })
    }

    pub fn category(&self) -> StreamCategory {
        self.category
    }

    pub fn id(&self) -> Uuid {
        self.id
    }
}

impl fmt::Display for StreamName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.category.as_str(), self.id.hyphenated())
    }
}

impl Serialize for StreamName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
