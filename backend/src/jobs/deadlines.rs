//! The deadline scan: notifies yellow and red warnings once per problem, threshold and deadline
//! (the `warning_notices` key makes a second notice impossible, whichever server scans).

use std::time::Duration;

use chrono::NaiveDate;

use crate::{
    clock::Clock,
    db::{DbConnection, Pool},
    domain::{
        lifecycle::State,
        supervision::NotificationKind,
        warning::{self, Warning},
    },
    service::supervision::notify,
    store,
};

pub struct DeadlineScan {
    pub interval: Duration,
    pub window_days: i64,
}

impl super::Job for DeadlineScan {
    fn name(&self) -> &'static str {
        "deadline_scan"
    }

    fn interval(&self) -> Duration {
        self.interval
    }

    fn run(&self, pool: &Pool, clock: &Clock) -> anyhow::Result<Option<String>> {
        let n = scan(&mut *pool.get()?, clock, clock.today(), self.window_days)?;
        let m = scan_instalments(&mut *pool.get()?, clock, clock.today())?;
        Ok((n + m > 0).then(|| format!("{n} warning(s), {m} missed instalment(s) notified")))
    }
}

/// Notifies the warnings not notified yet (yellow within the window, red once passed); answers
/// how many. Each problem is its own short transaction.
pub fn scan(conn: &mut DbConnection, clock: &Clock, today: NaiveDate, window_days: i64) -> anyhow::Result<usize> {
    let horizon = today + chrono::Duration::days(window_days);
    let mut notified = 0;
    for (id, number, title, unit, deadline, group) in store::supervision::due_problems(conn, horizon)? {
        let (threshold, kind, head) = match warning::warning(State::Rectifying, Some(deadline), today, window_days) {
            Warning::Red => (Warning::Red, NotificationKind::DeadlineRed, "已逾期"),
            Warning::Yellow => (Warning::Yellow, NotificationKind::DeadlineYellow, "即将到期"),
            Warning::None => continue,
        };
        conn.write_tx(|conn| -> anyhow::Result<()> {
            let now = clock.now();
            if !store::supervision::claim_warning(conn, &id, threshold, deadline, now)? {
                return Ok(());
            }
            let mut to = notify::unit_users(conn, unit.as_ref()).map_err(|e| anyhow::anyhow!("{e}"))?;
            if threshold == Warning::Red {
                to.extend(store::supervision::group_leads(conn, &group)?);
            }
            store::supervision::notify(
                conn,
                &to,
                Some(&id),
                kind,
                &format!("{head}: {number}"),
                &format!("{number} {title} 的整改时限为 {deadline}, {head}。"),
                now,
            )?;
            notified += 1;
            Ok(())
        })?;
    }
    Ok(notified)
}

/// Notifies each missed instalment (a current plan's instalment past due and not fully paid, of
/// a problem not closed) once, to the responsible unit and the group's lead; answers how many.
pub fn scan_instalments(conn: &mut DbConnection, clock: &Clock, today: NaiveDate) -> anyhow::Result<usize> {
    let mut notified = 0;
    for (id, number, title, unit, group, version, seq, due_on, amount, paid) in store::plans::missed(conn, today)? {
        conn.write_tx(|conn| -> anyhow::Result<()> {
            let now = clock.now();
            if !store::plans::claim_notice(conn, &id, version, seq, now)? {
                return Ok(());
            }
            let mut to = notify::unit_users(conn, unit.as_ref()).map_err(|e| anyhow::anyhow!("{e}"))?;
            to.extend(store::supervision::group_leads(conn, &group)?);
            store::supervision::notify(
                conn,
                &to,
                Some(&id),
                NotificationKind::InstalmentMissed,
                &format!("分期逾期未还: {number}"),
                &format!(
                    "{number} {title} 还款计划第 {seq} 期 (约定 {due_on} 还款 {} 元) 逾期未还清, 已还 {} 元。",
                    crate::domain::money::format_yuan(amount),
                    crate::domain::money::format_yuan(paid)
                ),
                now,
            )?;
            notified += 1;
            Ok(())
        })?;
    }
    Ok(notified)
}
