//! Where an author may write. The role decides which kinds of event it records
//! ([`check_role`]); its municipalities and, for a reporter, its organisation
//! decide where ([`check_bounds`]). Where is judged twice: on the
//! stream as it stands before the batch (the author must be able to write
//! there now) and as the batch leaves it (every event the batch adds or
//! changes must be one the author could have recorded in the first place). So
//! a correction or a reschedule cannot move work out of the author's reach,
//! whichever field it changes, and no field needs a rule of its own.

use std::collections::hash_map::{Entry, HashMap};
use std::sync::Arc;

use trygglogg_events::{
    DomainEvent, Municipality, Party, StreamCategory, StreamName, StreamState, ValidatedEvent,
};
use uuid::Uuid;

use crate::agreements::FoldedAgreements;
use crate::folded::{Folded, Streams};
use crate::{Author, Municipalities, RecordError, Scope};

/// What the author's role lets it record, wherever: an auditor only
/// corrections and retractions, a reporter only in activity streams.
pub(crate) fn check_role(
    author: &Author,
    stream: &StreamName,
    batch: &[ValidatedEvent],
) -> Result<(), RecordError> {
    let amendment = |v: &ValidatedEvent| !v.event.event_type().is_correctable();
    match author.scope {
        Scope::Everything => Ok(()),
        Scope::Amendments if batch.iter().all(amendment) => Ok(()),
        Scope::Amendments => Err(RecordError::Forbidden(
            "an auditor records only corrections and retractions; ask a reporter or coordinator to record new work".into(),
        )),
        Scope::OwnActivities if stream.category() != StreamCategory::Activity => {
            Err(RecordError::Forbidden(format!(
                "a reporter records activities only; {} streams are kept by coordinators",
                stream.category().as_str()
            )))
        }
        Scope::OwnActivities => Ok(()),
    }
}

/// Where an event stands, for refusals: a path in the request, or the
/// stream as recorded.
enum At<'a> {
    Request(String),
    Recorded(&'a StreamName),
}

impl At<'_> {
    fn refuse(&self, why: String) -> RecordError {
        RecordError::Forbidden(match self {
            At::Request(path) => format!("{path}: {why}"),
            At::Recorded(stream) => format!("{stream}, as it stands, is out of reach: {why}"),
        })
    }
}

/// Checks that `author` may append `batch` to `stream`, which holds
/// `before`: the stream is within its reach now, and every event the batch
/// adds or changes is one it could have recorded. A served agreement that
/// does not exist (or lacks the focus area or commitment) is a rule
/// violation: the activity would count in no follow-up, silently; so is
/// an agreement that `follows` one that does not exist.
pub(crate) fn check_bounds(
    streams: &impl Streams,
    kept: &FoldedAgreements,
    author: &Author,
    stream: &StreamName,
    before: &Folded,
    batch: &[ValidatedEvent],
) -> Result<(), RecordError> {
    // Each agreement is looked up once, however many events serve it.
    let mut agreements = Agreements {
        streams,
        kept,
        read: HashMap::new(),
    };
    let everywhere = author.municipalities == Municipalities::WholeService
        && author.scope != Scope::OwnActivities;
    if !everywhere {
        for (_, event) in before.in_force() {
            check_reach(author, event, &At::Recorded(stream), &mut agreements)?;
        }
    }
    let after = before.with_batch(batch);
    let in_force = after.in_force();
    // What the activity serves as it stands: a reschedule moves the plan's.
    let stream_serves = in_force
        .iter()
        .find_map(|(_, event)| event.serving().and_then(|s| s.serves));
    for &(id, event) in &in_force {
        if before.state.current(id) == Some(event) {
            continue;
        }
        let path = path_in(batch, id);
        if let DomainEvent::AgreementAdopted(adopted) = event {
            if let Some(follows) = adopted.follows {
                agreements
                    .folded(follows)?
                    .check_followed(follows, stream.id(), &format!("{path}.follows"))
                    .map_err(RecordError::Rule)?;
            }
        }
        let Some(serving) = event.serving() else {
            check_reach(author, event, &At::Request(path), &mut agreements)?;
            continue;
        };
        if let Some(serves) = serving.serves {
            agreements
                .folded(serves.agreement)?
                .check_serves(serves, &format!("{path}.serves"))
                .map_err(RecordError::Rule)?;
        }
        if let Some(serves) = serving.serves.or(stream_serves) {
            agreements
                .folded(serves.agreement)?
                .check_within_period(&serving.when, &format!("{path}.{}", serving.when_field))
                .map_err(RecordError::Rule)?;
        }
        check_reach(author, event, &At::Request(path), &mut agreements)?;
    }
    Ok(())
}

/// Whether `author` could record `event` where it stands: an agreement
/// all of whose municipalities it serves; an activity of municipalities it
/// serves, serving an agreement of at least one of them; for a reporter,
/// also its own organisation's work, for an agreement it is a party to.
fn check_reach(
    author: &Author,
    event: &DomainEvent,
    at: &At,
    agreements: &mut Agreements<impl Streams>,
) -> Result<(), RecordError> {
    let served_by =
        |what: String| format!("{what}; this token serves {} only", author.municipalities);
    let (responsible, serves) = match event {
        DomainEvent::AgreementAdopted(adopted) => {
            return match outside(author, adopted.parties.as_slice()).first() {
                Some(municipality) => Err(at.refuse(served_by(format!(
                    "the agreement is {municipality}'s (its parties: {})",
                    names(adopted.parties.as_slice())
                )))),
                None => Ok(()),
            };
        }
        DomainEvent::ActivityPlanned(planned) => {
            (Some(planned.responsible.as_slice()), &planned.serves)
        }
        // A start after a plan may leave out who is responsible: the
        // plan, checked as the stream stands, says it.
        DomainEvent::ActivityStarted(started) => (
            started.responsible.as_ref().map(|r| r.as_slice()),
            &started.serves,
        ),
        DomainEvent::ActivityCompleted(completed) => {
            (Some(completed.responsible.as_slice()), &completed.serves)
        }
        _ => return Ok(()),
    };
    let reporter = author.scope == Scope::OwnActivities;
    if let Some(responsible) = responsible {
        if reporter && !author.answers_for(responsible) {
            return Err(at.refuse(format!(
                "{} may record only its own activities; this one is the responsibility of {}",
                author.organisation,
                names(responsible)
            )));
        }
        if let Some(municipality) = outside(author, responsible).first() {
            return Err(at.refuse(served_by(format!(
                "{municipality} is responsible for this activity"
            ))));
        }
    }
    let Some(serves) = serves else {
        return Ok(());
    };
    let agreement = agreements.folded(serves.agreement)?;
    // An agreement no longer in force places the activity nowhere.
    let Some(parties) = agreement.agreement_parties() else {
        return Ok(());
    };
    match refuse_serving(author, serves.agreement, parties) {
        Some(why) => Err(at.refuse(why)),
        None => Ok(()),
    }
}

/// The agreements one check reads: each from `kept` (folded again only
/// if its stream moved), once per request.
struct Agreements<'s, S> {
    streams: &'s S,
    kept: &'s FoldedAgreements,
    read: HashMap<Uuid, Arc<StreamState>>,
}

impl<S: Streams> Agreements<'_, S> {
    /// The agreement stream `id`, folded.
    fn folded(&mut self, id: Uuid) -> Result<&StreamState, RecordError> {
        Ok(match self.read.entry(id) {
            Entry::Occupied(read) => read.into_mut(),
            Entry::Vacant(vacant) => vacant.insert(self.kept.folded(self.streams, id)?),
        })
    }
}

/// Whether `author` may record activities that serve the agreement whose
/// parties are `parties`: what the forms ask to offer only the agreements a
/// token may write into, by the same rule the recorder applies.
pub fn may_serve(author: &Author, parties: &[Party]) -> bool {
    refuse_serving(author, Uuid::nil(), parties).is_none()
}

/// Why `author` may not record activities serving agreement `id` with
/// `parties`: it serves none of its municipalities, or (a reporter) its
/// organisation is not a party to it.
fn refuse_serving(author: &Author, id: Uuid, parties: &[Party]) -> Option<String> {
    let municipalities: Vec<&Municipality> =
        parties.iter().filter_map(Party::municipality).collect();
    if !municipalities
        .iter()
        .any(|m| author.municipalities.covers(m))
    {
        let whose: Vec<String> = municipalities.iter().map(ToString::to_string).collect();
        return Some(format!(
            "agreement {id} is {}'s; this token serves {} only",
            whose.join(" and "),
            author.municipalities
        ));
    }
    if author.scope == Scope::OwnActivities && !author.answers_for(parties) {
        return Some(format!(
            "{} is not a party to agreement {id}; a reporter records work for its own organisation's agreements",
            author.organisation
        ));
    }
    None
}

/// The municipalities of `parties` (or of their departments) that `author`
/// does not serve.
fn outside<'a>(author: &Author, parties: &'a [Party]) -> Vec<&'a Municipality> {
    parties
        .iter()
        .filter_map(Party::municipality)
        .filter(|m| !author.municipalities.covers(m))
        .collect()
}

/// Where in the request the event `id` was added or last changed:
/// `events[i].data`, or `events[i].data.changes` of the correction.
fn path_in(batch: &[ValidatedEvent], id: Uuid) -> String {
    let corrected = batch
        .iter()
        .rposition(|v| matches!(&v.event, DomainEvent::Correction(c) if c.target == id));
    match corrected {
        Some(i) => format!("events[{i}].data.changes"),
        None => {
            let added = batch.iter().position(|v| v.id == Some(id));
            format!("events[{}].data", added.unwrap_or(0))
        }
    }
}

fn names(parties: &[Party]) -> String {
    let names: Vec<String> = parties.iter().map(Party::to_string).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parties(names: &[&str]) -> Vec<Party> {
        names.iter().map(|n| Party::parse(n).unwrap()).collect()
    }

    fn token(organisation: &str, scope: Scope, serves: &str) -> Author {
        Author {
            actor: "t".into(),
            organisation: organisation.into(),
            scope,
            municipalities: Municipalities::Listed(vec![Municipality::parse(serves).unwrap()]),
        }
    }

    #[test]
    fn the_agreements_a_token_may_serve() {
        let hagfors = parties(&["Hagfors kommun", "Polisen"]);
        let torsby = parties(&["Torsby kommun", "Polisen"]);
        let police = token("Polisen", Scope::OwnActivities, "Hagfors kommun");
        let school = token(
            "Hagfors kommun/skola",
            Scope::OwnActivities,
            "Hagfors kommun",
        );
        let other = token("Torsby kommun", Scope::OwnActivities, "Torsby kommun");
        let coordinator = token("Torsby kommun", Scope::Everything, "Torsby kommun");
        let cases = [
            (&police, &hagfors, true),
            (&police, &torsby, false),
            (&school, &hagfors, true),
            (&other, &hagfors, false),
            (&other, &torsby, true),
            (&coordinator, &hagfors, false),
        ];
        for (author, agreement, expected) in cases {
            assert_eq!(
                may_serve(author, agreement),
                expected,
                "{} for {:?}",
                author.organisation,
                agreement
            );
        }
        assert!(may_serve(&Author::operator("op", "Polisen"), &torsby));
    }
}
