//! The Merkle tree as C2SP tlog-tiles (https://c2sp.org/tlog-tiles), so that
//! a monitor can mirror and check the whole log with existing tooling:
//! `GET /tlog/tile/<L>/<N>[.p/<W>]` (hash tiles, public) and
//! `GET /tlog/tile/entries/<N>[.p/<W>]` (entry bundles: whole events, for
//! those who may read the log). `<N>` is written as the spec says: groups of
//! three digits, every one but the last with an `x` (`x001/x234/067`).

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use trygglogg_store::{StoreError, TILE_LEVELS, TILE_WIDTH};

use crate::auth::{Caller, ReadLog};
use crate::problem::ProblemBody;
use crate::{canonical, AppState, Problem};

/// A full tile never changes.
const FULL: &str = "public, max-age=31536000, immutable";
/// A partial tile is replaced by a wider one as the log grows.
const PARTIAL: &str = "public, max-age=60";

/// What a tile path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TilePath {
    /// `None` for an entry bundle, else the tile level.
    pub level: Option<u8>,
    pub index: u64,
    /// From 1 to 256; 256 is a full tile.
    pub width: u32,
}

#[utoipa::path(
    get,
    path = "/tlog/tile/{*path}",
    tag = "audit",
    summary = "The tree as C2SP tlog-tiles",
    description = "The log's Merkle tree in the C2SP tlog-tiles format (https://c2sp.org/tlog-tiles), for monitors that mirror and check the whole log with existing tooling. `path` is `<L>/<N>` for a hash tile (tile level `L` from 0 to 7; 256 hashes of 32 bytes, the tree's level 8·L, numbered from 256·N), or `entries/<N>` for an entry bundle (the stored records of positions 256·N + 1 on, each as a big-endian 16-bit length and the record's bytes). `N` is written in groups of three digits, each but the last prefixed with `x` (`x001/x234/067` for 1234067). A partial tile at the log's right edge adds `.p/<W>` (W from 1 to 255 entries). Full tiles never change and may be cached for good. Hash tiles are public; entry bundles hold whole events, and need the **auditor** or **admin** role, as reading the log does.",
    params(("path" = String, Path, description = "`<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`, e.g. `0/000.p/5` or `entries/x001/024`.")),
    responses(
        (status = 200, description = "The tile's bytes.", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "The log does not hold all of this tile's entries yet.", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn tile(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<String>,
) -> Result<Response, Problem> {
    let tile = parse(&path).ok_or_else(|| {
        Problem::invalid_parameter(
            "path",
            "is not a C2SP tlog-tiles tile path",
            "<L>/<N>[.p/<W>] or entries/<N>[.p/<W>]: L from 0 to 7, N in groups of three digits (x001/x234/067), W from 1 to 255",
        )
    })?;
    let store = &state.store;
    let bytes = match tile.level {
        Some(level) => store.hash_tile(level, tile.index, tile.width),
        None => {
            caller.require::<ReadLog>()?;
            store.entry_bundle(tile.index, tile.width)
        }
    };
    let bytes = bytes.map_err(|error| match error {
        StoreError::OutOfRange {
            name: "index",
            accepted,
            ..
        } => Problem::not_found(format!(
            "the tile {path} does not exist yet: the log does not hold all of its entries ({accepted})"
        )),
        error => Problem::storage(&error),
    })?;
    let cache = if tile.width == TILE_WIDTH {
        FULL
    } else {
        PARTIAL
    };
    Ok((
        [
            (CONTENT_TYPE, "application/octet-stream"),
            (CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}

/// Reads a tile path in its one spelling (the one [`path_of`] writes), else
/// `None`.
pub fn parse(path: &str) -> Option<TilePath> {
    let (first, rest) = path.split_once('/')?;
    let level = match first {
        "entries" => None,
        level => Some(
            canonical::natural(level)
                .and_then(|l| u8::try_from(l).ok())
                .filter(|&l| l < TILE_LEVELS)?,
        ),
    };
    let (index_path, width) = match rest.split_once(".p/") {
        Some((index_path, width)) => {
            let width = canonical::natural(width)?;
            (index_path, u32::try_from(width).ok()?)
        }
        None => (rest, TILE_WIDTH),
    };
    if width == 0 || width > TILE_WIDTH || (width == TILE_WIDTH && rest.contains(".p/")) {
        return None;
    }
    let mut index: u64 = 0;
    for group in index_path.split('/') {
        let digits = group.strip_prefix('x').unwrap_or(group);
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let group: u64 = digits.parse().ok()?;
        index = index.checked_mul(1000)?.checked_add(group)?;
    }
    let tile = TilePath {
        level,
        index,
        width,
    };
    (path_of(tile) == path).then_some(tile)
}

/// The C2SP path of a tile, without the `tile/` in front.
pub fn path_of(tile: TilePath) -> String {
    let mut n = tile.index;
    let mut index = format!("{:03}", n % 1000);
    while n >= 1000 {
        n /= 1000;
        index = format!("x{:03}/{index}", n % 1000);
    }
    let level = match tile.level {
        Some(level) => level.to_string(),
        None => "entries".to_owned(),
    };
    let width = match tile.width {
        TILE_WIDTH => String::new(),
        width => format!(".p/{width}"),
    };
    format!("{level}/{index}{width}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_paths_in_their_one_spelling() {
        let tile = |level, index, width| TilePath {
            level,
            index,
            width,
        };
        for (path, expected) in [
            ("0/000", tile(Some(0), 0, 256)),
            ("0/000.p/5", tile(Some(0), 0, 5)),
            ("1/x001/x234/067", tile(Some(1), 1_234_067, 256)),
            ("7/x001/x234/067.p/255", tile(Some(7), 1_234_067, 255)),
            ("entries/000.p/1", tile(None, 0, 1)),
            (
                "entries/x018/x446/x744/x073/x709/x551/615",
                tile(None, u64::MAX, 256),
            ),
        ] {
            assert_eq!(parse(path), Some(expected), "{path}");
            assert_eq!(path_of(expected), path);
        }
        for refused in [
            "",
            "0",
            "0/",
            "8/000",
            "00/000",
            "-1/000",
            "0/0",
            "0/00",
            "0/0000",
            "0/x000/001",
            "0/001/001",
            "0/x001",
            "0/000.p/0",
            "0/000.p/256",
            "0/000.p/05",
            "0/000.p/",
            "0/000.p",
            "0/000/",
            "0/+00",
            "data/000",
            "entries/000.p/5/",
            "entries/x018/x446/x744/x073/x709/x551/616",
            "entries/x999/x999/x999/x999/x999/x999/x999/999",
        ] {
            assert_eq!(parse(refused), None, "{refused:?}");
        }
    }
}
