"""A refusal never shows an internal field or argument name (office findings, issue 14): ``attach`` with an
empty file said "错误: file: 文件是空的". ``ValidationError``'s text is what people read (the CLI, message
boxes, import reports); the field stays on the error for a form to place the message beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.flows import register
from villagedesk import cli
from villagedesk.domain.errors import FIELD_WORDS, ValidationError
from villagedesk.services.intake import FormErrors


def test_attach_an_empty_file_says_so_without_the_argument_name(desk, tmp_path: Path, capsys) -> None:
    case_no = register(desk).case_no
    desk.close()
    empty = tmp_path / "扫描.jpg"
    empty.write_bytes(b"")
    code = cli.main(["--profile", str(desk.paths.root), "attach", case_no, str(empty)])
    err = capsys.readouterr().err
    assert code != 0 and "文件是空的" in err, err
    assert "file:" not in err and "file" not in err.lower().replace(".jpg", ""), err


@pytest.mark.parametrize("field", [*sorted(FIELD_WORDS), "item_code", "other_parties", "unknown_field"])
def test_no_validation_error_reads_with_its_field_name(field: str) -> None:
    for message in ("此项不能为空", "文件是空的", "请填写姓名"):
        text = str(ValidationError(field, message))
        assert field not in text and message in text
    assert str(ValidationError("reason", "此项不能为空")) == "原因: 此项不能为空"  # which one, in words
    assert str(ValidationError("name", "请填写姓名")) == "请填写姓名"  # named already: not twice
    both = FormErrors([ValidationError("id_number", "请填写证件号码"), ValidationError("phone", "请填写联系电话")])
    assert str(both) == "身份证号码: 请填写证件号码; 请填写联系电话"
