//! The demo problems of `seed --demo`: a few hundred problems made from templates and taken
//! through their lifecycle by the service layer, as the demo accounts, on a moved clock.

use anyhow::Context as _;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::Deserialize;

use crate::{
    audit::RequestMeta,
    auth::Principal,
    clock::Clock,
    db::{DbConnection, IssueId, SessionId, UnitId, UserId},
    domain::{
        attachments::{self, AttachmentKind, FileType, Satisfaction, VerificationMethod},
        lifecycle::ClosureKind,
        repayment::{DebtorNature, EnterpriseSize, Ownership, PaymentMethod},
        roles::Role,
        uscc,
    },
    service::{
        self, Context,
        attachments::{AddAttachments, StoredFile},
        issues::{
            self, CreateIssue, IfMatch, ProgressRequest, TransitionRequest, VerificationInput, plans::InstalmentInput,
        },
    },
    storage::BlobStore,
    store,
};

const DEMO_ISSUES: &str = include_str!("../../seed/demo_issues.json");

#[derive(Deserialize)]
struct DemoIssues {
    enterprises: Vec<String>,
    templates: Vec<DemoTemplate>,
}

#[derive(Deserialize)]
struct DemoTemplate {
    category: String,
    problem_type: String,
    unit: String,
    arrear_object: Option<String>,
    title: String,
    description: String,
    amount_yuan: i64,
}

/// Where a demo problem ends up: its state, and its deadline relative to today.
#[derive(Clone, Copy)]
enum DemoEnd {
    SelfCheck,
    Assigned(i64),
    Rectifying(i64),
    Verifying(i64),
    /// Closed with its deadline this many days from the closure (negative: late).
    Closed(i64),
    Dismissed(ClosureKind),
}

/// A demo account as a use case's caller, at a moment of the demo's history.
struct DemoCaller {
    principal: Principal,
}

impl DemoCaller {
    fn load(conn: &mut DbConnection, user: &UserId) -> anyhow::Result<Self> {
        let principal = service::auth::principal_of(conn, user, SessionId::new())?.context("demo account inactive")?;
        Ok(Self { principal })
    }

    /// The context of an action by this account at `at` (the demo's moved clock).
    fn at(&self, clock: &Clock, at: NaiveDateTime) -> Context {
        clock.set(at.and_utc());
        Context::new(self.principal.clone(), RequestMeta::internal(), clock.clone(), 3)
    }

    fn by_username(conn: &mut DbConnection, username: &str) -> anyhow::Result<Self> {
        let user =
            store::users::find_by_username(conn, username)?.with_context(|| format!("no demo account {username}"))?;
        Self::load(conn, &user.id)
    }

    /// The demo account of a unit (its `unit` role holder).
    fn of_unit(conn: &mut DbConnection, unit: &UnitId) -> anyhow::Result<Self> {
        let users = store::supervision::recipients(conn, Role::Unit, Some(unit))?;
        Self::load(conn, users.first().with_context(|| format!("no demo account of unit {unit}"))?)
    }
}

/// One demo problem's facts.
struct DemoCase<'a> {
    index: usize,
    template: &'a DemoTemplate,
    enterprise: &'a str,
    source: &'static str,
    end: DemoEnd,
    unit: UnitId,
    cooperating: Vec<UnitId>,
    created: NaiveDateTime,
}

/// About 60 problems across every group, source, state and warning. Each is produced by the
/// use cases a real history would go through (registration, 交办, 签收, progress, 提交核查,
/// 核查, 销号 or 不予立项), performed by the demo accounts on a clock moved back to when each step
/// happened, so that timelines, notifications and the audit trail are what the lifecycle writes.
/// Deadlines are relative to today, so that warnings show.
pub(super) fn demo_issues(
    conn: &mut DbConnection,
    today_clock: &Clock,
    storage: &dyn BlobStore,
) -> anyhow::Result<usize> {
    let data: DemoIssues = serde_json::from_str(DEMO_ISSUES).context("backend/seed/demo_issues.json")?;
    let office = DemoCaller::by_username(conn, "office")?;
    let finance = store::units::find_by_code(conn, "finance")?.context("no finance unit")?;
    let sources = [
        "self_inspection",
        "complaint",
        "leadership",
        "letters_visits",
        "online",
        "platform_transfer",
        "self_inspection",
        "other",
    ];
    let ends = [
        DemoEnd::Closed(3),
        DemoEnd::Rectifying(-6),
        DemoEnd::Rectifying(2),
        DemoEnd::Rectifying(25),
        DemoEnd::Verifying(-2),
        DemoEnd::Assigned(30),
        DemoEnd::Assigned(-3),
        DemoEnd::SelfCheck,
        DemoEnd::Rectifying(40),
        DemoEnd::Closed(-5),
        DemoEnd::SelfCheck,
        DemoEnd::Verifying(10),
        DemoEnd::Rectifying(1),
        DemoEnd::Closed(10),
        DemoEnd::Dismissed(ClosureKind::Duplicate),
        DemoEnd::Rectifying(-15),
    ];
    let now = today_clock.now();
    let clock = Clock::manual(today_clock.now_utc());
    let mut count = 0;
    for i in 0..data.templates.len() * 2 {
        let template = &data.templates[i / 2];
        let unit =
            store::units::find_by_code(conn, &template.unit)?.with_context(|| format!("no unit {}", template.unit))?;
        let case = DemoCase {
            index: i,
            template,
            enterprise: &data.enterprises[(i * 7 + i / 30) % data.enterprises.len()],
            source: sources[(i * 3 + i / 7) % sources.len()],
            end: if i == 41 { DemoEnd::Dismissed(ClosureKind::Unfounded) } else { ends[i % ends.len()] },
            cooperating: if template.category.ends_with("arrears") && unit.id != finance.id {
                vec![finance.id.clone()]
            } else {
                vec![]
            },
            unit: unit.id,
            created: now - Duration::days(95 - i64::try_from(i)?) - Duration::minutes((i64::try_from(i)? * 37) % 600),
        };
        demo_case(conn, &clock, today_clock.today(), &office, &case, storage)?;
        count += 1;
    }
    Ok(count)
}

/// Performs one demo problem's history.
fn demo_case(
    conn: &mut DbConnection,
    clock: &Clock,
    today: NaiveDate,
    office: &DemoCaller,
    case: &DemoCase<'_>,
    storage: &dyn BlobStore,
) -> anyhow::Result<()> {
    let unit_user = DemoCaller::of_unit(conn, &case.unit)?;
    let reporter = if case.source == "self_inspection" { &unit_user } else { office };
    let issue = issues::register(conn, &reporter.at(clock, case.day(0)), case.registration())?;
    let history = DemoHistory { clock, case, id: issue.id, office, unit: &unit_user, storage };
    let deadline = match case.end {
        DemoEnd::Assigned(d) | DemoEnd::Rectifying(d) | DemoEnd::Verifying(d) => today + Duration::days(d),
        DemoEnd::Closed(margin) => case.day(12).date() + Duration::days(margin),
        DemoEnd::Dismissed(kind) => {
            return history.office(conn, 3, TransitionRequest::dismiss(kind, "经核实不予立项"));
        }
        DemoEnd::SelfCheck => return Ok(()),
    };
    let unit_name = store::units::find(conn, &case.unit)?.map(|u| u.name).unwrap_or_default();
    let comment = Some(format!("请{unit_name}按期整改并报送整改情况"));
    history.office(
        conn,
        1,
        TransitionRequest::assign(case.unit.clone(), deadline, case.cooperating.clone(), comment),
    )?;
    if matches!(case.end, DemoEnd::Assigned(_)) {
        return Ok(());
    }
    history.rectify(conn)?;
    if matches!(case.end, DemoEnd::Rectifying(_)) {
        return Ok(());
    }
    let verification = |day: i64, findings: &str| {
        let v = VerificationInput::new(VerificationMethod::OnSite, case.day(day).date(), &["刘敏", "陈刚"], findings);
        if attachments::raised_by_enterprise(case.source) {
            let satisfied = day > 9;
            v.enterprise(satisfied, if satisfied { Satisfaction::Satisfied } else { Satisfaction::Dissatisfied })
        } else {
            v
        }
    };
    if case.index.is_multiple_of(4) {
        history.evidence(conn, 7, AttachmentKind::WrittenFeedback, "整改情况书面反馈")?;
        history.unit(conn, 8, TransitionRequest::submit("已完成整改, 请核查"))?;
        history.office(
            conn,
            9,
            TransitionRequest::reject_verified(
                "实地核查发现尚有尾款未付, 请继续整改",
                verification(9, "尚有尾款未付, 企业不认可整改结果"),
            ),
        )?;
    }
    let first = case.first_payment_fen();
    history.pay(conn, 10, case.involved_fen() - first, PaymentMethod::Cash, "支付剩余款项")?;
    history.evidence(conn, 10, AttachmentKind::PaymentVoucher, "银行付款回单")?;
    history.unit(conn, 10, TransitionRequest::submit("款项已全部支付, 企业已确认"))?;
    if matches!(case.end, DemoEnd::Closed(_)) {
        history.office(
            conn,
            12,
            TransitionRequest::approve("经实地核查, 整改到位, 予以销号", verification(12, "款项已全部支付, 凭证齐全")),
        )?;
    }
    Ok(())
}

impl DemoCase<'_> {
    fn i64_index(&self) -> i64 {
        i64::try_from(self.index).unwrap_or(i64::MAX)
    }

    /// When the history's step of day `d` happened.
    fn day(&self, d: i64) -> NaiveDateTime {
        self.created + Duration::days(d) + Duration::minutes(d * 13)
    }

    /// What the first payment of a rectifying demo problem brings.
    fn first_payment_fen(&self) -> i64 {
        self.involved_fen() / 4 * (self.i64_index() % 3)
    }

    fn involved_fen(&self) -> i64 {
        let t = self.template;
        t.amount_yuan * 100 + if t.amount_yuan > 0 { (self.i64_index() % 7) * 1_234_500 } else { 0 }
    }

    fn registration(&self) -> CreateIssue {
        let (i, t, source) = (self.index, self.template, self.source);
        let channel_ref = match source {
            "complaint" => Some("TS"),
            "platform_transfer" => Some("PT"),
            _ => None,
        };
        CreateIssue {
            title: t.title.clone(),
            description: t.description.clone(),
            category: t.category.clone(),
            problem_type: t.problem_type.clone(),
            arrear_object: t.arrear_object.clone(),
            source: source.into(),
            source_ref: channel_ref.map(|p| format!("{p}-{}-{:04}", self.created.year(), 100 + i)),
            enterprise_name: self.enterprise.to_owned(),
            enterprise_uscc: Some(uscc::complete(&format!("91421303{:09}", 104_729 + i * 7919))),
            enterprise_contact: Some(["张经理", "李会计", "王总", "刘主任", "陈女士"][i % 5].into()),
            enterprise_phone: Some(format!("1387{:07}", 2_000_000 + i * 37_311 % 7_000_000)),
            amount_involved_fen: Some(self.involved_fen()),
            campaign_id: None,
            group_id: None,
            found_by_unit_id: None,
            facts: None,
        }
    }
}

/// The steps of one demo problem after its registration, each on the clock of its day.
struct DemoHistory<'a> {
    clock: &'a Clock,
    case: &'a DemoCase<'a>,
    id: IssueId,
    office: &'a DemoCaller,
    unit: &'a DemoCaller,
    storage: &'a dyn BlobStore,
}

impl DemoHistory<'_> {
    /// The unit uploads a generated PDF as evidence.
    fn evidence(&self, conn: &mut DbConnection, day: i64, kind: AttachmentKind, what: &str) -> anyhow::Result<()> {
        let pdf = demo_pdf(&format!("{what} {}", self.case.template.title));
        let (object_key, sha256) = crate::storage::put_bytes(self.storage, &pdf)?;
        let file = StoredFile {
            file_name: format!("{what}.pdf"),
            file_type: FileType::Pdf,
            size_bytes: i64::try_from(pdf.len())?,
            sha256,
            object_key,
        };
        let cmd = AddAttachments { kind, transition_id: None, payment_id: None, files: vec![file] };
        service::attachments::add(conn, &self.unit.at(self.clock, self.case.day(day)), &self.id, cmd)?;
        Ok(())
    }

    fn office(&self, conn: &mut DbConnection, day: i64, t: TransitionRequest) -> anyhow::Result<()> {
        issues::transition(conn, &self.office.at(self.clock, self.case.day(day)), &self.id, t, IfMatch::Absent)?;
        Ok(())
    }

    fn unit(&self, conn: &mut DbConnection, day: i64, t: TransitionRequest) -> anyhow::Result<()> {
        issues::transition(conn, &self.unit.at(self.clock, self.case.day(day)), &self.id, t, IfMatch::Absent)?;
        Ok(())
    }

    /// Accepted with measures, then a first progress report with part of the money resolved.
    fn rectify(&self, conn: &mut DbConnection) -> anyhow::Result<()> {
        let i = self.case.index;
        let measures = format!("成立专班, 与{}逐项核对, 制定分期解决方案并明确责任人和时限。", self.case.enterprise);
        let leader = ["王副局长", "李副镇长", "张主任", "周副总经理"][i % 4];
        let person = ["赵科长", "钱干事", "孙股长", "吴经理"][i % 4];
        self.unit(conn, 2, TransitionRequest::accept(measures, Some(leader.into()), Some(person.into())))?;
        let progress = ProgressRequest {
            note: format!("已与企业对账确认, 第一阶段整改完成 {}%", 25 * (i % 3 + 1))
        };
        issues::add_progress(conn, &self.unit.at(self.clock, self.case.day(5)), &self.id, progress)?;
        let arrears = self.case.template.category.ends_with("arrears");
        let planned = arrears && matches!(self.case.end, DemoEnd::Rectifying(_)) && i % 3 == 1;
        if planned {
            self.plan(conn)?;
        }
        let method = if i.is_multiple_of(2) { PaymentMethod::Instalment } else { PaymentMethod::Cash };
        self.pay(conn, 5, self.case.first_payment_fen(), method, "第一笔款项")?;
        if planned {
            self.mistake_and_correction(conn)?;
        }
        Ok(())
    }

    /// The facts of the arrear and a plan of three instalments (day 3): the first paid late on
    /// day 5, the second long past due and unpaid (a missed instalment), the third ahead.
    fn plan(&self, conn: &mut DbConnection) -> anyhow::Result<()> {
        let involved = self.case.involved_fen();
        let first = self.case.first_payment_fen();
        let second = (involved - first) / 2;
        if first <= 0 || second <= 0 {
            return Ok(());
        }
        let cx = self.unit.at(self.clock, self.case.day(3));
        let facts = issues::SetFacts {
            amount_due_fen: Some(involved),
            debtor_name: Some(["曾都区实验小学", "区城投公司第二项目部", "区人民医院"][self.case.index % 3].into()),
            debtor_nature: Some(
                [DebtorNature::Institution, DebtorNature::Soe, DebtorNature::Institution][self.case.index % 3],
            ),
            agreed_payment_on: Some(self.case.day(0).date() - Duration::days(200 + 40 * self.case.i64_index() % 600)),
            disputed: Some(false),
            dispute_note: None,
            doc_name: Some(
                ["校舍维修工程施工合同", "道路改造工程施工合同", "医疗设备采购合同"][self.case.index % 3].into(),
            ),
            doc_no: Some(format!("ZD-HT-2024-{:03}", self.case.index)),
            doc_date: Some(self.case.day(0).date() - Duration::days(400)),
            contract_amount_fen: Some(involved + involved / 10),
            enterprise_size: Some(EnterpriseSize::Small),
            enterprise_ownership: Some(Ownership::Private),
            ..Default::default()
        };
        issues::put_facts(conn, &cx, &self.id, facts, IfMatch::Any)?;
        let instalments = vec![
            InstalmentInput { due_on: self.case.day(4).date(), amount_fen: first },
            InstalmentInput { due_on: self.case.day(20).date(), amount_fen: second },
            InstalmentInput {
                due_on: self.clock.today() + Duration::days(60 + self.case.i64_index()),
                amount_fen: involved - first - second,
            },
        ];
        let plan = issues::SetRepaymentPlan { instalments, note: Some("与企业签订分期还款协议".into()) };
        issues::set_plan(conn, &cx, &self.id, plan)?;
        Ok(())
    }

    /// A payment typed in twice (day 6), reversed by a correction (day 7).
    fn mistake_and_correction(&self, conn: &mut DbConnection) -> anyhow::Result<()> {
        let at = self.case.day(6);
        let twice = issues::RecordPayment {
            paid_on: (self.case.day(5) + Duration::hours(8)).date(),
            amount_fen: 1_000_000,
            method: Some(PaymentMethod::Cash),
            voucher_no: Some(format!("凭证-{}-{:03}", at.year(), self.case.index * 3 + 5)),
            note: Some("第一笔款项".into()),
            corrects: None,
            confirm_overpayment: Some(true),
        };
        let (_, wrong) = issues::record_payment(conn, &self.unit.at(self.clock, at), &self.id, twice)?;
        let correction = issues::RecordPayment {
            paid_on: (self.case.day(7) + Duration::hours(8)).date(),
            amount_fen: -1_000_000,
            method: None,
            voucher_no: None,
            note: Some("同一笔款项重复录入, 予以冲正".into()),
            corrects: Some(wrong.id),
            confirm_overpayment: None,
        };
        issues::record_payment(conn, &self.unit.at(self.clock, self.case.day(7)), &self.id, correction)?;
        Ok(())
    }

    /// A payment by the responsible unit on day `day` (nothing when the amount is zero).
    fn pay(
        &self,
        conn: &mut DbConnection,
        day: i64,
        amount: i64,
        method: PaymentMethod,
        note: &str,
    ) -> anyhow::Result<()> {
        if amount <= 0 {
            return Ok(());
        }
        let at = self.case.day(day);
        let cmd = issues::RecordPayment {
            paid_on: (at + Duration::hours(8)).date(),
            amount_fen: amount,
            method: Some(method),
            voucher_no: Some(format!(
                "凭证-{}-{:03}",
                at.year(),
                self.case.index * 3 + usize::try_from(day).unwrap_or(0)
            )),
            note: Some(note.to_owned()),
            corrects: None,
            confirm_overpayment: None,
        };
        issues::record_payment(conn, &self.unit.at(self.clock, at), &self.id, cmd)?;
        Ok(())
    }
}

/// A one-page PDF whose content names what it stands for (its text is not rendered: ASCII only
/// in the page stream, the name in the document's metadata).
fn demo_pdf(what: &str) -> Vec<u8> {
    let title: String = what.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
         2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
         3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n\
         4 0 obj << /Title <FEFF{title}> /Producer (Lvyue demo) >> endobj\n\
         trailer << /Root 1 0 R /Info 4 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}
