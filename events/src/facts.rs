//! What a completed activity records, by kind (the table "Facts by kind" in this
//! crate's README.md), each fact with its Swedish label beside its type
//! ([`Labelled`]). Every count is optional, "at least N" or "several": the system
//! records what the source says, never an invented number.

use crate::custom_facts::read_map;
use crate::error::Invalid;
use crate::fields::{from_json_via_object, Cursor, Object};
use crate::labels::{FactLabel, Labelled, Measure};
use crate::nonempty::NonEmpty;
use crate::numbers::{Quantity, Weeks};
use crate::party::{OrganisationName, Party};
use crate::text::{Summary, Title};
use crate::traffic_outcomes::{CameraUse, OffenceReports};
use crate::word_enum::word_enum;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

word_enum! {
    /// What a traffic control looks at.
    TrafficFocus {
        /// Hastighet.
        Speed = "speed",
        /// Nykterhet: alcohol and drugs.
        Sobriety = "sobriety",
        /// Trafikbeteende.
        Behaviour = "behaviour",
    }
}

word_enum! {
    /// Why a traffic control took place.
    TrafficControlBasis {
        /// A targeted operation (riktad insats).
        Targeted = "targeted",
        /// Part of routine patrol (linjearbete).
        Routine = "routine",
        /// Following tips from the public (spaning och kontroll utifrån tips).
        Tips = "tips",
    }
}

word_enum! {
    /// What a test purchase tried to buy.
    TestPurchaseProduct {
        /// Öl, folköl.
        Beer = "beer",
        /// Tobak.
        Tobacco = "tobacco",
        /// E-cigaretter.
        ECigarettes = "e_cigarettes",
        /// Receptfria läkemedel.
        Medicines = "medicines",
    }
}

word_enum! {
    /// What happened to a policy or routine.
    PolicyAction {
        Adopted = "adopted",
        Revised = "revised",
    }
}

/// Trafikkontroll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TrafficControlFacts {
    /// Left out where the source does not say (*ej angivet*).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<NonEmpty<TrafficFocus>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<TrafficControlBasis>,
    /// Operations (trafikinsatser), each of which may hold many controls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operations: Option<Quantity>,
    /// Control occasions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controls: Option<Quantity>,
    /// Drivers checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<Quantity>,
    /// Reports written, by offence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reports: Option<OffenceReports>,
    /// Reports written in all, where the source does not split them by offence
    /// (and every report of schema version 2 and older).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<Quantity>,
    /// Vehicles seized (omhändertagna fordon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vehicles_seized: Option<Quantity>,
    /// Whether a mobile speed camera was used, or in how many controls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub camera: Option<CameraUse>,
}

impl TrafficControlFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let focus = object.optional(at, "focus");
        let basis = object.optional(at, "basis");
        let operations = object.optional(at, "operations");
        let controls = object.optional(at, "controls");
        let checked = object.optional(at, "checked");
        let reports = object.optional(at, "reports");
        let reported = object.optional::<Quantity>(at, "reported");
        let vehicles_seized = object.optional(at, "vehicles_seized");
        let camera = object.optional(at, "camera");
        let (reports, reported) = (reports?, reported?);
        if reports.is_some() && reported.is_some() {
            at.field("reported").reject(Invalid::new(
                "is given beside reports by offence",
                "give the reports by offence in \"reports\" (with \"other\" for the rest), \
                 or only their total in \"reported\" when the source does not split them",
            ));
            return None;
        }
        Some(Self {
            focus: focus?,
            basis: basis?,
            operations: operations?,
            controls: controls?,
            checked: checked?,
            reports,
            reported,
            vehicles_seized: vehicles_seized?,
            camera: camera?,
        })
    }
}

impl Labelled for TrafficControlFacts {
    const FACTS: &'static [FactLabel] = &[
        FactLabel::new("focus", "inriktning", Measure::Categorical),
        FactLabel::new("basis", "grund", Measure::Categorical),
        FactLabel::new("operations", "trafikinsatser", Measure::Count).one("trafikinsats"),
        FactLabel::new("controls", "kontroller", Measure::Count).one("kontroll"),
        FactLabel::new("checked", "kontrollerade förare", Measure::Count)
            .one("kontrollerad förare"),
        FactLabel::new(
            "reports",
            "rapporter",
            Measure::CountsBy(OffenceReports::FACTS),
        ),
        FactLabel::new("reported", "rapporter", Measure::Count).one("rapport"),
        FactLabel::new("vehicles_seized", "omhändertagna fordon", Measure::Count)
            .one("omhändertaget fordon"),
        FactLabel::new("camera", "med fartkamera", Measure::YesNoOrCount),
    ];
}

/// Översyn av trafikmiljö.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TrafficEnvironmentReviewFacts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measures_decided: Option<Summary>,
}

impl TrafficEnvironmentReviewFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let findings = object.optional(at, "findings");
        let measures_decided = object.optional(at, "measures_decided");
        Some(Self {
            findings: findings?,
            measures_decided: measures_decided?,
        })
    }
}

impl Labelled for TrafficEnvironmentReviewFacts {
    const FACTS: &'static [FactLabel] = &[
        FactLabel::new("findings", "iakttagelser", Measure::Categorical),
        FactLabel::new(
            "measures_decided",
            "beslutade åtgärder",
            Measure::Categorical,
        ),
    ];
}

/// Alkoholtillsyn / restaurangtillsyn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LicensingInspectionFacts {
    /// Premises inspected (`premises_visited` before schema version 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub premises_inspected: Option<Quantity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<Quantity>,
    /// Sanctions proposed (erinran, varning, återkallelse).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sanctions_proposed: Option<Quantity>,
}

impl LicensingInspectionFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let premises_inspected = object.optional(at, "premises_inspected");
        let remarks = object.optional(at, "remarks");
        let sanctions_proposed = object.optional(at, "sanctions_proposed");
        Some(Self {
            premises_inspected: premises_inspected?,
            remarks: remarks?,
            sanctions_proposed: sanctions_proposed?,
        })
    }
}

impl Labelled for LicensingInspectionFacts {
    const FACTS: &'static [FactLabel] = &[
        FactLabel::new(
            "premises_inspected",
            "inspekterade serveringsställen",
            Measure::Count,
        )
        .one("inspekterat serveringsställe"),
        FactLabel::new("remarks", "anmärkningar", Measure::Count).one("anmärkning"),
        FactLabel::new(
            "sanctions_proposed",
            "föreslagna sanktioner",
            Measure::Count,
        )
        .one("föreslagen sanktion"),
    ];
}

/// Kontrollköp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TestPurchaseFacts {
    pub products: NonEmpty<TestPurchaseProduct>,
    /// Purchases attempted (`outlets_tested` before schema version 3: one attempt
    /// per outlet tested).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempts: Option<Quantity>,
    /// Attempts where the outlet refused to sell, as it should.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sales_refused: Option<Quantity>,
    /// Purchases where the outlet sold when it should have refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sales_made: Option<Quantity>,
}

impl TestPurchaseFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let products = object.required(at, "products");
        let attempts = object.optional(at, "attempts");
        let sales_refused = object.optional(at, "sales_refused");
        let sales_made = object.optional(at, "sales_made");
        Some(Self {
            products: products?,
            attempts: attempts?,
            sales_refused: sales_refused?,
            sales_made: sales_made?,
        })
    }
}

impl Labelled for TestPurchaseFacts {
    const FACTS: &'static [FactLabel] = &[
        FactLabel::new("products", "varor", Measure::Categorical),
        FactLabel::new("attempts", "köpförsök", Measure::Count),
        FactLabel::new("sales_refused", "nekade köp", Measure::Count).one("nekat köp"),
        FactLabel::new("sales_made", "genomförda köp", Measure::Count).one("genomfört köp"),
    ];
}

/// Allvarssamtal: a count only, never who (OSL 26 kap).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SeriousTalkFacts {
    pub talks: Quantity,
}

impl SeriousTalkFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let talks = object.required(at, "talks");
        Some(Self { talks: talks? })
    }
}

impl Labelled for SeriousTalkFacts {
    const FACTS: &'static [FactLabel] = &[FactLabel::new("talks", "samtal", Measure::Count)];
}

/// Riktad insats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TargetedOperationFacts {
    /// E.g. "ungdomar och narkotika".
    pub theme: Title,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_weeks: Option<Weeks>,
}

impl TargetedOperationFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let theme = object.required(at, "theme");
        let duration_weeks = object.optional(at, "duration_weeks");
        Some(Self {
            theme: theme?,
            duration_weeks: duration_weeks?,
        })
    }
}

impl Labelled for TargetedOperationFacts {
    const FACTS: &'static [FactLabel] = &[
        FactLabel::new("theme", "tema", Measure::Categorical),
        FactLabel::new("duration_weeks", "veckor", Measure::Count).one("vecka"),
    ];
}

/// Informationsmaterial sent or handed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct InformationMaterialFacts {
    /// E.g. "Tonårsparlören".
    pub material: Title,
    /// E.g. "vårdnadshavare till ungdomar som fyller 14 år under 2017".
    pub audience: Title,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Quantity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Title>,
}

impl InformationMaterialFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let material = object.required(at, "material");
        let audience = object.required(at, "audience");
        let recipients = object.optional(at, "recipients");
        let publisher = object.optional(at, "publisher");
        Some(Self {
            material: material?,
            audience: audience?,
            recipients: recipients?,
            publisher: publisher?,
        })
    }
}

impl Labelled for InformationMaterialFacts {
    const FACTS: &'static [FactLabel] = &[
        FactLabel::new("material", "material", Measure::Categorical),
        FactLabel::new("audience", "målgrupp", Measure::Categorical),
        FactLabel::new("recipients", "mottagare", Measure::Count),
        FactLabel::new("publisher", "utgivare", Measure::Categorical),
    ];
}

/// A policy adopted or a routine revised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PolicyOrRoutineFacts {
    pub document: Title,
    pub action: PolicyAction,
    /// The organisations the document binds.
    pub organisations: NonEmpty<Party>,
    /// Where it is published, e.g. "hagfors.se".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<Title>,
}

impl PolicyOrRoutineFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let document = object.required(at, "document");
        let action = object.required(at, "action");
        let organisations = object.required(at, "organisations");
        let published_at = object.optional(at, "published_at");
        Some(Self {
            document: document?,
            action: action?,
            organisations: organisations?,
            published_at: published_at?,
        })
    }
}

impl Labelled for PolicyOrRoutineFacts {
    const FACTS: &'static [FactLabel] = &[
        FactLabel::new("document", "dokument", Measure::Categorical),
        FactLabel::new("action", "åtgärd", Measure::Categorical),
        FactLabel::new("organisations", "organisationer", Measure::Categorical),
        FactLabel::new("published_at", "publicerad på", Measure::Categorical),
    ];
}

/// Samverkansmöte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CoordinationMeetingFacts {
    /// The organisations present, by name: a party (`Polisen`, `Hagfors kommun`,
    /// `Hagfors kommun/socialtjänst`, as schema version 3 and older required) or
    /// any other organisation, e.g. a housing company or a räddningstjänstförbund.
    pub organisations: NonEmpty<OrganisationName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meetings: Option<Quantity>,
    /// How many took part, per organisation present (by its name as in
    /// `organisations`): counts, never names of people.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, Quantity>")]
    pub participants: BTreeMap<OrganisationName, Quantity>,
}

impl CoordinationMeetingFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let organisations: Option<NonEmpty<OrganisationName>> =
            object.required(at, "organisations");
        let participants = object.optional_with(at, "participants", |v, at| {
            read_map(v, at, OrganisationName::parse_from)
        });
        let meetings = object.optional(at, "meetings");
        let (organisations, participants) = (organisations?, participants?.unwrap_or_default());
        let mut present = true;
        for party in participants.keys() {
            if !organisations.iter().any(|o| o == party) {
                present = false;
                at.field("participants")
                    .entry(party.as_str())
                    .reject(Invalid::new(
                        "is not among the organisations present",
                        "count participants only of organisations listed in \"organisations\"",
                    ));
            }
        }
        Some(Self {
            organisations,
            meetings: meetings?,
            participants: present.then_some(participants)?,
        })
    }
}

impl Labelled for CoordinationMeetingFacts {
    const FACTS: &'static [FactLabel] = &[
        FactLabel::new("organisations", "organisationer", Measure::Categorical),
        FactLabel::new("meetings", "möten", Measure::Count).one("möte"),
        FactLabel::new("participants", "deltagare", Measure::CountPerOrganisation),
    ];
}

/// Utredning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct InquiryFacts {
    /// E.g. "rökfri skoltid".
    pub subject: Title,
    /// E.g. "huvudmannanivå".
    pub level: Title,
}

impl InquiryFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let subject = object.required(at, "subject");
        let level = object.required(at, "level");
        Some(Self {
            subject: subject?,
            level: level?,
        })
    }
}

impl Labelled for InquiryFacts {
    const FACTS: &'static [FactLabel] = &[
        FactLabel::new("subject", "ämne", Measure::Categorical),
        FactLabel::new("level", "nivå", Measure::Categorical),
    ];
}

/// Trygghetsvandring, nattvandring, medborgardialog: how many took part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ParticipationFacts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<Quantity>,
}

impl ParticipationFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let participants = object.optional(at, "participants");
        Some(Self {
            participants: participants?,
        })
    }
}

impl Labelled for ParticipationFacts {
    const FACTS: &'static [FactLabel] =
        &[FactLabel::new("participants", "deltagare", Measure::Count)];
}

from_json_via_object!(TrafficControlFacts, "traffic control facts");
from_json_via_object!(TrafficEnvironmentReviewFacts, "review facts");
from_json_via_object!(LicensingInspectionFacts, "inspection facts");
from_json_via_object!(TestPurchaseFacts, "test purchase facts");
from_json_via_object!(SeriousTalkFacts, "{\"talks\": 4}");
from_json_via_object!(TargetedOperationFacts, "operation facts");
from_json_via_object!(InformationMaterialFacts, "material facts");
from_json_via_object!(PolicyOrRoutineFacts, "policy facts");
from_json_via_object!(CoordinationMeetingFacts, "meeting facts");
from_json_via_object!(InquiryFacts, "inquiry facts");
from_json_via_object!(ParticipationFacts, "participation facts");
