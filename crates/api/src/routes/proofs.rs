//! The Merkle tree's proofs (RFC 9162 §2.1.3–2.1.4), so that anyone can
//! check an event against a checkpoint, or a later checkpoint against an
//! earlier one, without the rest of the log: `GET /api/v1/audit/proof/inclusion`
//! and `GET /api/v1/audit/proof/consistency`.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use trygglogg_store::{Hash, StoreError};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, ReadLog};
use crate::{canonical, AppState, Problem, QueryParams};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    /// The event's log position, from 1 to `tree_size`, in plain decimal.
    #[param(required = true, value_type = u64, minimum = 1)]
    position: Option<String>,
    /// The size of the tree (a checkpoint's size) the event is proved to be
    /// in: from `position` to the log's head.
    #[param(required = true, value_type = u64, minimum = 1)]
    tree_size: Option<String>,
}

/// An inclusion proof. Hashes are 64 lowercase hex digits, like every hash
/// of the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct InclusionProof {
    pub position: u64,
    pub tree_size: u64,
    /// SHA-256 of a zero byte and the event's stored record (RFC 9162's
    /// leaf hash); the leaf's index in the tree is `position - 1`.
    pub leaf_hash: String,
    /// The sibling hashes from the leaf up to the root of `tree_size`.
    pub proof: Vec<String>,
    /// The stored record, exactly as hashed: only for the auditor and admin
    /// roles, who may read the log.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub record: Option<Box<RawValue>>,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit/proof/inclusion",
    tag = "audit",
    summary = "Prove that an event is in the log's tree",
    description = "The RFC 9162 inclusion proof that the event at `position` is leaf `position - 1` of the Merkle tree of the first `tree_size` events: the tree a checkpoint of that size signs. Check it with any RFC 9162 verifier (Go's `golang.org/x/mod/sumdb/tlog.CheckRecord`, or `trygglogg proof verify`) against the checkpoint's root. A leaf is the event's stored record bytes, the same bytes its chain hash covers. Hashes are 64 lowercase hex digits. Anyone may ask; a caller with the **auditor** or **admin** role also gets the `record` itself.",
    params(InclusionQuery),
    responses((status = 200, description = "The proof.", body = InclusionProof))
)]
pub async fn inclusion_proof(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<InclusionQuery>,
) -> Result<Json<InclusionProof>, Problem> {
    let head = state.store.head().position;
    let tree_size = number(
        "tree_size",
        query.tree_size.as_deref(),
        &format!("a tree size from 1 to the log's head, {head}"),
    )?;
    let position = number(
        "position",
        query.position.as_deref(),
        "a log position from 1 to `tree_size`",
    )?;
    let store = &state.store;
    let proof = store
        .inclusion_proof(position, tree_size)
        .map_err(|e| refused(e, "tree_size"))?;
    let record = store
        .stored_record(position)
        .map_err(|e| refused(e, "position"))?;
    let leaf_hash = Hash::leaf(&record).to_hex();
    let record = match caller.may::<ReadLog>() {
        true => Some(raw_record(position, record)?),
        false => None,
    };
    Ok(Json(InclusionProof {
        position,
        tree_size,
        leaf_hash,
        proof: hex(proof),
        record,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// The earlier tree size (an earlier checkpoint's), from 1 to `to`.
    #[param(required = true, value_type = u64, minimum = 1)]
    from: Option<String>,
    /// The later tree size, at most the log's head.
    #[param(required = true, value_type = u64, minimum = 1)]
    to: Option<String>,
}

/// A consistency proof. Hashes are 64 lowercase hex digits, like every hash
/// of the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsistencyProof {
    pub from: u64,
    pub to: u64,
    /// RFC 9162 §2.1.4's proof nodes; empty when `from` equals `to`.
    pub proof: Vec<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit/proof/consistency",
    tag = "audit",
    summary = "Prove that the log only grew",
    description = "The RFC 9162 consistency proof that the Merkle tree of the first `to` events holds the tree of the first `from` events as its beginning: that nothing a checkpoint of size `from` covered was changed or taken away by the time of a checkpoint of size `to`. Check it with any RFC 9162 verifier (Go's `golang.org/x/mod/sumdb/tlog.CheckTree`, or `trygglogg proof verify`) against both checkpoints' roots. Hashes are 64 lowercase hex digits. Anyone may ask.",
    params(ConsistencyQuery),
    responses((status = 200, description = "The proof.", body = ConsistencyProof))
)]
pub async fn consistency_proof(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<ConsistencyQuery>,
) -> Result<Json<ConsistencyProof>, Problem> {
    let head = state.store.head().position;
    let to = number(
        "to",
        query.to.as_deref(),
        &format!("a tree size from 1 to the log's head, {head}"),
    )?;
    let from = number("from", query.from.as_deref(), "a tree size from 1 to `to`")?;
    let proof = state
        .store
        .consistency_proof(from, to)
        .map_err(|e| refused(e, "to"))?;
    Ok(Json(ConsistencyProof {
        from,
        to,
        proof: hex(proof),
    }))
}

/// A required number parameter in its one spelling, else a 400 naming it.
fn number(name: &str, raw: Option<&str>, accepted: &str) -> Result<u64, Problem> {
    let Some(raw) = raw else {
        return Err(Problem::invalid_parameter(name, "is missing", accepted));
    };
    canonical::natural(raw).ok_or_else(|| {
        Problem::invalid_parameter(
            name,
            "is not a whole number in plain decimal digits (no sign, no leading zero)",
            accepted,
        )
    })
}

/// The store's refusal as a problem; a size beyond the head is named by
/// `size_parameter`, the route's name for the tree size.
fn refused(error: StoreError, size_parameter: &str) -> Problem {
    match error {
        StoreError::BeyondHead { size, head } => Problem::invalid_parameter(
            size_parameter,
            format!("{size} is beyond the log's head: it holds {head} events"),
            format!("a tree size from 1 to the head, {head}"),
        ),
        error => Problem::storage(&error),
    }
}

fn raw_record(position: u64, record: Vec<u8>) -> Result<Box<RawValue>, Problem> {
    String::from_utf8(record)
        .ok()
        .and_then(|text| RawValue::from_string(text).ok())
        .ok_or_else(|| {
            Problem::storage(&StoreError::Corrupt {
                position,
                reason: "its stored record is not JSON".into(),
            })
        })
}

fn hex(proof: Vec<Hash>) -> Vec<String> {
    proof.iter().map(Hash::to_hex).collect()
}
