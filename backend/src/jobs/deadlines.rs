//! The deadline scan: notifies yellow and red warnings once per problem, threshold and deadline
//! (the `warning_notices` key makes a second notice impossible, whichever server scans).

use std::time::Duration;

use std::collections::HashMap;

use chrono::{NaiveDate, Timelike};

use crate::{
    clock::{Clock, shanghai_day_start},
    db::{DbConnection, IssueId, Pool, UnitId},
    domain::{
        lifecycle::State,
        roles::Role,
        supervision::NotificationKind,
        warning::{self, Warning},
    },
    service::{self, supervision::notify},
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

    fn run(&self, pool: &Pool, clock: &Clock, stop: &super::Stop) -> anyhow::Result<Option<String>> {
        let n = scan(&mut *pool.get()?, clock, (clock.today(), self.window_days), stop)?;
        let m = scan_instalments(&mut *pool.get()?, clock, clock.today())?;
        Ok((n + m > 0).then(|| format!("{n} warning(s), {m} missed instalment(s) notified")))
    }
}

/// Notifies the warnings not notified yet (yellow within the window, red once passed), red ones
/// again every `supervision.red_repeat_days` while they stay red, and the leaders' daily list of
/// red problems from `supervision.digest_hour`; answers how many problems were notified. Each
/// problem is its own short transaction; notices are never sent twice a day (see
/// `store::supervision::notify`). Once `stop` is set it ends before the next problem (the next
/// run goes on: what was notified is claimed), without the leaders' list.
pub fn scan(
    conn: &mut DbConnection,
    clock: &Clock,
    (today, window_days): (NaiveDate, i64),
    stop: &super::Stop,
) -> anyhow::Result<usize> {
    let settings = service::settings::current(conn).map_err(|e| anyhow::anyhow!("{e}"))?;
    // The window is in working days (the holiday calendar).
    let window_days = service::calendar::warning_span(conn, today, window_days).map_err(|e| anyhow::anyhow!("{e}"))?;
    let horizon = today + chrono::Duration::days(window_days);
    let mut notified = 0;
    let mut red = Vec::new();
    for (id, number, title, unit, deadline, group) in store::supervision::due_problems(conn, horizon)? {
        if stop.is_set() {
            return Ok(notified);
        }
        let (threshold, kind, head) = match warning::warning(State::Rectifying, Some(deadline), today, window_days) {
            Warning::Red => (Warning::Red, NotificationKind::DeadlineRed, "已逾期"),
            Warning::Yellow => (Warning::Yellow, NotificationKind::DeadlineYellow, "即将到期"),
            Warning::None => continue,
        };
        if threshold == Warning::Red {
            red.push((number.clone(), title.clone(), unit.clone(), deadline));
        }
        conn.write_tx(|conn| -> anyhow::Result<()> {
            let now = clock.now();
            let first = store::supervision::claim_warning(conn, &id, threshold, deadline, now)?;
            let again = !first && threshold == Warning::Red && repeat_due(conn, &id, today, settings.red_repeat_days)?;
            if !first && !again {
                return Ok(());
            }
            let mut to = notify::unit_users(conn, unit.as_ref()).map_err(|e| anyhow::anyhow!("{e}"))?;
            if threshold == Warning::Red {
                to.extend(store::supervision::recipients(conn, Role::Office, None)?);
                to.extend(store::supervision::group_leads(conn, &group)?);
            }
            let days = (today - deadline).num_days();
            let body = if threshold == Warning::Red {
                format!("{number} {title} 的整改时限为 {deadline}, 已逾期 {days} 天。")
            } else {
                format!("{number} {title} 的整改时限为 {deadline}, {head}。")
            };
            store::supervision::notify(conn, &to, Some(&id), kind, &format!("{head}: {number}"), &body, now)?;
            notified += 1;
            Ok(())
        })?;
    }
    leaders_digest(conn, clock, today, settings.digest_hour, &red)?;
    Ok(notified)
}

/// Whether a red problem notified before is due to be notified again.
fn repeat_due(conn: &mut DbConnection, id: &IssueId, today: NaiveDate, every: i64) -> anyhow::Result<bool> {
    if every <= 0 {
        return Ok(false);
    }
    let last = store::supervision::last_notified(conn, id, NotificationKind::DeadlineRed)?;
    Ok(last.is_none_or(|t| shanghai_date(t) + chrono::Duration::days(every) <= today))
}

fn shanghai_date(t: chrono::NaiveDateTime) -> NaiveDate {
    t.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
}

/// 逾期日报: once a day from the configured hour, every leader gets the list of red problems.
fn leaders_digest(
    conn: &mut DbConnection,
    clock: &Clock,
    today: NaiveDate,
    hour: i64,
    red: &[(String, String, Option<UnitId>, NaiveDate)],
) -> anyhow::Result<()> {
    let now = clock.now();
    let local_hour = now.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).hour();
    if red.is_empty() || i64::from(local_hour) < hour || shanghai_date(now) != today {
        return Ok(());
    }
    conn.write_tx(|conn| -> anyhow::Result<()> {
        if store::supervision::notified_since(conn, NotificationKind::RedDigest, shanghai_day_start(today))? {
            return Ok(());
        }
        let names: HashMap<UnitId, String> =
            store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect();
        let mut lines: Vec<String> = red
            .iter()
            .take(30)
            .map(|(number, title, unit, deadline)| {
                let unit = unit.as_ref().and_then(|u| names.get(u)).map_or("未交办", String::as_str);
                format!("{number} {title} ({unit}, 逾期 {} 天)", (today - *deadline).num_days())
            })
            .collect();
        if red.len() > 30 {
            lines.push(format!("…… 另有 {} 个", red.len() - 30));
        }
        let to = store::supervision::recipients(conn, Role::Leader, None)?;
        let title = format!("逾期问题日报 {today}: {} 个", red.len());
        store::supervision::notify(conn, &to, None, NotificationKind::RedDigest, &title, &lines.join("\n"), now)?;
        Ok(())
    })
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
