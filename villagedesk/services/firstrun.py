"""First run: a village PC (town and village, the agent's account) or a town PC (the town, a clerk's
account); or, on a profile already set up by ``villagedesk setup``, only the account for its role.

The shipped regions stop at towns; a village missing from the catalog may be entered by its 12-digit
code under the chosen town and is kept as a region row (the server's catalog replaces it later).
"""

from __future__ import annotations

from dataclasses import dataclass

from villagedesk.db import models as m
from villagedesk.domain import validators as v
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, catalog
from villagedesk.services.desk import Desk
from villagedesk.services.intake import FormErrors


@dataclass
class FirstRun:
    town_code: str
    village_code: str
    village_name: str  # used only when the village is not in the catalog yet
    display_name: str
    username: str
    password: str
    password_again: str
    role: Role = Role.AGENT  # a town clerk's PC serves the town itself, a city clerk's its city: no village


def needs_first_run(desk: Desk) -> bool:
    return not accounts.has_accounts(desk)


def check_village_code(town_code: str, code: str, field: str = "village_code") -> str:
    code = "".join((code or "").split())
    if len(code) != 12 or not code.isdigit():
        raise ValidationError(field, "村级区划代码应为12位数字")
    if code[:9] != town_code[:9]:
        raise ValidationError(field, f"村代码应以所选镇的代码 {town_code[:9]} 开头")
    if code[9:] == "000":
        raise ValidationError(field, "这是镇的代码, 请填写村(居)委会的代码")
    return code


def complete(desk: Desk, form: FirstRun) -> accounts.AccountInfo:
    """Validate everything, then set the region and create the account; on any error nothing changes."""
    catalog.seed_reference_data(desk)
    errors: list[ValidationError] = []
    towns = {r.code: r for r in catalog.regions(desk) if r.level in ("town", "street")}
    known = {r.code: r for r in catalog.regions(desk, level="village")}

    def check(fn, *args):
        try:
            return fn(*args)
        except ValidationError as err:
            errors.append(err)
            return None

    if form.town_code not in towns:
        errors.append(ValidationError("town_code", "请选择所属乡镇(街道)"))
    clerk = form.role in (Role.CLERK, Role.CITY)  # no village: the town's PC, or the city's
    village = form.town_code if clerk else check(check_village_code, form.town_code or "", form.village_code)
    if form.role is Role.CITY and village:
        village = village[:6] + "000000"  # the city of the chosen town (市级审批服务中心)
    village_name = ""
    if village and village not in known and not clerk:
        village_name = check(v.free_text, form.village_name, "village_name", 64, True) or ""
    check(v.person_name, form.display_name, "display_name")
    check(accounts.check_username, form.username)
    check(accounts.check_password, form.password)
    if form.password != form.password_again:
        errors.append(ValidationError("password_again", "两次输入的密码不一致"))
    if errors:
        raise FormErrors(errors)
    assert village is not None
    if village not in known and not clerk:
        with desk.store.write() as s:
            s.add(m.Region(code=village, name=village_name, level="village", parent_code=form.town_code))
    desk.setup(form.role, village, v.person_name(form.display_name, "display_name"))
    info = accounts.create_account(desk, form.username, form.display_name, form.password, form.role, village)
    desk.act_as(info.display_name, info.id)
    return info


def account_only(
    desk: Desk, display_name: str, username: str, password: str, password_again: str
) -> accounts.AccountInfo:
    """The first account of a profile set up headless (``setup --role clerk``): its role and region kept."""
    errors: list[ValidationError] = []
    for fn, args in (
        (v.person_name, (display_name, "display_name")),
        (accounts.check_username, (username,)),
        (accounts.check_password, (password,)),
    ):
        try:
            fn(*args)
        except ValidationError as err:
            errors.append(err)
    if password != password_again:
        errors.append(ValidationError("password_again", "两次输入的密码不一致"))
    if errors:
        raise FormErrors(errors)
    ident = desk.identity
    info = accounts.create_account(desk, username, display_name, password, ident.role, ident.region_code)
    desk.act_as(info.display_name, info.id)
    return info
