"""Domain errors: each carries a message a person can act on."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""


# The words a person knows a field by, for a message that does not say which field it is about
# ("此项不能为空"). An internal field name (``file``, ``id_number``) is never shown to anyone.
FIELD_WORDS = {
    "address": "住址",
    "agent": "代办员",
    "answer": "答复",
    "answerer": "答复人",
    "attachment": "附件",
    "certificate_no": "证书编号",
    "channel": "评价渠道",
    "comment": "意见",
    "days": "延期天数",
    "file": "文件",
    "filename": "文件名",
    "finding": "问题",
    "findings": "发现的问题",
    "holder": "现由谁保管",
    "hotline": "服务热线",
    "id_number": "身份证号码",
    "inspector": "督查人",
    "item_code": "办理事项",
    "level": "评价等级",
    "mandate": "委托书",
    "material": "材料",
    "materials": "材料",
    "measures": "措施",
    "method": "送达方式",
    "missing": "缺少的材料",
    "name": "姓名",
    "note": "备注",
    "ok": "核对结论",
    "outcome": "决定结果",
    "phone": "联系电话",
    "principal": "委托人",
    "printer": "打印机",
    "procedure": "程序名称",
    "reason": "原因",
    "received": "收到的材料",
    "remarks": "备注",
    "result": "结果",
    "reviewer": "审核人",
    "scorer": "评分人",
    "scores": "各项评分",
    "signed_on": "委托书签署日期",
    "signer": "签收人",
    "state": "确定状态",
    "summary": "情况说明",
    "text": "备注内容",
    "to": "转交单位",
    "topic": "主题",
    "valid_until": "有效期至",
    "verified": "是否已核实",
    "where": "领取地点",
}


def field_message(field: str, message: str) -> str:
    """What a person reads for one wrong field: the message, led by the field's Chinese name when the
    message does not name it already; never the internal field name."""
    words = FIELD_WORDS.get(field, "")
    return f"{words}: {message}" if words and words not in message else message


class ValidationError(DomainError):
    """One input field is wrong; ``field`` names it so a form can show the message beside it. ``str()`` is
    what a command line or a message box shows (``field_message``): no internal field name."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(field_message(field, message))
        self.field = field
        self.message = message


class TransitionError(DomainError):
    """An event is not allowed in the case's current state, or not for this role."""


class NotFoundError(DomainError):
    """A case, item or record that was asked for does not exist."""


class CaseNotFound(NotFoundError):
    """No case of this number on this PC (mistyped, or outside its scope): a refused argument, so every
    command that takes a case number exits 2 for it, as ``act`` and ``actions`` do."""
