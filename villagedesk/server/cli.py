"""``villagedesk-server``: run the town-center server and administer it (devices, codes, reference data).

``--data DIR`` (or VILLAGEDESK_SERVER_DATA) is the server's folder: its SQLite database by default and
its log. Errors an administrator can fix print one clear line and exit non-zero.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import math
import os
import shutil
import sys
from datetime import date
from pathlib import Path

from villagedesk.domain.lifecycle import Role
from villagedesk.server import quota
from villagedesk.services import argparse_zh
from villagedesk.sync import protocol as proto

DATA_ENV = "VILLAGEDESK_SERVER_DATA"
DB_ENV = "VILLAGEDESK_SERVER_DB"
LOOPBACK = {"localhost"}


def data_dir(args: argparse.Namespace) -> Path:
    if args.data:
        return Path(args.data).expanduser()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("VillageDeskServer", appauthor=False))


def _db(args: argparse.Namespace):
    from villagedesk.server.db import Database, default_url

    url = getattr(args, "db", None) or os.environ.get(DB_ENV) or default_url(data_dir(args))
    db = Database.open(url)
    _OPENED.append(db)
    return db


_OPENED: list = []  # databases a command opened; closed by main() so no connection is left behind


def is_loopback(host: str) -> bool:
    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


KEEP_ALIVE_S = 75  # a device keeps its connection between the rounds of a sync (uvicorn's default: 5 s)


def _floor_line(blobs: Path, uploads: quota.UploadQuota) -> str:
    """What ``serve`` keeps free on the scans' disk, said at start: the default is a share of a disk the
    administrator may not know the size of, and a town whose uploads all get 507 should see why at once.
    Read from the disk the upload check reads (``BlobStore.free_space_root``)."""
    from villagedesk.server.attachments import BlobStore

    if not uploads.min_free:
        return "附件上传: 不检查磁盘空间(--upload-min-free-gb 0)"
    disk = shutil.disk_usage(BlobStore(blobs).free_space_root())
    floor = quota.free_floor(uploads.min_free, disk.total)
    how = "默认: 磁盘的 5%, 至少 2 GB" if uploads.min_free == quota.AUTO else "--upload-min-free-gb"
    return (
        f"附件上传: 磁盘须保留 {floor / quota.GB:.1f} GB 可用({how}); "
        f"现有 {disk.free / quota.GB:.1f} GB 可用, 共 {disk.total / quota.GB:.1f} GB"
    )


def cmd_serve(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    from villagedesk.server import header_deadline
    from villagedesk.server.app import ServerConfig, create_app

    if bool(args.cert) != bool(args.key):
        print("错误: --cert 与 --key 须同时给出", file=sys.stderr)
        return 2
    if not args.cert and not is_loopback(args.host):
        print(f"错误: 在 {args.host} 上提供服务须使用 HTTPS(--cert/--key); 明文 HTTP 仅限本机回环地址", file=sys.stderr)
        return 2
    folder = data_dir(args)
    folder.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        filename=folder / "server.log", level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    db = _db(args)
    workers = max(1, int(getattr(args, "workers", 1) or 1))
    if workers > 1 and db.dialect != "postgresql":
        print(
            "错误: SQLite 只有一个写入者, --workers 大于 1 需要 PostgreSQL 数据库(--db postgresql+psycopg://…)",
            file=sys.stderr,
        )
        return 2
    scheme = "https" if args.cert else "http"
    print(f"VillageDesk 服务器: {scheme}://{args.host}:{args.port}  数据库: {db.dialect}", flush=True)
    push_quota = max(0, int(getattr(args, "push_quota", quota.EVENTS_PER_DAY)))
    body_idle = float(args.body_timeout)
    if not body_idle > 0:
        print("错误: --body-timeout 须为正数(秒)", file=sys.stderr)
        return 2
    header_s = float(args.header_timeout)
    if not (math.isfinite(header_s) and header_s > 0):
        print("错误: --header-timeout 须为正数(秒)", file=sys.stderr)
        return 2
    os.environ[header_deadline.ENV] = str(header_s)  # read by each connection's protocol, in every worker
    os.environ[header_deadline.BODY_ENV] = str(body_idle)  # and the silence allowed in a body nobody reads
    upload_mb, upload_gb = int(args.upload_quota_mb), int(args.upload_total_gb)
    if upload_mb < 0 or upload_gb < 0:
        print("错误: --upload-quota-mb 与 --upload-total-gb 不能为负数(0 表示不限)", file=sys.stderr)
        return 2
    free_gb = args.upload_min_free_gb
    if free_gb is not None and not (math.isfinite(free_gb) and 0 <= free_gb <= 1_000_000):
        print("错误: --upload-min-free-gb 须为 0 到 1000000 之间的 GB 数(0 表示不检查磁盘空间)", file=sys.stderr)
        return 2
    uploads = quota.UploadQuota.of(upload_mb, upload_gb, free_gb)
    print(_floor_line(folder / "blobs", uploads), flush=True)
    app: object = create_app(
        db,
        ServerConfig(
            blob_dir=folder / "blobs",
            push_quota=quota.QuotaConfig.per_day(push_quota),
            upload_quota=uploads,
            body_idle_s=body_idle,
        ),
    )
    if workers > 1:
        # each worker process opens its own pool on the already migrated database (worker_app)
        os.environ[_WORKER_DB_ENV] = db.engine.url.render_as_string(hide_password=False)
        os.environ[_WORKER_LOG_ENV] = str(folder / "server.log")
        os.environ[_WORKER_BLOBS_ENV] = str(folder / "blobs")
        os.environ[_WORKER_QUOTA_ENV] = str(push_quota)
        os.environ[_WORKER_UPLOAD_ENV] = f"{upload_mb},{upload_gb},{'' if free_gb is None else free_gb}"
        os.environ[_WORKER_IDLE_ENV] = str(body_idle)
        db.dispose()
        app = "villagedesk.server.cli:worker_app"
    uvicorn.run(
        app,
        factory=workers > 1,
        workers=workers if workers > 1 else None,
        host=args.host,
        port=args.port,
        ssl_certfile=args.cert,
        ssl_keyfile=args.key,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=KEEP_ALIVE_S,
        # a request's headers must be complete within --header-timeout of the connection's start (or of the
        # request's first byte, pipelined too), and a body nobody reads may not stall: uvicorn has no such
        # limits (header_deadline.py); what its parser refuses gets the JSON error shape
        http=header_deadline.NAME,
        # X-Forwarded-For is believed only from the proxies named (uvicorn's default trusted loopback,
        # so any local process could pose as any address and pass the enrollment and public page limits)
        proxy_headers=bool(args.forwarded_allow_ips),
        forwarded_allow_ips=args.forwarded_allow_ips or "",
    )
    return 0


_WORKER_DB_ENV = "VILLAGEDESK_SERVER_WORKER_DB"
_WORKER_LOG_ENV = "VILLAGEDESK_SERVER_WORKER_LOG"
_WORKER_BLOBS_ENV = "VILLAGEDESK_SERVER_WORKER_BLOBS"
_WORKER_QUOTA_ENV = "VILLAGEDESK_SERVER_WORKER_QUOTA"
_WORKER_IDLE_ENV = "VILLAGEDESK_SERVER_WORKER_BODY_IDLE"
_WORKER_UPLOAD_ENV = "VILLAGEDESK_SERVER_WORKER_UPLOAD_QUOTA"


def worker_app():
    """The app of one ``serve --workers N`` process (PostgreSQL: every worker takes the same feed lock,
    so sequence numbers stay in commit order across processes). The parent has migrated already."""
    import logging

    from villagedesk.server.app import ServerConfig, create_app
    from villagedesk.server.db import Database, make_engine

    logging.basicConfig(
        filename=os.environ[_WORKER_LOG_ENV],
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    blobs = Path(os.environ[_WORKER_BLOBS_ENV])
    limits = quota.QuotaConfig.per_day(int(os.environ.get(_WORKER_QUOTA_ENV, quota.EVENTS_PER_DAY)))
    idle = float(os.environ.get(_WORKER_IDLE_ENV, 30.0))
    mb, gb, free, *_ = [*os.environ.get(_WORKER_UPLOAD_ENV, f"{quota.UPLOAD_MB_PER_DAY},0,").split(","), "", ""]
    return create_app(
        Database(make_engine(os.environ[_WORKER_DB_ENV])),
        ServerConfig(
            blob_dir=blobs,
            push_quota=limits,
            upload_quota=quota.UploadQuota.of(int(mb), int(gb or 0), float(free) if free else None),
            body_idle_s=idle,
        ),
    )


def cmd_enroll(args: argparse.Namespace) -> int:
    from villagedesk.server import auth

    try:
        code, expires = auth.create_code(
            _db(args), args.region, Role(args.role), args.name, args.hours, new_region=args.new_region
        )
    except ValueError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 2
    print(f"注册码: {code}")
    print(f"有效期至: {_beijing(expires)} (一次性)")
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    from villagedesk.server import auth

    rows = auth.list_devices(_db(args))
    if not rows:
        print("(尚无已注册设备)")
    for d in rows:
        state = f"已吊销 {_beijing(d.revoked_at)}" if d.revoked_at else "有效"
        seen = _beijing(d.last_seen, never="-")
        print(f"{d.id}  {d.role:<5}  {d.region}  {state:<28}  {seen:<23}  {d.name}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from villagedesk.server import auth

    db = _db(args)
    known = next((d for d in auth.list_devices(db) if d.id == args.device), None)
    if known is None or not auth.revoke(db, args.device):
        print(f"错误: 没有设备 {args.device}", file=sys.stderr)
        return 1
    print(f"已吊销设备 {args.device}")
    # What it did after its last contact never reached the town: say when that was, and the way back.
    print(f"该设备最后一次与镇中心联系: {_beijing(known.last_seen)}")
    print("若该电脑在此之后还做过登记或办理(其「待同步」不为0): 在镇中心为它生成新的注册码(villagedesk-server enroll), "
          "在该电脑上用新码重新注册(villagedesk enroll)后同步, 它待同步的事件会上传")  # fmt: skip
    return 0


def _beijing(moment, never: str = "从未同步", seconds: bool = False) -> str:
    """A server time (naive UTC, or aware) as the town reads it, labelled: every command of this CLI
    prints its times through here, so ``devices``, ``audit-alerts`` and ``revoke`` never differ."""
    if moment is None:
        return never
    from datetime import UTC

    from villagedesk.server.public_html import beijing

    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return f"{beijing(aware):{'%Y-%m-%d %H:%M:%S' if seconds else '%Y-%m-%d %H:%M'}}(北京时间)"


def _load_json(path: str):
    try:
        return json.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise ValueError(f"无法读取 {path}: {exc.strerror}") from None
    except ValueError:
        raise ValueError(f"{path} 不是有效的 JSON 文件") from None


def check_catalog(data: object) -> tuple[int, str]:
    """A catalog document in the format of resources/seed/catalog.json → (version, effective date)."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list) or not data["items"]:
        raise ValueError("事项清单应包含非空的 items 数组")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError("事项清单缺少正整数 version")
    required = ("code", "version", "effective_from", "name", "category", "final_level", "promised_days", "limit_unit")
    dates = []
    for n, item in enumerate(data["items"], 1):
        if not isinstance(item, dict):
            raise ValueError(f"第{n}个事项格式错误")
        missing = [k for k in required if k not in item]
        if missing:
            raise ValueError(f"第{n}个事项缺少字段: {', '.join(missing)}")
        try:
            dates.append(date.fromisoformat(str(item["effective_from"])))
        except ValueError:
            raise ValueError(f"第{n}个事项的 effective_from 不是日期") from None
    effective = data.get("effective_from") or max(dates).isoformat()
    return version, str(effective)


def cmd_publish_catalog(args: argparse.Namespace) -> int:
    from villagedesk.server import feed

    try:
        data = _load_json(args.file)
        version, effective = check_catalog(data)
    except ValueError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 2
    rseq = feed.publish_ref(_db(args), "catalog", f"v{version}", data, effective_from=effective)
    print(f"已发布事项清单 v{version}({len(data['items'])} 项, {effective} 起施行), 参考数据版本 {rseq}")
    return 0


def check_calendar(data: object) -> dict:
    """The schedule normalised to plain lists; ValueError (ScheduleError) with the Chinese reason."""
    from villagedesk.domain.holiday_schedule import check_schedule

    return check_schedule(data)


def _load_calendar_json(path: str) -> object:
    """The schedule file as typed on the town's Windows PC: Notepad saves UTF-8 with a BOM."""
    try:
        return json.loads(Path(path).read_text("utf-8-sig"))
    except OSError as exc:
        raise ValueError(f"无法读取 {path}: {exc.strerror}") from None
    except ValueError:
        raise ValueError(f"{path} 不是有效的 JSON 文件(应为 UTF-8 编码, 格式见 README)") from None


def cmd_publish_calendar(args: argparse.Namespace) -> int:
    from villagedesk.server import feed

    try:
        data = check_calendar(_load_calendar_json(args.file))
    except ValueError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 2
    rseq = feed.publish_ref(_db(args), "calendar", str(data["year"]), data)
    counts = f"放假 {len(data['holidays'])} 天, 调休上班 {len(data['workdays'])} 天"
    print(f"已发布 {data['year']} 年节假日安排({counts}), 参考数据版本 {rseq}")
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    import uuid

    from villagedesk.server import feed

    if not proto.is_region_code(args.region):
        print(f"错误: 区划代码应为12位数字: {args.region}", file=sys.stderr)
        return 2
    title, body = args.title.strip(), args.body.strip()
    if not title or not body or len(title) > 100 or len(body) > 5000:
        print("错误: 标题(≤100字)和正文(≤5000字)不能为空", file=sys.stderr)
        return 2
    key = str(uuid.uuid4())
    rseq = feed.publish_ref(
        _db(args), "notice", key, {"title": title, "body": body, "date": date.today().isoformat()}, region=args.region
    )
    print(f"已发布通知 {key}, 参考数据版本 {rseq}")
    return 0


def current_public(db) -> tuple[int, object]:
    """The newest public-page settings row: (its rseq or 0, its data)."""
    from sqlalchemy import select

    from villagedesk.domain import public_settings as ps
    from villagedesk.server import models as sm

    with db.read() as s:
        row = s.execute(
            select(sm.RefRow.rseq, sm.RefRow.data)
            .where(sm.RefRow.kind == ps.REF_KIND, sm.RefRow.key == ps.REF_KEY)
            .order_by(sm.RefRow.rseq.desc())
            .limit(1)
        ).first()
    return (row.rseq, json.loads(row.data)) if row else (0, None)


def _public_changed(old, args: argparse.Namespace):
    """The settings after this command's options (the others kept); ValueError with the reason."""
    from villagedesk.domain import check_code as cc
    from villagedesk.domain import public_settings as ps

    url, hotline, agents = old.url, old.hotline, dict(old.agents)
    if args.no_url:
        url = None
    elif args.url is not None:
        url = cc.check_base_url(args.url)
    if args.hotline is not None:
        hotline = ps.check_phone(args.hotline, "服务热线") if args.hotline.strip() else ""
    for item in args.agent_phone or []:
        village, sep, phone = item.partition("=")
        village = village.strip()
        if not sep or not proto.is_village(village):
            raise ValueError(f"--agent-phone 应写成 村级区划代码=电话, 如 419001100201=13800000000: {item!r}")
        if phone.strip():
            agents[village] = ps.check_phone(phone, "代办员电话")
        else:
            agents.pop(village, None)
    return ps.PublicSettings(url, hotline, agents)


def cmd_public_page(args: argparse.Namespace) -> int:
    from villagedesk.domain import public_settings as ps
    from villagedesk.server import feed

    db = _db(args)
    _, data = current_public(db)
    old = ps.parse(data)
    changing = args.no_url or any(v is not None for v in (args.url, args.hotline, args.agent_phone))
    if args.url is not None and args.no_url:
        print("错误: --url 与 --no-url 不能同时给出", file=sys.stderr)
        return 2
    if changing:
        try:
            new = _public_changed(old, args)
        except ValueError as exc:
            print(f"错误: {exc}", file=sys.stderr)
            return 2
        rseq = feed.publish_ref(db, ps.REF_KIND, ps.REF_KEY, new.to_json())
        print(f"已发布公开查询设置, 参考数据版本 {rseq}(各村电脑下次同步后生效)")
        old = new
    print(f"公开查询地址: {old.url or '未设置(回执只印办件编号和查询码)'}")
    print(f"服务热线:     {old.hotline or '未设置(页面显示 12345)'}")
    for village, phone in sorted(old.agents.items()):
        print(f"代办员电话:   {village}  {phone}")
    return 0


def cmd_dead_letters(args: argparse.Namespace) -> int:
    from villagedesk.server import feed

    rows = feed.dead_letters(_db(args), args.limit)
    if not rows:
        print("(死信列表为空)")
    for r in rows:
        at = _beijing(r.at, seconds=True)
        print(f"#{r.id}  {at}  设备 {r.device_id}  事件 {r.event_id or '-'}  [{r.code}] {r.message}")
    return 0


def cmd_audit_alerts(args: argparse.Namespace) -> int:
    """Village PCs whose audit trail (留痕) was edited, cut or rewritten; exit 1 when there is any."""
    from villagedesk.server import audit_heads

    rows = audit_heads.alerts(_db(args), args.limit)
    if not rows:
        print("(没有留痕告警: 各村电脑的留痕链条均连续)")
        return 0
    for alert, name in rows:
        who = f"{name or '?'} (设备 {alert.device_id})"
        print(f"#{alert.id}  {_beijing(alert.at, seconds=True)}  {who}  [{alert.kind}] {alert.message}")
    return 1


def cmd_import_bundle(args: argparse.Namespace) -> int:
    from villagedesk.server.bundles import import_bundle
    from villagedesk.sync import bundle as bd

    source, target = Path(args.file), Path(args.ack_out)
    if source.resolve() == target.resolve():
        print("错误: 回执包不能覆盖导入的同步包, 请另选 --ack-out 文件名", file=sys.stderr)
        return 2
    try:
        db = _db(args)
        pushes = quota.PushQuota(db, quota.QuotaConfig.per_day(max(0, int(args.push_quota))))
        ack, result = import_bundle(db, bd.read_file(source), blob_dir=data_dir(args) / "blobs", pushes=pushes)
    except quota.Refused as exc:
        print(f"错误: {exc.message}", file=sys.stderr)
        return 1
    except bd.BundleError as exc:
        print(f"错误: {exc.message}", file=sys.stderr)
        return 1
    print(result.summary())
    try:
        bd.write_file(target, ack)
    except bd.BundleError as exc:
        print(f"错误: 同步包已导入, 但{exc.message}; 请村里重新导出一次同步包带来(数据不会重复)", file=sys.stderr)
        return 1
    print(f"回执包已写入 {target}, 请拷回村里用 villagedesk sync --import-bundle 导入")
    return 0


def build_parser() -> argparse.ArgumentParser:
    argparse_zh.install()
    parser = argparse.ArgumentParser(prog="villagedesk-server", description="村级便民代办台 镇中心同步服务器")
    parser.add_argument("--data", metavar="DIR", help=f"server data folder (default: {DATA_ENV} or user data dir)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def with_db(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", metavar="URL", help="SQLAlchemy URL (postgresql+psycopg://…); default SQLite in --data")

    def with_quota(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--push-quota",
            type=argparse_zh.whole_number(0, 100_000_000),
            default=quota.EVENTS_PER_DAY,
            metavar="N",
            help=f"events a device may push a day, its bucket {quota.BURST_DAYS}x that (default %(default)s; 0: none)",
        )

    p = sub.add_parser("serve", help="run the HTTP(S) server")
    with_db(p)
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--port", type=argparse_zh.whole_number(1, 65535), default=8765, help="the port to listen on (default 8765)"
    )
    p.add_argument("--cert", metavar="FILE", help="TLS certificate (PEM); required unless the host is loopback")
    p.add_argument("--key", metavar="FILE", help="TLS private key (PEM)")
    p.add_argument(
        "--workers",
        type=argparse_zh.whole_number(1, 256),
        default=1,
        help="server processes (PostgreSQL only; about one per CPU core)",
    )
    p.add_argument(
        "--forwarded-allow-ips",
        default="",
        metavar="IPS",
        help="reverse proxies whose X-Forwarded-For is believed (comma-separated; default: none, not even loopback)",
    )
    p.add_argument(
        "--body-timeout",
        type=argparse_zh.number(0.001, 86400),
        default=30.0,
        metavar="SECONDS",
        help="cut a request whose body makes no progress for this long (408; default 30)",
    )
    p.add_argument(
        "--header-timeout",
        type=argparse_zh.number(0.001, 86400),
        default=15.0,
        metavar="SECONDS",
        help="close a connection whose request headers are not complete this long after it opened (default 15)",
    )
    with_quota(p)
    p.add_argument(
        "--upload-quota-mb",
        type=argparse_zh.whole_number(0, 100_000_000),
        default=quota.UPLOAD_MB_PER_DAY,
        metavar="MB",
        help="attachment MB a device may store in any 24 hours (default %(default)s; 0: none)",
    )
    p.add_argument(
        "--upload-total-gb",
        type=argparse_zh.whole_number(0, 1_000_000),
        default=0,
        metavar="GB",
        help="attachment GB a device may store in all (default 0: no total limit)",
    )
    p.add_argument(
        "--upload-min-free-gb",
        type=argparse_zh.number(0, 1_000_000),
        default=None,
        metavar="GB",
        help="refuse new uploads that would leave less free disk than this "
        "(default: 5%% of the disk, at least 2 GB; 0: no check)",
    )
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("enroll", help="create a one-time enrollment code for a device")
    with_db(p)
    p.add_argument(
        "--region", required=True, help="12 digits: village code (agent), town code (clerk), city code + 000000 (city)"
    )
    p.add_argument(
        "--role", choices=["agent", "clerk", "city"], required=True, help="who the code enrolls: agent, clerk or city"
    )
    p.add_argument("--name", required=True, help="who or which PC the code is for")
    p.add_argument(
        "--hours", type=argparse_zh.number(0.01, 24 * 90), default=72.0, help="validity in hours (default 72)"
    )
    p.add_argument(
        "--new-region",
        action="store_true",
        help="the region is meant although the published region list lacks it (a newly set-up village or town)",
    )
    p.set_defaults(handler=cmd_enroll)

    p = sub.add_parser("devices", help="list enrolled devices")
    with_db(p)
    p.set_defaults(handler=cmd_devices)

    p = sub.add_parser("revoke", help="revoke a device: it gets 401 from now on")
    with_db(p)
    p.add_argument("device", help="the device id (as `devices` lists it)")
    p.set_defaults(handler=cmd_revoke)

    p = sub.add_parser("publish-catalog", help="publish a new service-item catalog version (JSON)")
    with_db(p)
    p.add_argument("file", help="the catalog JSON file")
    p.set_defaults(handler=cmd_publish_catalog)

    p = sub.add_parser("publish-calendar", help="publish a year's holiday schedule (JSON)")
    with_db(p)
    p.add_argument("file", help="the holiday schedule JSON file")
    p.set_defaults(handler=cmd_publish_calendar)

    p = sub.add_parser("notice", help="publish a notice to a town or a village")
    with_db(p)
    p.add_argument("--region", required=True, help="the town or village code the notice is for")
    p.add_argument("--title", required=True, help="the notice's title")
    p.add_argument("--body", required=True, help="the notice's text")
    p.set_defaults(handler=cmd_notice)

    p = sub.add_parser("import-bundle", help="import a village's USB bundle and write its acknowledgement bundle")
    with_db(p)
    p.add_argument("file", help="bundle written by villagedesk sync --export-bundle")
    p.add_argument(
        "--ack-out",
        required=True,
        type=argparse_zh.output_file,
        metavar="FILE",
        help="where to write the acknowledgement bundle",
    )
    with_quota(p)  # the bundle's events spend its device's push quota, as serve counts it
    p.set_defaults(handler=cmd_import_bundle)

    p = sub.add_parser("public-page", help="show or set the public progress page (base URL, hotline, agents' phones)")
    with_db(p)
    p.add_argument("--url", help="public base URL of this server, e.g. https://town.example.cn (http(s), no query)")
    p.add_argument("--no-url", action="store_true", help="no public address: receipts print the check code only")
    p.add_argument("--hotline", help="hotline shown on the page (default 12345; empty to unset)")
    p.add_argument(
        "--agent-phone",
        action="append",
        metavar="VILLAGE=PHONE",
        help="a village agent's work phone shown on its cases' pages (repeatable; PHONE empty to remove)",
    )
    p.set_defaults(handler=cmd_public_page)

    p = sub.add_parser("dead-letters", help="list pushed events the server could not accept, with the reason")
    with_db(p)
    p.add_argument(
        "--limit", type=argparse_zh.whole_number(1, 100_000), default=200, help="at most this many rows (default 200)"
    )
    p.set_defaults(handler=cmd_dead_letters)

    p = sub.add_parser("audit-alerts", help="list village PCs whose audit trail was edited, cut or rewritten")
    with_db(p)
    p.add_argument(
        "--limit", type=argparse_zh.whole_number(1, 100_000), default=200, help="at most this many rows (default 200)"
    )
    p.set_defaults(handler=cmd_audit_alerts)
    return argparse_zh.translate_help(parser)  # every -h in Chinese, as argparse's own words are


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `villagedesk-server … | head`: the reader left; not a database error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # an operator gets one clear line, the log gets the rest
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError | OSError):
            print(
                f"错误: 数据库或文件无法访问: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}", file=sys.stderr
            )
            return 1
        raise
    finally:
        while _OPENED:
            _OPENED.pop().dispose()


if __name__ == "__main__":
    sys.exit(main())
