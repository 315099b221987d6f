//! Verifying the whole store: the hash chain and the Merkle tree are walked
//! in log order, and the stream and id indexes are read in key order after
//! it, each page of sled read once.
//!
//! Why not look each event's entries up: that is five sled lookups an event
//! (its stream entry, its id entry, about two tree nodes, the event), and a
//! store larger than the page cache sends them to the disk. At 10M events
//! they took 15.5 minutes, for a log whose export verifies in under one
//! (BENCHMARKS.md).
//!
//! How the indexes are checked without a lookup: the walk keeps, for every
//! position, a 31-bit fingerprint of the stream entry and of the id entry
//! its event should have (4 bytes each, so 8 bytes an event while it runs);
//! the id entry's includes the digest of the event's content, by which a
//! retry is told from a conflict.
//! The fingerprints are keyed with a secret drawn for each run, so no entry
//! can be made to match a fingerprint it should not. Each entry found is
//! checked against the fingerprint of the position it leads to, which is
//! then cleared. So a second entry leading there is found too, and so is a
//! position that no entry leads to. The first position found wrong is then
//! named by the per-event check, in the words it has always used.

use std::hash::{BuildHasher, Hasher, RandomState};

use sled::IVec;
use tlog_tiles as tlog;

use crate::error::SledResult;
use crate::key_pages::KeyPages;
use crate::keys::{self, IdEntry};
use crate::log_value::split_log_value;
use crate::tree::{NewHashes, TreeEdge};
use crate::{BrokenLink, Head, RecordedEvent, Store, StoreError, Verification};

impl Store {
    /// Walks the whole log, recomputing every hash and the Merkle tree, and
    /// checks that the stream and id indexes lead to each event and to
    /// nothing else. Names the first position where any of it is wrong.
    /// `progress` is called with a count that reaches the head's position
    /// once everything is checked.
    pub fn verify(&self, mut progress: impl FnMut(u64)) -> Result<Verification, StoreError> {
        let end = self.head().position;
        // The walk and the two indexes are a third of the work each.
        let mut done = [0u64; 3];
        let mut tell = |part: usize, n: u64| {
            done[part] = n.min(end);
            progress(done.iter().sum::<u64>() / 3);
        };
        let mut expected = Expected::new(end);
        let walked = self.walk(end, &mut expected, |n| tell(0, n))?;
        // The indexes are checked up to the last event the walk found sound.
        let checked = match &walked {
            Ok(head) => head.position,
            Err(broken) => broken.position.saturating_sub(1),
        };
        expected.keep_to(checked);
        let misfiled = self
            .misfiled(&mut expected, tell)
            .and_then(|misfiled| misfiled.map(|m| self.name(m)).transpose());
        Ok(match (walked, misfiled) {
            (_, Ok(Some(broken))) => Verification::Broken(broken),
            (Ok(head), Ok(None)) if head.position == end => Verification::Intact { head },
            (Ok(head), Ok(None)) => Verification::Broken(BrokenLink {
                position: head.position + 1,
                reason: format!(
                    "the log ends at position {} before its head {end}",
                    head.position
                ),
            }),
            (Ok(_), Err(error)) => Verification::Broken(unreadable(error)?),
            // Its break is already known; what the indexes could not say
            // does not change it.
            (Err(broken), _) => Verification::Broken(broken),
        })
    }

    /// Walks the chain and the tree up to `end`: the head reached, or the
    /// first position where either breaks. Notes each sound event in
    /// `expected`.
    fn walk(
        &self,
        end: u64,
        expected: &mut Expected,
        mut progress: impl FnMut(u64),
    ) -> Result<Result<Head, BrokenLink>, StoreError> {
        let mut head = Head::EMPTY;
        let mut tree = TreeEdge::default();
        let mut stored = StoredInOrder::new(self.db(), end);
        for entry in self.stored_entries_between(1, end) {
            let (at, value) = match entry {
                Ok(entry) => entry,
                Err(error) => return Ok(Err(unreadable(error)?)),
            };
            let (hash, bytes) = split_log_value(&value);
            let event = match head.check_next(at, hash, bytes) {
                Ok(event) => event,
                Err(broken) => return Ok(Err(broken)),
            };
            let disagreement = tree
                .push(bytes)
                .and_then(|hashes| hashes.disagreement(&mut stored))
                .map_err(|error| error.at(event.position));
            match disagreement {
                Ok(None) => {}
                Ok(Some(reason)) => {
                    return Ok(Err(BrokenLink {
                        position: event.position,
                        reason,
                    }))
                }
                Err(error) => return Ok(Err(unreadable(error)?)),
            }
            expected.push(&event);
            progress(head.position);
        }
        Ok(Ok(head))
    }

    /// The first position an index entry leads to wrongly, or that none
    /// leads to, among those in `expected`, with what the entry says.
    fn misfiled(
        &self,
        expected: &mut Expected,
        mut progress: impl FnMut(usize, u64),
    ) -> Result<Option<Misfiled>, StoreError> {
        let keyer = expected.keyer.clone();
        let by_stream = first_misfiled(
            KeyPages::prefixed(self.db(), keys::STREAM),
            &mut expected.by_stream,
            |key, value| {
                let (name, version) = keys::split_stream_key(key)?;
                Some((
                    keys::u64_value(value)?,
                    fingerprint(&keyer, name, version, &[]),
                ))
            },
            |key| match keys::split_stream_key(key) {
                Some((name, version)) => format!(
                    "the index of stream {} leads to it as version {version}",
                    String::from_utf8_lossy(name)
                ),
                None => "an entry of the stream index leads to it".into(),
            },
            |n| progress(1, n),
        )?;
        let by_id = first_misfiled(
            KeyPages::prefixed(self.db(), keys::ID),
            &mut expected.by_id,
            |key, value| {
                let entry = IdEntry::from_bytes(value)?;
                let print = fingerprint(&keyer, key, entry.version, &entry.digest);
                Some((entry.position, print))
            },
            |key| match keys::id_of_id_key(key) {
                Some(id) => format!("the index of event ids leads to it from id {id}"),
                None => "an entry of the index of event ids leads to it".into(),
            },
            |n| progress(2, n),
        )?;
        Ok([by_stream, by_id]
            .into_iter()
            .flatten()
            .min_by_key(|misfiled| misfiled.position))
    }

    /// What is wrong at a misfiled position, said as the per-event check
    /// says it, or else as the entry found there says it.
    fn name(&self, misfiled: Misfiled) -> Result<BrokenLink, StoreError> {
        let position = misfiled.position;
        let event = self.db().read(|db| crate::store::event_at(db, position))?;
        let reason = match self.index_disagrees(&event)? {
            Some(reason) => reason,
            None => format!(
                "{}, but it is version {} of stream {}, id {}",
                misfiled.entry, event.version, event.stream, event.id
            ),
        };
        Ok(BrokenLink { position, reason })
    }

    /// Why the stream index (stream and version) or the id index does not
    /// lead to `event`, if one does not: reads and retries go by them, so a
    /// damaged index is as wrong as a damaged event.
    fn index_disagrees(&self, event: &RecordedEvent) -> Result<Option<String>, StoreError> {
        self.db()
            .read(|db| {
                let by_stream = db
                    .get(keys::stream_key(&event.stream, event.version))
                    .or_store_error()?;
                if by_stream.as_deref().and_then(keys::u64_value) != Some(event.position) {
                    return Ok(Some(format!(
                        "the index of stream {} does not lead to it as version {}",
                        event.stream, event.version
                    )));
                }
                let by_id = db.get(keys::id_key(event.id)).or_store_error()?;
                Ok(match by_id.as_deref().and_then(IdEntry::from_bytes) {
                    Some(entry)
                        if (entry.position, entry.version) == (event.position, event.version) =>
                    {
                        (entry.digest != event.content_digest()).then(|| {
                            format!(
                                "the index of event ids holds another content for its id {}, \
                                 so a retry of it would be refused as a conflict",
                                event.id
                            )
                        })
                    }
                    _ => Some(format!(
                        "the index of event ids does not lead to its id {}",
                        event.id
                    )),
                })
            })
            .map_err(|error| error.at(event.position))
    }
}

/// What cannot be read cannot be checked: as broken as an altered event,
/// and named the same way, where the damage has a position.
fn unreadable(error: StoreError) -> Result<BrokenLink, StoreError> {
    match error {
        StoreError::Damaged {
            position: Some(position),
            found,
        } => Ok(BrokenLink {
            position,
            reason: format!(
                "it cannot be read: the store's files are damaged ({found}); {}",
                crate::RESTORE_ADVICE
            ),
        }),
        error => Err(error),
    }
}

/// A position an index gets wrong, and the entry that does.
struct Misfiled {
    position: u64,
    /// What the wrong entry says; for a position no entry leads to, that
    /// (the per-event check names it in its own words first).
    entry: String,
}

/// The fingerprints of the entries each position's event should have; a
/// slot is 0 once an entry leading there was found (a fingerprint never is).
struct Expected {
    keyer: RandomState,
    /// Indexed by position; slot 0 is never a position and stays 0.
    by_stream: Vec<u32>,
    by_id: Vec<u32>,
}

impl Expected {
    fn new(end: u64) -> Expected {
        let slots = usize::try_from(end).map_or(0, |end| end + 1);
        let mut expected = Expected {
            keyer: RandomState::new(),
            by_stream: Vec::with_capacity(slots),
            by_id: Vec::with_capacity(slots),
        };
        expected.by_stream.push(0);
        expected.by_id.push(0);
        expected
    }

    /// Notes the next position's event.
    fn push(&mut self, event: &RecordedEvent) {
        let name = event.stream.text();
        let by_stream = fingerprint(&self.keyer, name.as_bytes(), event.version, &[]);
        self.by_stream.push(by_stream);
        let id_key = keys::id_key(event.id);
        let by_id = fingerprint(&self.keyer, &id_key, event.version, &event.content_digest());
        self.by_id.push(by_id);
    }

    fn keep_to(&mut self, position: u64) {
        let len = usize::try_from(position).map_or(usize::MAX, |p| p + 1);
        self.by_stream.truncate(len);
        self.by_id.truncate(len);
    }
}

/// Of an entry's key (the stream's name, or the whole id key), the version
/// it says and, of an id entry, the content digest it holds; the top bit
/// set, so that it is never 0.
fn fingerprint(keyer: &RandomState, key: &[u8], version: u64, digest: &[u8]) -> u32 {
    let mut hasher = keyer.build_hasher();
    hasher.write(key);
    hasher.write_u64(version);
    hasher.write(digest);
    hasher.finish() as u32 | 1 << 31
}

/// Reads one index in key order: each entry `parse`s to the position it
/// leads to and its fingerprint. The first position (the lowest) whose
/// entry is wrong or missing, with what `describe` says of the entry.
/// Entries leading past the slots are of events appended since the walk
/// began, or past the log's first break, and are not judged.
fn first_misfiled(
    entries: KeyPages,
    slots: &mut [u32],
    parse: impl Fn(&[u8], &[u8]) -> Option<(u64, u32)>,
    describe: impl Fn(&[u8]) -> String,
    mut progress: impl FnMut(u64),
) -> Result<Option<Misfiled>, StoreError> {
    let mut first: Option<Misfiled> = None;
    for (read, entry) in (1..).zip(entries) {
        let (key, value) = entry?;
        if read % 4096 == 0 {
            progress(read);
        }
        let Some((position, fingerprint)) = parse(&key, &value) else {
            continue;
        };
        let slot = usize::try_from(position).ok().filter(|&p| p > 0);
        let Some(slot) = slot.and_then(|p| slots.get_mut(p)) else {
            continue;
        };
        if *slot == fingerprint {
            *slot = 0;
        } else if first.as_ref().is_none_or(|f| position < f.position) {
            first = Some(Misfiled {
                position,
                entry: describe(&key),
            });
        }
    }
    progress(u64::MAX);
    let unled = slots.iter().position(|&slot| slot != 0);
    if let Some(position) = unled.map(|p| p as u64) {
        if first.as_ref().is_none_or(|f| position < f.position) {
            first = Some(Misfiled {
                position,
                entry: "no entry of its index leads to it".into(),
            });
        }
    }
    Ok(first)
}

/// The tree's stored hashes, read in index order beside the log walk.
pub(crate) struct StoredInOrder<'a> {
    pages: KeyPages<'a>,
    /// The entry read but not yet asked for.
    ahead: Option<(u64, IVec)>,
}

impl<'a> StoredInOrder<'a> {
    /// The stored hashes of the tree of `size` leaves.
    fn new(db: &'a crate::shared_db::SharedDb, size: u64) -> Self {
        let last = tlog::stored_hash_count(size).saturating_sub(1);
        StoredInOrder {
            pages: KeyPages::new(db, &keys::tree_key(0), &keys::tree_key(last)),
            ahead: None,
        }
    }

    /// The stored hash at `index`, if sled holds one. Asked in increasing
    /// order of index.
    fn take(&mut self, index: u64) -> Result<Option<IVec>, StoreError> {
        loop {
            match &self.ahead {
                Some((at, _)) if *at > index => return Ok(None),
                Some((at, _)) if *at == index => return Ok(self.ahead.take().map(|(_, v)| v)),
                _ => {}
            }
            match self.pages.next().transpose()? {
                Some((key, value)) => {
                    self.ahead = keys::index_of_tree_key(&key).map(|index| (index, value))
                }
                None => return Ok(None),
            }
        }
    }
}

impl NewHashes {
    /// Why the stored hashes are not these, if they are not: the first that
    /// differs, by its place in the tree.
    fn disagreement(&self, stored: &mut StoredInOrder) -> Result<Option<String>, StoreError> {
        for (index, hash) in (self.first..).zip(&self.hashes) {
            let found = stored.take(index)?;
            if found.as_deref() != Some(&hash.0[..]) {
                let (level, n) = tlog::split_stored_hash_index(index);
                let found = if found.is_some() {
                    "differs from"
                } else {
                    "is missing, not"
                };
                return Ok(Some(format!(
                    "its stored Merkle tree node (level {level}, number {n}) {found} the one \
                     rebuilt from the records"
                )));
            }
        }
        Ok(None)
    }
}
