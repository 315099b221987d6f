//! An agreement with its focus areas, commitments and follow-ups: events of an
//! `agreement-<uuid>` stream (indicators are in `indicator.rs`, assessments in
//! `assessment.rs`, targets in `target.rs`).

use crate::error::Invalid;
use crate::fields::{from_json_via_object, integer, Cursor, Object};
use crate::key::Key;
use crate::kind::ActivityKind;
use crate::nonempty::NonEmpty;
use crate::occurred::{Horizon, Occurred, Year, OCCURRED_EXPECTED};
use crate::party::{Municipality, Party};
use crate::target::Target;
use crate::text::{PublicText, Title};
use chrono::Datelike;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

/// The years an agreement covers: `years` consecutive years from `first_year`,
/// written `{"first_year": 2018, "years": 2}`; or, when the source says only that
/// it ran in earlier years up to one (*tidigare år*), `{"until_year": 2017}`:
/// followed up for that year alone, and shown as "tidigare år – 2017", never as
/// a period that began then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgreementPeriod {
    pub first_year: Year,
    /// 1–4; medborgarlöften run for one or two years, a few for longer.
    years: u8,
    /// The start is not known: `first_year` is the only year known (`until_year`).
    start_unknown: bool,
}

const PERIOD_EXPECTED: &str = "{\"first_year\": 2018, \"years\": 2} or {\"until_year\": 2017}";

impl AgreementPeriod {
    pub fn parse(first_year: Year, years: i64) -> Result<Self, Invalid> {
        match u8::try_from(years) {
            Ok(years @ 1..=4) => Ok(Self {
                first_year,
                years,
                start_unknown: false,
            }),
            _ => Err(Invalid::new(
                format!(
                    "{} is not a period length",
                    crate::privacy::redact_identity_numbers(&years.to_string())
                ),
                "give the number of years the agreement runs, 1 to 4",
            )),
        }
    }

    /// A period that ran in earlier years, up to and including `last_year`.
    pub fn until(last_year: Year) -> Self {
        Self {
            first_year: last_year,
            years: 1,
            start_unknown: true,
        }
    }

    pub fn years(&self) -> u8 {
        self.years
    }

    /// Whether the source gives no first year (`until_year`).
    pub fn start_unknown(&self) -> bool {
        self.start_unknown
    }

    pub fn last_year(&self) -> i32 {
        self.first_year.get() + i32::from(self.years) - 1
    }

    pub fn contains(&self, year: Year) -> bool {
        (self.first_year.get()..=self.last_year()).contains(&year.get())
    }

    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let checked_year = |v: &serde_json::Value, at: &mut Cursor| {
            let year = crate::fields::FromJson::from_json(v, at)?;
            at.check(Horizon::check_first_year(year, at.ctx()).map(|()| year))
        };
        if object.raw("until_year").is_some() {
            let until = object.required_with(at, "until_year", "a year, e.g. 2017", checked_year);
            return until.map(Self::until);
        }
        let first_year = object.required_with(at, "first_year", "a year, e.g. 2018", checked_year);
        let years = object.required_with(at, "years", "1 to 4", |v, at| integer(v, at, "1 to 4"));
        let (first_year, years) = (first_year?, years?);
        at.field("years").check(Self::parse(first_year, years))
    }
}

from_json_via_object!(AgreementPeriod, PERIOD_EXPECTED);

impl Serialize for AgreementPeriod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(if self.start_unknown { 1 } else { 2 }))?;
        if self.start_unknown {
            map.serialize_entry("until_year", &self.first_year)?;
        } else {
            map.serialize_entry("first_year", &self.first_year)?;
            map.serialize_entry("years", &self.years)?;
        }
        map.end()
    }
}

impl JsonSchema for AgreementPeriod {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AgreementPeriod".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let year = generator.subschema_for::<Year>();
        schemars::json_schema!({
            "description": "The years the agreement covers.",
            "oneOf": [
                {
                    "description": "`years` consecutive years from `first_year`.",
                    "type": "object",
                    "properties": {
                        "first_year": year,
                        "years": {"type": "integer", "minimum": 1, "maximum": 4}
                    },
                    "required": ["first_year", "years"],
                    "additionalProperties": false
                },
                {
                    "description": "Earlier years, the first not known, up to and including `until_year` (*tidigare år*).",
                    "type": "object",
                    "properties": {"until_year": year},
                    "required": ["until_year"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// A focus area (fokusområde), e.g. "Trafikmiljön".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FocusArea {
    /// Unique within the agreement; commitments and activities refer to it.
    pub key: Key,
    pub name: Title,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<PublicText>,
}

impl FocusArea {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let key = object.required(at, "key");
        let name = object.required(at, "name");
        let description = object.optional(at, "description");
        Some(Self {
            key: key?,
            name: name?,
            description: description?,
        })
    }
}

from_json_via_object!(
    FocusArea,
    "{\"key\": \"trafikmiljo\", \"name\": \"Trafikmiljön\"}"
);

/// `agreement_adopted`: a kommun and Polisen adopt a medborgarlöfte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AgreementAdopted {
    pub title: Title,
    pub municipality: Municipality,
    /// Polisen and the municipality, at least; no departments.
    pub parties: NonEmpty<Party>,
    pub period: AgreementPeriod,
    /// When it was adopted, if known: a date, or a range when only the month is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted: Option<Occurred>,
    /// The body that adopted it, e.g. "Kommunstyrelsen".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted_by: Option<Title>,
    /// Who signed, by role and never by name, e.g. "kommunstyrelsens ordförande",
    /// "lokalpolisområdeschef".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatories: Vec<Title>,
    /// Organisations taking part beside the municipality and Polisen, e.g. a
    /// räddningstjänstförbund, a housing company, Länsstyrelsen; never people.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_parties: Vec<Title>,
    /// The lägesbild (the shared picture of the local situation) it was based on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub situation: Option<PublicText>,
    /// The agreement it continues: the uuid of an adopted agreement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follows: Option<Uuid>,
    /// Keys must be unique. More can be added with `focus_area_added`.
    pub focus_areas: Vec<FocusArea>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<PublicText>,
}

impl AgreementAdopted {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let title = object.required(at, "title");
        let municipality: Option<Municipality> = object.required(at, "municipality");
        let parties: Option<NonEmpty<Party>> = object.required(at, "parties");
        let period = object.required(at, "period");
        let adopted =
            object.optional_with(at, "adopted", |v, at| Occurred::read(v, at, Horizon::Past));
        let adopted_by = object.optional(at, "adopted_by");
        let signatories = object.list(at, "signatories");
        let other_parties = object.list(at, "other_parties");
        let situation = object.optional(at, "situation");
        let follows = object.optional(at, "follows");
        let focus_areas: Option<Vec<FocusArea>> = object.list(at, "focus_areas");
        let description = object.optional(at, "description");

        if let (Some(municipality), Some(parties)) = (&municipality, &parties) {
            check_parties(municipality, parties, &mut at.field("parties"));
        }
        if let Some(focus_areas) = &focus_areas {
            let at = &mut at.field("focus_areas");
            for (i, area) in focus_areas.iter().enumerate() {
                if focus_areas[..i].iter().any(|a| a.key == area.key) {
                    at.item(i).field("key").reject(Invalid::new(
                        format!("{:?} is used by an earlier focus area", area.key.as_str()),
                        "give each focus area its own key",
                    ));
                }
            }
        }
        Some(Self {
            title: title?,
            municipality: municipality?,
            parties: parties?,
            period: period?,
            adopted: adopted?,
            adopted_by: adopted_by?,
            signatories: signatories?,
            other_parties: other_parties?,
            situation: situation?,
            follows: follows?,
            focus_areas: focus_areas?,
            description: description?,
        })
    }
}

/// An agreement binds Polisen and its municipality; departments act for their
/// municipality but do not sign.
fn check_parties(municipality: &Municipality, parties: &NonEmpty<Party>, at: &mut Cursor) {
    for (i, party) in parties.iter().enumerate() {
        if let Party::Department { municipality, .. } = party {
            at.item(i).reject(Invalid::new(
                "a department is not a party to an agreement",
                format!("name the municipality instead: \"{municipality}\""),
            ));
        }
    }
    let signs = |party: Party| parties.as_slice().contains(&party);
    if !signs(Party::Police) {
        at.reject(Invalid::new(
            "does not include Polisen",
            "a medborgarlöfte is made by Polisen and the municipality; add \"Polisen\"",
        ));
    }
    if !signs(Party::Municipality(municipality.clone())) {
        at.reject(Invalid::new(
            format!("does not include {municipality}, the agreement's municipality"),
            format!("add \"{municipality}\""),
        ));
    }
}

/// `focus_area_added`: a focus area added after adoption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FocusAreaAdded {
    #[serde(flatten)]
    pub focus_area: FocusArea,
}

impl FocusAreaAdded {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        FocusArea::read(object, at).map(|focus_area| Self { focus_area })
    }
}

/// `commitment_added`: a promise (löfte) under a focus area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CommitmentAdded {
    /// Unique within the agreement; activities refer to it.
    pub key: Key,
    /// The key of an existing focus area of this agreement.
    pub focus_area: Key,
    pub title: Title,
    pub description: PublicText,
    /// Parties of the agreement, or departments of its municipality.
    pub responsible: NonEmpty<Party>,
    /// The kinds of activity that fulfil it; may be empty when the promise is broad.
    pub activity_kinds: Vec<ActivityKind>,
    pub target: Target,
}

impl CommitmentAdded {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let key = object.required(at, "key");
        let focus_area = object.required(at, "focus_area");
        let title = object.required(at, "title");
        let description = object.required(at, "description");
        let responsible = object.required(at, "responsible");
        let activity_kinds = object.list(at, "activity_kinds");
        let target = object.required(at, "target");
        Some(Self {
            key: key?,
            focus_area: focus_area?,
            title: title?,
            description: description?,
            responsible: responsible?,
            activity_kinds: activity_kinds?,
            target: target?,
        })
    }
}

/// `follow_up_reviewed`: the council reviewed the agreement for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FollowUpReviewed {
    /// The year followed up; within the agreement period.
    pub year: Year,
    /// When the review took place: a date, or a range when only the month is known.
    pub reviewed: Occurred,
    /// Who reviewed, e.g. "Trygghetsrådet".
    pub body: Title,
    /// Where the review is documented: minutes (protokoll) or a published report.
    pub minutes: Title,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<PublicText>,
}

impl FollowUpReviewed {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let year: Option<Year> = object.required(at, "year");
        let reviewed: Option<Occurred> =
            object.required_with(at, "reviewed", OCCURRED_EXPECTED, |v, at| {
                Occurred::read(v, at, Horizon::Past)
            });
        let body = object.required(at, "body");
        let minutes = object.required(at, "minutes");
        let summary = object.optional(at, "summary");
        if let (Some(year), Some(reviewed)) = (year, reviewed) {
            if reviewed.end().year() < year.get() {
                at.field("year").reject(Invalid::new(
                    format!("{year} cannot be followed up on {reviewed}, before it began"),
                    "give the year that was reviewed, or check the review date",
                ));
            }
        }
        Some(Self {
            year: year?,
            reviewed: reviewed?,
            body: body?,
            minutes: minutes?,
            summary: summary?,
        })
    }
}
