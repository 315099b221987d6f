//! A key range of the store read in key order, a page at a time: the long
//! walks over the log and the indexes (`verify.rs`, the log's paged reads)
//! hold the database only while a page is read, so that the writer can take
//! it away between two pages to reopen it, and each page goes on from the
//! last key the one before it read. Damage met in a page ends the walk, but
//! the entries read before it are handed on first, so that the reader can
//! say where the damage begins.

use std::collections::VecDeque;
use std::ops::Bound;

use sled::IVec;

use crate::shared_db::SharedDb;
use crate::store::WALK_PAGE;
use crate::StoreError;

pub(crate) struct KeyPages<'a> {
    db: &'a SharedDb,
    /// Where the next page starts: the range's first key, then just past the
    /// last key read; `None` once the range is read or a read failed.
    next: Option<Bound<IVec>>,
    end: Bound<IVec>,
    page: VecDeque<Result<(IVec, IVec), StoreError>>,
}

impl<'a> KeyPages<'a> {
    /// The entries whose keys are in `first..=last`.
    pub fn new(db: &'a SharedDb, first: &[u8], last: &[u8]) -> Self {
        KeyPages {
            db,
            next: Some(Bound::Included(first.into())),
            end: Bound::Included(last.into()),
            page: VecDeque::new(),
        }
    }

    /// Every entry whose key starts with `prefix`.
    pub fn prefixed(db: &'a SharedDb, prefix: u8) -> Self {
        KeyPages {
            db,
            next: Some(Bound::Included([prefix][..].into())),
            // Every key of the prefix sorts before the next prefix byte.
            end: match prefix.checked_add(1) {
                Some(after) => Bound::Excluded([after][..].into()),
                None => Bound::Unbounded,
            },
            page: VecDeque::new(),
        }
    }

    fn read_page(&mut self, start: Bound<IVec>) -> Result<(), StoreError> {
        let end = self.end.clone();
        let page = self.db.read(|db| {
            let mut page = VecDeque::with_capacity(WALK_PAGE);
            for entry in db.range::<IVec, _>((start, end)) {
                match entry.map_err(StoreError::from_sled) {
                    Ok(entry) => page.push_back(Ok(entry)),
                    // Anything but damage fails the page, as the readers'
                    // handle says why (a disk refusing writes).
                    Err(damage @ StoreError::Damaged { .. }) => {
                        page.push_back(Err(damage));
                        break;
                    }
                    Err(other) => return Err(other),
                }
                if page.len() == WALK_PAGE {
                    break;
                }
            }
            Ok(page)
        })?;
        self.next = match page.back() {
            Some(Ok((key, _))) if page.len() == WALK_PAGE => Some(Bound::Excluded(key.clone())),
            Some(Err(damage)) => {
                self.db.notice(damage);
                None
            }
            _ => None,
        };
        self.page = page;
        Ok(())
    }
}

impl Iterator for KeyPages<'_> {
    type Item = Result<(IVec, IVec), StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.page.is_empty() {
            let start = self.next.take()?;
            if let Err(error) = self.read_page(start) {
                return Some(Err(error));
            }
        }
        self.page.pop_front()
    }
}
