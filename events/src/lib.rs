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
mod agreement;
mod amendment;
mod context;
mod error;
mod event;
mod event_type;
mod facts;
mod fields;
mod fold;
mod key;
mod kind;
mod nonempty;
mod numbers;
mod occurred;
mod party;
mod personnummer;
mod place;
mod placing;
mod privacy;
mod schema;
mod seed;
mod snake_name;
mod stored;
mod stream;
mod stream_rules;
mod text;
mod unique_keys;
mod upcast;
mod wire;
mod word_enum;

pub use activity::{
    ActivityCancelled, ActivityCompleted, ActivityPlanned, ActivityRescheduled, Serves,
};
pub use agreement::{
    AgreementAdopted, AgreementPeriod, CommitmentAdded, FocusArea, FocusAreaAdded,
    FollowUpReviewed, IndicatorMeasured, Target,
};
pub use amendment::{CorrectedFields, Correction, Retraction};
pub use context::ValidationContext;
pub use error::{DecodeError, FieldError, Invalid, RuleViolation, ValidationErrors};
pub use event::{DomainEvent, EventType};
pub use facts::{
    ActivityReport, CoordinationMeetingFacts, GenericFacts, InformationMaterialFacts, InquiryFacts,
    LicensingInspectionFacts, ParticipationFacts, PolicyAction, PolicyOrRoutineFacts,
    SeriousTalkFacts, TargetedOperationFacts, TestPurchaseFacts, TestPurchaseProduct,
    TrafficControlBasis, TrafficControlFacts, TrafficEnvironmentReviewFacts, TrafficFocus,
    MAX_GENERIC_FACTS,
};
pub use key::Key;
pub use kind::{ActivityKind, CustomKind, KNOWN_ACTIVITY_KINDS};
pub use nonempty::NonEmpty;
pub use numbers::{CostSek, Count, Hours, IndicatorValue, Quantity, Weeks};
pub use occurred::{DateRange, Occurred, Year, EARLIEST_DATE, MAX_PLAN_AHEAD_DAYS, MAX_RANGE_DAYS};
pub use party::{Department, Municipality, Party};
pub use personnummer::{find_identity_number, IdentityNumberKind, IdentityNumberMatch};
pub use place::PlaceName;
pub use placing::{ActivityChange, ActivityStatus, Placed, Placing, StoredPlacing, StoredServes};
pub use privacy::redact_identity_numbers;
pub use schema::{data_schema, json_schemas};
pub use seed::{SEED, SEED_PATH};
pub use snake_name::FactName;
pub use stored::{decode_placing, decode_stored, stored_schema_version, DecodedEvent};
pub use stream::{StreamCategory, StreamName};
pub use stream_rules::{amend, Amendable, Amended, Amendment, RecordedDomainEvent, StreamState};
pub use text::{InternalNote, PublicText, Summary, Title};
pub use unique_keys::{json_with_unique_keys, JsonRefused};
pub use upcast::upcast;
#[cfg(feature = "test-upcasters")]
pub use upcast::{with_upcasters, Upcaster};
pub use wire::{
    decode, encode, parse_event, AppendRequest, EncodedEvent, EventMetadata, ImportLine,
    IncomingEvent, ValidatedEvent, MAX_EVENTS_PER_REQUEST,
};
