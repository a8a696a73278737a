//! Checkpoints of the audit chain (#15): at a point of the chain, its sequence, head (the chain
//! value of that record), count and time, signed with the audit key. They are written to the
//! database (`audit_checkpoints`, append-only) and to the log, every 100 records or 5 minutes by
//! the server holding the job's lease (`jobs::audit_checkpoint`), and when the key changes (the
//! checkpoint that opens a segment names the key before it). Verification compares the records
//! with them, so that records removed from the end, or a chain recomputed from some record on,
//! are found even when the head row was fixed as well.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::key::AuditKey;
use crate::{
    clock::Clock,
    db::{
        DbConnection,
        schema::{audit_checkpoints, audit_head},
    },
};

/// Records after which a checkpoint is due.
pub const EVERY_RECORDS: i64 = 100;
/// Time after which a checkpoint is due when any record was added.
pub const EVERY: chrono::Duration = chrono::Duration::minutes(5);

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
#[diesel(table_name = audit_checkpoints, treat_none_as_default_value = false)]
pub struct Checkpoint {
    pub seq: i64,
    pub key_id: String,
    pub head_hash: String,
    pub record_count: i64,
    pub created_at: NaiveDateTime,
    /// On the checkpoint that opens a segment: the key before it (empty: the plain chain).
    pub previous_key_id: Option<String>,
    pub signature: String,
}

impl Checkpoint {
    fn message(&self) -> String {
        format!(
            "lvyue audit checkpoint v1\n{}\n{}\n{}\n{}\n{}\n{}",
            self.seq,
            self.head_hash,
            self.record_count,
            self.created_at.format("%Y-%m-%dT%H:%M:%S%.6fZ"),
            self.key_id,
            self.previous_key_id.as_deref().unwrap_or("-"),
        )
    }

    fn signed(mut self, key: &AuditKey) -> Self {
        self.signature = key.sign(self.message().as_bytes());
        self
    }

    /// Whether the signature is `key`'s over the checkpoint's fields.
    pub fn signature_holds(&self, key: &AuditKey) -> bool {
        key.id() == self.key_id && key.sign(self.message().as_bytes()) == self.signature
    }

    /// The line written to the log (and kept by whoever keeps the logs).
    pub fn log_line(&self) -> String {
        format!(
            "audit checkpoint seq={} head={} count={} at={} key={} previous_key={} signature={}",
            self.seq,
            self.head_hash,
            self.record_count,
            self.created_at.format("%Y-%m-%dT%H:%M:%SZ"),
            self.key_id,
            self.previous_key_id.as_deref().unwrap_or("-"),
            self.signature
        )
    }
}

/// Every checkpoint, in chain order.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<Checkpoint>> {
    audit_checkpoints::table
        .order((audit_checkpoints::seq, audit_checkpoints::created_at))
        .select(Checkpoint::as_select())
        .load(conn)
}

fn insert(conn: &mut DbConnection, cp: &Checkpoint) -> QueryResult<bool> {
    let exists = audit_checkpoints::table.find((cp.seq, &cp.key_id)).count().get_result::<i64>(conn)? > 0;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(audit_checkpoints::table).values(cp).execute(conn)?;
    log::info!("{}", cp.log_line());
    Ok(true)
}

/// The checkpoint that closes the chain written under `previous` (a key id, or none for the
/// plain SHA-256 chain) at record `seq`, signed with the new `key`: the segment boundary. Inside
/// the transaction of the first record signed with `key`.
pub fn open_segment(
    conn: &mut DbConnection,
    key: &AuditKey,
    seq: i64,
    head_hash: &str,
    previous: Option<&str>,
) -> QueryResult<()> {
    let cp = Checkpoint {
        seq,
        key_id: key.id().to_owned(),
        head_hash: head_hash.to_owned(),
        record_count: seq,
        created_at: Clock::system().now(),
        previous_key_id: Some(previous.unwrap_or("").to_owned()),
        signature: String::new(),
    }
    .signed(key);
    insert(conn, &cp).map(|_| ())
}

/// Writes a checkpoint at the current head when one is due (`force`: whenever the head moved
/// since the last one). Answers it when written.
pub fn take(
    conn: &mut DbConnection,
    key: &AuditKey,
    now: NaiveDateTime,
    force: bool,
) -> QueryResult<Option<Checkpoint>> {
    let (seq, head_hash, head_key): (i64, String, Option<String>) = audit_head::table
        .find(1)
        .select((audit_head::last_seq, audit_head::last_hash, audit_head::key_id))
        .get_result(conn)?;
    if head_key.as_deref() != Some(key.id()) {
        // The chain so far was written without this key: this checkpoint opens its segment.
        if seq > 0 {
            open_segment(conn, key, seq, &head_hash, head_key.as_deref())?;
        }
        diesel::update(audit_head::table.find(1)).set(audit_head::key_id.eq(key.id())).execute(conn)?;
        return Ok(None);
    }
    if seq == 0 {
        return Ok(None);
    }
    let last: Option<(i64, NaiveDateTime)> = audit_checkpoints::table
        .filter(audit_checkpoints::key_id.eq(key.id()))
        .order(audit_checkpoints::seq.desc())
        .select((audit_checkpoints::seq, audit_checkpoints::created_at))
        .first(conn)
        .optional()?;
    let due = match last {
        None => true,
        Some((last_seq, _)) if last_seq >= seq => false,
        Some(_) if force => true,
        Some((last_seq, at)) => seq - last_seq >= EVERY_RECORDS || now - at >= EVERY,
    };
    if !due {
        return Ok(None);
    }
    let cp = Checkpoint {
        seq,
        key_id: key.id().to_owned(),
        head_hash,
        record_count: seq,
        created_at: now,
        previous_key_id: None,
        signature: String::new(),
    }
    .signed(key);
    Ok(insert(conn, &cp)?.then_some(cp))
}
