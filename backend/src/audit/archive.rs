//! Archives of the audit trail (`lvyue audit archive --before DATE --to FILE`, #15): a copy of
//! the chain from its first record up to a checkpoint taken before DATE, with the checkpoints it
//! covers, in a file that verifies offline (`lvyue audit verify --archive FILE`) against the
//! audit key. An archive copies; nothing in the product deletes audit records (the table refuses
//! it), so the records stay in the database for at least the 180 days the Cybersecurity Law asks.
//!
//! The file is JSON lines: a header, then one line per record (`{"record": …}`) in order, then
//! one per checkpoint (`{"checkpoint": …}`). It ends at a checkpoint: an archive cut short, or
//! with a record changed, fails its verification.

use std::io::{BufRead, Write};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{
    ChainWalk, GENESIS_HASH, Record, Verification,
    checkpoint::{self, Checkpoint},
    key::AuditKey,
};
use crate::db::{DbConnection, schema::audit_log};

pub const FORMAT: &str = "lvyue-audit-archive/1";

#[derive(Debug, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    /// Records that occurred before this time are archived (up to the last checkpoint among them).
    pub before: NaiveDateTime,
    pub first_seq: i64,
    pub last_seq: i64,
    pub checkpoints: usize,
    pub exported_at: NaiveDateTime,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Line {
    Record(Box<Record>),
    Checkpoint(Checkpoint),
}

/// Writes the archive of the records before `before` to `out`; answers its header. Takes a
/// checkpoint at the head first (with `key`) so that the newest records can be archived too.
pub fn export(
    conn: &mut DbConnection,
    key: &AuditKey,
    before: NaiveDateTime,
    now: NaiveDateTime,
    out: &mut impl Write,
) -> anyhow::Result<Header> {
    conn.write_tx(|c| checkpoint::take(c, key, now, true))?;
    // The segment ends at the last checkpoint whose record occurred before `before`.
    let checkpoints = checkpoint::all(conn)?;
    let mut end = None;
    for cp in checkpoints.iter().rev() {
        let at: Option<NaiveDateTime> =
            audit_log::table.find(cp.seq).select(audit_log::occurred_at).get_result(conn).optional()?;
        if at.is_some_and(|at| at < before) {
            end = Some(cp.seq);
            break;
        }
    }
    let Some(last_seq) = end else {
        anyhow::bail!("no checkpoint before {before}: nothing to archive yet");
    };
    let covered: Vec<&Checkpoint> = checkpoints.iter().filter(|cp| cp.seq <= last_seq).collect();
    let header =
        Header { format: FORMAT.into(), before, first_seq: 1, last_seq, checkpoints: covered.len(), exported_at: now };
    writeln!(out, "{}", serde_json::to_string(&header)?)?;
    let mut from = 1;
    while from <= last_seq {
        let batch: Vec<Record> = audit_log::table
            .filter(audit_log::seq.ge(from).and(audit_log::seq.le(last_seq)))
            .order(audit_log::seq)
            .limit(2000)
            .select(Record::as_select())
            .load(conn)?;
        let Some(last) = batch.last() else { break };
        from = last.seq + 1;
        for r in batch {
            writeln!(out, "{}", serde_json::to_string(&Line::Record(Box::new(r)))?)?;
        }
    }
    for cp in covered {
        writeln!(out, "{}", serde_json::to_string(&Line::Checkpoint(cp.clone()))?)?;
    }
    out.flush()?;
    Ok(header)
}

/// Verifies an archive offline: the chain of its records, its checkpoints (signatures with
/// `key` when at hand), and that it ends at one of them.
pub fn verify(input: impl BufRead, key: Option<&AuditKey>) -> anyhow::Result<(Header, Verification)> {
    let mut lines = input.lines();
    let header: Header = serde_json::from_str(&lines.next().ok_or_else(|| anyhow::anyhow!("empty archive"))??)?;
    anyhow::ensure!(header.format == FORMAT, "not an audit archive ({})", header.format);
    let mut records = Vec::new();
    let mut checkpoints = Vec::new();
    for line in lines {
        match serde_json::from_str::<Line>(&line?)? {
            Line::Record(r) => records.push(*r),
            Line::Checkpoint(cp) => checkpoints.push(cp),
        }
    }
    let ends_at_checkpoint = checkpoints.iter().any(|cp| cp.seq == header.last_seq);
    let mut walk = ChainWalk::new(key, checkpoints, header.first_seq, GENESIS_HASH);
    for r in &records {
        if let Some(broken) = walk.step(r) {
            return Ok((header, broken));
        }
    }
    if let Some(broken) = walk.beyond_the_end() {
        return Ok((header, broken));
    }
    if walk.last_seq() != header.last_seq || !ends_at_checkpoint {
        let seq = walk.last_seq() + 1;
        let reason = format!("归档应至第 {} 条 (检查点), 实至第 {} 条 (归档不完整)", header.last_seq, walk.last_seq());
        return Ok((header, walk.broken(seq, reason)));
    }
    Ok((header, walk.intact()))
}
