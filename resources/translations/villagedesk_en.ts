<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>PrintDialog</name>
    <message>
        <source>该办件没有缺少的材料</source>
        <translation>Nothing is missing for this case</translation>
    </message>
    <message>
        <source>打印 - %1</source>
        <translation>Print - %1</translation>
    </message>
    <message>
        <source>受理回执</source>
        <translation>Acceptance receipt</translation>
    </message>
    <message>
        <source>一次性告知单</source>
        <translation>One-time notice of missing materials</translation>
    </message>
    <message>
        <source>委托书</source>
        <translation>Letter of authorization</translation>
    </message>
    <message>
        <source>单据</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>纸张</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>未设置(打印前在预览中选择)</source>
        <translation>Not set (choose one in the preview before printing)</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>预览…</source>
        <translation>Preview…</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>保存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>已发送到打印机 %1</source>
        <translation>Sent to printer %1</translation>
    </message>
    <message>
        <source>保存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>已保存到 %1</source>
        <translation>Saved to %1</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>80毫米小票</source>
        <translation>80 mm receipt roll</translation>
    </message>
    <message>
        <source>A4 纸</source>
        <translation>A4 paper</translation>
    </message>
    <message>
        <source>受理回执</source>
        <translation>Acceptance receipt</translation>
    </message>
    <message>
        <source>一次性告知单</source>
        <translation>One-time notice of missing materials</translation>
    </message>
    <message>
        <source>委托书</source>
        <translation>Letter of authorization</translation>
    </message>
    <message>
        <source>一次性告知单和委托书须用 A4 纸打印</source>
        <translation>The notice and the letter of authorization must be printed on A4 paper</translation>
    </message>
    <message>
        <source>无法开始打印(打印机或文件不可用)</source>
        <translation>Cannot start printing (printer or file unavailable)</translation>
    </message>
    <message>
        <source>打印机不支持所选纸张</source>
        <translation>The printer does not support the selected paper</translation>
    </message>
    <message>
        <source>保存位置不存在: %1</source>
        <translation>The folder does not exist: %1</translation>
    </message>
    <message>
        <source>无法写入文件: %1</source>
        <translation>Cannot write the file: %1</translation>
    </message>
    <message>
        <source>找不到打印机「%1」, 请在设置中重新选择</source>
        <translation>Printer “%1” not found; please choose it again in Settings</translation>
    </message>
    <message>
        <source>打印预览 - %1</source>
        <translation>Print preview - %1</translation>
    </message>
</context>
</TS>
