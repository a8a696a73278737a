//! The audit chain's periodic checkpoint (`audit::checkpoint`): every 100 records or 5 minutes,
//! on the server holding the lease, to the database and the log, and appended to
//! `LVYUE_AUDIT_CHECKPOINT_FILE` when it is set.

use std::{io::Write, path::PathBuf, time::Duration};

use crate::{audit, clock::Clock, db::Pool};

/// The periodic checkpoint, run by the server holding its lease.
pub struct CheckpointJob {
    pub interval: Duration,
    /// Where each checkpoint's line is appended as well, after it is committed.
    pub file: Option<PathBuf>,
}

/// Appends a checkpoint's log line to `path` (created with mode 0600 when missing).
pub fn append_line(path: &std::path::Path, cp: &audit::checkpoint::Checkpoint) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    writeln!(file, "{}", cp.log_line())?;
    file.sync_data()
}

impl crate::jobs::Job for CheckpointJob {
    fn name(&self) -> &'static str {
        "audit_checkpoint"
    }

    fn interval(&self) -> Duration {
        self.interval
    }

    fn run(&self, pool: &Pool, clock: &Clock, _stop: &super::Stop) -> anyhow::Result<Option<String>> {
        let Some(key) = audit::key::installed() else { return Ok(None) };
        let mut conn = pool.get()?;
        let now = clock.now();
        let cp = conn.write_tx(|c| audit::checkpoint::take(c, key, now, false))?;
        if let (Some(cp), Some(path)) = (&cp, &self.file) {
            append_line(path, cp).map_err(|e| anyhow::anyhow!("audit checkpoint file {}: {e}", path.display()))?;
        }
        Ok(cp.map(|cp| format!("checkpoint at record {} (key {})", cp.seq, cp.key_id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_are_appended_one_line_each_to_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("checkpoints.log");
        let cp = audit::checkpoint::Checkpoint {
            seq: 100,
            key_id: "k1".into(),
            head_hash: "ab".repeat(32),
            record_count: 100,
            created_at: chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap().and_hms_opt(12, 0, 0).unwrap(),
            previous_key_id: None,
            signature: "cd".repeat(32),
        };
        append_line(&path, &cp).unwrap();
        append_line(&path, &Checkpoint { seq: 200, ..cp.clone() }).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], cp.log_line());
        assert!(lines[1].starts_with("audit checkpoint seq=200 "), "{}", lines[1]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    use audit::checkpoint::Checkpoint;
}
