//! One activity from plan to completion: the events of an `activity-<uuid>` stream.

use crate::fields::{from_json_via_object, Cursor, Object};
use crate::key::Key;
use crate::kind::ActivityKind;
use crate::nonempty::NonEmpty;
use crate::numbers::{CostSek, Hours};
use crate::occurred::{Horizon, Occurred, OCCURRED_EXPECTED};
use crate::party::Party;
use crate::place::PlaceName;
use crate::report::{check_kind_label, ActivityReport};
use crate::text::{InternalNote, Summary, Title};
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

/// What an activity works towards: an agreement's focus area and, when the activity was
/// planned for one, a commitment under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Serves {
    /// The agreement's stream id (the uuid in `agreement-<uuid>`).
    pub agreement: Uuid,
    pub focus_area: Key,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<Key>,
}

impl Serves {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let agreement = object.required(at, "agreement");
        let focus_area = object.required(at, "focus_area");
        let commitment = object.optional(at, "commitment");
        Some(Self {
            agreement: agreement?,
            focus_area: focus_area?,
            commitment: commitment?,
        })
    }
}

from_json_via_object!(
    Serves,
    "{\"agreement\": \"<agreement uuid>\", \"focus_area\": \"<key>\", \"commitment\": \"<key>\"}"
);

/// `activity_planned`: an activity in the joint implementation plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ActivityPlanned {
    pub title: Title,
    pub kind: ActivityKind,
    /// The Swedish name of a custom kind, e.g. "Riktad trafikinsats".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind_label: Option<Title>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serves: Option<Serves>,
    /// The planned date or date range.
    pub planned: Occurred,
    pub places: NonEmpty<PlaceName>,
    /// The organisations responsible for carrying it out.
    pub responsible: NonEmpty<Party>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Summary>,
}

impl ActivityPlanned {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let title = object.required(at, "title");
        let kind: Option<ActivityKind> = object.required(at, "kind");
        let kind_label = object.optional(at, "kind_label");
        let kind_label = match (&kind, kind_label) {
            (Some(kind), Some(label)) => check_kind_label(kind, label, at),
            _ => None,
        };
        let serves = object.optional(at, "serves");
        let planned = object.required_with(at, "planned", OCCURRED_EXPECTED, |v, at| {
            Occurred::read(v, at, Horizon::Plan)
        });
        let places = object.required(at, "places");
        let responsible = object.required(at, "responsible");
        let description = object.optional(at, "description");
        Some(Self {
            title: title?,
            kind: kind?,
            kind_label: kind_label?,
            serves: serves?,
            planned: planned?,
            places: places?,
            responsible: responsible?,
            description: description?,
        })
    }
}

/// `activity_completed`: an activity was carried out, planned or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ActivityCompleted {
    /// `kind` and kind-specific `facts`.
    #[serde(flatten)]
    pub report: ActivityReport,
    /// Required for an unplanned activity that serves an agreement; for a planned one it
    /// may be left out (the plan's applies) or must match the plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serves: Option<Serves>,
    /// When it took place: a date or a range; never after today.
    pub occurred: Occurred,
    pub places: NonEmpty<PlaceName>,
    pub responsible: NonEmpty<Party>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_sek: Option<CostSek>,
    /// A short summary that may be published.
    pub summary: Summary,
    /// The work goes on after this report (*sker kontinuerligt*).
    #[serde(default)]
    pub continues: bool,
    /// For staff only; never shown in public views.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<InternalNote>,
}

impl ActivityCompleted {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let report = ActivityReport::read(object, at);
        let serves = object.optional(at, "serves");
        let occurred = object.required_with(at, "occurred", OCCURRED_EXPECTED, |v, at| {
            Occurred::read(v, at, Horizon::Past)
        });
        let places = object.required(at, "places");
        let responsible = object.required(at, "responsible");
        let hours = object.optional(at, "hours");
        let cost_sek = object.optional(at, "cost_sek");
        let summary = object.required(at, "summary");
        let continues = object.flag(at, "continues");
        let note = object.optional(at, "note");
        Some(Self {
            report: report?,
            serves: serves?,
            occurred: occurred?,
            places: places?,
            responsible: responsible?,
            hours: hours?,
            cost_sek: cost_sek?,
            summary: summary?,
            continues: continues?,
            note: note?,
        })
    }
}

/// `activity_cancelled`: a planned activity will not take place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ActivityCancelled {
    pub reason: Summary,
}

impl ActivityCancelled {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let reason = object.required(at, "reason");
        Some(Self { reason: reason? })
    }
}

/// `activity_rescheduled`: a planned activity moves to a new date or range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ActivityRescheduled {
    /// The new planned date or range.
    pub planned: Occurred,
    pub reason: Summary,
}

impl ActivityRescheduled {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let planned = object.required_with(at, "planned", OCCURRED_EXPECTED, |v, at| {
            Occurred::read(v, at, Horizon::Plan)
        });
        let reason = object.required(at, "reason");
        Some(Self {
            planned: planned?,
            reason: reason?,
        })
    }
}
