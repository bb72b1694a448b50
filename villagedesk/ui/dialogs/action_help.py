"""What each case action does, in plain words, and why a greyed one cannot be used now.

Fourteen buttons such as 冲突处理 or 特别程序开始 stood on every case with no tooltip and no reason
for the greyed ones. The reasons come from the lifecycle's own table (which states allow the action),
so they cannot drift from what the buttons actually allow.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from villagedesk.domain.lifecycle import RULES, EventType, Role, State
from villagedesk.ui.vocabulary import state_name

E = EventType
HELP: dict[EventType, str] = {
    E.MATERIALS_CHECKED: QT_TRANSLATE_NOOP("ActionHelp", "核对群众交来的材料与原件是否一致, 记下核对结论"),
    E.MATERIALS_MISSING: QT_TRANSLATE_NOOP("ActionHelp", "一次性书面告知群众还缺哪些材料 (可打印一次性告知单)"),
    E.MATERIALS_SUPPLIED: QT_TRANSLATE_NOOP("ActionHelp", "群众补来了材料: 勾选补来的, 办件继续办理"),
    E.VILLAGE_COMPLETED: QT_TRANSLATE_NOOP("ActionHelp", "村级直办事项在村里办结, 记下办理结果"),
    E.SUBMITTED: QT_TRANSLATE_NOOP("ActionHelp", "把办件和材料报送镇中心办理"),
    E.ACCEPTED: QT_TRANSLATE_NOOP("ActionHelp", "镇中心受理这件报送的办件"),
    E.RETURNED: QT_TRANSLATE_NOOP("ActionHelp", "镇中心退回村里补正材料 (一次性告知要补的材料)"),
    E.REFUSED: QT_TRANSLATE_NOOP("ActionHelp", "镇中心决定不予受理, 须写明理由 (办件就此结束)"),
    E.FORWARDED: QT_TRANSLATE_NOOP("ActionHelp", "镇中心转报上级部门办理"),
    E.PROCEDURE_STARTED: QT_TRANSLATE_NOOP("ActionHelp", "开始公示、检测、鉴定等特别程序, 期间不计承诺时限"),
    E.PROCEDURE_ENDED: QT_TRANSLATE_NOOP("ActionHelp", "特别程序结束, 继续计算承诺时限"),
    E.EXTENSION_GRANTED: QT_TRANSLATE_NOOP("ActionHelp", "经批准延长办理时限, 写明天数和理由"),
    E.DECIDED: QT_TRANSLATE_NOOP("ActionHelp", "镇中心作出准予或不予的决定"),
    E.RESULT_READY: QT_TRANSLATE_NOOP("ActionHelp", "办理结果已到, 等待群众领取或送达"),
    E.DELIVERED: QT_TRANSLATE_NOOP("ActionHelp", "把办理结果交给群众, 记下签收人, 可同时请群众评价"),
    E.EVALUATED: QT_TRANSLATE_NOOP("ActionHelp", "记录群众的满意度评价 (好差评)"),
    E.CLOSED: QT_TRANSLATE_NOOP("ActionHelp", "办件全部完成, 归档 (之后只能加备注)"),
    E.WITHDRAWN: QT_TRANSLATE_NOOP("ActionHelp", "群众决定不办了: 结束这件办件 (不是撤销上一步)"),
    E.NOTE_ADDED: QT_TRANSLATE_NOOP("ActionHelp", "给办件加一条备注, 如群众来电、约定时间"),
    E.CUSTODY_CHANGED: QT_TRANSLATE_NOOP("ActionHelp", "记下群众原件现在由谁保管 (群众、村代办员、镇中心)"),
    E.MANDATE_RECORDED: QT_TRANSLATE_NOOP(
        "ActionHelp", "委托书到期或重新签署时, 记下新委托书的签署日期和有效期; 报送前须有有效的委托书"
    ),
    E.CONFLICT_RESOLVED: QT_TRANSLATE_NOOP("ActionHelp", "两台电脑对同一办件做了不同操作时, 确定以哪个状态为准"),
    E.FOLLOWUP_RECORDED: QT_TRANSLATE_NOOP("ActionHelp", "对差评进行回访, 记下问题和整改责任人"),
    E.FOLLOWUP_FIXED: QT_TRANSLATE_NOOP("ActionHelp", "差评问题整改完成"),
}


def help_text(event: EventType) -> str:
    return QCoreApplication.translate("ActionHelp", HELP[event]) if event in HELP else ""


def allowed_in(event: EventType, role: Role) -> list[State]:
    """The states in which ``role`` may take ``event`` (from the lifecycle table)."""
    out: list[State] = []
    for rule in RULES:
        if rule.event is event and role in rule.roles:
            out += [s for s in rule.sources if isinstance(s, State) and s not in out]
    return out


def disabled_reason(event: EventType, status: str, role: Role, conflict: bool, village_direct: bool) -> str:
    """Why ``event`` cannot be taken on a case in ``status`` now (shown on the greyed button)."""
    if event is E.CONFLICT_RESOLVED and not conflict:
        return QCoreApplication.translate("ActionHelp", "这件办件没有同步冲突, 无需处理")
    if event is E.SUBMITTED and village_direct:
        return QCoreApplication.translate("ActionHelp", "这是村级直办事项, 在村里办结, 不报送镇中心")
    if event is E.VILLAGE_COMPLETED and not village_direct:
        return QCoreApplication.translate("ActionHelp", "这件事项须报送镇中心办理, 不能在村里办结")
    if event in (E.FOLLOWUP_RECORDED, E.FOLLOWUP_FIXED):
        return QCoreApplication.translate("ActionHelp", "只有收到差评的办件才需要回访和整改")
    now = state_name(status)
    states = allowed_in(event, role)
    if not states:
        return QCoreApplication.translate("ActionHelp", "您的角色不能执行此操作")
    where = "、".join(state_name(s) for s in states)
    return (
        QCoreApplication.translate("ActionHelp", "办件现在是「%1」; 此操作只能在「%2」时使用")
        .replace("%1", now)
        .replace("%2", where)
    )


def tooltip(event: EventType, enabled: bool, reason: str = "") -> str:
    text = help_text(event)
    if not enabled and reason:
        text += "\n" + QCoreApplication.translate("ActionHelp", "现在不能用: %1").replace("%1", reason)
    return text
