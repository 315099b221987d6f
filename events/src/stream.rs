//! Stream names (`<category>-<uuid>`) and which event types each category holds.

use crate::error::Invalid;
use crate::event::EventType;
use crate::privacy::quoted;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
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

/// A stream name such as `activity-0196a3c2-0000-7000-8000-000000000001`:
/// a category and a uuid, written with the uuid hyphenated and in lower case,
/// so that one stream has one name. The one stream name of the system: the
/// store indexes and stores it as its text (`Display`, [`StreamName::text`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StreamName {
    category: StreamCategory,
    id: Uuid,
}

const STREAM_EXPECTED: &str = "give \"agreement-<uuid>\" or \"activity-<uuid>\", e.g. \
    \"activity-0196a3c2-0000-7000-8000-000000000001\"";

/// The length of a hyphenated uuid.
const UUID_LEN: usize = 36;

impl StreamName {
    /// The longest stream name, in bytes: `agreement-` and a uuid.
    pub const MAX_LEN: usize = "agreement-".len() + UUID_LEN;

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
        // Only the hyphenated lower-case form, so that one stream has one name:
        // of the forms the uuid crate reads, only that one is 36 long.
        if id.len() != UUID_LEN || id.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(invalid());
        }
        let id = Uuid::try_parse(id).map_err(|_| invalid())?;
        Ok(Self { category, id })
    }

    pub fn category(&self) -> StreamCategory {
        self.category
    }

    pub fn id(&self) -> Uuid {
        self.id
    }

    /// The name as text, without allocating: what the store keys and hashes.
    pub fn text(&self) -> StreamText {
        let mut bytes = [0u8; Self::MAX_LEN];
        let category = self.category.as_str().as_bytes();
        let (head, tail) = bytes.split_at_mut(category.len());
        head.copy_from_slice(category);
        tail[0] = b'-';
        self.id.hyphenated().encode_lower(&mut tail[1..=UUID_LEN]);
        StreamText {
            bytes,
            len: category.len() + 1 + UUID_LEN,
        }
    }
}

/// A stream name's text (see [`StreamName::text`]), held inline.
#[derive(Clone, Copy)]
pub struct StreamText {
    bytes: [u8; StreamName::MAX_LEN],
    len: usize,
}

impl std::ops::Deref for StreamText {
    type Target = str;

    fn deref(&self) -> &str {
        // Only ASCII is ever written: a category's name, `-` and hex digits.
        std::str::from_utf8(&self.bytes[..self.len]).expect("a stream name is ASCII")
    }
}

/// Ordered as their texts are, which is the order of the store's stream
/// index: by category name, then by uuid (whose hex digits order as its bytes).
impl Ord for StreamName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.category.as_str(), self.id).cmp(&(other.category.as_str(), other.id))
    }
}

impl PartialOrd for StreamName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for StreamName {
    type Err = Invalid;

    fn from_str(raw: &str) -> Result<Self, Invalid> {
        Self::parse(raw)
    }
}

impl fmt::Display for StreamName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.category.as_str(), self.id.hyphenated())
    }
}

impl Serialize for StreamName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text())
    }
}

/// Read as [`StreamName::parse`] reads, from a borrowed string without a copy;
/// a name it refuses is an error that says what was found and what is accepted.
impl<'de> Deserialize<'de> for StreamName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl de::Visitor<'_> for Visitor {
            type Value = StreamName;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a stream name, agreement-<uuid> or activity-<uuid>")
            }

            fn visit_str<E: de::Error>(self, raw: &str) -> Result<StreamName, E> {
                StreamName::parse(raw).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}
