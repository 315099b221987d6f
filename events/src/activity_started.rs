//! `activity_started`: an activity is under way (*pågår just nu*), e.g. a
//! six-week operation, until a completion or a cancellation ends it. The first
//! event of its stream, saying all a plan says, or the next after its plan.

use crate::activity::Serves;
use crate::error::Invalid;
use crate::fields::{from_json_via_object, kind_of, Cursor, FromJson, Object};
use crate::kind::ActivityKind;
use crate::nonempty::NonEmpty;
use crate::numbers::{Days, Months, Weeks};
use crate::occurred::{Horizon, Occurred, OCCURRED_EXPECTED};
use crate::party::Party;
use crate::place::PlaceName;
use crate::report::check_kind_label;
use crate::text::{Summary, Title};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// `activity_started`. What a plan says (title, kind, places, responsible) is
/// required when the activity was not planned first, and may be left out after
/// a plan (the plan's applies); what it serves likewise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ActivityStarted {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Title>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActivityKind>,
    /// The Swedish name of a custom kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind_label: Option<Title>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serves: Option<Serves>,
    /// When it started: a date or a range; never after today.
    pub started: Occurred,
    /// How long it is expected to last, e.g. `{"weeks": 6}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_length: Option<ExpectedLength>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub places: Option<NonEmpty<PlaceName>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responsible: Option<NonEmpty<Party>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Summary>,
}

impl ActivityStarted {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let title = object.optional(at, "title");
        let kind: Option<Option<ActivityKind>> = object.optional(at, "kind");
        let kind_label = object.optional(at, "kind_label");
        let kind_label = match (&kind, kind_label) {
            (Some(Some(kind)), Some(label)) => check_kind_label(kind, label, at),
            (_, label) => label,
        };
        let serves = object.optional(at, "serves");
        let started = object.required_with(at, "started", OCCURRED_EXPECTED, |v, at| {
            Occurred::read(v, at, Horizon::Past)
        });
        let expected_length = object.optional(at, "expected_length");
        let places = object.optional(at, "places");
        let responsible = object.optional(at, "responsible");
        let description = object.optional(at, "description");
        Some(Self {
            title: title?,
            kind: kind?,
            kind_label: kind_label?,
            serves: serves?,
            started: started?,
            expected_length: expected_length?,
            places: places?,
            responsible: responsible?,
            description: description?,
        })
    }

    /// The fields a start without a plan must give, each `true` when given.
    pub(crate) fn what_a_plan_says(&self) -> [(&'static str, bool); 4] {
        [
            ("title", self.title.is_some()),
            ("kind", self.kind.is_some()),
            ("places", self.places.is_some()),
            ("responsible", self.responsible.is_some()),
        ]
    }
}

from_json_via_object!(ActivityStarted, "an activity_started object");

/// How long work is expected to last, in the unit the source uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExpectedLength {
    Days(Days),
    Weeks(Weeks),
    Months(Months),
}

const LENGTH_EXPECTED: &str = "one of {\"days\": N}, {\"weeks\": N} or {\"months\": N}, \
    e.g. {\"weeks\": 6}";

impl FromJson for ExpectedLength {
    fn expected() -> String {
        LENGTH_EXPECTED.into()
    }

    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
        let one = value.as_object().filter(|map| map.len() == 1);
        let Some((unit, n)) = one.and_then(|map| map.iter().next()) else {
            at.reject(Invalid::new(
                format!("must be an object with one unit, not {}", kind_of(value)),
                format!("give {LENGTH_EXPECTED}"),
            ));
            return None;
        };
        let mut at = at.entry(unit);
        match unit.as_str() {
            "days" => Days::from_json(n, &mut at).map(Self::Days),
            "weeks" => Weeks::from_json(n, &mut at).map(Self::Weeks),
            "months" => Months::from_json(n, &mut at).map(Self::Months),
            _ => {
                at.reject(Invalid::new(
                    "is not a unit of length",
                    format!("give {LENGTH_EXPECTED}"),
                ));
                None
            }
        }
    }
}
