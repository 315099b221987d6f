//! The Trygglogg domain: what can be recorded about medborgarlöften, and what is
//! refused and why.
//!
//! Pure: no I/O, no async, no clock. "Today" comes in through [`ValidationContext`].
//!
//! - New events: [`parse_event`] (or [`AppendRequest::validate`] /
//!   [`ImportLine::validate`]) turns untrusted JSON into a [`DomainEvent`], collecting
//!   every problem with its path; then fold the stream with [`StreamState`] and call
//!   [`StreamState::check_batch`] for the per-stream rules.
//! - Storing: [`encode`] gives the type name, schema version and JSON data;
//!   [`EventMetadata`] is the metadata.
//! - Reading: [`decode_stored`] (or [`RecordedDomainEvent::decode`]) reads a stored
//!   event, upcast by its schema version; [`decode_placing`] reads only what places
//!   an activity, in place. [`amend`] is what a correction or retraction does.
//!
//! The types' constructors enforce their rules ("parse, don't validate"): a
//! [`PublicText`] never holds a personnummer, a [`DateRange`] never ends before it
//! starts, a [`Count`] is never negative.

mod activity;
mod activity_started;
mod agreement;
mod amendment;
mod assessment;
mod context;
mod custom_facts;
mod error;
mod event;
mod event_type;
mod facts;
mod fields;
mod fold;
mod indicator;
mod key;
mod kind;
mod labels;
mod nonempty;
mod numbers;
mod occurred;
mod party;
mod personnummer;
mod place;
mod placing;
mod privacy;
mod report;
mod schema;
mod seed;
mod serving;
mod snake_name;
mod stored;
mod stream;
mod stream_rules;
mod target;
mod tertial;
mod text;
mod traffic_outcomes;
mod unique_keys;
mod upcast;
mod wire;
mod word_enum;

pub use activity::{
    ActivityCancelled, ActivityCompleted, ActivityPlanned, ActivityRescheduled, Serves,
};
pub use activity_started::{ActivityStarted, ExpectedLength};
pub use agreement::{
    AgreementAdopted, AgreementPeriod, CommitmentAdded, FocusArea, FocusAreaAdded, FollowUpReviewed,
};
pub use amendment::{CorrectedFields, Correction, Retraction};
pub use assessment::{CommitmentAssessed, Continuation, Verdict};
pub use context::ValidationContext;
pub use custom_facts::{GenericFacts, MAX_GENERIC_FACTS};
pub use error::{DecodeError, FieldError, Invalid, RuleViolation, ValidationErrors};
pub use event::{DomainEvent, EventType};
pub use facts::{
    CoordinationMeetingFacts, InformationMaterialFacts, InquiryFacts, LicensingInspectionFacts,
    ParticipationFacts, PolicyAction, PolicyOrRoutineFacts, SeriousTalkFacts,
    TargetedOperationFacts, TestPurchaseFacts, TestPurchaseProduct, TrafficControlBasis,
    TrafficControlFacts, TrafficEnvironmentReviewFacts, TrafficFocus,
};
pub use indicator::{Baseline, Direction, IndicatorDefined, IndicatorMeasured, UnlinkedIndicator};
pub use key::Key;
pub use kind::{ActivityKind, KNOWN_ACTIVITY_KINDS};
pub use labels::{value_label, yes_no, FactLabel, KindLabel, Measure};
pub use nonempty::NonEmpty;
pub use numbers::{CostSek, Count, Days, Hours, IndicatorValue, Months, Quantity, Weeks};
pub use occurred::{
    DateRange, Month, Occurred, Precision, Year, EARLIEST_DATE, MAX_PLAN_AHEAD_DAYS, MAX_RANGE_DAYS,
};
pub use party::{Department, Municipality, OrganisationName, Party};
pub use personnummer::{find_identity_number, IdentityNumberKind, IdentityNumberMatch};
pub use place::PlaceName;
pub use placing::{ActivityChange, ActivityStatus, Placed, Placing, StoredPlacing, StoredServes};
pub use privacy::redact_identity_numbers;
pub use report::{
    fact_label, fact_label_one, kind_label, kind_label_of, kind_plural, known_kinds,
    ActivityReport, FactValue, LabelledFact,
};
pub use schema::{data_schema, json_schemas};
pub use seed::{SEED, SEED_PATH};
pub use serving::Serving;
pub use snake_name::{CustomKind, FactName, SnakeName};
pub use stored::{decode_placing, decode_stored, stored_schema_version, DecodedEvent};
pub use stream::{StreamCategory, StreamName, StreamText};
pub use stream_rules::{
    amend, period_words, Amendable, Amended, Amendment, RecordedDomainEvent, StreamState,
};
pub use target::Target;
pub use tertial::Tertial;
pub use text::{InternalNote, PublicText, Summary, Title};
pub use traffic_outcomes::{CameraUse, OffenceReports};
pub use unique_keys::{json_with_unique_keys, JsonRefused};
pub use upcast::upcast;
#[cfg(feature = "test-upcasters")]
pub use upcast::{with_upcasters, Upcaster};
pub use wire::{
    decode, encode, parse_event, AppendRequest, BatchRequest, EncodedEvent, EventMetadata,
    ImportLine, IncomingEvent, ValidatedEvent, MAX_EVENTS_PER_REQUEST,
};
