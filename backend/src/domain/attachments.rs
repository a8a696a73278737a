//! Attachments (附件) and the 核查 record as pure rules: the kinds of evidence, which file types
//! are accepted (recognised by their content, never by their name), who may add or withdraw a
//! file, whether a submission carries the evidence it needs, and what a verification must say.

use chrono::NaiveDateTime;

use super::lifecycle::{Caller, Facts, State};

crate::coded_enum! {
    /// What a file is evidence of.
    pub enum AttachmentKind("attachment kind") {
        Contract = ("contract", "合同"),
        Invoice = ("invoice", "发票"),
        Acceptance = ("acceptance", "验收单"),
        /// 付款凭证 (银行回单)
        PaymentVoucher = ("payment_voucher", "付款凭证"),
        /// 书面反馈 (盖章的整改情况反馈)
        WrittenFeedback = ("written_feedback", "书面反馈"),
        /// 核查照片
        SitePhoto = ("site_photo", "核查照片"),
        Other = ("other", "其他"),
    }
}

impl AttachmentKind {
    /// The kinds that count as evidence of completion at 提交核查.
    pub const SUBMIT_EVIDENCE: [AttachmentKind; 2] = [AttachmentKind::WrittenFeedback, AttachmentKind::PaymentVoucher];
}

crate::coded_enum! {
    /// What a file belongs to.
    pub enum OwnerKind("attachment owner kind") {
        Issue = ("issue", "问题"),
        MilestoneSubmission = ("milestone_submission", "阶段任务报送"),
    }
}

crate::coded_enum! {
    /// A file type the system accepts, as recognised from the content.
    pub enum FileType("file type") {
        Pdf = ("pdf", "PDF"),
        /// 版式文档 (GB/T 33190): a ZIP package with `OFD.xml` at its root.
        Ofd = ("ofd", "OFD"),
        Jpeg = ("jpeg", "JPEG 图片"),
        Png = ("png", "PNG 图片"),
        Docx = ("docx", "Word 文档"),
        Xlsx = ("xlsx", "Excel 表格"),
    }
}

impl FileType {
    pub fn mime(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Ofd => "application/ofd",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            FileType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn from_mime(mime: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.mime() == mime)
    }

    /// Whether a browser shows it itself (images, PDFs): served `inline`, the rest as downloads.
    pub fn shown_inline(self) -> bool {
        matches!(self, FileType::Pdf | FileType::Jpeg | FileType::Png)
    }
}

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Known(FileType),
    /// A ZIP package: what it holds decides (OFD, DOCX, XLSX or none of them).
    Zip,
    Unknown,
}

/// Recognises a file by its leading bytes (at least the first 8 when the file has them).
pub fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(b"%PDF-") {
        Sniffed::Known(FileType::Pdf)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Sniffed::Known(FileType::Jpeg)
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Sniffed::Known(FileType::Png)
    } else if head.starts_with(b"PK\x03\x04") {
        Sniffed::Zip
    } else {
        Sniffed::Unknown
    }
}

/// The type of a ZIP package from the names of its entries.
pub fn zip_type<'a>(entries: impl IntoIterator<Item = &'a str>) -> Option<FileType> {
    let (mut ofd, mut docx, mut xlsx) = (false, false, false);
    for name in entries {
        ofd |= name.eq_ignore_ascii_case("OFD.xml");
        docx |= name == "word/document.xml";
        xlsx |= name == "xl/workbook.xml";
    }
    if ofd {
        Some(FileType::Ofd)
    } else if docx {
        Some(FileType::Docx)
    } else if xlsx {
        Some(FileType::Xlsx)
    } else {
        None
    }
}

/// A file name fit to keep and to show: the last path component, without control characters,
/// at most 200 characters; `None` when nothing is left.
pub fn clean_file_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Whether the caller may add files to the problem now: the units holding it while it is in
/// their hands (交办, 整改), the reporting unit while it is a 自查 entry, and the office or the
/// group's lead until it is signed off (clue materials, 核查 photos).
pub fn may_upload<G: PartialEq, U: PartialEq>(caller: &Caller<G, U>, f: &Facts<G, U>) -> bool {
    let unit_holds =
        caller.unit.as_ref().is_some_and(|u| f.responsible_unit.as_ref() == Some(u) || f.cooperating_units.contains(u));
    let reporting = caller.unit.as_ref() == Some(&f.reporting_unit);
    let office = caller.office || caller.leads(&f.group);
    match f.state {
        State::Assigned | State::Rectifying => unit_holds || office,
        State::SelfCheck => reporting || office,
        State::Verifying => office,
        State::Closed => false,
    }
}

/// Whether the uploader may withdraw a file: it is theirs, not yet part of a step of the record
/// (a submission or a verification), and the problem is still in their hands.
pub fn may_withdraw<G: PartialEq, U: PartialEq>(
    caller: &Caller<G, U>,
    f: &Facts<G, U>,
    is_uploader: bool,
    linked_to_step: bool,
) -> bool {
    is_uploader && !linked_to_step && may_upload(caller, f)
}

/// One file as the submission rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceFile {
    pub kind: AttachmentKind,
    pub uploaded_at: NaiveDateTime,
    pub withdrawn: bool,
}

/// Whether the files carry the evidence a submission needs: one 书面反馈 or 付款凭证, not
/// withdrawn, uploaded since the problem last entered 整改 (`since`).
pub fn has_submit_evidence(files: &[EvidenceFile], since: NaiveDateTime) -> bool {
    files.iter().any(|f| !f.withdrawn && f.uploaded_at >= since && AttachmentKind::SUBMIT_EVIDENCE.contains(&f.kind))
}

crate::coded_enum! {
    /// How the office verified the rectification.
    pub enum VerificationMethod("verification method") {
        OnSite = ("on_site", "实地核查"),
        Phone = ("phone", "电话核实"),
        Written = ("written", "书面核查"),
        SystemCheck = ("system_check", "系统比对"),
    }
}

crate::coded_enum! {
    /// The enterprise's satisfaction (回访).
    pub enum Satisfaction("satisfaction") {
        Satisfied = ("satisfied", "满意"),
        BasicallySatisfied = ("basically_satisfied", "基本满意"),
        Dissatisfied = ("dissatisfied", "不满意"),
    }
}

/// The sources of problems raised by an enterprise (投诉, 网上, 平台转办, 信访): their closure
/// needs the enterprise's confirmation.
pub const ENTERPRISE_SOURCES: [&str; 4] = ["complaint", "online", "platform_transfer", "letters_visits"];

pub fn raised_by_enterprise(source: &str) -> bool {
    ENTERPRISE_SOURCES.contains(&source)
}

/// What the enterprise said, as the approval rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirmation {
    pub contacted: Option<bool>,
    pub confirmed: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
}

/// Why an approval needs an override reason: the enterprise is dissatisfied, or (for a problem
/// it raised) has not confirmed the resolution. `None`: the approval stands on its own.
pub fn approval_objection(c: &Confirmation, enterprise_raised: bool) -> Option<&'static str> {
    if c.satisfaction == Some(Satisfaction::Dissatisfied) {
        Some("企业对整改结果不满意")
    } else if enterprise_raised && c.confirmed != Some(true) {
        Some("企业未确认问题已解决")
    } else {
        None
    }
}

/// 重办: a rejection at 核查 whose verification records the enterprise as dissatisfied.
pub fn is_redo(rejected: bool, c: &Confirmation) -> bool {
    rejected && c.satisfaction == Some(Satisfaction::Dissatisfied)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn facts(state: State) -> Facts<u8, u8> {
        Facts {
            state,
            group: 1,
            responsible_unit: Some(10),
            cooperating_units: vec![11],
            reporting_unit: 12,
            closure_kind: None,
            deadline: None,
            pending_extension: false,
        }
    }

    fn unit(u: u8) -> Caller<u8, u8> {
        Caller { office: false, lead_groups: vec![], unit: Some(u) }
    }

    #[test]
    fn types_are_recognised_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Sniffed::Known(FileType::Pdf));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0]), Sniffed::Known(FileType::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Sniffed::Known(FileType::Png));
        assert_eq!(sniff(b"PK\x03\x04...."), Sniffed::Zip);
        assert_eq!(sniff(b"MZ\x90\x00\x03\x00\x00\x00"), Sniffed::Unknown);
        assert_eq!(sniff(b"\x7fELF...."), Sniffed::Unknown);
        assert_eq!(sniff(b""), Sniffed::Unknown);
        assert_eq!(zip_type(["OFD.xml", "Doc_0/Document.xml"]), Some(FileType::Ofd));
        assert_eq!(zip_type(["[Content_Types].xml", "word/document.xml"]), Some(FileType::Docx));
        assert_eq!(zip_type(["xl/workbook.xml"]), Some(FileType::Xlsx));
        assert_eq!(zip_type(["payload.exe"]), None);
        assert_eq!(FileType::from_mime("application/pdf"), Some(FileType::Pdf));
    }

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(clean_file_name("C:\\Users\\x\\回单.pdf").as_deref(), Some("回单.pdf"));
        assert_eq!(clean_file_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(clean_file_name("a\r\nb.pdf").as_deref(), Some("ab.pdf"));
        assert_eq!(clean_file_name("..."), None);
        assert_eq!(clean_file_name(""), None);
        assert_eq!(clean_file_name(&"长".repeat(300)).unwrap().chars().count(), 200);
    }

    #[test]
    fn who_may_upload() {
        assert!(may_upload(&unit(10), &facts(State::Rectifying)));
        assert!(may_upload(&unit(11), &facts(State::Assigned)));
        assert!(!may_upload(&unit(10), &facts(State::Verifying)));
        assert!(!may_upload(&unit(13), &facts(State::Rectifying)));
        assert!(may_upload(&unit(12), &facts(State::SelfCheck)));
        let office = Caller { office: true, lead_groups: vec![], unit: None };
        assert!(may_upload(&office, &facts(State::Verifying)));
        assert!(!may_upload(&office, &facts(State::Closed)));
        let lead = Caller { office: false, lead_groups: vec![1], unit: None };
        assert!(may_upload(&lead, &facts(State::Verifying)));
        assert!(may_withdraw(&unit(10), &facts(State::Rectifying), true, false));
        assert!(!may_withdraw(&unit(10), &facts(State::Rectifying), false, false));
        assert!(!may_withdraw(&unit(10), &facts(State::Rectifying), true, true));
        assert!(!may_withdraw(&unit(10), &facts(State::Verifying), true, false));
    }

    #[test]
    fn submission_evidence_counts_since_rectification_began() {
        let t = |h| NaiveDate::from_ymd_opt(2026, 12, 3).unwrap().and_hms_opt(h, 0, 0).unwrap();
        let f = |kind, h, withdrawn| EvidenceFile { kind, uploaded_at: t(h), withdrawn };
        assert!(has_submit_evidence(&[f(AttachmentKind::PaymentVoucher, 10, false)], t(9)));
        assert!(has_submit_evidence(&[f(AttachmentKind::WrittenFeedback, 9, false)], t(9)));
        assert!(!has_submit_evidence(&[f(AttachmentKind::PaymentVoucher, 8, false)], t(9)));
        assert!(!has_submit_evidence(&[f(AttachmentKind::PaymentVoucher, 10, true)], t(9)));
        assert!(!has_submit_evidence(&[f(AttachmentKind::Contract, 10, false)], t(9)));
        assert!(!has_submit_evidence(&[], t(9)));
    }

    #[test]
    fn approval_objections_and_redo() {
        let c = |confirmed, satisfaction| Confirmation { contacted: Some(true), confirmed, satisfaction };
        assert_eq!(approval_objection(&c(Some(true), Some(Satisfaction::Satisfied)), true), None);
        assert!(approval_objection(&c(Some(true), Some(Satisfaction::Dissatisfied)), false).is_some());
        assert!(approval_objection(&c(None, None), true).is_some());
        assert!(approval_objection(&c(Some(false), Some(Satisfaction::BasicallySatisfied)), true).is_some());
        assert_eq!(approval_objection(&c(None, None), false), None);
        assert!(is_redo(true, &c(Some(false), Some(Satisfaction::Dissatisfied))));
        assert!(!is_redo(false, &c(Some(false), Some(Satisfaction::Dissatisfied))));
        assert!(!is_redo(true, &c(Some(false), Some(Satisfaction::BasicallySatisfied))));
        assert!(raised_by_enterprise("complaint") && !raised_by_enterprise("self_inspection"));
    }
}
