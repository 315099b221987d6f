//! Every event type: its stored name, its schema version, and which of its
//! fields say what the event is about. A leaf: it knows no event's content.

use crate::word_enum::word_enum;

word_enum! {
    /// The type of an event, stored as `event_type` (snake_case).
    EventType {
        AgreementAdopted = "agreement_adopted",
        FocusAreaAdded = "focus_area_added",
        CommitmentAdded = "commitment_added",
        FollowUpReviewed = "follow_up_reviewed",
        IndicatorDefined = "indicator_defined",
        IndicatorMeasured = "indicator_measured",
        CommitmentAssessed = "commitment_assessed",
        ActivityPlanned = "activity_planned",
        ActivityStarted = "activity_started",
        ActivityCompleted = "activity_completed",
        ActivityCancelled = "activity_cancelled",
        ActivityRescheduled = "activity_rescheduled",
        Correction = "correction",
        Retraction = "retraction",
    }
}

impl EventType {
    pub const ALL: [Self; 14] = [
        Self::AgreementAdopted,
        Self::FocusAreaAdded,
        Self::CommitmentAdded,
        Self::FollowUpReviewed,
        Self::IndicatorDefined,
        Self::IndicatorMeasured,
        Self::CommitmentAssessed,
        Self::ActivityPlanned,
        Self::ActivityStarted,
        Self::ActivityCompleted,
        Self::ActivityCancelled,
        Self::ActivityRescheduled,
        Self::Correction,
        Self::Retraction,
    ];

    /// Every type name, for messages.
    pub fn names() -> &'static [&'static str] {
        Self::WORDS
    }

    /// The schema version new events of this type are written with. Raise it together
    /// with an upcaster from the previous version (see `upcast.rs`).
    pub fn current_version(self) -> u32 {
        match self {
            // v2: a list of `places` instead of one `place`.
            Self::ActivityPlanned => 2,
            // v3: typed outcomes; `outlets_tested` and `premises_visited` renamed.
            Self::ActivityCompleted => 3,
            // v2: the changes of a completion as v3 names its facts.
            Self::Correction => 2,
            // v2: who adopted it, signatories by role, other parties, the
            // lägesbild, `follows`, and a period whose start is unknown.
            Self::AgreementAdopted => 2,
            // v2: targets on a fact's sum or an indicator's value.
            Self::CommitmentAdded => 2,
            // v2: a value of a defined indicator; v1's free-standing ones are
            // kept as `unlinked`.
            Self::IndicatorMeasured => 2,
            _ => 1,
        }
    }

    /// Corrections and retractions amend other events; they are not amended themselves
    /// (a further correction restores values instead).
    pub fn is_correctable(self) -> bool {
        !matches!(self, Self::Correction | Self::Retraction)
    }

    /// Fields holding an object whose fields a correction replaces one by
    /// one, keeping the others, instead of replacing it whole: a measurement
    /// upcast from v1 keeps v1's own top-level fields in `unlinked`, and a
    /// v1 correction changed them one at a time.
    pub fn merged_fields(self) -> &'static [&'static str] {
        match self {
            Self::IndicatorMeasured => &["unlinked"],
            _ => &[],
        }
    }

    /// Fields a correction may not change: they say *which* thing an event is about,
    /// so changing them would be a different event.
    pub fn identity_fields(self) -> &'static [&'static str] {
        match self {
            Self::AgreementAdopted => &["focus_areas"],
            Self::FocusAreaAdded | Self::CommitmentAdded | Self::IndicatorDefined => &["key"],
            Self::CommitmentAssessed => &["commitment", "year"],
            Self::ActivityPlanned | Self::ActivityStarted | Self::ActivityCompleted => &["kind"],
            _ => &[],
        }
    }
}
