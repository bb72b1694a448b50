<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AccountsBox</name>
    <message>
        <source>人员账号</source>
        <translation>People on this PC</translation>
    </message>
    <message>
        <source>创建账号时打印的恢复码</source>
        <translation>The recovery code printed when the account was made</translation>
    </message>
    <message>
        <source>添加人员</source>
        <translation>Add person</translation>
    </message>
    <message>
        <source>停用所选账号</source>
        <translation>Deactivate selected</translation>
    </message>
    <message>
        <source>恢复所选账号</source>
        <translation>Reactivate selected</translation>
    </message>
    <message>
        <source>已停用的账号恢复后可重新登录; 本机数据已加密时须由本人在“密码”栏输入原密码</source>
        <translation>A reactivated account can log in again; where this PC&apos;s data is encrypted the person types their own password in the Password field</translation>
    </message>
    <message>
        <source>凭恢复码重设所选账号的密码</source>
        <translation>Reset selected password with recovery code</translation>
    </message>
    <message>
        <source>登录名</source>
        <translation>Login name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>再次输入密码</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <source>恢复码(重设密码时)</source>
        <translation>Recovery code (to reset a password)</translation>
    </message>
    <message>
        <source>在用</source>
        <translation>active</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>deactivated</translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
    <message>
        <source>请先在列表中选择账号</source>
        <translation>Select an account in the list first</translation>
    </message>
    <message>
        <source>恢复码: %1 (只显示这一次: 请抄下交本人保管, 忘记密码时凭它重设)</source>
        <translation>Recovery code: %1 (shown only once: write it down for its owner, who resets a forgotten password with it)</translation>
    </message>
    <message>
        <source>已添加 %1. </source>
        <translation>Added %1. </translation>
    </message>
    <message>
        <source>已停用 %1, 其经办记录保留</source>
        <translation>Deactivated %1; their work keeps their name</translation>
    </message>
    <message>
        <source>已恢复 %1, 可以重新登录</source>
        <translation>Reactivated %1; they can log in again</translation>
    </message>
    <message>
        <source>已重设 %1 的密码. </source>
        <translation>Password of %1 reset. </translation>
    </message>
    <message>
        <source>操作未完成, 请重试</source>
        <translation>Not done, please try again</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>人员账号</source>
        <translation>People on this PC</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>村站领取</source>
        <translation>Collected at the village station</translation>
    </message>
    <message>
        <source>送件上门</source>
        <translation>Delivered to the home</translation>
    </message>
    <message>
        <source>镇中心领取</source>
        <translation>Collected at the town center</translation>
    </message>
    <message>
        <source>邮寄</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>请选择决定结果 (准予 / 不予)</source>
        <translation>Choose the decision (approved / denied)</translation>
    </message>
    <message>
        <source>缺少的材料</source>
        <translation>Missing materials</translation>
    </message>
    <message>
        <source>补来的材料</source>
        <translation>Materials handed in</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>撤回原因</source>
        <translation>Reason for withdrawal</translation>
    </message>
    <message>
        <source>备注内容</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>报送说明</source>
        <translation>Submission remarks</translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation>Delivery method</translation>
    </message>
    <message>
        <source>签收人</source>
        <translation>Received by</translation>
    </message>
    <message>
        <source>委托书签署日期</source>
        <translation>Mandate signed on</translation>
    </message>
    <message>
        <source>留空: 至事项办结; 或填写日期, 如 2027-06-30</source>
        <translation>Leave empty: until the case is closed; or a date, e.g. 2027-06-30</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>「%1」的办件 %2</source>
        <translation>%1&apos;s case %2</translation>
    </message>
    <message>
        <source>评价等级</source>
        <translation type="vanished">Rating</translation>
    </message>
    <message>
        <source>意见</source>
        <translation type="vanished">Comments</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>现由谁保管</source>
        <translation>Now held by</translation>
    </message>
    <message>
        <source>确定状态</source>
        <translation>Confirm status</translation>
    </message>
    <message>
        <source>处理说明</source>
        <translation>Handling remarks</translation>
    </message>
    <message>
        <source>核对结论</source>
        <translation>Check result</translation>
    </message>
    <message>
        <source>材料与原件核对一致</source>
        <translation>Materials match the originals</translation>
    </message>
    <message>
        <source>确认执行「%1」?</source>
        <translation>Carry out “%1”?</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ActionHelp</name>
    <message>
        <source>核对群众交来的材料与原件是否一致, 记下核对结论</source>
        <translation>Check the documents handed in against the originals and record the result</translation>
    </message>
    <message>
        <source>一次性书面告知群众还缺哪些材料 (可打印一次性告知单)</source>
        <translation>Tell the villager once, in writing, every missing document (the notice can be printed)</translation>
    </message>
    <message>
        <source>群众补来了材料: 勾选补来的, 办件继续办理</source>
        <translation>The villager brought documents: tick them and the case goes on</translation>
    </message>
    <message>
        <source>村级直办事项在村里办结, 记下办理结果</source>
        <translation>A village-level item completed in the village: record the result</translation>
    </message>
    <message>
        <source>把办件和材料报送镇中心办理</source>
        <translation>Submit the case and its documents to the town center</translation>
    </message>
    <message>
        <source>镇中心受理这件报送的办件</source>
        <translation>The town center accepts this submitted case</translation>
    </message>
    <message>
        <source>镇中心退回村里补正材料 (一次性告知要补的材料)</source>
        <translation>The town center returns the case for corrections (listing every document, once)</translation>
    </message>
    <message>
        <source>镇中心决定不予受理, 须写明理由 (办件就此结束)</source>
        <translation>The town center refuses the case, with a reason (the case ends here)</translation>
    </message>
    <message>
        <source>镇中心转报上级部门办理</source>
        <translation>The town center forwards the case to a higher department</translation>
    </message>
    <message>
        <source>开始公示、检测、鉴定等特别程序, 期间不计承诺时限</source>
        <translation>Start a special procedure (public notice, test, appraisal); its days do not count against the time limit</translation>
    </message>
    <message>
        <source>特别程序结束, 继续计算承诺时限</source>
        <translation>The special procedure ended; the time limit runs again</translation>
    </message>
    <message>
        <source>经批准延长办理时限, 写明天数和理由</source>
        <translation>An approved extension of the time limit, with days and reason</translation>
    </message>
    <message>
        <source>镇中心作出准予或不予的决定</source>
        <translation>The town center decides: approved or denied</translation>
    </message>
    <message>
        <source>办理结果已到, 等待群众领取或送达</source>
        <translation>The result has arrived and waits to be collected or delivered</translation>
    </message>
    <message>
        <source>把办理结果交给群众, 记下签收人, 可同时请群众评价</source>
        <translation>Hand the result to the villager, record who signed, and ask for a review</translation>
    </message>
    <message>
        <source>记录群众的满意度评价 (好差评)</source>
        <translation>Record the villager&apos;s satisfaction review</translation>
    </message>
    <message>
        <source>办件全部完成, 归档 (之后只能加备注)</source>
        <translation>Everything is done: archive the case (only notes can be added afterwards)</translation>
    </message>
    <message>
        <source>群众决定不办了: 结束这件办件 (不是撤销上一步)</source>
        <translation>The villager no longer wants this: end the case (this is not an undo of the last step)</translation>
    </message>
    <message>
        <source>给办件加一条备注, 如群众来电、约定时间</source>
        <translation>Add a note, e.g. a call from the villager or an agreed time</translation>
    </message>
    <message>
        <source>记下群众原件现在由谁保管 (群众、村代办员、镇中心)</source>
        <translation>Record who holds the villager&apos;s originals now (villager, village agent, town center)</translation>
    </message>
    <message>
        <source>委托书到期或重新签署时, 记下新委托书的签署日期和有效期; 报送前须有有效的委托书</source>
        <translation>When the mandate (委托书) has expired or is signed again, record the new one&apos;s date and validity; a case is submitted only under a valid mandate</translation>
    </message>
    <message>
        <source>两台电脑对同一办件做了不同操作时, 确定以哪个状态为准</source>
        <translation>When two PCs did different things to the same case, choose the state that stands</translation>
    </message>
    <message>
        <source>对差评进行回访, 记下问题和整改责任人</source>
        <translation>Follow up a bad review: record the problem and who fixes it</translation>
    </message>
    <message>
        <source>差评问题整改完成</source>
        <translation>The problem behind the bad review is fixed</translation>
    </message>
    <message>
        <source>这件办件没有同步冲突, 无需处理</source>
        <translation>This case has no sync conflict: nothing to resolve</translation>
    </message>
    <message>
        <source>这是村级直办事项, 在村里办结, 不报送镇中心</source>
        <translation>A village-level item: it is completed in the village, not submitted to the town</translation>
    </message>
    <message>
        <source>这件事项须报送镇中心办理, 不能在村里办结</source>
        <translation>This item must be submitted to the town center; it cannot be completed in the village</translation>
    </message>
    <message>
        <source>只有收到差评的办件才需要回访和整改</source>
        <translation>Only cases with a bad review need a follow-up</translation>
    </message>
    <message>
        <source>您的角色不能执行此操作</source>
        <translation>Your role cannot take this action</translation>
    </message>
    <message>
        <source>办件现在是「%1」; 此操作只能在「%2」时使用</source>
        <translation>The case is now &quot;%1&quot;; this action is only available when it is &quot;%2&quot;</translation>
    </message>
    <message>
        <source>现在不能用: %1</source>
        <translation>Not available now: %1</translation>
    </message>
</context>
<context>
    <name>Advice</name>
    <message>
        <source>无法连接镇中心服务器，请检查网线或 Wi-Fi，然后点「重试」</source>
        <translation>Cannot reach the town center server. Check the network cable or Wi-Fi, then click &quot;Retry&quot;</translation>
    </message>
    <message>
        <source>与镇中心服务器的连接中断了，请检查网线或 Wi-Fi，然后点「重试」（已收到的内容不会丢失）</source>
        <translation>The connection to the town center server broke. Check the network cable or Wi-Fi, then click &quot;Retry&quot; (nothing received is lost)</translation>
    </message>
    <message>
        <source>这个地址上没有镇中心服务器 (HTTP %1)。请核对服务器地址 (例如 https://192.168.1.10:8443)，然后点「重试」</source>
        <translation>There is no town center server at this address (HTTP %1). Check the server address (e.g. https://192.168.1.10:8443), then click &quot;Retry&quot;</translation>
    </message>
    <message>
        <source>镇中心服务器暂时出错 (HTTP %1)，请过几分钟再点「重试」；一直如此请联系镇中心管理员</source>
        <translation>The town center server has a temporary error (HTTP %1). Click &quot;Retry&quot; in a few minutes; if it persists, call the town center&apos;s administrator</translation>
    </message>
    <message>
        <source>尝试次数过多，请过十分钟再点「重试」</source>
        <translation>Too many attempts. Click &quot;Retry&quot; in ten minutes</translation>
    </message>
    <message>
        <source>这个离线同步包已导入过(或早于已导入的), 已拒绝; 如需重新同步, 请在村里重新导出</source>
        <translation>This offline sync bundle has been imported already (or is older than one imported): refused; to sync again, export it again in the village</translation>
    </message>
    <message>
        <source>服务器拒绝了请求 (HTTP %1)</source>
        <translation>The server refused the request (HTTP %1)</translation>
    </message>
    <message>
        <source>。请联系镇中心管理员，确认后重新注册本机</source>
        <translation>. Call the town center&apos;s administrator and enroll this PC again once confirmed</translation>
    </message>
    <message>
        <source>本机尚未注册到镇中心服务器: 请在「同步」页点「注册到镇中心服务器…」, 填入服务器地址和注册码</source>
        <translation>This PC is not enrolled with the town server yet: on the Sync page click “Enroll with the town server…” and enter the server address and the enrollment code</translation>
    </message>
    <message>
        <source>本设备已被吊销或令牌无效, 请联系镇中心管理员重新注册</source>
        <translation>This device was revoked or its token is invalid: ask the town centre&apos;s administrator to enroll it again</translation>
    </message>
    <message>
        <source>服务器无法处理本机发来的请求: 请升级本机的 VillageDesk; 一直如此请联系镇中心管理员</source>
        <translation>The server cannot handle this PC&apos;s request: please upgrade VillageDesk on this PC; if it stays so, contact the town centre&apos;s administrator</translation>
    </message>
    <message>
        <source>服务器上没有这个接口: 请核对服务器地址, 或请镇中心升级服务器</source>
        <translation>The server has no such interface: please check the server address, or ask the town centre to upgrade the server</translation>
    </message>
    <message>
        <source>服务器不接受这种请求: 请升级镇中心服务器或本机的 VillageDesk</source>
        <translation>The server does not accept this kind of request: please upgrade the town centre&apos;s server or VillageDesk on this PC</translation>
    </message>
    <message>
        <source>一次发送的内容超过了服务器的上限: 请点「重试」; 一直如此请联系镇中心管理员</source>
        <translation>What was sent at once exceeds the server&apos;s limit: please click Retry; if it stays so, contact the town centre&apos;s administrator</translation>
    </message>
    <message>
        <source>发送超时, 服务器没有收全: 请检查网络后点「重试」</source>
        <translation>Sending timed out before the server had it all: please check the network and click Retry</translation>
    </message>
    <message>
        <source>服务器没有本机所用的压缩字典, 本机将改用普通方式发送: 请点「重试」</source>
        <translation>The server lacks the compression dictionary this PC uses; this PC will send plainly: please click Retry</translation>
    </message>
    <message>
        <source>本机的角色不能做这件事(只有镇中心或市级中心的电脑可以)</source>
        <translation>This PC&apos;s role cannot do this (only the PCs of the town centre or the city centre can)</translation>
    </message>
    <message>
        <source>这条记录属于其他村或乡镇, 本机不能上传或下载它</source>
        <translation>This record belongs to another village or town: this PC cannot upload or download it</translation>
    </message>
    <message>
        <source>这个离线同步包属于其他乡镇的村, 不能在本镇导入; 没有任何数据改变</source>
        <translation>This offline sync bundle belongs to a village of another town and cannot be imported here; no data was changed</translation>
    </message>
    <message>
        <source>这个离线同步包已经导入过(或比已导入的更旧), 没有再次导入</source>
        <translation type="vanished">This offline sync bundle has been imported already (or is older than one imported): it was not imported again</translation>
    </message>
    <message>
        <source>离线同步包已损坏或不完整, 没有导入: 请让村里重新导出</source>
        <translation>The offline sync bundle is damaged or incomplete and was not imported: please have the village export it again</translation>
    </message>
    <message>
        <source>本设备上传的事件超过了服务器每天的限额, 数据仍保存在本机: 请稍后再同步; 确有大量补录请联系镇中心管理员</source>
        <translation>This device has uploaded more events than the server takes in a day; the data is still on this PC: please sync later; for a large backlog contact the town centre&apos;s administrator</translation>
    </message>
    <message>
        <source>附件超过了服务器的限额或服务器磁盘空间不足, 附件仍保存在本机, 未上传: 请联系镇中心管理员</source>
        <translation>The attachment exceeds the server&apos;s quota or the server&apos;s disk is short of space; the attachment is still on this PC, not uploaded: please contact the town centre&apos;s administrator</translation>
    </message>
    <message>
        <source>服务器正在处理本设备的另一次同步或上传: 请等它结束后再试</source>
        <translation>The server is busy with another sync or upload of this device: please wait until it finishes and try again</translation>
    </message>
    <message>
        <source>附件的续传位置与服务器不符: 下次同步时重新传输</source>
        <translation>The attachment&apos;s resume position does not match the server&apos;s: it is sent again at the next sync</translation>
    </message>
    <message>
        <source>附件传到服务器后校验失败, 已丢弃: 下次同步时重新上传</source>
        <translation>The attachment failed its check on the server and was discarded: it is uploaded again at the next sync</translation>
    </message>
    <message>
        <source>服务器尚未收到登记此附件的事件: 请先同步事件, 附件将在下次同步时上传</source>
        <translation>The server has not yet received the event that records this attachment: sync the events first; the attachment is uploaded at the next sync</translation>
    </message>
    <message>
        <source>服务器尚无此附件(可能尚未上传完成)</source>
        <translation>The server does not have this attachment yet (its upload may not be finished)</translation>
    </message>
    <message>
        <source>镇中心服务器没有配置附件存储, 附件仍保存在本机: 请联系镇中心管理员</source>
        <translation>The town centre&apos;s server has no attachment storage configured; the attachment is still on this PC: please contact the town centre&apos;s administrator</translation>
    </message>
    <message>
        <source>注册码无效、已用过或已过期, 请向镇中心管理员索取新的注册码</source>
        <translation>The enrollment code is invalid, used or expired: please ask the town centre&apos;s administrator for a new one</translation>
    </message>
    <message>
        <source>本机原来的设备在镇中心仍在使用或已被接替: 请镇中心先注销原电脑, 再用同一注册码重试</source>
        <translation>This PC&apos;s former device is still in use at the town centre or has been taken over: have the town centre retire the old PC, then retry with the same code</translation>
    </message>
    <message>
        <source>本村已登记的电脑过多: 请镇中心先注销不用的电脑, 再用同一注册码重试</source>
        <translation>This village has too many PCs enrolled: have the town centre retire the PCs not in use, then retry with the same code</translation>
    </message>
    <message>
        <source>这条记录的格式不对, 服务器不收: 请升级本机的 VillageDesk</source>
        <translation>This record&apos;s format is wrong and the server does not take it: please upgrade VillageDesk on this PC</translation>
    </message>
    <message>
        <source>这条记录的内容不符合规则, 服务器不收</source>
        <translation>This record&apos;s content breaks the rules and the server does not take it</translation>
    </message>
    <message>
        <source>这条记录的时间不对, 服务器不收: 请检查电脑时钟</source>
        <translation>This record&apos;s time is wrong and the server does not take it: please check the PC&apos;s clock</translation>
    </message>
    <message>
        <source>服务器上没有这个办件(或其登记尚未同步)</source>
        <translation>The server has no such case (or its registration has not been synced yet)</translation>
    </message>
    <message>
        <source>该办件已经登记过, 不能重复登记</source>
        <translation>This case has already been registered: it cannot be registered twice</translation>
    </message>
    <message>
        <source>办件在服务器上的状态不允许这一步</source>
        <translation>The case&apos;s state on the server does not allow this step</translation>
    </message>
    <message>
        <source>请求过于频繁, 请稍后再点「重试」</source>
        <translation>Too many requests: wait a little, then click “Retry”</translation>
    </message>
    <message>
        <source>服务器证书与注册时记录的不一致, 已拒绝连接(可能被冒充)。请联系镇中心管理员，确认后重新注册本机</source>
        <translation>The server&apos;s certificate is not the one recorded at enrollment; the connection was refused (the server may be impersonated). Ask the town centre&apos;s administrator, then enroll this PC again</translation>
    </message>
    <message>
        <source>上传暂停: 服务器暂不接收本设备的上传, 下载照常; 请稍后再同步</source>
        <translation>Uploads paused: the server takes no uploads from this device for now; downloads go on. Sync again later</translation>
    </message>
    <message>
        <source>本月附件流量已用 %1, 达到每月上限 %2; 其余附件下月继续传输(可在设置中调整上限)</source>
        <translation>Attachment traffic this month: %1, the monthly limit of %2 is reached; the other attachments move next month (the limit can be changed in Settings)</translation>
    </message>
    <message>
        <source>本次同步的附件流量已达上限 %1; 其余附件在下次同步时继续传输</source>
        <translation>This sync reached its attachment traffic limit of %1; the other attachments move at the next sync</translation>
    </message>
    <message>
        <source>本机附件文件已损坏, 未上传: %1</source>
        <translation>The attachment file on this PC is damaged and was not uploaded: %1</translation>
    </message>
    <message>
        <source>本机附件文件丢失: %1</source>
        <translation>The attachment file is missing on this PC: %1</translation>
    </message>
    <message>
        <source>本机附件文件不完整: %1</source>
        <translation>The attachment file on this PC is incomplete: %1</translation>
    </message>
    <message>
        <source>附件 %1 被服务器拒绝</source>
        <translation>The server refused the attachment %1</translation>
    </message>
    <message>
        <source>附件上传暂停: 服务器暂不接收本设备的附件, 未上传的附件仍保存在本机, 稍后同步时再传</source>
        <translation>Attachment uploads paused: the server takes no attachments from this device for now; the ones not uploaded stay on this PC and go at a later sync</translation>
    </message>
    <message>
        <source>下载的附件 %1 校验失败, 已丢弃, 下次重新下载</source>
        <translation>The downloaded attachment %1 failed its check and was discarded; it is downloaded again next time</translation>
    </message>
    <message>
        <source>附件 %1 的未完成下载比原件还长, 已丢弃, 下次重新下载</source>
        <translation>The unfinished download of the attachment %1 was longer than the file and was discarded; it is downloaded again next time</translation>
    </message>
    <message>
        <source>部分附件尚未上传到服务器, 下次同步再取</source>
        <translation>Some attachments are not on the server yet; they are fetched at a later sync</translation>
    </message>
    <message>
        <source>附件 %1 下载被服务器拒绝</source>
        <translation>The server refused the download of the attachment %1</translation>
    </message>
    <message>
        <source>服务器不支持附件同步, 请升级镇中心服务器</source>
        <translation>The server does not sync attachments: the town center server needs an upgrade</translation>
    </message>
    <message>
        <source>服务器暂时无法保存附件, 附件仍保存在本机, 下次同步再传</source>
        <translation>The server cannot store attachments for now; they stay on this PC and go at the next sync</translation>
    </message>
    <message>
        <source>%1 分钟</source>
        <translation>%1 minutes</translation>
    </message>
    <message>
        <source>%1 小时</source>
        <translation>%1 hours</translation>
    </message>
    <message>
        <source>%1 天</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>本机时钟比镇中心服务器快 %1: 请校准电脑时间(设为自动与网络时间同步), 否则登记日期和办理期限会按本机错误的日期计算</source>
        <translation>This PC&apos;s clock is %1 ahead of the town server: please set the PC&apos;s time right (let it synchronise with internet time automatically), or registration dates and time limits will be counted from this PC&apos;s wrong date</translation>
    </message>
    <message>
        <source>本机时钟比镇中心服务器慢 %1: 请校准电脑时间(设为自动与网络时间同步), 否则登记日期和办理期限会按本机错误的日期计算</source>
        <translation>This PC&apos;s clock is %1 behind the town server: please set the PC&apos;s time right (let it synchronise with internet time automatically), or registration dates and time limits will be counted from this PC&apos;s wrong date</translation>
    </message>
    <message>
        <source>%1 条记录的时间因本机时钟偏快超过一天, 已按镇中心时间重新标记并上传</source>
        <translation>%1 records were stamped again on the town server&apos;s time and uploaded: this PC&apos;s clock ran more than a day fast</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>村级便民代办台</source>
        <translation>VillageDesk</translation>
    </message>
</context>
<context>
    <name>ApplicantFields</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>村民小组</source>
        <translation>Villager group</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>出生日期 %1  性别 %2</source>
        <translation>Born %1  Sex %2</translation>
    </message>
</context>
<context>
    <name>AppointmentsPage</name>
    <message>
        <source>登记预约</source>
        <translation>Book appointment</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>新预约(周末、法定节假日)</source>
        <translation>New appointment (weekends and public holidays)</translation>
    </message>
    <message>
        <source>到访登记</source>
        <translation>Register arrival</translation>
    </message>
    <message>
        <source>取消预约</source>
        <translation>Cancel appointment</translation>
    </message>
    <message>
        <source>登记爽约</source>
        <translation>Record a no-show</translation>
    </message>
    <message>
        <source>本镇各村的公休日预约随同步显示在这里; 预约由各村登记</source>
        <translation>The rest-day bookings of the town&apos;s villages appear here after sync; each village books its own</translation>
    </message>
    <message>
        <source>已预约: %1 %2</source>
        <translation>Booked: %1 %2</translation>
    </message>
    <message>
        <source>请先选择一条未到访的预约</source>
        <translation>Select an appointment that has not arrived yet</translation>
    </message>
    <message>
        <source>请先选择一条预约</source>
        <translation>Select an appointment first</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>办件编号(可空)</source>
        <translation>Case number (optional)</translation>
    </message>
    <message>
        <source>村里电脑的名称(可空)</source>
        <translation type="vanished">Village PC name (optional)</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>电脑</source>
        <translation>PC</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>详情</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>镇中心判定</source>
        <translation>Town&apos;s verdict</translation>
    </message>
    <message>
        <source>输入办件编号或电脑名称后点「查询」; 都不填则列出最新的留痕</source>
        <translation>Enter a case number or a PC name and press Search; with neither, the newest entries are listed</translation>
    </message>
    <message>
        <source>村里电脑的留痕</source>
        <translation type="vanished">Audit trails of the village PCs</translation>
    </message>
    <message>
        <source>正在向镇中心服务器查询…</source>
        <translation>Asking the town server…</translation>
    </message>
    <message>
        <source>未采信: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>已核验</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source> (镇中心先收到的版本; 本机后来送来的与此不同)</source>
        <translation> (the version the town received first; the PC later sent a different one)</translation>
    </message>
    <message>
        <source>⚠ 与镇中心先收到的版本不同(本机留痕被改写, 或恢复过备份): 以镇中心先收到的为准</source>
        <translation>⚠ Differs from the version the town received first (the PC&apos;s trail was rewritten, or a backup restored): the town&apos;s first version stands</translation>
    </message>
    <message>
        <source> (已被本机替换, 可能恢复过备份)</source>
        <translation type="vanished"> (replaced by the PC, perhaps a restored backup)</translation>
    </message>
    <message>
        <source>电脑名称: 村里的电脑或镇中心本机(可空)</source>
        <translation>PC name: a village PC or this town PC (optional)</translation>
    </message>
    <message>
        <source>留痕: 村里的电脑和镇中心本机</source>
        <translation>Audit trails: the village PCs and this town PC</translation>
    </message>
    <message>
        <source>共 %1 条(最新的在前)</source>
        <translation>%1 entries (newest first)</translation>
    </message>
    <message>
        <source>未知账号 %1</source>
        <translation>Unknown account %1</translation>
    </message>
    <message>
        <source>代办员</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>镇中心工作人员</source>
        <translation>Town center staff</translation>
    </message>
    <message>
        <source>市级中心工作人员</source>
        <translation>City center staff</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>本机尚未注册到镇中心服务器</source>
        <translation>This PC is not enrolled with the town server yet</translation>
    </message>
    <message>
        <source>镇中心服务器拒绝: %1</source>
        <translation>The town server refused: %1</translation>
    </message>
    <message>
        <source>连不上镇中心服务器, 请检查网络后重试</source>
        <translation>Cannot reach the town server; check the network and try again</translation>
    </message>
    <message>
        <source>查询失败, 详情已写入日志</source>
        <translation>The search failed; details are in the log</translation>
    </message>
</context>
<context>
    <name>BackupBox</name>
    <message>
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <source>立即备份(含附件)</source>
        <translation>Back up now (with attachments)</translation>
    </message>
    <message>
        <source>恢复: 关闭本程序后运行 villagedesk restore 备份文件</source>
        <translation type="vanished">To restore: close this program, then run villagedesk restore BACKUP-FILE</translation>
    </message>
    <message>
        <source>备份保存在: %1</source>
        <translation>Backups are kept in: %1</translation>
    </message>
    <message>
        <source>恢复: 用所选备份替换本机现有的全部数据。替换前, 本机当前的数据会自动另存为一份安全副本(在备份文件夹里), 备份之后新登记的办件也留在这份安全副本里。恢复时请先关闭本程序, 再运行 villagedesk restore 备份文件</source>
        <translation>Restore: replaces all the data on this PC with the chosen backup. Before that, the current data is kept automatically as a safety copy (in the backup folder), and cases registered after the backup stay in that safety copy. To restore, close this program first, then run villagedesk restore BACKUP-FILE</translation>
    </message>
    <message>
        <source>第二备份文件夹(U 盘或另一块硬盘), 可不填</source>
        <translation>Second backup folder (USB stick or another disk), optional</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>第二备份文件夹</source>
        <translation>Second backup folder</translation>
    </message>
    <message>
        <source>第二备份文件夹已保存</source>
        <translation>Second backup folder saved</translation>
    </message>
    <message>
        <source>不再复制到第二个文件夹</source>
        <translation>Backups are no longer copied to a second folder</translation>
    </message>
    <message>
        <source>%1   %2 件办件   %3</source>
        <translation>%1   %2 cases   %3</translation>
    </message>
    <message>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>已备份到 %1</source>
        <translation>Backed up to %1</translation>
    </message>
    <message>
        <source>, 并已复制到 %1(已校验)</source>
        <translation>, and copied to %1 (checked)</translation>
    </message>
    <message>
        <source>备份已完成(%1), 但未复制到第二备份文件夹: %2</source>
        <translation>Backup made (%1), but not copied to the second backup folder: %2</translation>
    </message>
    <message>
        <source>备份失败: %1</source>
        <translation>Backup failed: %1</translation>
    </message>
</context>
<context>
    <name>BundleBox</name>
    <message>
        <source>离线同步包(U 盘)</source>
        <translation>Offline sync bundles (USB stick)</translation>
    </message>
    <message>
        <source>导出同步包…</source>
        <translation>Export sync bundle…</translation>
    </message>
    <message>
        <source>导入回执包…</source>
        <translation>Import acknowledgement…</translation>
    </message>
    <message>
        <source>导入村同步包…</source>
        <translation>Import a village&apos;s bundle…</translation>
    </message>
    <message>
        <source>村里没有网络时, 代办员把同步包拷到 U 盘带来: 在这里导入, 再把回执包拷回村里导入。</source>
        <translation>When a village has no link, its agent brings the sync bundle on a USB stick: import it here, then copy the acknowledgement back for the village to import.</translation>
    </message>
    <message>
        <source>没有网络时: 导出同步包拷到 U 盘带到镇中心导入, 再把镇中心给的回执包导入本机。</source>
        <translation>Without a link: export a sync bundle to a USB stick, have the town center import it, then import the acknowledgement it gives you here.</translation>
    </message>
    <message>
        <source>离线同步包 (*.vdb);;所有文件 (*)</source>
        <translation>Sync bundles (*.vdb);;All files (*)</translation>
    </message>
    <message>
        <source>导出同步包到</source>
        <translation>Export the sync bundle to</translation>
    </message>
    <message>
        <source>正在导出同步包…</source>
        <translation>Exporting the sync bundle…</translation>
    </message>
    <message>
        <source>已导出第 %1 号同步包: %2 条待同步记录, %3。请拷到镇中心导入, 再把回执包拷回本机导入。</source>
        <translation>Exported sync bundle no. %1: %2 records waiting, %3. Take it to the town center, then import the acknowledgement here.</translation>
    </message>
    <message>
        <source>导出失败: %1</source>
        <translation>Export failed: %1</translation>
    </message>
    <message>
        <source>选择镇中心给的回执包</source>
        <translation>Choose the acknowledgement from the town center</translation>
    </message>
    <message>
        <source>正在导入回执包…</source>
        <translation>Importing the acknowledgement…</translation>
    </message>
    <message>
        <source>已导入第 %1 号回执包: 确认上传 %2 条, 被拒 %3 条, 收到 %4 条。</source>
        <translation>Imported acknowledgement no. %1: %2 uploads confirmed, %3 refused, %4 received.</translation>
    </message>
    <message>
        <source>带回附件 %1 个。</source>
        <translation> %1 attachment(s) brought back.</translation>
    </message>
    <message>
        <source>未保存的附件: %1。</source>
        <translation> Attachments not saved: %1.</translation>
    </message>
    <message>
        <source>镇中心还有更多数据, 请再导出一次同步包带去。</source>
        <translation>The town center has more data: export another bundle and take it there.</translation>
    </message>
    <message>
        <source>回执包未导入, 本机数据没有任何改动: %1</source>
        <translation>Acknowledgement not imported, nothing on this PC was changed: %1</translation>
    </message>
    <message>
        <source>选择村里导出的同步包</source>
        <translation>Choose the bundle the village exported</translation>
    </message>
    <message>
        <source>回执包保存到(拷回村里导入)</source>
        <translation>Save the acknowledgement to (for the village to import)</translation>
    </message>
    <message>
        <source>正在上传同步包到镇中心服务器…</source>
        <translation>Uploading the bundle to the town server…</translation>
    </message>
    <message>
        <source>村 %1</source>
        <translation>village %1</translation>
    </message>
    <message>
        <source>已导入 %1 的第 %2 号同步包: 共 %3 条, 新收 %4 条, 重复 %5 条, 被拒 %6 条。</source>
        <translation>Imported bundle no. %2 of %1: %3 records, %4 new, %5 duplicates, %6 refused.</translation>
    </message>
    <message>
        <source>附件收到 %1 个, 未收 %2 个(分区不符或内容损坏)。</source>
        <translation>Attachments stored: %1; refused: %2 (another village&apos;s, or damaged). </translation>
    </message>
    <message>
        <source>附件收到 %1 个。</source>
        <translation>Attachments stored: %1. </translation>
    </message>
    <message>
        <source>附件收到 %1 个, 未收 %2 个。</source>
        <translation type="vanished">Attachments stored: %1, refused: %2. </translation>
    </message>
    <message>
        <source>回执包(带回 %1 条)已保存, 请拷回村里导入。</source>
        <translation>The acknowledgement (carrying %1 records back) is saved: copy it back for the village to import.</translation>
    </message>
    <message>
        <source>回执包带回附件 %1 个, 另有 %2 个下次带回。</source>
        <translation> The acknowledgement carries %1 attachments back; %2 more go in the next one.</translation>
    </message>
    <message>
        <source>镇中心还有更多数据, 村里下次导出后再来导入。</source>
        <translation>The town center has more data for the village: import its next bundle too.</translation>
    </message>
    <message>
        <source>另选回执包保存位置</source>
        <translation>Choose another place for the acknowledgement</translation>
    </message>
    <message>
        <source>同步包未导入: %1</source>
        <translation>Bundle not imported: %1</translation>
    </message>
    <message>
        <source>正在保存回执包…</source>
        <translation>Saving the acknowledgement…</translation>
    </message>
</context>
<context>
    <name>BusyLabel</name>
    <message>
        <source>正在计算, 请稍候…</source>
        <translation>Computing, please wait…</translation>
    </message>
</context>
<context>
    <name>BusyNotice</name>
    <message>
        <source>该档案正被另一个 VillageDesk 使用(进程 %1, 计算机 %2, 自 %3 起): 请先关闭它。</source>
        <translation type="vanished">This profile is in use by another VillageDesk (process %1, computer %2, since %3): close it first.</translation>
    </message>
    <message>
        <source>VillageDesk 已在运行</source>
        <translation type="vanished">VillageDesk is already running</translation>
    </message>
    <message>
        <source>该档案正被另一个村级便民代办台窗口使用(进程 %1, 计算机 %2, 自 %3 起): 请先关闭它。</source>
        <translation>This profile is in use by another VillageDesk window (process %1, computer %2, since %3): close it first.</translation>
    </message>
    <message>
        <source>村级便民代办台已在运行</source>
        <translation>VillageDesk is already running</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>CaseWords</name>
    <message>
        <source>已收</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>缺少</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>容缺后补</source>
        <translation>To follow (accepted for now)</translation>
    </message>
    <message>
        <source>未核对</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>收件代办</source>
        <translation>Receive on behalf</translation>
    </message>
    <message>
        <source>直办</source>
        <translation>Handled directly</translation>
    </message>
    <message>
        <source>协办</source>
        <translation>Assist</translation>
    </message>
    <message>
        <source>导办</source>
        <translation>Guide</translation>
    </message>
    <message>
        <source>必需</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>特定情形</source>
        <translation>In certain cases</translation>
    </message>
    <message>
        <source>证照代办</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <source>民政救助</source>
        <translation>Civil affairs aid</translation>
    </message>
    <message>
        <source>劳动保障</source>
        <translation>Labour and social security</translation>
    </message>
    <message>
        <source>计生服务</source>
        <translation>Family planning</translation>
    </message>
    <message>
        <source>综治维稳</source>
        <translation>Public order</translation>
    </message>
    <message>
        <source>党建群团</source>
        <translation>Party and mass organisations</translation>
    </message>
    <message>
        <source>民事调解</source>
        <translation>Civil mediation</translation>
    </message>
    <message>
        <source>咨询指南</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <source>致富发展</source>
        <translation>Prosperity and development</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>At the desk</translation>
    </message>
    <message>
        <source>上门</source>
        <translation>Home visit</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>By phone</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>By appointment</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>邻里纠纷</source>
        <translation>Neighbour dispute</translation>
    </message>
    <message>
        <source>婚姻家庭</source>
        <translation>Marriage and family</translation>
    </message>
    <message>
        <source>土地承包</source>
        <translation>Land contract</translation>
    </message>
    <message>
        <source>宅基地</source>
        <translation>Homestead land</translation>
    </message>
    <message>
        <source>赡养抚养</source>
        <translation>Support and upbringing</translation>
    </message>
    <message>
        <source>损害赔偿</source>
        <translation>Damages</translation>
    </message>
    <message>
        <source>劳务纠纷</source>
        <translation>Labour dispute</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>达成调解协议</source>
        <translation>Agreement reached</translation>
    </message>
    <message>
        <source>未达成协议</source>
        <translation>No agreement</translation>
    </message>
    <message>
        <source>移交处理</source>
        <translation>Referred on</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>窗口评价器</source>
        <translation>Desk rating pad</translation>
    </message>
    <message>
        <source>短信</source>
        <translation>Text message</translation>
    </message>
    <message>
        <source>扫码</source>
        <translation>QR code</translation>
    </message>
    <message>
        <source>电话回访</source>
        <translation>Phone follow-up</translation>
    </message>
    <message>
        <source>网上/APP</source>
        <translation>Online / app</translation>
    </message>
    <message>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>镇</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>市</source>
        <translation>City</translation>
    </message>
    <message>
        <source>原件</source>
        <translation>original</translation>
    </message>
    <message>
        <source>复印件</source>
        <translation>copy</translation>
    </message>
    <message>
        <source>群众本人</source>
        <translation>The villager</translation>
    </message>
    <message>
        <source>村代办员</source>
        <translation>Village agent</translation>
    </message>
    <message>
        <source>镇中心</source>
        <translation>Town center</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>姓名(两个字即可)、办件编号、身份证号末四位或拼音首字母</source>
        <translation>Name (two characters are enough), case number, last 4 ID digits or pinyin initials</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>全部村</source>
        <translation>All villages</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>仅逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>登记日期: %1</source>
        <translation>Registered: %1</translation>
    </message>
    <message>
        <source>登记日期的起始日 %1 晚于截止日 %2, 请改正</source>
        <translation>The registration date from %1 is after the date to %2; please correct it</translation>
    </message>
    <message>
        <source>没有身份证号以「%1」结尾的办件: 按身份证号查找请输入号码的最后几位(至少末4位, 如 0516), 号码中间的数字(如出生日期)查不到</source>
        <translation>No case has an ID number ending in “%1”: to search by ID number, type its last digits (at least the last 4, e.g. 0516); digits from the middle of the number (such as the birth date) are not searched</translation>
    </message>
    <message>
        <source>没有找到「%1」: 可输入姓名(两个字即可)、办件编号、身份证号末四位或拼音首字母</source>
        <translation>Nothing found for “%1”: type a name (two characters are enough), a case number, the last 4 digits of an ID number or pinyin initials</translation>
    </message>
    <message>
        <source>仅超期</source>
        <translation type="vanished">Overdue only</translation>
    </message>
    <message>
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>从表格导入…</source>
        <translation>Import from spreadsheet…</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation type="vanished">Counting…</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 件</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CatalogPage</name>
    <message>
        <source>事项名称或编码</source>
        <translation>Item name or code</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>没有符合条件的事项</source>
        <translation>No matching items</translation>
    </message>
    <message>
        <source>类别: %1</source>
        <translation>Category: %1</translation>
    </message>
    <message>
        <source>主管部门: %1</source>
        <translation>Department: %1</translation>
    </message>
    <message>
        <source>办结层级: %1</source>
        <translation>Decided at: %1</translation>
    </message>
    <message>
        <source>村级职责: %1</source>
        <translation>Village role: %1</translation>
    </message>
    <message>
        <source>类别: %1    主管部门: %2</source>
        <translation type="vanished">Category: %1    Department: %2</translation>
    </message>
    <message>
        <source>办结层级: %1    村级职责: %2</source>
        <translation type="vanished">Decided at: %1    Village role: %2</translation>
    </message>
    <message>
        <source>特别程序: %1</source>
        <translation>Special procedures: %1</translation>
    </message>
    <message>
        <source>须本人到场</source>
        <translation>Applicant must come in person</translation>
    </message>
</context>
<context>
    <name>CityInboxPage</name>
    <message>
        <source>全部乡镇</source>
        <translation>All towns</translation>
    </message>
    <message>
        <source>待市级办理</source>
        <translation>Waiting for the city</translation>
    </message>
    <message>
        <source>乡镇</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>市级收件箱</source>
        <translation>City inbox</translation>
    </message>
    <message>
        <source>各镇转报的市级事项: 逾期的排在最前, 其余按到期先后</source>
        <translation>City-level cases forwarded by the towns: overdue first, then by due date</translation>
    </message>
    <message>
        <source>共 %1 件, 其中逾期 %2 件</source>
        <translation>%1 cases, %2 overdue</translation>
    </message>
    <message>
        <source>各镇转报的市级事项: 超期的排在最前, 其余按到期先后</source>
        <translation type="vanished">City-level cases forwarded by the towns: overdue first, then by due date</translation>
    </message>
    <message>
        <source>共 %1 件, 其中超期 %2 件</source>
        <translation type="vanished">%1 cases, %2 overdue</translation>
    </message>
    <message>
        <source>; 列出最急的 %1 件, 其余请按乡镇或状态筛选</source>
        <translation>; the %1 most urgent are listed, filter by town or state for the rest</translation>
    </message>
</context>
<context>
    <name>CityOverviewPage</name>
    <message>
        <source>全市各镇</source>
        <translation>All towns of the city</translation>
    </message>
    <message>
        <source>乡镇/村</source>
        <translation>Town / village</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>待市级办理</source>
        <translation>Waiting for the city</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>市级事项 %1 件, 待市级办理 %2 件, 逾期 %3 件</source>
        <translation>%1 city-level cases, %2 waiting for the city, %3 overdue</translation>
    </message>
    <message>
        <source>超期</source>
        <translation type="vanished">Overdue</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>全市概览</source>
        <translation>City overview</translation>
    </message>
    <message>
        <source>市级事项 %1 件, 待市级办理 %2 件, 超期 %3 件</source>
        <translation type="vanished">%1 city-level cases, %2 waiting for the city, %3 overdue</translation>
    </message>
</context>
<context>
    <name>CityRatingPage</name>
    <message>
        <source>全市各镇</source>
        <translation>All towns of the city</translation>
    </message>
    <message>
        <source>乡镇</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>左侧所选的村(社区)</source>
        <translation>The village selected on the left</translation>
    </message>
    <message>
        <source>督查对象</source>
        <translation>Inspected unit</translation>
    </message>
    <message>
        <source>督查随同步送达被督查的村或乡镇: 村在「考评督查」、乡镇在「市级督查」页填报整改, 同步后显示在上表</source>
        <translation>Inspections reach the inspected village or town by sync: a village reports its fix on its &quot;Ratings and inspections&quot; page, a town on its &quot;City inspections&quot; page; shown in the table above after sync</translation>
    </message>
    <message>
        <source>(乡镇便民服务中心)</source>
        <translation> (town service center)</translation>
    </message>
</context>
<context>
    <name>Confirm</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>「%1」的办件 %2</source>
        <translation>%1&apos;s case %2</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>已超期</source>
        <translation type="vanished">Overdue</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>待补材料</source>
        <translation type="vanished">Awaiting materials</translation>
    </message>
    <message>
        <source>镇中心退回</source>
        <translation type="vanished">Returned by the town</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>报送超期</source>
        <translation>Submission overdue</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>通知公告</source>
        <translation>Notices</translation>
    </message>
    <message>
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <source>待同步办件 %1 件 (%2 条记录)</source>
        <translation>%1 cases waiting to sync (%2 records)</translation>
    </message>
    <message>
        <source>上次同步: %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <source>被服务器拒收 %1 条, 请检查</source>
        <translation>%1 records refused by the server, please check</translation>
    </message>
    <message>
        <source>暂无通知</source>
        <translation>No notices</translation>
    </message>
    <message>
        <source>%1 同步成功</source>
        <translation>%1 synced</translation>
    </message>
    <message>
        <source>%1 同步已取消(已完成的部分已保存)</source>
        <translation>%1 sync cancelled (what was done is kept)</translation>
    </message>
    <message>
        <source>%1 同步未完成: %2</source>
        <translation>%1 sync not finished: %2</translation>
    </message>
    <message>
        <source>未知原因</source>
        <translation>unknown reason</translation>
    </message>
    <message>
        <source>%1 年节假日安排尚未确认(镇中心未公布): 落在该年的到期日为预计日期, 公布后自动重算</source>
        <translation>The %1 holiday schedule is not confirmed yet (the town has not published it): due dates in that year are provisional and are recomputed once it is published</translation>
    </message>
    <message>
        <source> 等 %1 件</source>
        <translation> and more (%1 in all)</translation>
    </message>
    <message>
        <source>已按镇中心公布的 %1 年节假日安排重算到期日, %2 件有变动: %3</source>
        <translation>Due dates recomputed with the %1 holiday schedule the town published; %2 cases changed: %3</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>日期不存在, 请重新输入</source>
        <translation>No such date; please type it again</translation>
    </message>
    <message>
        <source>可直接输入, 如 20261103 或 2026-11-03; 或点右侧箭头在日历中选择</source>
        <translation>Type the date, e.g. 20261103 or 2026-11-03, or pick it in the calendar (the arrow on the right)</translation>
    </message>
</context>
<context>
    <name>DetailPage</name>
    <message>
        <source>← 返回列表</source>
        <translation>← Back to list</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>收取</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>原件保管</source>
        <translation>Originals held by</translation>
    </message>
    <message>
        <source>新附件对应的材料</source>
        <translation>The material a new attachment belongs to</translation>
    </message>
    <message>
        <source>添加附件…</source>
        <translation>Add attachment…</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>用本机的看图或 PDF 程序打开选中的附件</source>
        <translation>Open the chosen attachment with this PC&apos;s picture or PDF viewer</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>把选中的附件从办件上移除 (记入办理过程, 同步到镇中心)</source>
        <translation>Take the chosen attachment off the case (recorded in the timeline, synced to the town)</translation>
    </message>
    <message>
        <source>办理</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>材料与原件保管</source>
        <translation>Materials and originals</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>办理过程</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>联办事项:</source>
        <translation>Items of this bundle:</translation>
    </message>
    <message>
        <source>%1级事项</source>
        <translation>%1-level item</translation>
    </message>
    <message>
        <source>, 随联办件由%1级决定</source>
        <translation>, decided with the bundle at %1 level</translation>
    </message>
    <message>
        <source>层级未知</source>
        <translation>level unknown</translation>
    </message>
    <message>
        <source>已转报%1级, 待一并决定</source>
        <translation>forwarded to %1 level, to be decided together</translation>
    </message>
    <message>
        <source>已报送%1级, 待一并决定</source>
        <translation>submitted to %1 level, to be decided together</translation>
    </message>
    <message>
        <source>同步: 被服务器拒收 — %1</source>
        <translation>Sync: refused by the server — %1</translation>
    </message>
    <message>
        <source>同步: 待同步 (%1 条记录未发送)</source>
        <translation>Sync: waiting (%1 records not sent)</translation>
    </message>
    <message>
        <source>同步: 已同步</source>
        <translation>Sync: synced</translation>
    </message>
    <message>
        <source>有记录被删除, 办理过程不完整、不可信</source>
        <translation>A record was deleted: the history is incomplete and not to be trusted</translation>
    </message>
    <message>
        <source>状态: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>缺少: %1</source>
        <translation>Missing: %1</translation>
    </message>
    <message>
        <source>已补: %1</source>
        <translation>Supplied: %1</translation>
    </message>
    <message>
        <source> (被服务器拒收)</source>
        <translation> (refused by the server)</translation>
    </message>
    <message>
        <source> (记录被改动, 不可信)</source>
        <translation> (record altered, not to be trusted)</translation>
    </message>
    <message>
        <source>附件还没有从镇中心下载到本机, 请先同步</source>
        <translation>This attachment is not on this PC yet (not downloaded from the town): sync first</translation>
    </message>
    <message>
        <source>PDF 无法在此预览, 请点「打开」用本机的 PDF 程序查看</source>
        <translation>A PDF cannot be previewed here: click “Open” to view it with this PC&apos;s PDF program</translation>
    </message>
    <message>
        <source>无法预览, 请点「打开」</source>
        <translation>No preview: click “Open”</translation>
    </message>
    <message>
        <source>本机没有能打开这种文件的程序</source>
        <translation>No program on this PC can open this kind of file</translation>
    </message>
    <message>
        <source>从%1移除附件「%2」?</source>
        <translation>Remove the attachment “%2” from %1?</translation>
    </message>
    <message>
        <source>移除附件</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <source>移除会记入办理过程并同步到镇中心; 文件本身保留在本机的附件库中。</source>
        <translation>The removal is recorded in the timeline and synced to the town; the file itself stays in this PC&apos;s attachment store.</translation>
    </message>
    <message>
        <source>存在冲突</source>
        <translation>In conflict</translation>
    </message>
    <message>
        <source>材料补齐之日起计算</source>
        <translation type="vanished">Counted from the day the materials are complete</translation>
    </message>
    <message>
        <source>到期日: %1 %2</source>
        <translation>Due: %1 %2</translation>
    </message>
    <message>
        <source>其中市级用时 %1 个工作日</source>
        <translation>of which %1 working days at the city</translation>
    </message>
    <message>
        <source>尚缺材料: </source>
        <translation>Still missing: </translation>
    </message>
    <message>
        <source> (待同步)</source>
        <translation> (not synced)</translation>
    </message>
    <message>
        <source>(未下载)</source>
        <translation>(not downloaded)</translation>
    </message>
    <message>
        <source>(不对应具体材料)</source>
        <translation>(no particular material)</translation>
    </message>
    <message>
        <source>对%1执行「%2」?</source>
        <translation>&quot;%2&quot; on %1?</translation>
    </message>
    <message>
        <source>此步骤之后办件不能再按原流程办理。</source>
        <translation>After this step the case cannot go on as before.</translation>
    </message>
    <message>
        <source>选择材料扫描件或照片</source>
        <translation>Choose a scan or photo of the material</translation>
    </message>
    <message>
        <source>图片或PDF (*.jpg *.jpeg *.png *.pdf);;所有文件 (*)</source>
        <translation>Images or PDF (*.jpg *.jpeg *.png *.pdf);;All files (*)</translation>
    </message>
</context>
<context>
    <name>EncryptDialog</name>
    <message>
        <source>加密本机数据</source>
        <translation>Encrypt this PC&apos;s data</translation>
    </message>
    <message>
        <source>加密后, 数据库、附件扫描件和备份都只能用本机代办员的登录密码(或恢复码)打开。加密前会先自动备份。每个账号会得到一个新的恢复码, 只显示这一次, 请打印或抄下交本人保管。加密完成后本程序会关闭, 请重新打开并用密码登录。</source>
        <translation>Once encrypted, the database, the attachment scans and the backups open only with the login password of an agent of this PC (or a recovery code). A backup is made first. Every account gets a new recovery code, shown only once: print it or write it down and give it to its owner. When the encryption is done the program closes: open it again and log in with your password.</translation>
    </message>
    <message>
        <source>开始加密</source>
        <translation>Encrypt</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已抄下恢复码, 关闭程序</source>
        <translation>I have the recovery codes: close the program</translation>
    </message>
    <message>
        <source>登录名</source>
        <translation>Login name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>请填写登录名和密码</source>
        <translation>Enter the login name and the password</translation>
    </message>
    <message>
        <source>正在与镇中心同步, 同步时不能加密。请等同步结束(或在「同步」页取消同步)后再点开始加密</source>
        <translation>A sync with the town center is running; the data cannot be encrypted while it syncs. Wait until the sync ends (or cancel it on the Sync page), then click Encrypt again</translation>
    </message>
    <message>
        <source>正在加密(先备份, 数据较多时需要几分钟), 请不要关闭程序…</source>
        <translation>Encrypting (a backup first; with much data this takes a few minutes). Do not close the program…</translation>
    </message>
    <message>
        <source>%1 的新恢复码: %2</source>
        <translation>New recovery code of %1: %2</translation>
    </message>
    <message>
        <source>以上恢复码只显示这一次, 旧恢复码已作废: 请打印或抄下交本人保管</source>
        <translation>These recovery codes are shown only once and the old ones no longer work: print them or write them down and give each to its owner</translation>
    </message>
    <message>
        <source>加密完成: %1 件办件、%2 个附件文件已加密。请抄下恢复码, 然后关闭程序并重新打开, 用密码登录。</source>
        <translation>Encrypted: %1 cases and %2 attachment files. Write down the recovery codes, then close the program, open it again and log in with your password.</translation>
    </message>
    <message>
        <source>加密没有完成, 数据库仍未加密(详情见日志): 请关闭其他 VillageDesk 程序后重试</source>
        <translation>The encryption did not finish and the database is still not encrypted (details in the log): close any other VillageDesk program and try again</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <source>注册到镇中心服务器</source>
        <translation>Enroll with the town server</translation>
    </message>
    <message>
        <source>管理员提供的一次性注册码</source>
        <translation>One-time code from the administrator</translation>
    </message>
    <message>
        <source>可选: 管理员提供的证书指纹</source>
        <translation>Optional: certificate fingerprint from the administrator</translation>
    </message>
    <message>
        <source>注册</source>
        <translation>Enroll</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>注册码</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <source>证书指纹</source>
        <translation>Certificate fingerprint</translation>
    </message>
    <message>
        <source>注册后, 本机的办件会自动与镇中心同步。</source>
        <translation>Once enrolled, this PC&apos;s cases sync with the town center automatically.</translation>
    </message>
    <message>
        <source>请填写服务器地址</source>
        <translation>Please enter the server address</translation>
    </message>
    <message>
        <source>请填写注册码</source>
        <translation>Please enter the enrollment code</translation>
    </message>
    <message>
        <source>正在连接服务器…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <source>注册成功</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>注册失败: %1</source>
        <translation>Enrollment failed: %1</translation>
    </message>
    <message>
        <source>本机原来的设备在镇中心仍在使用或已被接替: 请镇中心先注销原电脑, 再用同一注册码重试</source>
        <translation>This PC&apos;s old device is still in use at the town or was replaced: ask the town to revoke the old PC first, then try again with the same code</translation>
    </message>
    <message>
        <source>本村已登记的电脑过多: 请镇中心先注销不用的电脑, 再用同一注册码重试</source>
        <translation>The village has too many enrolled PCs: ask the town to revoke the ones no longer used, then try again with the same code</translation>
    </message>
    <message>
        <source>注册码无效、已用过或已过期, 请向镇中心管理员索取新的注册码</source>
        <translation>The code is invalid, used or expired; ask the town administrator for a new one</translation>
    </message>
    <message>
        <source>尝试次数过多, 请稍后再试</source>
        <translation type="vanished">Too many attempts, please try again later</translation>
    </message>
    <message>
        <source>服务器拒绝了请求(HTTP %1)</source>
        <translation type="vanished">The server refused the request (HTTP %1)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>此项不能为空</source>
        <translation>This cannot be empty</translation>
    </message>
    <message>
        <source>应为文字</source>
        <translation>Should be text</translation>
    </message>
    <message>
        <source>请列出全部缺少的材料(一次性告知)</source>
        <translation>List every missing document (told once)</translation>
    </message>
    <message>
        <source>请勾选群众补来的材料</source>
        <translation>Tick the documents the villager brought</translation>
    </message>
    <message>
        <source>材料应为名称的列表</source>
        <translation>The documents should be a list of names</translation>
    </message>
    <message>
        <source>每项材料都应为文字名称</source>
        <translation>Each document should be a name</translation>
    </message>
    <message>
        <source>委托书签署日期不能晚于今天</source>
        <translation>The mandate cannot be signed after today</translation>
    </message>
    <message>
        <source>延期天数应为 1-60 的整数</source>
        <translation>The extension is a whole number of days from 1 to 60</translation>
    </message>
    <message>
        <source>请选择差评是否属实</source>
        <translation>Choose whether the bad review is founded</translation>
    </message>
    <message>
        <source>请填写姓名</source>
        <translation>Enter the name</translation>
    </message>
    <message>
        <source>姓名至少两个字</source>
        <translation>A name has at least two characters</translation>
    </message>
    <message>
        <source>间隔号「·」只能在名字中间</source>
        <translation>The separator “·” can only stand inside a name</translation>
    </message>
    <message>
        <source>姓名中含有不可见的控制字符</source>
        <translation>The name holds invisible control characters</translation>
    </message>
    <message>
        <source>请填写联系电话</source>
        <translation>Enter a phone number</translation>
    </message>
    <message>
        <source>电话号码格式不对: 手机11位, 固话需带区号</source>
        <translation>The phone number is not valid: a mobile has 11 digits, a landline needs its area code</translation>
    </message>
    <message>
        <source>请选择特别程序</source>
        <translation>Choose the special procedure</translation>
    </message>
    <message>
        <source>请选择准予或不予</source>
        <translation>Choose approved or denied</translation>
    </message>
    <message>
        <source>请选择送达方式</source>
        <translation>Choose how the result is delivered</translation>
    </message>
    <message>
        <source>请选择调解结果</source>
        <translation>Choose the mediation&apos;s outcome</translation>
    </message>
    <message>
        <source>请选择原件现由谁保管</source>
        <translation>Choose who holds the original now</translation>
    </message>
    <message>
        <source>请选择评价等级</source>
        <translation>Choose the rating</translation>
    </message>
    <message>
        <source>请选择评价渠道</source>
        <translation>Choose how the review was given</translation>
    </message>
    <message>
        <source>还缺少: %1</source>
        <translation>Still missing: %1</translation>
    </message>
    <message>
        <source>内容过长(最多%1字)</source>
        <translation>Too long (at most %1 characters)</translation>
    </message>
    <message>
        <source>姓名过长(最多%1字)</source>
        <translation>The name is too long (at most %1 characters)</translation>
    </message>
    <message>
        <source>%1(整份名单都已签的, 导入时加 --mandate-signed)</source>
        <translation>%1 (when the whole roster has signed, tick that every villager signed a power of attorney)</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>case</translation>
    </message>
    <message>
        <source>进展报告</source>
        <translation>progress report</translation>
    </message>
    <message>
        <source>星级考评</source>
        <translation>star rating</translation>
    </message>
    <message>
        <source>督查</source>
        <translation>inspection</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>appointment</translation>
    </message>
    <message>
        <source>新建</source>
        <translation>new</translation>
    </message>
    <message>
        <source>代办员</source>
        <translation>agent</translation>
    </message>
    <message>
        <source>镇中心</source>
        <translation>town centre</translation>
    </message>
    <message>
        <source>市级中心</source>
        <translation>city centre</translation>
    </message>
    <message>
        <source>该角色</source>
        <translation>this role</translation>
    </message>
    <message>
        <source>(镇中心没有此事件)</source>
        <translation>(the town centre does not have this event)</translation>
    </message>
    <message>
        <source>HLC 时间戳格式错误</source>
        <translation>Malformed HLC timestamp</translation>
    </message>
    <message>
        <source>HLC 时间戳格式错误(应为 13 位毫秒-5 位计数-节点, 仅限 ASCII)</source>
        <translation>Malformed HLC timestamp (13-digit milliseconds-5-digit counter-node, ASCII only)</translation>
    </message>
    <message>
        <source>HLC 编码错误</source>
        <translation>Malformed HLC encoding</translation>
    </message>
    <message>
        <source>HTTPS 服务器需要注册时记录的证书指纹</source>
        <translation>An HTTPS server needs the certificate fingerprint recorded at enrollment</translation>
    </message>
    <message>
        <source>gzip 数据损坏</source>
        <translation>The gzip data is damaged</translation>
    </message>
    <message>
        <source>min_cases(参评最少办件数)应为 1 以上的整数</source>
        <translation>min_cases (fewest cases to be rated) must be a whole number of 1 or more</translation>
    </message>
    <message>
        <source>zstd 帧未声明解压后长度</source>
        <translation>The zstd frame does not declare its decompressed length</translation>
    </message>
    <message>
        <source>zstd 数据损坏</source>
        <translation>The zstd data is damaged</translation>
    </message>
    <message>
        <source>zstd 数据损坏或字典不符</source>
        <translation>The zstd data is damaged or the dictionary does not match</translation>
    </message>
    <message>
        <source>⚠ 与镇中心先收到的版本不同(本机留痕被改写, 或恢复过备份): 以镇中心先收到的为准</source>
        <translation>⚠ Differs from the version the town centre received first (this PC&apos;s audit trail was rewritten, or a backup was restored): the town centre&apos;s first version holds</translation>
    </message>
    <message>
        <source>一二三四五六日</source>
        <translation>MTWTFSS</translation>
    </message>
    <message>
        <source>上次恢复在报告结果前被中断: 原数据库保存在 backups/before-restore-… 中, 可能有备份里没有的办件</source>
        <translation>The last restore was interrupted before it reported: the former database is kept in backups/before-restore-… and may hold cases the backup lacks</translation>
    </message>
    <message>
        <source>不支持的协议版本</source>
        <translation>Unsupported protocol version</translation>
    </message>
    <message>
        <source>不支持的界面语言</source>
        <translation>Unsupported UI language</translation>
    </message>
    <message>
        <source>不是 VillageDesk 备份文件(没有结构版本)</source>
        <translation>Not a VillageDesk backup (no schema version)</translation>
    </message>
    <message>
        <source>不是乡镇进展报告</source>
        <translation>Not a town progress report</translation>
    </message>
    <message>
        <source>不是第 2 版协议的请求体</source>
        <translation>Not a protocol version 2 request body</translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords typed differ</translation>
    </message>
    <message>
        <source>乡镇代码应为 12 位, 以 000 结尾</source>
        <translation>A town code has 12 digits and ends in 000</translation>
    </message>
    <message>
        <source>乡镇进展报告的编号与其乡镇和月份不符</source>
        <translation>The town progress report&apos;s number does not match its town and month</translation>
    </message>
    <message>
        <source>事件内容含有重复的键</source>
        <translation>The event&apos;s content has a duplicate key</translation>
    </message>
    <message>
        <source>事件内容应为对象</source>
        <translation>The event&apos;s content must be an object</translation>
    </message>
    <message>
        <source>事件内容的字段类型错误</source>
        <translation>A field of the event&apos;s content has the wrong type</translation>
    </message>
    <message>
        <source>事件对象含有重复的键</source>
        <translation>The event object has a duplicate key</translation>
    </message>
    <message>
        <source>事件应为对象</source>
        <translation>An event must be an object</translation>
    </message>
    <message>
        <source>事件所属村与办件登记的村不符</source>
        <translation>The event&apos;s village is not the village the case was registered in</translation>
    </message>
    <message>
        <source>事件日期无效或超出范围</source>
        <translation>The event&apos;s date is invalid or out of range</translation>
    </message>
    <message>
        <source>事件时间早于其办件的登记时间, 请检查电脑时钟</source>
        <translation>The event is stamped before its case was registered; please check the computer&apos;s clock</translation>
    </message>
    <message>
        <source>事件时间早于它所依据的前序事件, 请检查电脑时钟</source>
        <translation>The event is stamped before an event it follows; please check the computer&apos;s clock</translation>
    </message>
    <message>
        <source>事件时间早于系统启用日期, 请检查电脑时钟</source>
        <translation>The event is dated before the system went into use: please check the PC&apos;s clock</translation>
    </message>
    <message>
        <source>事件时间比服务器快一天以上, 请检查电脑时钟</source>
        <translation>The event is more than a day ahead of the server: please check the PC&apos;s clock</translation>
    </message>
    <message>
        <source>事件格式错误</source>
        <translation>Malformed event</translation>
    </message>
    <message>
        <source>事件组格式错误</source>
        <translation>Malformed event group</translation>
    </message>
    <message>
        <source>事件组缺少分区/设备/角色</source>
        <translation>The event group lacks its partition, device or role</translation>
    </message>
    <message>
        <source>事件编号和办件编号须为小写带连字符的 UUID</source>
        <translation>Event and case numbers must be lower-case hyphenated UUIDs</translation>
    </message>
    <message>
        <source>事件编号应为小写带连字符的 UUID</source>
        <translation>The event number must be a lower-case hyphenated UUID</translation>
    </message>
    <message>
        <source>人工评分格式错误</source>
        <translation>Malformed manual scores</translation>
    </message>
    <message>
        <source>代办事项须填写身份证号和联系电话</source>
        <translation>A case handled on the villager&apos;s behalf needs the ID number and the phone</translation>
    </message>
    <message>
        <source>代办事项须由办事人签署委托书</source>
        <translation>A case handled on the villager&apos;s behalf needs a power of attorney signed by the villager</translation>
    </message>
    <message>
        <source>以 = + - @ 开头, 可能是公式(CSV 注入), 已拒绝</source>
        <translation>Starts with = + - @ and may be a formula (CSV injection): refused</translation>
    </message>
    <message>
        <source>以镇中心公布的节假日安排为准</source>
        <translation>The holiday schedule the town centre publishes holds</translation>
    </message>
    <message>
        <source>作者标识应为 1..64 个可显示字符</source>
        <translation>The author id must be 1 to 64 printable characters</translation>
    </message>
    <message>
        <source>作者标识无效</source>
        <translation>Invalid author id</translation>
    </message>
    <message>
        <source>公休日预约只能约在周末或法定节假日; 工作日请直接到村便民服务站</source>
        <translation>A rest-day appointment can only be on a weekend or a public holiday; on a working day just come to the village service station</translation>
    </message>
    <message>
        <source>公开查询地址不能含查询参数(?…)或锚点(#…)</source>
        <translation>The public lookup address may not contain a query (?…) or an anchor (#…)</translation>
    </message>
    <message>
        <source>公开查询地址的端口无效</source>
        <translation>The public lookup address has an invalid port</translation>
    </message>
    <message>
        <source>公开查询地址须以 https:// 或 http:// 开头</source>
        <translation>The public lookup address must start with https:// or http://</translation>
    </message>
    <message>
        <source>公开查询地址须含主机名, 且不能含用户名或密码</source>
        <translation>The public lookup address must name a host and may not contain a user name or password</translation>
    </message>
    <message>
        <source>冲突处理只能选择办件当前状态或冲突事件所指的状态; 涉及镇中心办理的冲突由镇中心处理</source>
        <translation>A conflict can only be resolved to the case&apos;s current state or the state the conflicting event names; conflicts involving the town centre&apos;s handling are resolved by the town centre</translation>
    </message>
    <message>
        <source>冲突处理须指定有效状态</source>
        <translation>Resolving a conflict needs a valid state</translation>
    </message>
    <message>
        <source>决定结果必须是 approved(准予) 或 denied(不予)</source>
        <translation>The decision must be approved or denied</translation>
    </message>
    <message>
        <source>分区应为12位村级区划代码</source>
        <translation>The partition must be a 12-digit village code</translation>
    </message>
    <message>
        <source>分区应为12位村级或乡镇区划代码</source>
        <translation>The partition must be a 12-digit village or town code</translation>
    </message>
    <message>
        <source>到访登记缺少办件编号</source>
        <translation>The arrival lacks its case number</translation>
    </message>
    <message>
        <source>办件不存在</source>
        <translation>The case does not exist</translation>
    </message>
    <message>
        <source>办件不存在或其登记尚未同步</source>
        <translation>The case does not exist or its registration has not been synced yet</translation>
    </message>
    <message>
        <source>办件的事项不在事项目录中, 无法核对材料</source>
        <translation>The case&apos;s item is not in the catalog: its materials cannot be checked</translation>
    </message>
    <message>
        <source>办件编号与登记村不符</source>
        <translation>The case number does not match the registering village</translation>
    </message>
    <message>
        <source>办件编号中的日期无效</source>
        <translation>The date in the case number is invalid</translation>
    </message>
    <message>
        <source>办件编号应为小写带连字符的 UUID</source>
        <translation>The case number must be a lower-case hyphenated UUID</translation>
    </message>
    <message>
        <source>加密后的数据库办件数与原数据库不符, 已放弃; 原数据库未改动</source>
        <translation>The encrypted database does not hold as many cases as the original: given up; the original database is unchanged</translation>
    </message>
    <message>
        <source>加密后的数据库校验未通过, 已放弃; 原数据库未改动</source>
        <translation>The encrypted database failed its check: given up; the original database is unchanged</translation>
    </message>
    <message>
        <source>区划代码应为 12 位数字</source>
        <translation>A region code has 12 digits</translation>
    </message>
    <message>
        <source>匿名群众</source>
        <translation>Anonymous villager</translation>
    </message>
    <message>
        <source>十佳评选由乡镇中心或市级中心进行</source>
        <translation>The top-ten selection is made by the town centre or the city centre</translation>
    </message>
    <message>
        <source>单元格是公式, 请复制后「选择性粘贴 → 数值」再导入</source>
        <translation>The cell is a formula: copy it and use &quot;Paste Special → Values&quot; before importing</translation>
    </message>
    <message>
        <source>原件保管变更的材料不在该事项的材料清单中</source>
        <translation>The material whose custody changes is not on the item&apos;s checklist</translation>
    </message>
    <message>
        <source>发现问题并扣分的, 请填写整改期限</source>
        <translation>An inspection that found a problem and deducted points needs a deadline for the correction</translation>
    </message>
    <message>
        <source>只有乡镇中心工作人员可以生成和报送本镇的进展报告</source>
        <translation>Only town centre staff can make and submit the town&apos;s progress report</translation>
    </message>
    <message>
        <source>只有乡镇中心或市级中心可以记录督查</source>
        <translation>Only the town centre or the city centre can record an inspection</translation>
    </message>
    <message>
        <source>只有村代办员可以生成本村的进展报告</source>
        <translation>Only the village agent can make the village&apos;s progress report</translation>
    </message>
    <message>
        <source>只有村代办员可以登记办件</source>
        <translation>Only a village agent can register cases</translation>
    </message>
    <message>
        <source>只能复评本市的村级便民服务中心</source>
        <translation>Only village service centres of this city can be re-rated</translation>
    </message>
    <message>
        <source>只能查看本市所辖乡镇的办件</source>
        <translation>Only cases of the towns under this city can be viewed</translation>
    </message>
    <message>
        <source>只能查看本镇所辖村的办件</source>
        <translation>Only cases of the villages under this town can be viewed</translation>
    </message>
    <message>
        <source>只能督查本乡镇(市)的村级便民服务中心</source>
        <translation>Only village service centres of this town (city) can be inspected</translation>
    </message>
    <message>
        <source>只能督查本市的乡镇</source>
        <translation>Only towns of this city can be inspected</translation>
    </message>
    <message>
        <source>只能考评本乡镇的村级便民服务中心</source>
        <translation>Only village service centres of this town can be rated</translation>
    </message>
    <message>
        <source>只能选择办件当前状态或冲突事件所指的状态; 涉及镇中心办理的冲突由镇中心处理</source>
        <translation>Only the case&apos;s current state or the state the conflicting event names can be chosen; conflicts involving the town centre&apos;s handling are resolved by the town centre</translation>
    </message>
    <message>
        <source>各村指标只能列本乡镇的村(社区)</source>
        <translation>The per-village figures may list only villages (communities) of this town</translation>
    </message>
    <message>
        <source>合计/签名行, 不是办件, 已跳过</source>
        <translation>A total or signature row, not a case: skipped</translation>
    </message>
    <message>
        <source>同步没有进展, 已停止: 连续几轮服务器的回复都没有让本机的数据前进(本机与镇中心的事件数仍对不上); 已完成的部分已保存, 请在镇中心查看本设备的拒收记录(dead-letters)</source>
        <translation>The sync made no progress and stopped: several of the server&apos;s replies in a row moved nothing on this PC (the events here and at the town centre still differ); what was done is saved; please look at this device&apos;s refused records (dead-letters) at the town centre</translation>
    </message>
    <message>
        <source>名称应为文字</source>
        <translation>The name must be text</translation>
    </message>
    <message>
        <source>含有不可见的控制字符, 请删除后重新输入</source>
        <translation>Contains invisible control characters: please delete them and type it again</translation>
    </message>
    <message>
        <source>回执包不能覆盖导入的同步包, 请另选保存位置或文件名</source>
        <translation>The acknowledgement may not overwrite the imported bundle: please choose another place or file name</translation>
    </message>
    <message>
        <source>回执包内容格式错误, 已拒绝</source>
        <translation>The acknowledgement&apos;s content is malformed: refused</translation>
    </message>
    <message>
        <source>回执包确认的记录本机没有, 不是本机导出的同步包的回执, 已拒绝</source>
        <translation>This PC does not have the records the acknowledgement confirms: it acknowledges no bundle exported here; refused</translation>
    </message>
    <message>
        <source>固定电话请加区号, 如 0391-6633123</source>
        <translation>A landline needs its area code, e.g. 0391-6633123</translation>
    </message>
    <message>
        <source>备份中的数据库已加密, 但备份里没有密钥文件, 不能恢复; 当前数据未改动</source>
        <translation type="vanished">The database in the backup is encrypted but the backup holds no key file: it cannot be restored; the current data is unchanged</translation>
    </message>
    <message>
        <source>备份中的附件已加密, 但本次打开的密钥解不开它, 不能恢复</source>
        <translation>The attachments in the backup are encrypted and the key opened now cannot decrypt them: they cannot be restored</translation>
    </message>
    <message>
        <source>备份文件中的附件与其名称不符, 文件已损坏或被改动, 不能用来恢复</source>
        <translation>An attachment in the backup does not match its name: the file is damaged or altered and cannot be used to restore</translation>
    </message>
    <message>
        <source>备份文件中的附件已损坏或被改动(加密校验未通过), 不能用来恢复</source>
        <translation>An attachment in the backup is damaged or altered (its encryption check failed): it cannot be used to restore</translation>
    </message>
    <message>
        <source>备份文件在恢复过程中发生变化, 已停止</source>
        <translation>The backup file changed during the restore: stopped</translation>
    </message>
    <message>
        <source>备份文件在恢复过程中发生变化, 已停止; 当前数据未改动</source>
        <translation>The backup file changed during the restore: stopped; the current data is unchanged</translation>
    </message>
    <message>
        <source>备份文件已损坏(integrity_check 未通过)</source>
        <translation>The backup file is damaged (integrity_check failed)</translation>
    </message>
    <message>
        <source>备份文件已损坏, 无法读取, 不能用来恢复; 当前数据未改动</source>
        <translation>The backup file is damaged and cannot be read: it cannot be used to restore; the current data is unchanged</translation>
    </message>
    <message>
        <source>备份文件的清单已损坏或被改动, 不能用来恢复</source>
        <translation>The backup&apos;s manifest is damaged or altered: it cannot be used to restore</translation>
    </message>
    <message>
        <source>备份文件缺少清单(manifest.json), 不是完整的 VillageDesk 备份</source>
        <translation>The backup lacks its manifest (manifest.json): it is not a complete VillageDesk backup</translation>
    </message>
    <message>
        <source>备份来自更新版本的 VillageDesk, 请先升级程序; 当前数据未改动</source>
        <translation>The backup comes from a newer version of VillageDesk: please upgrade the program first; the current data is unchanged</translation>
    </message>
    <message>
        <source>备份的密码不正确: 此备份要用制作它时那台电脑上任一代办员的登录密码或恢复码打开(重设密码之前做的备份用重设前的密码或恢复码; 与本机现在的密码不同时, 请用环境变量 VILLAGEDESK_BACKUP_PASSWORD 给出); 当前数据未改动</source>
        <translation>Wrong password for the backup: it opens with the login password or recovery code of any agent of the PC that made it (a backup made before a password reset needs the password or code from before; when it differs from this PC&apos;s password now, give it in the environment variable VILLAGEDESK_BACKUP_PASSWORD); the current data is unchanged</translation>
    </message>
    <message>
        <source>备份的密钥文件与其数据库不匹配, 不能恢复; 当前数据未改动</source>
        <translation>The backup&apos;s key file does not match its database: it cannot be restored; the current data is unchanged</translation>
    </message>
    <message>
        <source>委托书应写明所委托的事项</source>
        <translation>The power of attorney must name the matter it covers</translation>
    </message>
    <message>
        <source>委托书日期无效</source>
        <translation>The power of attorney&apos;s date is invalid</translation>
    </message>
    <message>
        <source>委托书的有效期不能早于签署日期</source>
        <translation>The power of attorney cannot be valid until a date before it was signed</translation>
    </message>
    <message>
        <source>委托书签署日期不能晚于登记日期</source>
        <translation>The power of attorney cannot be signed after the registration date</translation>
    </message>
    <message>
        <source>委托书记录格式错误</source>
        <translation>Malformed power of attorney record</translation>
    </message>
    <message>
        <source>字段编码错误</source>
        <translation>Malformed field encoding</translation>
    </message>
    <message>
        <source>密码不正确, 账号未恢复</source>
        <translation>Wrong password: the account was not restored</translation>
    </message>
    <message>
        <source>导出文件应以 .xlsx 结尾</source>
        <translation>The export file must end in .xlsx</translation>
    </message>
    <message>
        <source>导出的办件过多, 请缩小范围</source>
        <translation>Too many cases to export: please narrow the selection</translation>
    </message>
    <message>
        <source>尚未整改完成的, 不填完成日期</source>
        <translation>Leave the completion date empty while the correction is not finished</translation>
    </message>
    <message>
        <source>工作簿中没有工作表</source>
        <translation>The workbook has no worksheet</translation>
    </message>
    <message>
        <source>工作簿解压后过大, 已拒绝(可能是恶意文件); 请只保留需要导入的工作表</source>
        <translation>The workbook is too large once unpacked: refused (it may be a malicious file); please keep only the sheet to import</translation>
    </message>
    <message>
        <source>市级审查复评由市级审批服务中心进行</source>
        <translation>The city&apos;s review re-rating is made by the city&apos;s approval service centre</translation>
    </message>
    <message>
        <source>应为 UUID 字符串</source>
        <translation>Must be a UUID string</translation>
    </message>
    <message>
        <source>应为 bytes 起-止/总长 (如 bytes 0-65535/200000)</source>
        <translation>Must be bytes start-end/total (e.g. bytes 0-65535/200000)</translation>
    </message>
    <message>
        <source>应为 bytes=起-止</source>
        <translation>Must be bytes=start-end</translation>
    </message>
    <message>
        <source>应为 true/false</source>
        <translation>Must be true/false</translation>
    </message>
    <message>
        <source>应为数组</source>
        <translation>Must be an array</translation>
    </message>
    <message>
        <source>应填「是」或「否」</source>
        <translation>Must be yes or no</translation>
    </message>
    <message>
        <source>总分和星级应同时给出</source>
        <translation>The total score and the star level must be given together</translation>
    </message>
    <message>
        <source>手机号码第二位应为3-9</source>
        <translation>The second digit of a mobile number must be 3-9</translation>
    </message>
    <message>
        <source>按身份证号查找请至少输入末4位</source>
        <translation>To search by ID number, type at least its last 4 digits</translation>
    </message>
    <message>
        <source>数据不足</source>
        <translation>Too little data</translation>
    </message>
    <message>
        <source>数据不足的中心不评分; 已评分的中心不能标为数据不足</source>
        <translation>A centre with too little data is not scored; a scored centre cannot be marked as having too little data</translation>
    </message>
    <message>
        <source>数据库仍被其他程序使用(请先关闭 VillageDesk 窗口), 未作改动</source>
        <translation>The database is still in use by another program (close the VillageDesk window first): nothing was changed</translation>
    </message>
    <message>
        <source>数据库在加密过程中被其他程序改动, 已放弃(原数据库未改动); 请关闭其他 VillageDesk 程序后重试</source>
        <translation>Another program changed the database during encryption: given up (the original database is unchanged); please close the other VillageDesk programs and try again</translation>
    </message>
    <message>
        <source>数据库已加密, 但本次未解锁</source>
        <translation>The database is encrypted but was not unlocked this time</translation>
    </message>
    <message>
        <source>数据库已加密但尚未解锁, 不能读写附件</source>
        <translation>The database is encrypted and not yet unlocked: attachments cannot be read or written</translation>
    </message>
    <message>
        <source>数据库文件已损坏</source>
        <translation>The database file is damaged</translation>
    </message>
    <message>
        <source>数据库文件已损坏(完整性检查未通过), 未做备份</source>
        <translation>The database file is damaged (its integrity check failed): no backup was made</translation>
    </message>
    <message>
        <source>数据库文件已损坏(完整性检查未通过), 未做备份, 已有的备份一个也没有删除</source>
        <translation>The database file is damaged (its integrity check failed): no backup was made and no existing backup was deleted</translation>
    </message>
    <message>
        <source>数据库文件已损坏或不是 VillageDesk 数据库: 请运行 villagedesk check, 必要时用 villagedesk restore 从备份恢复</source>
        <translation>The database file is damaged or not a VillageDesk database: run villagedesk check and, if needed, restore from a backup with villagedesk restore</translation>
    </message>
    <message>
        <source>数据库正被另一个程序占用(已等待 10 秒仍未释放): 请关闭其他 VillageDesk 窗口或稍后重试; 数据未丢失</source>
        <translation>The database is held by another program (still not released after 10 seconds): close the other VillageDesk windows or try again later; no data was lost</translation>
    </message>
    <message>
        <source>整改完成日期应在督查日期之后、今天之前</source>
        <translation>The correction&apos;s completion date must be after the inspection and not after today</translation>
    </message>
    <message>
        <source>整改期限不能早于督查日期</source>
        <translation>The correction deadline cannot be before the inspection date</translation>
    </message>
    <message>
        <source>文件不是有效的 Excel 工作簿(.xlsx 压缩结构已损坏)</source>
        <translation>The file is not a valid Excel workbook (its .xlsx archive is damaged)</translation>
    </message>
    <message>
        <source>文件中含有 NUL 字符, 不是文本表格(可能是其他文件改了扩展名为 .csv)</source>
        <translation>The file contains NUL characters: it is not a text table (perhaps another file renamed to .csv)</translation>
    </message>
    <message>
        <source>文件中含有 NUL 字节, 不是文本表格(可能是其他文件改了扩展名为 .csv)</source>
        <translation>The file contains NUL bytes: it is not a text table (perhaps another file renamed to .csv)</translation>
    </message>
    <message>
        <source>文件中有大量不可见的控制字符, 不像是文本表格(可能是其他文件改了扩展名为 .csv)</source>
        <translation>The file contains many invisible control characters: it does not look like a text table (perhaps another file renamed to .csv)</translation>
    </message>
    <message>
        <source>文件中没有任何内容</source>
        <translation>The file has no content</translation>
    </message>
    <message>
        <source>文件为空, 不是离线同步包</source>
        <translation>The file is empty: it is not an offline sync bundle</translation>
    </message>
    <message>
        <source>文件名不能为空</source>
        <translation>The file name cannot be empty</translation>
    </message>
    <message>
        <source>文件在读取时被改动了, 没有保存, 请重新添加</source>
        <translation>The file changed while it was read: it was not saved; please add it again</translation>
    </message>
    <message>
        <source>文件夹名不能为空</source>
        <translation>The folder name cannot be empty</translation>
    </message>
    <message>
        <source>文件扩展名是 .xlsx, 但内容不是 Excel 工作簿(可能已损坏或被改了扩展名)</source>
        <translation>The file&apos;s extension is .xlsx but its content is not an Excel workbook (it may be damaged or renamed)</translation>
    </message>
    <message>
        <source>文件是空的</source>
        <translation>The file is empty</translation>
    </message>
    <message>
        <source>文件是空的(0 字节)</source>
        <translation>The file is empty (0 bytes)</translation>
    </message>
    <message>
        <source>文件过大, 不是有效的离线同步包</source>
        <translation>The file is too large to be a valid offline sync bundle</translation>
    </message>
    <message>
        <source>无法打开数据库文件: 请检查档案文件夹是否存在、是否可写</source>
        <translation>Cannot open the database file: please check that the profile folder exists and can be written</translation>
    </message>
    <message>
        <source>无法识别文件编码(既不是 UTF-8 也不是 GBK/GB18030): 请在 Excel 中「另存为 → CSV UTF-8(逗号分隔)」后再导入</source>
        <translation>The file&apos;s encoding cannot be recognised (neither UTF-8 nor GBK/GB18030): in Excel, use &quot;Save As → CSV UTF-8 (comma delimited)&quot; and import again</translation>
    </message>
    <message>
        <source>日期格式应为 2026-11-25 或 2026/11/25</source>
        <translation>A date is written 2026-11-25 or 2026/11/25</translation>
    </message>
    <message>
        <source>旧版预约, 登记人不明: 请当面确认由谁负责</source>
        <translation>a booking from an older version, nobody known to have made it: settle face to face who answers for it</translation>
    </message>
    <message>
        <source>时间格式应为 HH:MM, 如 09:30</source>
        <translation>A time is written HH:MM, e.g. 09:30</translation>
    </message>
    <message>
        <source>明文 HTTP 仅限本机测试; 请使用 https:// 服务器地址</source>
        <translation>Plain HTTP is for testing on this PC only; please use an https:// server address</translation>
    </message>
    <message>
        <source>星级档次应为 [最低分, 星级] 列表, 按分数从高到低排列</source>
        <translation>The star bands must be a list of [lowest score, stars], from the highest score down</translation>
    </message>
    <message>
        <source>星级考评和督查不是办件上的操作, 请在「星级考评」或「考评督查」页办理</source>
        <translation>Star ratings and inspections are not steps on a case: use the Star rating or Inspections page</translation>
    </message>
    <message>
        <source>星级考评由乡镇中心进行</source>
        <translation>Star ratings are made by the town centre</translation>
    </message>
    <message>
        <source>服务器回复格式错误</source>
        <translation>Malformed server reply</translation>
    </message>
    <message>
        <source>服务器回复的回执包无效, 请重试</source>
        <translation>The server replied with an invalid acknowledgement: please try again</translation>
    </message>
    <message>
        <source>服务器回复的附件范围不符</source>
        <translation>The attachment range in the server&apos;s reply does not match</translation>
    </message>
    <message>
        <source>服务器回复过大</source>
        <translation>The server&apos;s reply is too large</translation>
    </message>
    <message>
        <source>服务器未提供证书</source>
        <translation>The server offered no certificate</translation>
    </message>
    <message>
        <source>服务器证书与注册时记录的不一致, 已拒绝连接(可能被冒充)</source>
        <translation>The server&apos;s certificate is not the one recorded at enrollment: connection refused (it may be an impostor)</translation>
    </message>
    <message>
        <source>服务器证书指纹与管理员提供的不一致, 已拒绝注册</source>
        <translation>The server&apos;s certificate fingerprint is not the one the administrator gave: enrollment refused</translation>
    </message>
    <message>
        <source>服务热线只能包含数字和 -, 如 12345 或 0391-6633123</source>
        <translation>The service hotline may contain only digits and -, e.g. 12345 or 0391-6633123</translation>
    </message>
    <message>
        <source>未导入行的文件不能与导入文件相同</source>
        <translation>The file of rows not imported cannot be the imported file</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>未知的事件类型</source>
        <translation>Unknown event type</translation>
    </message>
    <message>
        <source>未知的角色</source>
        <translation>Unknown role</translation>
    </message>
    <message>
        <source>未知账号</source>
        <translation>Unknown account</translation>
    </message>
    <message>
        <source>未设置公开查询地址</source>
        <translation>No public lookup address set</translation>
    </message>
    <message>
        <source>本市已启用市级审批服务中心, 市级事项由市级作出决定; 镇中心请「转报」市级, 不能自行「作出决定」</source>
        <translation>This city has enrolled its city approval centre: city-level items are decided by the city. The town centre forwards them to the city and cannot decide them itself</translation>
    </message>
    <message>
        <source>本机尚未注册到镇中心服务器, 请先(在镇中心或有网络时)运行 villagedesk enroll 注册</source>
        <translation>This PC is not enrolled with the town centre&apos;s server yet: first run villagedesk enroll (at the town centre or when online)</translation>
    </message>
    <message>
        <source>本机尚未注册到镇中心服务器, 请先运行 villagedesk enroll --server 地址 --code 注册码</source>
        <translation>This PC is not enrolled with the town centre&apos;s server yet: first run villagedesk enroll --server ADDRESS --code CODE</translation>
    </message>
    <message>
        <source>本机尚未设置所属村/镇和角色, 请先完成首次设置(或运行 villagedesk demo)</source>
        <translation>This PC has no village/town and role yet: please finish the first-run setup (or run villagedesk demo)</translation>
    </message>
    <message>
        <source>本机数据已加密: 恢复账号时须由本人输入其原密码</source>
        <translation>This PC&apos;s data is encrypted: to restore an account its owner must type their old password</translation>
    </message>
    <message>
        <source>本机没有离线同步包密钥(用旧版本注册), 请联网重新注册一次后再导出</source>
        <translation>This PC has no offline bundle key (enrolled with an old version): please enroll again once online, then export</translation>
    </message>
    <message>
        <source>本村便民服务点</source>
        <translation>The village service point</translation>
    </message>
    <message>
        <source>本程序缺少 SQLCipher 组件(sqlcipher3-wheels), 不能加密</source>
        <translation>This program lacks the SQLCipher component (sqlcipher3-wheels): it cannot encrypt</translation>
    </message>
    <message>
        <source>材料清单中有重复的材料</source>
        <translation>The list of materials has a material twice</translation>
    </message>
    <message>
        <source>材料补齐之日起计算</source>
        <translation>Counted from the day the materials are complete</translation>
    </message>
    <message>
        <source>村级区划代码应为12位数字</source>
        <translation>A village code has 12 digits</translation>
    </message>
    <message>
        <source>村级直办事项无需报送</source>
        <translation>An item the village handles itself is not submitted</translation>
    </message>
    <message>
        <source>核对结论应为是或否</source>
        <translation>The check result must be yes or no</translation>
    </message>
    <message>
        <source>格式错误</source>
        <translation>Malformed</translation>
    </message>
    <message>
        <source>档案文件夹是只读的, 无法写入: 请检查文件夹权限, 或把档案放到可写的磁盘上; 数据未改动</source>
        <translation>The profile folder is read-only and cannot be written: check the folder&apos;s permissions or put the profile on a writable disk; the data is unchanged</translation>
    </message>
    <message>
        <source>此回执包是发给另一台设备的, 已拒绝</source>
        <translation>This acknowledgement is for another device: refused</translation>
    </message>
    <message>
        <source>此备份已加密: 需要制作它时那台电脑上代办员的登录密码或恢复码; 当前数据未改动</source>
        <translation>This backup is encrypted: it needs the login password of an agent of the PC that made it, or a recovery code; the current data is unchanged</translation>
    </message>
    <message>
        <source>每项应为对象</source>
        <translation>Each entry must be an object</translation>
    </message>
    <message>
        <source>每项应含设备编号 d 与令牌 t</source>
        <translation>Each entry must hold a device number d and a token t</translation>
    </message>
    <message>
        <source>比率应为 [分子, 分母]</source>
        <translation>A ratio must be [numerator, denominator]</translation>
    </message>
    <message>
        <source>比率的分子不能大于分母</source>
        <translation>A ratio&apos;s numerator cannot exceed its denominator</translation>
    </message>
    <message>
        <source>注册码格式不对: 应为 12 位字母和数字(如 7H8C-WV57-H3ES, 没有 0、O、1、I、L), 请核对管理员给的注册码</source>
        <translation>The enrollment code is not in the right form: it is 12 letters and digits (e.g. 7H8C-WV57-H3ES, never 0, O, 1, I or L); please check the code the administrator gave you</translation>
    </message>
    <message>
        <source>注册码格式错误</source>
        <translation>Malformed enrollment code</translation>
    </message>
    <message>
        <source>流量上限不能为负数</source>
        <translation>A traffic cap cannot be negative</translation>
    </message>
    <message>
        <source>游标中的分区代码无效(应为12位数字)</source>
        <translation>The cursor holds an invalid partition code (it must have 12 digits)</translation>
    </message>
    <message>
        <source>游标应为 {分区: 序号} 对象</source>
        <translation>The cursor must be a {partition: number} object</translation>
    </message>
    <message>
        <source>特别程序由启动它的一级结束: 市级启动的由市级审批服务中心结束, 镇中心启动的由镇中心结束</source>
        <translation>A special procedure is ended by the level that started it: the city approval centre ends the city&apos;s, the town centre the town&apos;s</translation>
    </message>
    <message>
        <source>申请人信息格式错误</source>
        <translation>Malformed applicant details</translation>
    </message>
    <message>
        <source>申请人所在村与登记村不符</source>
        <translation>The applicant&apos;s village is not the village the case is registered in</translation>
    </message>
    <message>
        <source>留痕条目格式错误</source>
        <translation>Malformed audit entry</translation>
    </message>
    <message>
        <source>留痕条目的前一哈希错误</source>
        <translation>The audit entry&apos;s previous hash is wrong</translation>
    </message>
    <message>
        <source>留痕条目的哈希错误</source>
        <translation>The audit entry&apos;s hash is wrong</translation>
    </message>
    <message>
        <source>留痕条目的起始序号错误</source>
        <translation>The audit entry&apos;s first number is wrong</translation>
    </message>
    <message>
        <source>登录名为2-32位字母、数字或 _ . -</source>
        <translation>A login name is 2-32 letters, digits or _ . -</translation>
    </message>
    <message>
        <source>登录名或密码错误</source>
        <translation>Wrong login name or password</translation>
    </message>
    <message>
        <source>登录名或恢复码不正确(恢复码在创建账号时打印, 用过一次即作废)</source>
        <translation>Wrong login name or recovery code (the recovery code is printed when the account is made and is void once used)</translation>
    </message>
    <message>
        <source>登记事件的一件事编码无效</source>
        <translation>The registration&apos;s bundle code is not valid</translation>
    </message>
    <message>
        <source>登记事件的办理层级无效</source>
        <translation>The registration&apos;s deciding level is not valid</translation>
    </message>
    <message>
        <source>登记事件的委托书标记应为是或否</source>
        <translation>The registration&apos;s mandate flag must be yes or no</translation>
    </message>
    <message>
        <source>登记事件的时限单位无效</source>
        <translation>The registration&apos;s time-limit unit is invalid</translation>
    </message>
    <message>
        <source>登记事件的每项材料都应是带名称的对象</source>
        <translation>Each material of the registration must be an object with a name</translation>
    </message>
    <message>
        <source>登记事件缺少有效的事项编码</source>
        <translation>The registration lacks a valid item code</translation>
    </message>
    <message>
        <source>登记事件缺少有效的办件编号</source>
        <translation>The registration lacks a valid case number</translation>
    </message>
    <message>
        <source>登记事件缺少材料清单</source>
        <translation>The registration has no list of materials</translation>
    </message>
    <message>
        <source>登记事件缺少申请人信息</source>
        <translation>The registration names no applicant</translation>
    </message>
    <message>
        <source>登记事件缺少该事项的材料清单</source>
        <translation>The registration does not list the item&apos;s materials</translation>
    </message>
    <message>
        <source>登记日期不能晚于今天</source>
        <translation>The registration date cannot be after today</translation>
    </message>
    <message>
        <source>登记日期过早, 请核对</source>
        <translation>The registration date is too early: please check it</translation>
    </message>
    <message>
        <source>督查日期不能晚于今天</source>
        <translation>The inspection date cannot be after today</translation>
    </message>
    <message>
        <source>督查记录不存在(或是本机旧台账中的记录)</source>
        <translation>The inspection record does not exist (or is a record of this PC&apos;s old ledger)</translation>
    </message>
    <message>
        <source>磁盘空间已满, 无法写入: 请清理磁盘(或换一个有空间的文件夹)后重试; 已保存的数据未丢失</source>
        <translation>The disk is full and cannot be written: free some space (or choose a folder with room) and try again; the data saved is not lost</translation>
    </message>
    <message>
        <source>离线同步包不完整(文件可能被截断或没有拷贝完), 已拒绝, 请重新拷贝或重新导出</source>
        <translation>The offline sync bundle is incomplete (the file may be cut short or not fully copied): refused; please copy or export it again</translation>
    </message>
    <message>
        <source>%1 不是一个文件: 请换一个文件名或文件夹后重试; 档案数据未改动</source>
        <translation>%1 is not a file: choose another file name or folder and try again; the profile&apos;s data is unchanged</translation>
    </message>
    <message>
        <source>第二备份文件夹 %1 不存在(U盘或移动硬盘没有接上?)</source>
        <translation>The second backup folder %1 does not exist (is the USB stick or external disk plugged in?)</translation>
    </message>
    <message>
        <source>离线同步包内容过大, 已拒绝</source>
        <translation type="vanished">The offline sync bundle&apos;s content is too large: refused</translation>
    </message>
    <message>
        <source>离线同步包内容结构异常(数据项过多, 读入需要的内存超出上限), 已拒绝</source>
        <translation>The offline sync bundle is malformed (too many items: reading it would need more memory than allowed); refused</translation>
    </message>
    <message>
        <source>离线同步包密钥损坏, 请重新注册本设备</source>
        <translation>The offline bundle key is damaged: please enroll this device again</translation>
    </message>
    <message>
        <source>离线同步包已损坏, 已拒绝</source>
        <translation>The offline sync bundle is damaged: refused</translation>
    </message>
    <message>
        <source>离线同步包末尾有多余数据: 文件已被改动, 已拒绝</source>
        <translation>The offline sync bundle has extra data at its end: the file was altered; refused</translation>
    </message>
    <message>
        <source>离线同步包签名不符: 文件已被改动或损坏, 或不是本设备与本服务器之间的文件, 已拒绝</source>
        <translation>The offline sync bundle&apos;s signature does not match: the file was altered or damaged, or is not between this device and this server; refused</translation>
    </message>
    <message>
        <source>移交人和接收人不能是同一人</source>
        <translation>The person handing over and the one taking over cannot be the same</translation>
    </message>
    <message>
        <source>移除附件请在办件页的「附件」中选中文件后点「移除」</source>
        <translation>To remove an attachment, select the file under Attachments on the case page and click Remove</translation>
    </message>
    <message>
        <source>统一社会信用代码应为18位字母或数字</source>
        <translation>A unified social credit code has 18 letters or digits</translation>
    </message>
    <message>
        <source>统计指标格式错误</source>
        <translation>Malformed statistics figure</translation>
    </message>
    <message>
        <source>编号表长度格式错误</source>
        <translation>Malformed length of the number table</translation>
    </message>
    <message>
        <source>编号表长度超出请求体</source>
        <translation>The number table&apos;s length runs past the request body</translation>
    </message>
    <message>
        <source>网络连接失败: 回复不完整</source>
        <translation>Network connection failed: the reply is incomplete</translation>
    </message>
    <message>
        <source>考评细则应为一个对象</source>
        <translation>The rating rules must be one object</translation>
    </message>
    <message>
        <source>考评记录编号与其村和年度不符</source>
        <translation>The rating record&apos;s number does not match its village and year</translation>
    </message>
    <message>
        <source>自动备份失败, 详情已写入日志(logs/villagedesk.log); 请在设置页立即备份</source>
        <translation>The automatic backup failed, details are in the log (logs/villagedesk.log); please back up now on the Settings page</translation>
    </message>
    <message>
        <source>自动锁定时间应为 1-240 分钟</source>
        <translation>The automatic lock time must be 1-240 minutes</translation>
    </message>
    <message>
        <source>至事项办结</source>
        <translation>Until the matter is completed</translation>
    </message>
    <message>
        <source>节假日安排应为 {year, festivals: [...]} 或 {year, holidays: [日期], workdays: [日期]}</source>
        <translation>The holiday schedule must be {year, festivals: [...]} or {year, holidays: [dates], workdays: [dates]}</translation>
    </message>
    <message>
        <source>范围超出附件总长</source>
        <translation>The range runs past the attachment&apos;s length</translation>
    </message>
    <message>
        <source>补齐后起算</source>
        <translation>From completion of materials</translation>
    </message>
    <message>
        <source>记录被改动, 不可信</source>
        <translation>Record altered, not trustworthy</translation>
    </message>
    <message>
        <source>记录被改动, 不可信 — 请先核对原件</source>
        <translation>Record altered, not trustworthy — check the originals first</translation>
    </message>
    <message>
        <source>设备标识无效</source>
        <translation>Invalid device id</translation>
    </message>
    <message>
        <source>设备编号或令牌过长</source>
        <translation>The device number or token is too long</translation>
    </message>
    <message>
        <source>评分表格式错误</source>
        <translation>Malformed score sheet</translation>
    </message>
    <message>
        <source>评分项应为 [编码, 名称, 分值, 数值, 得分]</source>
        <translation>A score item must be [code, name, points, value, score]</translation>
    </message>
    <message>
        <source>该中心本年度尚未评分(或数据不足), 不能复评</source>
        <translation>This centre has not been scored this year (or has too little data): it cannot be re-rated</translation>
    </message>
    <message>
        <source>该事项需报送镇中心办理, 不能村级办结</source>
        <translation>This item must be submitted to the town centre: it cannot be completed in the village</translation>
    </message>
    <message>
        <source>该列有数据但没有列名</source>
        <translation>This column has data but no header</translation>
    </message>
    <message>
        <source>该办件已经登记过, 不能重复登记</source>
        <translation>This case has already been registered: it cannot be registered twice</translation>
    </message>
    <message>
        <source>该办件已转报市级审批服务中心, 由市级办理; 镇中心不能再「延期」或启动「特别程序」</source>
        <translation>The case has been forwarded to the city approval centre and is the city&apos;s now: the town centre can no longer extend it or start a special procedure</translation>
    </message>
    <message>
        <source>该办件有记录在数据库中被直接修改(下面标出), 以镇中心保存的为准: 请运行 villagedesk check 查看处理办法</source>
        <translation>Records of this case were altered directly in the database (marked below); the town centre&apos;s copy holds: run villagedesk check for what to do</translation>
    </message>
    <message>
        <source>该办件有记录已从数据库中被直接删除, 下面的办理过程不完整、不可信: 请运行 villagedesk check 查看处理办法</source>
        <translation>Records of this case were deleted directly from the database; the steps below are incomplete and not trustworthy: run villagedesk check for what to do</translation>
    </message>
    <message>
        <source>该办件没有冲突, 不能执行「冲突处理」</source>
        <translation>This case has no conflict: Resolve conflict cannot be done</translation>
    </message>
    <message>
        <source>该办件没有差评, 无需回访整改</source>
        <translation>This case has no bad review: no follow-up correction is needed</translation>
    </message>
    <message>
        <source>该差评已整改完成</source>
        <translation>This bad review has already been corrected</translation>
    </message>
    <message>
        <source>该登录名已存在</source>
        <translation>This login name already exists</translation>
    </message>
    <message>
        <source>该编号已被其他记录占用</source>
        <translation>This number is already used by another record</translation>
    </message>
    <message>
        <source>该账号已停用，请找本机管理员</source>
        <translation>This account is stopped: please ask this PC&apos;s administrator</translation>
    </message>
    <message>
        <source>该附件已不在办件上(可能已被移除)</source>
        <translation>The attachment is no longer on the case (it may have been removed)</translation>
    </message>
    <message>
        <source>请先填写情况说明(本月工作亮点、存在问题和下月打算), 再报送市级</source>
        <translation>Please write the summary (this month&apos;s highlights, problems and next month&apos;s plans) before submitting to the city</translation>
    </message>
    <message>
        <source>请填写纠纷另一方</source>
        <translation>Please enter the other party of the dispute</translation>
    </message>
    <message>
        <source>请填写统一社会信用代码</source>
        <translation>Please enter the unified social credit code</translation>
    </message>
    <message>
        <source>请填写设备名称</source>
        <translation>Please enter the device name</translation>
    </message>
    <message>
        <source>请填写证件号码</source>
        <translation>Please enter the ID document number</translation>
    </message>
    <message>
        <source>请填写调解结果(达成调解协议/未达成协议)</source>
        <translation>Please enter the mediation result (agreement reached / no agreement)</translation>
    </message>
    <message>
        <source>请填写身份证号码</source>
        <translation>Please enter the ID number</translation>
    </message>
    <message>
        <source>请求体不是有效的 JSON</source>
        <translation>The request body is not valid JSON</translation>
    </message>
    <message>
        <source>请求体中的 v</source>
        <translation>v in the request body</translation>
    </message>
    <message>
        <source>请求体应为 JSON 对象</source>
        <translation>The request body must be a JSON object</translation>
    </message>
    <message>
        <source>请求体的 JSON 对象含有重复的键</source>
        <translation>The request body&apos;s JSON object has a duplicate key</translation>
    </message>
    <message>
        <source>请求体解压后过大</source>
        <translation>The request body is too large once unpacked</translation>
    </message>
    <message>
        <source>请求体过大</source>
        <translation>The request body is too large</translation>
    </message>
    <message>
        <source>请求体长度与 Content-Range 不符</source>
        <translation>The request body&apos;s length does not match Content-Range</translation>
    </message>
    <message>
        <source>请选择一个乡镇(街道)</source>
        <translation>Please choose a town (subdistrict)</translation>
    </message>
    <message>
        <source>请选择一个市(6 位市代码加 000000)</source>
        <translation>Please choose a city (6-digit city code plus 000000)</translation>
    </message>
    <message>
        <source>请选择一个村(社区)</source>
        <translation>Please choose a village (community)</translation>
    </message>
    <message>
        <source>请选择办理事项</source>
        <translation>Please choose the service item</translation>
    </message>
    <message>
        <source>请选择复评星级</source>
        <translation>Please choose the re-rated star level</translation>
    </message>
    <message>
        <source>请选择所属乡镇(街道)</source>
        <translation>Please choose the town (subdistrict)</translation>
    </message>
    <message>
        <source>请选择是否已整改完成</source>
        <translation>Please choose whether the correction is finished</translation>
    </message>
    <message>
        <source>请选择是否涉及信息泄露</source>
        <translation>Please choose whether personal information was leaked</translation>
    </message>
    <message>
        <source>请选择正确的年份和月份</source>
        <translation>Please choose a valid year and month</translation>
    </message>
    <message>
        <source>请选择纠纷类型</source>
        <translation>Please choose the type of dispute</translation>
    </message>
    <message>
        <source>请选择考评年度</source>
        <translation>Please choose the rating year</translation>
    </message>
    <message>
        <source>请通过代办登记新建办件</source>
        <translation>Please make new cases with Intake</translation>
    </message>
    <message>
        <source>读写文件时出错: 请检查文件和文件夹是否存在、是否可写(U盘是否已拔出)后重试; 档案数据未改动</source>
        <translation>Could not read or write the file: check that the file and folder exist and are writable (and that the USB stick is still plugged in), then try again; the records were not changed</translation>
    </message>
    <message>
        <source>读写档案文件夹时磁盘出错(磁盘 I/O 错误): 请检查U盘或移动硬盘是否已拔出、连接是否松动, 然后重试; 反复出现时请运行 villagedesk check; 已保存的数据未丢失</source>
        <translation>The disk failed a read or a write in the profile folder (disk I/O error): check that the USB stick or external disk is still plugged in and its cable is firm, then try again; if it happens again, run villagedesk check; the saved data is not lost</translation>
    </message>
    <message>
        <source>账号名单中的启用标记错误</source>
        <translation>The account list has a wrong active flag</translation>
    </message>
    <message>
        <source>账号名单中的账号编号错误</source>
        <translation>The account list has a wrong account number</translation>
    </message>
    <message>
        <source>账号名单的格式错误</source>
        <translation>Malformed account list</translation>
    </message>
    <message>
        <source>起点大于终点</source>
        <translation>The start is after the end</translation>
    </message>
    <message>
        <source>身份证号是 15 位有效数字后跟 000(或 4.19001E+17 这样的写法): 这是 Excel 把号码当成数字保存后的样子, 后 3 位已丢失, 即使校验位碰巧正确也不能导入。请把该列设为「文本」, 按原件重新输入; 若原件号码确实以 000 结尾, 请在「代办登记」页单独登记</source>
        <translation>The ID number is 15 significant digits followed by 000 (or written like 4.19001E+17): this is how Excel saves a number; its last 3 digits are lost and it cannot be imported even if the check digit happens to be right. Set the column to Text and type the numbers again from the originals; if an ID card really ends in 000, register that villager alone on the Intake page</translation>
    </message>
    <message>
        <source>身份证号码只能是17位数字加数字或X</source>
        <translation>An ID number is 17 digits followed by a digit or X</translation>
    </message>
    <message>
        <source>身份证号码校验位错误, 请逐位核对</source>
        <translation>The ID number&apos;s check digit is wrong: please check it digit by digit</translation>
    </message>
    <message>
        <source>身份证号被 Excel 存成了数字: Excel 只保留 15 位有效数字, 后 3 位已变成 000, 号码不可信, 即使校验位碰巧正确也不能导入。请把该列设为「文本」格式, 按身份证原件重新输入后再导入</source>
        <translation>Excel saved the ID number as a number: Excel keeps only 15 significant digits, so its last 3 digits became 000; the number cannot be trusted and is not imported even if the check digit happens to be right. Set the column to Text, type the numbers again from the ID cards and import again</translation>
    </message>
    <message>
        <source>这不是 VillageDesk 的备份文件, 或备份文件已损坏, 不能恢复; 当前数据未改动</source>
        <translation>This is not a VillageDesk backup file, or the backup is damaged: it cannot be restored; the current data is unchanged</translation>
    </message>
    <message>
        <source>这不是村级便民代办台的离线同步包</source>
        <translation>This is not an offline sync bundle of VillageDesk</translation>
    </message>
    <message>
        <source>这是压缩文件而不是 Excel 工作簿(.xlsx), 请选择正确的文件</source>
        <translation>This is a compressed archive, not an Excel workbook (.xlsx): please choose the right file</translation>
    </message>
    <message>
        <source>这是旧版 Excel(.xls)或 WPS 表格文件, 请在 Excel/WPS 中另存为 .xlsx 或 CSV 后再导入</source>
        <translation>This is an old Excel (.xls) or WPS spreadsheet: save it as .xlsx or CSV in Excel/WPS, then import it</translation>
    </message>
    <message>
        <source>这是本机最后一个可登录的账号, 不能停用(请先添加接替的代办员)</source>
        <translation>This is the last account that can log in on this PC: it cannot be stopped (add the agent taking over first)</translation>
    </message>
    <message>
        <source>这是村里导出的同步包, 应在镇中心导入; 本机只能导入镇中心写出的回执包</source>
        <translation>This is a bundle exported by a village and is imported at the town centre; this PC can import only acknowledgements written by the town centre</translation>
    </message>
    <message>
        <source>这是镇中心写出的回执包, 应拷回村里导入; 请选择村里导出的同步包</source>
        <translation>This is an acknowledgement written by the town centre and is imported back in the village; please choose a bundle exported by a village</translation>
    </message>
    <message>
        <source>这是镇的代码, 请填写村(居)委会的代码</source>
        <translation>This is a town&apos;s code: please enter the code of the village (residents&apos;) committee</translation>
    </message>
    <message>
        <source>进展报告请在「工作进展报送」中生成、报送和审核</source>
        <translation>Progress reports are made, submitted and reviewed on the Progress reports page</translation>
    </message>
    <message>
        <source>镇中心先收到的版本: 本机后来送来的与此不同</source>
        <translation>The version the town centre received first: what this PC sent later differs</translation>
    </message>
    <message>
        <source>镇中心受理后按受理日重新计算</source>
        <translation>Counted again from the acceptance day once the town centre accepts it</translation>
    </message>
    <message>
        <source>镇中心没有此事件(该条留痕无从核验)</source>
        <translation>The town centre does not have this event (this audit entry cannot be verified)</translation>
    </message>
    <message>
        <source>镇中心退回补正的办件, 请补齐材料后重新「报送镇中心」; 「材料补齐」只用于市级退回的补正</source>
        <translation>A case the town centre returned for correction is submitted to the town centre again once its materials are complete; Materials supplied is only for a correction the city asked for</translation>
    </message>
    <message>
        <source>附件不能为空</source>
        <translation>The attachment cannot be empty</translation>
    </message>
    <message>
        <source>附件名应为 64 位小写十六进制 SHA-256</source>
        <translation>An attachment&apos;s name is a 64-character lower-case hexadecimal SHA-256</translation>
    </message>
    <message>
        <source>附件大小无效</source>
        <translation>Invalid attachment size</translation>
    </message>
    <message>
        <source>附件已加密, 本机当前的密钥打不开它(请用加密时本机代办员的密码登录)</source>
        <translation>The attachment is encrypted and this PC&apos;s current key cannot open it (log in with the password of the agent who encrypted this PC)</translation>
    </message>
    <message>
        <source>附件文件不在本机(尚未下载或已丢失)</source>
        <translation>The attachment file is not on this PC (not yet downloaded, or lost)</translation>
    </message>
    <message>
        <source>附件文件内容与其校验值(SHA-256)不符, 已损坏</source>
        <translation>The attachment file does not match its checksum (SHA-256): it is damaged</translation>
    </message>
    <message>
        <source>附件文件名无效</source>
        <translation>Invalid attachment file name</translation>
    </message>
    <message>
        <source>附件文件已损坏(加密附件不完整)</source>
        <translation>The attachment file is damaged (the encrypted attachment is incomplete)</translation>
    </message>
    <message>
        <source>附件文件已损坏或被替换(加密校验未通过)</source>
        <translation>The attachment file is damaged or was replaced (its encryption check failed)</translation>
    </message>
    <message>
        <source>附件的 SHA-256 无效</source>
        <translation>Invalid attachment SHA-256</translation>
    </message>
    <message>
        <source>附件还没有从镇中心下载到本机, 请先同步, 再打开</source>
        <translation>The attachment has not been downloaded from the town centre yet: please sync first, then open it</translation>
    </message>
    <message>
        <source>降星情形应为 [情形, 次数, 降星数]</source>
        <translation>A star reduction case must be [case, times, stars taken off]</translation>
    </message>
    <message>
        <source>降星情形格式错误</source>
        <translation>Malformed star reduction case</translation>
    </message>
    <message>
        <source>预约不存在</source>
        <translation>The appointment does not exist</translation>
    </message>
    <message>
        <source>预约日期不能早于今天</source>
        <translation>The appointment&apos;s day cannot be before today</translation>
    </message>
    <message>
        <source>预约日期未到, 不能登记爽约</source>
        <translation>The appointment&apos;s day has not come yet: it cannot be marked as a no-show</translation>
    </message>
    <message>
        <source>预约由村便民服务站登记</source>
        <translation>Appointments are booked by the village service station</translation>
    </message>
    <message>
        <source>预约由登记它的村便民服务站处理</source>
        <translation>An appointment is handled by the village service station that booked it</translation>
    </message>
    <message>
        <source>%1 不是数字, 应为 %2 到 %3 之间的数</source>
        <translation>%1 is not a number: it must be between %2 and %3</translation>
    </message>
    <message>
        <source>%1 不是整数, 应为 %2 到 %3 之间的整数</source>
        <translation>%1 is not a whole number: it must be a whole number from %2 to %3</translation>
    </message>
    <message>
        <source>%1 不是文件</source>
        <translation>%1 is not a file</translation>
    </message>
    <message>
        <source>%1 不是文件夹</source>
        <translation>%1 is not a folder</translation>
    </message>
    <message>
        <source>%1 不是文件夹: 请选择U盘或另一块硬盘上的一个文件夹; 第二备份文件夹未保存</source>
        <translation>%1 is not a folder: choose a folder on a USB stick or another disk; the second backup folder was not saved</translation>
    </message>
    <message>
        <source>%1 个附件在本机缺失或已损坏, 未放入备份(备份仍可恢复): 办件 %2; 请运行 villagedesk check 查看, 并重新扫描这些材料</source>
        <translation>%1 attachments are missing or damaged on this PC and were left out of the backup (it can still be restored): cases %2; run villagedesk check to see them and scan these materials again</translation>
    </message>
    <message>
        <source>%1 个附件文件不见了(办件 %2): 请从含附件的备份恢复(villagedesk restore), 或重新扫描后用 villagedesk attach 添加</source>
        <translation>%1 attachment files are missing (case %2): restore from a backup with attachments (villagedesk restore), or scan again and add them with villagedesk attach</translation>
    </message>
    <message>
        <source>%1 个附件文件内容已损坏(办件 %2): 请从含附件的备份恢复, 或重新扫描后添加</source>
        <translation>%1 attachment files are damaged (case %2): restore from a backup with attachments, or scan again and add them</translation>
    </message>
    <message>
        <source>%1 个附件文件是用另一把密钥加密的, 本机打不开(办件 %2): 请从本机的含附件备份恢复, 或重新扫描后添加</source>
        <translation>%1 attachment files are encrypted with another key and this PC cannot open them (case %2): restore from this PC&apos;s backup with attachments, or scan again and add them</translation>
    </message>
    <message>
        <source>%1 已预约 %2 办理「%3」(编号 %4), 未重复登记; 要改时间请先取消原预约</source>
        <translation>%1 already has a booking on %2 for “%3” (no. %4); not booked twice. To change the time, cancel the first booking</translation>
    </message>
    <message>
        <source>%1 年的安排中没有任何放假日, 请核对文件</source>
        <translation>The schedule for %1 has no days off: please check the file</translation>
    </message>
    <message>
        <source>%1 应为数字</source>
        <translation>%1 must be a number</translation>
    </message>
    <message>
        <source>%1 所在的磁盘空间不足: 需要约 %2 MB, 现在只有 %3 MB 可用; 请清理该磁盘(或换一个有空间的文件夹)后重试</source>
        <translation>The disk of %1 is short of room: about %2 MB are needed and only %3 MB are free; free some space on it (or choose a folder with room) and try again</translation>
    </message>
    <message>
        <source>%1 所在的磁盘空间不足: 需要约 %2 MB, 现在只有 %3 MB 可用; 请清理该磁盘(或换一个有空间的文件夹)后重试; 当前数据未改动</source>
        <translation>The disk of %1 is short of space: about %2 MB is needed and only %3 MB is free; free up space on that disk (or choose a folder with room) and try again; the current data is unchanged</translation>
    </message>
    <message>
        <source>%1 所在的磁盘空间不足: 需要约 %2 MB, 现在只有 %3 MB 可用; 请清理该磁盘(或换一个有空间的文件夹)后重试; 未做备份, 已保存的数据未丢失</source>
        <translation>The disk of %1 is short of space: about %2 MB is needed and only %3 MB is free; free up space on that disk (or choose a folder with room) and try again; no backup was made and no saved data was lost</translation>
    </message>
    <message>
        <source>%1 所在的磁盘空间不足: 需要约 %2 MB, 现在只有 %3 MB 可用; 请清理该磁盘(或换一个有空间的文件夹)后重试; 本机的备份已完成, 未复制到第二备份文件夹</source>
        <translation type="vanished">The disk of %1 is short of space: about %2 MB is needed and only %3 MB is free; free up space on that disk (or choose a folder with room) and try again; the backup on this PC is done but it was not copied to the second backup folder</translation>
    </message>
    <message>
        <source>%1 所在的磁盘空间已满, 无法写入: 请清理该磁盘或换一个有空间的文件夹后重试; 档案数据未丢失</source>
        <translation>The disk of %1 is full and cannot be written: free some space on it or choose a folder with room and try again; the profile&apos;s data is not lost</translation>
    </message>
    <message>
        <source>%1 既列为放假又列为上班, 请核对通知原文</source>
        <translation>%1 is listed both as a day off and as a working day: please check the notice</translation>
    </message>
    <message>
        <source>%1 是一个文件夹, 请给出要写入的文件名</source>
        <translation>%1 is a folder: please give the name of the file to write</translation>
    </message>
    <message>
        <source>%1 是文件夹, 不是离线同步包</source>
        <translation>%1 is a folder, not an offline sync bundle</translation>
    </message>
    <message>
        <source>%1 是文件夹, 请给出其中要添加的文件</source>
        <translation>%1 is a folder: give the file in it to attach</translation>
    </message>
    <message>
        <source>%1 条附件记录没有对应的办件: 请联系技术支持(数据未删除)</source>
        <translation>%1 attachment records have no case: please contact technical support (no data was deleted)</translation>
    </message>
    <message>
        <source>%1 的 if_no_data 应为 full 或 zero</source>
        <translation>%1&apos;s if_no_data must be full or zero</translation>
    </message>
    <message>
        <source>%1 缺少 key</source>
        <translation>%1 lacks its key</translation>
    </message>
    <message>
        <source>%1 超出范围, 应为 %2 到 %3 之间的数</source>
        <translation>%1 is out of range: it must be between %2 and %3</translation>
    </message>
    <message>
        <source>%1 超出范围, 应为 %2 到 %3 之间的整数</source>
        <translation>%1 is out of range: it must be a whole number from %2 to %3</translation>
    </message>
    <message>
        <source>%1(%2) 应为日期数组</source>
        <translation>%1 (%2) must be an array of dates</translation>
    </message>
    <message>
        <source>%1(恢复账号: villagedesk --user 登录名 accounts reactivate %2)</source>
        <translation>%1 (to restore the account: villagedesk --user LOGIN accounts reactivate %2)</translation>
    </message>
    <message>
        <source>%1: %2 不在服务器支持的范围内(%3)</source>
        <translation>%1: %2 is outside what the server supports (%3)</translation>
    </message>
    <message>
        <source>%1: %2 应为整数(%3)</source>
        <translation>%1: %2 must be a whole number (%3)</translation>
    </message>
    <message>
        <source>%1: off 应为 [放假首日, 放假末日](只放一天可只写一天)</source>
        <translation>%1: off must be [first day off, last day off] (one day alone for a single day)</translation>
    </message>
    <message>
        <source>%1: 备份文件夹 %2 中没有可用的完好备份; 请用第二备份文件夹(U盘)中的备份运行 villagedesk restore 文件, 并告知镇中心</source>
        <translation>%1: the backup folder %2 holds no sound backup; run villagedesk restore FILE with a backup from the second backup folder (USB stick) and tell the town centre</translation>
    </message>
    <message>
        <source>%1: 放假 %2 天, 超过 %3 天, 请核对日期</source>
        <translation>%1: %2 days off, more than %3: please check the dates</translation>
    </message>
    <message>
        <source>%1: 放假末日 %2 早于首日 %3</source>
        <translation>%1: the last day off %2 is before the first %3</translation>
    </message>
    <message>
        <source>%1: 本机的备份已完成, 未复制到第二备份文件夹</source>
        <translation>%1: this PC&apos;s backup is done but was not copied to the second backup folder</translation>
    </message>
    <message>
        <source>%1: 请用最新的完好备份恢复: villagedesk restore %2</source>
        <translation>%1: please restore the newest sound backup: villagedesk restore %2</translation>
    </message>
    <message>
        <source>%1; 可选的材料: %2</source>
        <translation>%1; materials to choose from: %2</translation>
    </message>
    <message>
        <source>%1; 当前数据库未改动</source>
        <translation>%1; the current database is unchanged</translation>
    </message>
    <message>
        <source>%1「%2」的 bands 应为 [阈值, 得分] 列表</source>
        <translation>%1 &quot;%2&quot;: bands must be a list of [threshold, score]</translation>
    </message>
    <message>
        <source>%1「%2」的档次得分不能超过该项分值 %3</source>
        <translation>%1 &quot;%2&quot;: a band&apos;s score cannot exceed the item&apos;s points %3</translation>
    </message>
    <message>
        <source>%1「%2」的阈值应%3排列</source>
        <translation>%1 &quot;%2&quot;: the thresholds must be in %3 order</translation>
    </message>
    <message>
        <source>%1不正确, 无法打开加密的数据库(可用本机任一代办员的登录密码, 忘记密码请用恢复码)</source>
        <translation>%1 is wrong: the encrypted database cannot be opened (any agent&apos;s login password on this PC works; use the recovery code if the password is forgotten)</translation>
    </message>
    <message>
        <source>%1中有无效日期 %2, 日期应写成 YYYY-MM-DD, 如 %3-01-01</source>
        <translation>%1 has an invalid date %2: write dates as YYYY-MM-DD, e.g. %3-01-01</translation>
    </message>
    <message>
        <source>%1中的 %2 不在 %3 年内</source>
        <translation>%2 in %1 is not in the year %3</translation>
    </message>
    <message>
        <source>%1处于「%2」时不能执行「%3」</source>
        <translation>The %1 is &quot;%2&quot;: &quot;%3&quot; cannot be done now</translation>
    </message>
    <message>
        <source>%1尚未开始, 不能生成进展报告</source>
        <translation>%1 has not begun yet: no progress report can be made</translation>
    </message>
    <message>
        <source>%1应为 %2-%3 之间的数字</source>
        <translation>%1 must be a number from %2 to %3</translation>
    </message>
    <message>
        <source>%1应为 %2-%3 之间的整数</source>
        <translation>%1 must be a whole number from %2 to %3</translation>
    </message>
    <message>
        <source>%1应为 3-20 位数字(可含 -), 如 12345 或 0391-1234567: %2</source>
        <translation>%1 must be 3-20 digits (- allowed), e.g. 12345 or 0391-1234567: %2</translation>
    </message>
    <message>
        <source>%1无权执行「%2」</source>
        <translation>The %1 may not do &quot;%2&quot;</translation>
    </message>
    <message>
        <source>TLS 连接失败: %1</source>
        <translation>TLS connection failed: %1</translation>
    </message>
    <message>
        <source>「%1」不在该事项的材料清单中; 该事项的材料: %2</source>
        <translation>“%1” is not on this item&apos;s list of materials; the item&apos;s materials: %2</translation>
    </message>
    <message>
        <source>第 %1 行%2的单元格太长(超过 %3 个字符, 每个单元格最多 %4 个字符): 请检查该单元格是否粘贴了整段文字, 或前面的单元格少了一个引号</source>
        <translation>A cell of row %1%2 is too long (more than %3 characters; a cell holds at most %4): check whether a whole text was pasted into it, or a cell before it lacks a quote</translation>
    </message>
    <message>
        <source>第 %1 行无法按 CSV 读取, 请检查引号是否成对</source>
        <translation>Row %1 cannot be read as CSV: check that the quotes come in pairs</translation>
    </message>
    <message>
        <source>该预约的状态已是「%1」, 不能再更改</source>
        <translation>This booking is already “%1” and can no longer be changed</translation>
    </message>
    <message>
        <source>该预约的状态已是「%1」, 不能取消</source>
        <translation>This booking is already “%1” and cannot be cancelled</translation>
    </message>
    <message>
        <source>「%1」不在该事项的材料清单中</source>
        <translation type="vanished">&quot;%1&quot; is not on the item&apos;s list of materials</translation>
    </message>
    <message>
        <source>「%1」为必需材料, 不能容缺后补</source>
        <translation>&quot;%1&quot; is required and cannot be brought later</translation>
    </message>
    <message>
        <source>「%1」应为 1-5 分</source>
        <translation>&quot;%1&quot; must be 1-5 points</translation>
    </message>
    <message>
        <source>「%1」得分应在 0-%2 之间</source>
        <translation>The score of &quot;%1&quot; must be 0-%2</translation>
    </message>
    <message>
        <source>「%1」的状态无效</source>
        <translation>&quot;%1&quot; has an invalid state</translation>
    </message>
    <message>
        <source>一次上传不能超过 %1 KB</source>
        <translation>One upload cannot exceed %1 KB</translation>
    </message>
    <message>
        <source>上次恢复在报告结果前被中断: 原数据库中有 %1 件较新的办件不在恢复的备份中, 只保存在 backups/%2 里: %3</source>
        <translation>The last restore was interrupted before it reported: %1 newer cases of the former database are not in the restored backup and are kept only in backups/%2: %3</translation>
    </message>
    <message>
        <source>不能按此列排序: %1</source>
        <translation>Cannot sort by this column: %1</translation>
    </message>
    <message>
        <source>与「%1」重复(都表示%2)</source>
        <translation>Repeats &quot;%1&quot; (both mean %2)</translation>
    </message>
    <message>
        <source>与第%1行完全相同, 请确认是否重复登记</source>
        <translation>Exactly the same as row %1: please check whether it is registered twice</translation>
    </message>
    <message>
        <source>与第%1行是同一人办同一事项, 未重复登记</source>
        <translation>The same person and item as row %1: not registered twice</translation>
    </message>
    <message>
        <source>事件内容无效: %1</source>
        <translation>Invalid event content: %1</translation>
    </message>
    <message>
        <source>事件结构版本 %1 高于服务器所知的 %2, 请先升级服务器</source>
        <translation>The event&apos;s schema version %1 is higher than the server&apos;s %2: please upgrade the server first</translation>
    </message>
    <message>
        <source>事件结构版本应为 1..%1 的整数</source>
        <translation>The event&apos;s schema version must be a whole number from 1 to %1</translation>
    </message>
    <message>
        <source>事项编码 %1 不在事项清单中, %2</source>
        <translation>Item code %1 is not in the catalog, %2</translation>
    </message>
    <message>
        <source>公开查询地址应为不超过 %1 个字符的网址, 如 https://town.example.cn</source>
        <translation>The public lookup address must be a web address of at most %1 characters, e.g. https://town.example.cn</translation>
    </message>
    <message>
        <source>内容过长(%1字, 最多%2字)</source>
        <translation>Too long (%1 characters, at most %2)</translation>
    </message>
    <message>
        <source>出生日期 %1 不合理</source>
        <translation>The birth date %1 is not plausible</translation>
    </message>
    <message>
        <source>出生日期 %1 不存在</source>
        <translation>The birth date %1 does not exist</translation>
    </message>
    <message>
        <source>分项评价只能是 %1</source>
        <translation>A detailed rating can only be %1</translation>
    </message>
    <message>
        <source>前序事件编号应为至多 %1 个小写带连字符的 UUID</source>
        <translation>Previous event numbers must be at most %1 lower-case hyphenated UUIDs</translation>
    </message>
    <message>
        <source>前序事件编号须为至多 %1 个小写带连字符的 UUID</source>
        <translation>Previous event numbers must be at most %1 lower-case hyphenated UUIDs</translation>
    </message>
    <message>
        <source>受理渠道应为 %1 之一</source>
        <translation>The channel must be one of %1</translation>
    </message>
    <message>
        <source>另一个备份或恢复正在进行(%1): 请等它完成后再试</source>
        <translation>Another backup or restore is running (%1): please wait until it finishes and try again</translation>
    </message>
    <message>
        <source>只有村代办员可以导入办件(本机是%1账号)</source>
        <translation>Only a village agent can import cases (this PC has a %1 account)</translation>
    </message>
    <message>
        <source>各村指标应为至多 %1 个村的对象</source>
        <translation>The per-village figures must be an object of at most %1 villages</translation>
    </message>
    <message>
        <source>各评分项分值合计应为 100 分, 现为 %1 分</source>
        <translation>The items&apos; points must add up to 100; now they add up to %1</translation>
    </message>
    <message>
        <source>同步包已导入镇中心, 但%1; 请另选位置保存回执包</source>
        <translation>The bundle was imported at the town centre, but %1; please choose another place to save the acknowledgement</translation>
    </message>
    <message>
        <source>备份文件 %1 中的数据库已加密, 但没有密钥文件(keys.json), 任何密码都打不开它, 不能恢复; 当前数据未改动: 请换一个含密钥文件的备份(在原电脑上登录后重新备份), 或找到制作备份时与数据库放在一起的 keys.json</source>
        <translation>The database in the backup file %1 is encrypted but the backup has no key file (keys.json), so no password can open it; it cannot be restored and the current data is unchanged: use a backup that contains its key file (log in on the original PC and back up again), or find the keys.json that lay beside the database when the backup was made</translation>
    </message>
    <message>
        <source>备份文件 %1 是空的(0 字节): 可能复制中断或当时磁盘已满, 不能用来恢复; 当前数据未改动</source>
        <translation>The backup file %1 is empty (0 bytes): the copy may have been interrupted or the disk was full; it cannot be used to restore; the current data is unchanged</translation>
    </message>
    <message>
        <source>备份文件 %1 是空的(0 字节): 备份或拷贝没有完成, 不能恢复; 请换一个完整的备份文件, 当前数据未改动</source>
        <translation>The backup file %1 is empty (0 bytes): the backup or the copy did not finish and cannot be restored; please use a complete backup file; the current data is unchanged</translation>
    </message>
    <message>
        <source>备份文件不完整: 缺少 %1 项, 不能用来恢复</source>
        <translation>The backup file is incomplete: %1 entries are missing; it cannot be used to restore</translation>
    </message>
    <message>
        <source>备份文件中的%1校验不符(SHA-256), 文件已损坏或被改动, 不能用来恢复</source>
        <translation>The checksum (SHA-256) of %1 in the backup file does not match: the file is damaged or altered and cannot be used to restore</translation>
    </message>
    <message>
        <source>备份文件含有清单以外的内容(%1 项), 可能被改动过, 不能用来恢复</source>
        <translation>The backup file holds content beyond its manifest (%1 entries): it may have been altered and cannot be used to restore</translation>
    </message>
    <message>
        <source>备份来自更新版本的 VillageDesk(结构版本 %1), 请先升级程序; 当前数据未改动</source>
        <translation>The backup comes from a newer version of VillageDesk (schema version %1): please upgrade the program first; the current data is unchanged</translation>
    </message>
    <message>
        <source>复制到第二个文件夹后校验不符, 已删除该副本: %1</source>
        <translation>The copy in the second folder did not match after copying and was deleted: %1</translation>
    </message>
    <message>
        <source>姓名中不能有数字或符号(第 %1 个字符; 只能用文字和间隔号「·」)</source>
        <translation>A name may not contain digits or symbols (character %1; only letters and the middle dot ·)</translation>
    </message>
    <message>
        <source>委托书已于 %1 到期, 请重新签署</source>
        <translation>The power of attorney expired on %1: please have it signed again</translation>
    </message>
    <message>
        <source>字段 %1 应为 JSON, 如 {&quot;效率&quot;: 5}</source>
        <translation>The field %1 must be JSON, e.g. {&quot;效率&quot;: 5}</translation>
    </message>
    <message>
        <source>字段 %1 应为 是/否, 收到 %2</source>
        <translation>The field %1 must be yes/no, got %2</translation>
    </message>
    <message>
        <source>字段 %1 应为整数, 收到 %2</source>
        <translation>The field %1 must be a whole number, got %2</translation>
    </message>
    <message>
        <source>字段应写成 名称=值, 如 certificate_no=JY-2026-001, 收到 %1</source>
        <translation>A field is written name=value, e.g. certificate_no=JY-2026-001, got %1</translation>
    </message>
    <message>
        <source>密码至少%1位</source>
        <translation>The password needs at least %1 characters</translation>
    </message>
    <message>
        <source>密码过长(最多%1位)</source>
        <translation>The password is too long (at most %1 characters)</translation>
    </message>
    <message>
        <source>密钥文件 %1 已损坏, 无法打开加密的数据库(请从备份恢复)</source>
        <translation>The key file %1 is damaged: the encrypted database cannot be opened (please restore from a backup)</translation>
    </message>
    <message>
        <source>已有在办的同一事项办件 %1, 未重复登记</source>
        <translation>There is an open case %1 for the same item already: not registered twice</translation>
    </message>
    <message>
        <source>年份 %1 不在 2000-2199 之间</source>
        <translation>The year %1 is not between 2000 and 2199</translation>
    </message>
    <message>
        <source>应为 %1..%2 的整数</source>
        <translation>Must be a whole number from %1 to %2</translation>
    </message>
    <message>
        <source>应为最多%1项的列表</source>
        <translation>Must be a list of at most %1 entries</translation>
    </message>
    <message>
        <source>应为至多 %1 项的列表</source>
        <translation>Must be a list of at most %1 entries</translation>
    </message>
    <message>
        <source>找不到办件 %1(编号有误, 或不在本机的范围内)</source>
        <translation>Case %1 not found (wrong number, or not within this PC&apos;s area)</translation>
    </message>
    <message>
        <source>找不到备份文件: %1</source>
        <translation>Backup file not found: %1</translation>
    </message>
    <message>
        <source>找不到文件 %1</source>
        <translation>File %1 not found</translation>
    </message>
    <message>
        <source>找不到文件 %1: 请检查文件名和位置(U盘是否已拔出)后重试; 档案数据未改动</source>
        <translation>File %1 not found: check the file name and location (is the USB stick unplugged?) and try again; the records were not changed</translation>
    </message>
    <message>
        <source>找不到文件: %1</source>
        <translation>File not found: %1</translation>
    </message>
    <message>
        <source>找不到表头; 第一行应为列名, 如: %1</source>
        <translation>No header found; the first row should hold the column names, e.g.: %1</translation>
    </message>
    <message>
        <source>承诺时限与事项目录不符: 事项 %1 的承诺时限为%2</source>
        <translation>The time limit does not match the catalog: item %1 promises %2</translation>
    </message>
    <message>
        <source>接收人 %1 的账号已停用</source>
        <translation>The account of %1, who is to take over, is stopped</translation>
    </message>
    <message>
        <source>搜索内容过长(最多%1字)</source>
        <translation>The search is too long (at most %1 characters)</translation>
    </message>
    <message>
        <source>操作「%1」不带任何字段, 收到 %2</source>
        <translation>The action &quot;%1&quot; takes no fields, got %2</translation>
    </message>
    <message>
        <source>操作「%1」没有字段 %2; 可用的字段: %3</source>
        <translation>The action &quot;%1&quot; has no field %2; its fields: %3</translation>
    </message>
    <message>
        <source>数据库已加密, 但有 %1 个附件文件仍未加密(加密过程被中断?): 请再运行 villagedesk encrypt 完成加密</source>
        <translation>The database is encrypted but %1 attachment files are still not (was the encryption interrupted?): run villagedesk encrypt again to finish it</translation>
    </message>
    <message>
        <source>数据库结构缺少 %1 个表、%2 个字段(%3): 这是升级过程中的缺陷, 请先 villagedesk backup 备份, 再联系技术支持修复; 不要继续录入</source>
        <translation>The database schema lacks %1 tables and %2 columns (%3): a defect of the upgrade; back up with villagedesk backup first, then contact technical support; do not go on entering data</translation>
    </message>
    <message>
        <source>数据库缺少或改变了 %1 个索引(%2): 查询会变慢, 数据未受影响; 请联系技术支持</source>
        <translation>The database lacks or has changed %1 indexes (%2): queries get slower, the data is not affected; please contact technical support</translation>
    </message>
    <message>
        <source>数据行超过 %1 行, 请拆分成几个文件分批导入</source>
        <translation>More than %1 data rows: please split the file and import it in parts</translation>
    </message>
    <message>
        <source>文件不存在: %1</source>
        <translation>File does not exist: %1</translation>
    </message>
    <message>
        <source>文件只有表头(第 %1 行), 没有数据行</source>
        <translation>The file has only a header (row %1) and no data rows</translation>
    </message>
    <message>
        <source>文件名或路径太长, 无法写入 %1: 请换一个短一些的文件名或文件夹后重试; 档案数据未改动</source>
        <translation>The file name or path is too long to write in %1: choose a shorter file name or folder and try again; the records were not changed</translation>
    </message>
    <message>
        <source>文件夹 %1 %2, 请先建好它或换一个位置</source>
        <translation>The folder %1 %2: please create it first or choose another place</translation>
    </message>
    <message>
        <source>文件夹 %1 不存在(U盘或移动硬盘没有接上?), 不会新建它; 未做任何备份</source>
        <translation>The folder %1 does not exist (is the USB stick or external disk plugged in?): it is not created; no backup was made</translation>
    </message>
    <message>
        <source>文件夹 %1 不存在, 请先建好它或换一个位置</source>
        <translation>The folder %1 does not exist: please create it first or choose another place</translation>
    </message>
    <message>
        <source>文件夹 %1 不存在: 请先建好这个文件夹(或接上U盘), 或换一个文件夹后重试; 档案数据未改动</source>
        <translation>Folder %1 does not exist: create it first (or plug in the USB stick), or choose another folder, and try again; the records were not changed</translation>
    </message>
    <message>
        <source>文件夹 %1 不存在: 请先接上U盘或移动硬盘(或建好这个文件夹)再保存; 第二备份文件夹未保存</source>
        <translation>Folder %1 does not exist: plug in the USB stick or external disk (or create the folder) before saving; the second backup folder was not saved</translation>
    </message>
    <message>
        <source>文件夹 %1 是只读的, 无法写入: 请换一个可写的文件夹(或取下U盘的写保护)后重试; 档案数据未改动</source>
        <translation>The folder %1 is read-only and cannot be written: choose a writable folder (or take the USB stick&apos;s write protection off) and try again; the profile&apos;s data is unchanged</translation>
    </message>
    <message>
        <source>文件夹 %1 是只读的或没有写入权限, 无法写入 %2: 请换一个可写的文件夹(或取下U盘的写保护)后重试; 档案数据未改动</source>
        <translation>Folder %1 is read-only or may not be written, so %2 could not be written: choose a writable folder (or remove the USB stick&apos;s write protection) and try again; the records were not changed</translation>
    </message>
    <message>
        <source>文件过大(%1 MB), 不是有效的离线同步包</source>
        <translation>The file is too large (%1 MB) to be a valid offline sync bundle</translation>
    </message>
    <message>
        <source>文件过大(%1 MB), 无法上传; 请在服务器上用 villagedesk-server import-bundle 导入</source>
        <translation>The file is too large (%1 MB) to upload: import it on the server with villagedesk-server import-bundle</translation>
    </message>
    <message>
        <source>文件过大(%1 MB, 最多 %2 MB), 请分批导入</source>
        <translation>The file is too large (%1 MB, at most %2 MB): please import it in parts</translation>
    </message>
    <message>
        <source>文件过大(最大 %1 MB)</source>
        <translation>The file is too large (at most %1 MB)</translation>
    </message>
    <message>
        <source>无法写入 %1: %2</source>
        <translation type="vanished">Cannot write %1: %2</translation>
    </message>
    <message>
        <source>无法写入文件夹 %1: 请检查它是否存在、是否可写; 档案数据未改动</source>
        <translation>Cannot write to the folder %1: please check that it exists and can be written; the profile&apos;s data is unchanged</translation>
    </message>
    <message>
        <source>无法打开 Excel 工作簿: %1</source>
        <translation>Cannot open the Excel workbook: %1</translation>
    </message>
    <message>
        <source>无法读取 %1: %2</source>
        <translation type="vanished">Cannot read %1: %2</translation>
    </message>
    <message>
        <source>无法读取考评细则文件: %1</source>
        <translation>Cannot read the rating rules file: %1</translation>
    </message>
    <message>
        <source>无法连接服务器 %1:%2: %3</source>
        <translation>Cannot connect to the server %1:%2: %3</translation>
    </message>
    <message>
        <source>服务器回复无法解析 (HTTP %1)</source>
        <translation>The server&apos;s reply cannot be read (HTTP %1)</translation>
    </message>
    <message>
        <source>服务器地址应以 https:// 开头: %1</source>
        <translation>The server address must start with https://: %1</translation>
    </message>
    <message>
        <source>未知的办件状态 %1</source>
        <translation>Unknown case state %1</translation>
    </message>
    <message>
        <source>未知的办件状态 %1, 可选: %2</source>
        <translation>Unknown case state %1; choose from: %2</translation>
    </message>
    <message>
        <source>未知的办理阶段 %1</source>
        <translation>Unknown stage %1</translation>
    </message>
    <message>
        <source>未知的压缩字典编号 %1</source>
        <translation>Unknown compression dictionary number %1</translation>
    </message>
    <message>
        <source>未知的操作 %1: 请用 villagedesk actions 办件编号 查看可执行的操作</source>
        <translation>Unknown action %1: see the actions a case allows with villagedesk actions CASE_NUMBER</translation>
    </message>
    <message>
        <source>未知的降星情形: %1</source>
        <translation>Unknown star reduction case: %1</translation>
    </message>
    <message>
        <source>本机从未导出第 %1 号同步包, 此回执包不属于本机, 已拒绝</source>
        <translation>This PC never exported bundle number %1: this acknowledgement is not this PC&apos;s; refused</translation>
    </message>
    <message>
        <source>材料最多列 %1 项</source>
        <translation>At most %1 materials can be listed</translation>
    </message>
    <message>
        <source>村代码应以所选镇的代码 %1 开头</source>
        <translation>The village code must start with the chosen town&apos;s code %1</translation>
    </message>
    <message>
        <source>村的指标只能是 %1</source>
        <translation>A village&apos;s figures can only be %1</translation>
    </message>
    <message>
        <source>档案中缺少密钥文件 %1, 无法打开加密的数据库(请从备份恢复)</source>
        <translation>The profile lacks the key file %1: the encrypted database cannot be opened (please restore from a backup)</translation>
    </message>
    <message>
        <source>档案文件夹 %1 所在的磁盘空间已满, 无法写入: 请清理该磁盘(或换一个有空间的文件夹)后重试; 已保存的数据未丢失</source>
        <translation>The disk of the profile folder %1 is full and cannot be written: free some space on it (or choose a folder with room) and try again; the data saved is not lost</translation>
    </message>
    <message>
        <source>此回执包(第 %1 号)已导入过, 或早于已导入的第 %2 号, 已拒绝</source>
        <translation>This acknowledgement (number %1) has been imported already, or is older than number %2 imported before; refused</translation>
    </message>
    <message>
        <source>汇总指标应为至多 %1 项的对象</source>
        <translation>The summary figures must be an object of at most %1 entries</translation>
    </message>
    <message>
        <source>没有登录名为 %1 的账号</source>
        <translation>There is no account with the login name %1</translation>
    </message>
    <message>
        <source>没有编码为 %1 的事项</source>
        <translation>There is no item with the code %1</translation>
    </message>
    <message>
        <source>申请人的 %1 应为至多 %2 字的文字</source>
        <translation>The applicant&apos;s %1 must be text of at most %2 characters</translation>
    </message>
    <message>
        <source>留痕条目应为不超过%1条的列表</source>
        <translation>The audit entries must be a list of at most %1 entries</translation>
    </message>
    <message>
        <source>登录名 %1 属于已停用的账号(%2): 如是本人回来, 请用 villagedesk --user 登录名 accounts reactivate %3 恢复该账号</source>
        <translation>The login name %1 belongs to a stopped account (%2): if its owner is back, restore it with villagedesk --user LOGIN accounts reactivate %3</translation>
    </message>
    <message>
        <source>登记事件的 %1 应为数组</source>
        <translation>The registration&apos;s %1 must be an array</translation>
    </message>
    <message>
        <source>登记事件的 %1 应为至多 %2 字的文字</source>
        <translation>The registration&apos;s %1 must be text of at most %2 characters</translation>
    </message>
    <message>
        <source>登记事件的 %1 应为非负整数</source>
        <translation>The registration&apos;s %1 must be a whole number of 0 or more</translation>
    </message>
    <message>
        <source>登记事件的 %1 最多 %2 项</source>
        <translation>The registration&apos;s %1 has at most %2 entries</translation>
    </message>
    <message>
        <source>登记事件的事项名称与事项目录不符: 事项 %1 应为「%2」</source>
        <translation>The registration&apos;s item title does not match the catalogue: item %1 is &quot;%2&quot;</translation>
    </message>
    <message>
        <source>登记事件的第 %1 个事项不是事项 %2 的组成事项</source>
        <translation>Item %1 of the registration is not part of item %2</translation>
    </message>
    <message>
        <source>登记事件的第 %1 个事项名称与事项目录不符</source>
        <translation>The title of item %1 of the registration does not match the catalogue</translation>
    </message>
    <message>
        <source>登记事件的第 %1 个事项格式错误</source>
        <translation>Item %1 of the registration is malformed</translation>
    </message>
    <message>
        <source>登记事件的第 %1 项材料格式错误</source>
        <translation>Material %1 of the registration is malformed</translation>
    </message>
    <message>
        <source>登记事件缺少申请人的 %1</source>
        <translation>The registration lacks the applicant&apos;s %1</translation>
    </message>
    <message>
        <source>目标文件已存在, 不会覆盖: %1</source>
        <translation>The target file exists already and is not overwritten: %1</translation>
    </message>
    <message>
        <source>目标文件已存在, 不会覆盖: %1; 请换一个文件名, 或先移走原文件</source>
        <translation>The file already exists and will not be overwritten: %1; choose another file name or move the existing file away first</translation>
    </message>
    <message>
        <source>相对编号越界: %1</source>
        <translation>Relative number out of range: %1</translation>
    </message>
    <message>
        <source>督查方式应为 %1 之一</source>
        <translation>The inspection method must be one of %1</translation>
    </message>
    <message>
        <source>离线同步包中有一段文字长达 %1 MB, 超过 %2 MB 的上限(最大附件的编码长度), 已拒绝</source>
        <translation>The offline sync bundle holds a text of %1 MB, over the limit of %2 MB (the encoded length of the largest attachment); refused</translation>
    </message>
    <message>
        <source>离线同步包解压后超过 %1 MB 的上限, 已拒绝</source>
        <translation>The offline sync bundle&apos;s content is larger than %1 MB once unpacked: refused</translation>
    </message>
    <message>
        <source>第 %1 个节日应为 {name, off: [首日, 末日], work: [调休上班日]}</source>
        <translation>Festival %1 must be {name, off: [first day, last day], work: [make-up working days]}</translation>
    </message>
    <message>
        <source>第 %1 号同步包已由另一次导出写出, 本次导出已撤销, 请重新导出</source>
        <translation>Bundle number %1 was written by another export: this export was undone; please export again</translation>
    </message>
    <message>
        <source>第 %1 行无法按 CSV 读取(%2), 请检查引号是否成对</source>
        <translation type="vanished">Row %1 cannot be read as CSV (%2): please check that the quotes are paired</translation>
    </message>
    <message>
        <source>第 %1 项材料不在该事项的材料清单中</source>
        <translation>Material %1 is not on the item&apos;s list of materials</translation>
    </message>
    <message>
        <source>第 %1 项材料的原件保管人无效: 应为 %2</source>
        <translation>The holder of material %1&apos;s original is not valid: it must be %2</translation>
    </message>
    <message>
        <source>第二备份文件夹 %1 不存在(U盘或移动硬盘没有接上?): 本机的备份已完成, 未复制到第二备份文件夹</source>
        <translation type="vanished">The second backup folder %1 does not exist (is the USB stick or external disk plugged in?): this PC&apos;s backup is done but was not copied to the second backup folder</translation>
    </message>
    <message>
        <source>编号表索引越界: %1</source>
        <translation>Number table index out of range: %1</translation>
    </message>
    <message>
        <source>编号表过大(最多 %1 个)</source>
        <translation>The number table is too large (at most %1)</translation>
    </message>
    <message>
        <source>缺少必需的列%1; 可用的列: %2</source>
        <translation>Required column %1 is missing; columns available: %2</translation>
    </message>
    <message>
        <source>网络连接失败: %1</source>
        <translation>Network connection failed: %1</translation>
    </message>
    <message>
        <source>考评细则中没有人工评分项「%1」; 可评的项: %2</source>
        <translation>The rating rules have no manual item &quot;%1&quot;; items that can be scored: %2</translation>
    </message>
    <message>
        <source>考评细则文件格式错误: %1</source>
        <translation>Malformed rating rules file: %1</translation>
    </message>
    <message>
        <source>设备名称中含有不可见的控制字符(第 %1 个字符)</source>
        <translation>The device name contains an invisible control character (character %1)</translation>
    </message>
    <message>
        <source>设备名称过长(最多%1字)</source>
        <translation>The device name is too long (at most %1 characters)</translation>
    </message>
    <message>
        <source>评分表最多 %1 项</source>
        <translation>A score sheet has at most %1 items</translation>
    </message>
    <message>
        <source>评分项「%1」重复</source>
        <translation>The score item &quot;%1&quot; is given twice</translation>
    </message>
    <message>
        <source>该预约%1</source>
        <translation type="vanished">The appointment is %1</translation>
    </message>
    <message>
        <source>该预约%1, 不能取消</source>
        <translation type="vanished">The appointment is %1: it cannot be cancelled</translation>
    </message>
    <message>
        <source>请填写%1</source>
        <translation>Please enter %1</translation>
    </message>
    <message>
        <source>请求头 %1</source>
        <translation>Request header %1</translation>
    </message>
    <message>
        <source>请选择被督查的%1便民服务中心(12 位代码)</source>
        <translation>Please choose the %1 service centre inspected (12-digit code)</translation>
    </message>
    <message>
        <source>读写 %1 时出错(磁盘或U盘故障?): 请检查U盘是否已拔出、连接是否松动后重试; 档案数据未改动</source>
        <translation>Error reading or writing %1 (a disk or USB stick fault?): check that the USB stick is plugged in firmly and try again; the records were not changed</translation>
    </message>
    <message>
        <source>读写文件夹 %1 时磁盘出错(磁盘 I/O 错误): 请检查U盘是否已拔出、连接是否松动后重试; 档案数据未改动</source>
        <translation>The disk failed a read or a write in the folder %1 (disk I/O error): check that the USB stick is still plugged in and its cable is firm, then try again; the profile&apos;s data is unchanged</translation>
    </message>
    <message>
        <source>调休上班日应为周六或周日, %1 本来就是工作日, 请核对</source>
        <translation>A make-up working day is a Saturday or a Sunday; %1 is a working day anyway: please check</translation>
    </message>
    <message>
        <source>账号 %1 在用, 无需恢复</source>
        <translation>The account %1 is in use: nothing to restore</translation>
    </message>
    <message>
        <source>账号 %1 已停用</source>
        <translation>The account %1 is stopped</translation>
    </message>
    <message>
        <source>账号名单中的姓名不是正常的姓名: %1</source>
        <translation>A name in the account list is not a proper name: %1</translation>
    </message>
    <message>
        <source>账号名单中的姓名应为不超过%1字的文本</source>
        <translation>A name in the account list must be text of at most %1 characters</translation>
    </message>
    <message>
        <source>账号名单应为不超过%1个账号的列表</source>
        <translation>The account list must be a list of at most %1 accounts</translation>
    </message>
    <message>
        <source>身份证号码应为18位, 现为%1位</source>
        <translation>An ID number has 18 characters; this one has %1</translation>
    </message>
    <message>
        <source>还缺少: %1。请等群众补齐全部缺少的材料后再办理「材料补齐」</source>
        <translation>Still missing: %1. Please wait until the villager brings every missing material before Materials supplied</translation>
    </message>
    <message>
        <source>配置文件夹 %1 已有 %2 件办件(真实数据, 不是演示数据): 演示数据不会混入其中, 未作任何改动; 请在一个新的空文件夹生成演示数据: villagedesk --profile 新的空文件夹 demo</source>
        <translation>The profile folder %1 already holds %2 cases (real data, not demo data): demo data is not mixed into it and nothing was changed; generate demo data in a new, empty folder: villagedesk --profile NEW_EMPTY_FOLDER demo</translation>
    </message>
    <message>
        <source>重复: %1</source>
        <translation>Duplicate: %1</translation>
    </message>
    <message>
        <source>附件的 %1 应为文字</source>
        <translation>The attachment&apos;s %1 must be text</translation>
    </message>
    <message>
        <source>附件超过 %1 MB 上限</source>
        <translation>The attachment exceeds the %1 MB limit</translation>
    </message>
    <message>
        <source>主题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>决定结果</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>办理事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>发现的问题</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <source>各项评分</source>
        <translation>Scores</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>备注内容</source>
        <translation>Remark</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>委托书</source>
        <translation>Power of attorney</translation>
    </message>
    <message>
        <source>委托书签署日期</source>
        <translation>Date the power of attorney was signed</translation>
    </message>
    <message>
        <source>委托人</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>审核人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>延期天数</source>
        <translation>Days of extension</translation>
    </message>
    <message>
        <source>情况说明</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>措施</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>收到的材料</source>
        <translation>Materials received</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>是否已核实</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>服务热线</source>
        <translation>Service hotline</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>核对结论</source>
        <translation>Check result</translation>
    </message>
    <message>
        <source>现由谁保管</source>
        <translation>Original held by</translation>
    </message>
    <message>
        <source>督查人</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>确定状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>程序名称</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>答复</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>答复人</source>
        <translation>Answered by</translation>
    </message>
    <message>
        <source>签收人</source>
        <translation>Signed for by</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>缺少的材料</source>
        <translation>Missing materials</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>证书编号</source>
        <translation>Certificate number</translation>
    </message>
    <message>
        <source>评价渠道</source>
        <translation>Review channel</translation>
    </message>
    <message>
        <source>评价等级</source>
        <translation>Review level</translation>
    </message>
    <message>
        <source>评分人</source>
        <translation>Scored by</translation>
    </message>
    <message>
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>转交单位</source>
        <translation>Forwarded to</translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation>Delivery method</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>领取地点</source>
        <translation>Pickup place</translation>
    </message>
</context>
<context>
    <name>EvaluationFields</name>
    <message>
        <source>效率</source>
        <translation>Efficiency</translation>
    </message>
    <message>
        <source>水平</source>
        <translation>Competence</translation>
    </message>
    <message>
        <source>态度</source>
        <translation>Attitude</translation>
    </message>
    <message>
        <source>群众满意度评价 (好差评)</source>
        <translation>Satisfaction review</translation>
    </message>
    <message>
        <source>群众暂未评价 (可稍后补录)</source>
        <translation>Not reviewed yet (can be added later)</translation>
    </message>
    <message>
        <source>— 请群众选择 —</source>
        <translation>— the resident chooses —</translation>
    </message>
    <message>
        <source>未评</source>
        <translation>Not rated</translation>
    </message>
    <message>
        <source>%1 分</source>
        <translation>%1 points</translation>
    </message>
    <message>
        <source>群众的意见或建议 (可不填)</source>
        <translation>Comments or suggestions (optional)</translation>
    </message>
    <message>
        <source>评价等级</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>分项评分</source>
        <translation>Sub-scores</translation>
    </message>
    <message>
        <source>评价渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>意见</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>不满意、非常不满意为差评, 须在 15 个工作日内回访整改。</source>
        <translation>Dissatisfied and very dissatisfied are bad reviews: they must be followed up and fixed within 15 working days.</translation>
    </message>
    <message>
        <source>群众现场评价 (好差评)</source>
        <translation>Review at delivery</translation>
    </message>
    <message>
        <source>回访核实情况</source>
        <translation>Follow-up findings</translation>
    </message>
    <message>
        <source>整改措施</source>
        <translation>Corrective measures</translation>
    </message>
    <message>
        <source>差评属实 (属本中心责任, 计入星级考评降星情形)</source>
        <translation>Review verified (the center was at fault; counts as a star downgrade)</translation>
    </message>
    <message>
        <source>整改结果</source>
        <translation>Fix result</translation>
    </message>
    <message>
        <source>整改完成日期记为今天; 超过 15 个工作日的计为逾期整改。</source>
        <translation>The fix is dated today; after 15 working days it counts as late.</translation>
    </message>
</context>
<context>
    <name>Events</name>
    <message>
        <source>代办登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>材料核对</source>
        <translation>Check materials</translation>
    </message>
    <message>
        <source>一次性告知</source>
        <translation>Missing notice</translation>
    </message>
    <message>
        <source>材料补齐</source>
        <translation>Materials supplied</translation>
    </message>
    <message>
        <source>村级办结</source>
        <translation>Done in village</translation>
    </message>
    <message>
        <source>报送镇中心</source>
        <translation>Submit to the town</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>退回补正</source>
        <translation>Return to fix</translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>转报</source>
        <translation>Forward to the city</translation>
    </message>
    <message>
        <source>特别程序开始</source>
        <translation>Start procedure</translation>
    </message>
    <message>
        <source>特别程序结束</source>
        <translation>End procedure</translation>
    </message>
    <message>
        <source>延期</source>
        <translation>Extend</translation>
    </message>
    <message>
        <source>作出决定</source>
        <translation>Decide</translation>
    </message>
    <message>
        <source>结果待领取</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>送达</source>
        <translation>Deliver</translation>
    </message>
    <message>
        <source>好差评</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>办结归档</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>移除附件</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <source>委托书</source>
        <translation>Authorization</translation>
    </message>
    <message>
        <source>原件交接</source>
        <translation>Hand over originals</translation>
    </message>
    <message>
        <source>冲突处理</source>
        <translation>Resolve conflict</translation>
    </message>
    <message>
        <source>差评回访</source>
        <translation>Review follow-up</translation>
    </message>
    <message>
        <source>差评整改完成</source>
        <translation>Bad review fixed</translation>
    </message>
    <message>
        <source>生成进展报告</source>
        <translation>Draft progress report</translation>
    </message>
    <message>
        <source>报送进展报告</source>
        <translation>Submit progress report</translation>
    </message>
    <message>
        <source>通过进展报告</source>
        <translation>Accept progress report</translation>
    </message>
    <message>
        <source>退回进展报告</source>
        <translation>Return progress report</translation>
    </message>
    <message>
        <source>生成镇进展报告</source>
        <translation>Draft town progress report</translation>
    </message>
    <message>
        <source>报送市级进展报告</source>
        <translation>Submit town report to the city</translation>
    </message>
    <message>
        <source>通过镇进展报告</source>
        <translation>Accept town progress report</translation>
    </message>
    <message>
        <source>退回镇进展报告</source>
        <translation>Return town progress report</translation>
    </message>
    <message>
        <source>镇办实施考评</source>
        <translation>Town rating</translation>
    </message>
    <message>
        <source>市级审查复评</source>
        <translation>City review</translation>
    </message>
    <message>
        <source>督查</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <source>整改情况</source>
        <translation>Fix report</translation>
    </message>
    <message>
        <source>登记预约</source>
        <translation>Book appointment</translation>
    </message>
    <message>
        <source>到访登记</source>
        <translation>Register arrival</translation>
    </message>
    <message>
        <source>取消预约</source>
        <translation>Cancel appointment</translation>
    </message>
    <message>
        <source>登记爽约</source>
        <translation>Record a no-show</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>查找范围:</source>
        <translation>Look in:</translation>
    </message>
    <message>
        <source>文件夹:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <source>文件名:</source>
        <translation>File name:</translation>
    </message>
    <message>
        <source>文件类型:</source>
        <translation>Files of type:</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>选择</source>
        <translation>Choose</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>首次设置</source>
        <translation>First-time setup</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>谁使用这台电脑</source>
        <translation>Who uses this PC</translation>
    </message>
    <message>
        <source>村代办员 (村便民服务站)</source>
        <translation>Village agent (village service station)</translation>
    </message>
    <message>
        <source>镇中心工作人员 (乡镇便民服务中心)</source>
        <translation>Town clerk (town service center)</translation>
    </message>
    <message>
        <source>镇中心工作人员受理各村报送的办件; 村代办员为群众登记和代办。</source>
        <translation type="vanished">A town clerk handles the cases the villages submit; a village agent registers and carries cases for villagers.</translation>
    </message>
    <message>
        <source>所属村(社区)</source>
        <translation>Village (community)</translation>
    </message>
    <message>
        <source>乡镇(街道)</source>
        <translation>Town (street)</translation>
    </message>
    <message>
        <source>村(社区)</source>
        <translation>Village (community)</translation>
    </message>
    <message>
        <source>村级区划代码</source>
        <translation>Village region code</translation>
    </message>
    <message>
        <source>村名称</source>
        <translation>Village name</translation>
    </message>
    <message>
        <source>目录中没有本村时, 请选择「其他」并填写12位代码和村名</source>
        <translation>If your village is not listed, choose “Other” and enter its 12-digit code and name</translation>
    </message>
    <message>
        <source>代办员账号</source>
        <translation>Agent account</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>市级审批服务中心工作人员 (市民之家)</source>
        <translation>City clerk (city administrative service center)</translation>
    </message>
    <message>
        <source>市级中心办理各镇转报的市级事项; 镇中心受理各村报送的办件; 村代办员为群众登记和代办。</source>
        <translation>The city center handles the city-level cases the towns forward; a town clerk handles the cases the villages submit; a village agent registers and carries cases for villagers.</translation>
    </message>
    <message>
        <source>输入村名或拼音首字母查找, 如 zmc</source>
        <translation>Type the village name or its pinyin initials, e.g. zmc</translation>
    </message>
    <message>
        <source>查找村</source>
        <translation>Find village</translation>
    </message>
    <message>
        <source>登录名</source>
        <translation>Login name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>再次输入密码</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <source>所属市 (选择本市的任一乡镇)</source>
        <translation>City (choose any town of the city)</translation>
    </message>
    <message>
        <source>所属乡镇(街道)</source>
        <translation>Town (street office)</translation>
    </message>
    <message>
        <source>市级审批服务中心账号</source>
        <translation>City clerk account</translation>
    </message>
    <message>
        <source>镇中心工作人员账号</source>
        <translation>Town clerk account</translation>
    </message>
    <message>
        <source>其他(手工填写)</source>
        <translation>Other (enter by hand)</translation>
    </message>
    <message>
        <source>请返回上一步检查所属村</source>
        <translation>Go back and check the village</translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <source>显示已整改</source>
        <translation>Show fixed</translation>
    </message>
    <message>
        <source>打开办件</source>
        <translation>Open case</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>差评整改</source>
        <translation>Bad reviews</translation>
    </message>
    <message>
        <source>差评(不满意、非常不满意)须自评价之日起 15 个工作日内回访整改。双击一行打开办件, 在办件上记录「差评回访」和「差评整改完成」。</source>
        <translation>A bad review (dissatisfied, very dissatisfied) must be followed up and fixed within 15 working days. Double-click a row to open the case and record the follow-up and the fix there.</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>村(社区)</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>评价日期</source>
        <translation>Reviewed on</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Fix by</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>整改状态</source>
        <translation>Fix status</translation>
    </message>
    <message>
        <source>读取失败, 详情已写入日志</source>
        <translation>Reading failed; details are in the log</translation>
    </message>
    <message>
        <source>已整改 %1</source>
        <translation>Fixed %1</translation>
    </message>
    <message>
        <source> (逾期)</source>
        <translation> (late)</translation>
    </message>
    <message>
        <source>逾期未整改</source>
        <translation>Overdue, not fixed</translation>
    </message>
    <message>
        <source>整改中, 剩 %1 个工作日</source>
        <translation>Open, %1 working days left</translation>
    </message>
    <message>
        <source>未回访</source>
        <translation>Not followed up</translation>
    </message>
    <message>
        <source> 属实</source>
        <translation> verified</translation>
    </message>
    <message>
        <source>整改中 %1 件, 其中逾期 %2 件</source>
        <translation>%1 open, %2 of them overdue</translation>
    </message>
    <message>
        <source>已导出: %1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>Holders</name>
    <message>
        <source>群众本人</source>
        <translation>The villager</translation>
    </message>
    <message>
        <source>村代办员</source>
        <translation>Village agent</translation>
    </message>
    <message>
        <source>镇中心</source>
        <translation>Town center</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>从表格导入</source>
        <translation>Import from spreadsheet</translation>
    </message>
    <message>
        <source>花名册文件(.xlsx 或 .csv)</source>
        <translation>Roster file (.xlsx or .csv)</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>整份名单的事项编码, 如 JY017(可不填)</source>
        <translation>Item code for the whole roster, e.g. JY017 (optional)</translation>
    </message>
    <message>
        <source>名单上的人都已签委托书</source>
        <translation>Everyone on the roster signed a mandate</translation>
    </message>
    <message>
        <source>登记日期</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <source>事项编码</source>
        <translation>Item code</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>村民小组</source>
        <translation>Village group</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>委托书已签</source>
        <translation>Power of attorney signed</translation>
    </message>
    <message>
        <source>缺少材料</source>
        <translation>Missing materials</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>已忽略</source>
        <translation>ignored</translation>
    </message>
    <message>
        <source>已有在办同一事项的也登记</source>
        <translation>Register even if the same item is already open</translation>
    </message>
    <message>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>选择花名册</source>
        <translation>Choose a roster</translation>
    </message>
    <message>
        <source>表格 (*.xlsx *.csv *.txt);;所有文件 (*)</source>
        <translation>Spreadsheets (*.xlsx *.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <source>请选择要导入的文件</source>
        <translation>Choose the file to import</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>表头在第 %1 行</source>
        <translation>Header found on row %1</translation>
    </message>
    <message>
        <source>共 %1 行: %2 行有问题, %3 行重复将跳过</source>
        <translation>%1 rows: %2 with problems, %3 duplicates will be skipped</translation>
    </message>
    <message>
        <source>重复</source>
        <translation>Duplicate</translation>
    </message>
    <message>
        <source>第%1列</source>
        <translation>column %1</translation>
    </message>
    <message>
        <source>已忽略的列: %1</source>
        <translation>Columns ignored: %1</translation>
    </message>
    <message>
        <source>第%1行</source>
        <translation>row %1</translation>
    </message>
    <message>
        <source>已跳过表尾行: %1(合计/签名行, 不是办件)</source>
        <translation>Rows under the table skipped: %1 (total or signature rows, not cases)</translation>
    </message>
    <message>
        <source>未导入任何办件: 表头有 %1 个问题, 没有读取任何数据行。请改正表头后重新导入</source>
        <translation>No case imported: the header has %1 problems and no data row was read. Please correct the header and import again</translation>
    </message>
    <message>
        <source>导入完成: 共 %1 行, 已登记 %2 件办件</source>
        <translation>Import finished: %1 rows, %2 cases registered</translation>
    </message>
    <message>
        <source>, %1 行重复未登记</source>
        <translation>, %1 duplicate rows not registered</translation>
    </message>
    <message>
        <source>未导入任何办件: %1 行中有 %2 行有问题(共 %3 个)。请改正后重新导入</source>
        <translation>No case imported: %2 of %1 rows have problems (%3 in all). Please correct them and import again</translation>
    </message>
    <message>
        <source>读取文件时出错, 详见日志</source>
        <translation>The file could not be read; see the log for details</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>输入事项名称或编码查找</source>
        <translation>Type an item name or code</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>办事人已签署委托书</source>
        <translation>The applicant has signed the letter of authorization</translation>
    </message>
    <message>
        <source>保存登记</source>
        <translation>Save case</translation>
    </message>
    <message>
        <source>保存这次登记 (Ctrl+S)</source>
        <translation>Save this registration (Ctrl+S)</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>清空整张登记表 (会先询问)</source>
        <translation>Clear the whole form (asks first)</translation>
    </message>
    <message>
        <source>选择事项</source>
        <translation>Choose item</translation>
    </message>
    <message>
        <source>办事人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>材料清单</source>
        <translation>Materials checklist</translation>
    </message>
    <message>
        <source>委托书</source>
        <translation>Letter of authorization</translation>
    </message>
    <message>
        <source>受理渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>没有找到该事项, 请换个关键词</source>
        <translation>No such item; try another word</translation>
    </message>
    <message>
        <source>个工作日</source>
        <translation> working days</translation>
    </message>
    <message>
        <source>个自然日</source>
        <translation> calendar days</translation>
    </message>
    <message>
        <source>即办</source>
        <translation>Same day</translation>
    </message>
    <message>
        <source>村级直办</source>
        <translation>Handled in the village</translation>
    </message>
    <message>
        <source>代办至镇中心</source>
        <translation>Taken to the town center</translation>
    </message>
    <message>
        <source>承诺时限: %1; %2</source>
        <translation>Promised time: %1; %2</translation>
    </message>
    <message>
        <source>该事项无需提交材料</source>
        <translation>This item needs no materials</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>收取情况</source>
        <translation>Received?</translation>
    </message>
    <message>
        <source>形式</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>原件保管</source>
        <translation>Originals held by</translation>
    </message>
    <message>
        <source>请逐项核对材料, 以下尚未选择「已收 / 缺少」: %1</source>
        <translation>Check each document; not yet marked received / missing: %1</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>清空「%1」这张未保存的登记表?</source>
        <translation>Clear the unsaved form of %1?</translation>
    </message>
    <message>
        <source>清空这张未保存的登记表?</source>
        <translation>Clear this unsaved form?</translation>
    </message>
    <message>
        <source>清空登记表</source>
        <translation>Clear the form</translation>
    </message>
    <message>
        <source>已填写的内容将不会保存。</source>
        <translation>What was filled in will not be saved.</translation>
    </message>
    <message>
        <source>预约到访: %1 %2</source>
        <translation>Appointment arrived: %1 %2</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>请输入密码解锁</source>
        <translation>Enter your password to unlock</translation>
    </message>
    <message>
        <source>当前用户: %1</source>
        <translation>Current user: %1</translation>
    </message>
    <message>
        <source>密码错误</source>
        <translation>Wrong password</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录 - %1</source>
        <translation>Log in - %1</translation>
    </message>
    <message>
        <source>(选择人员或输入登录名)</source>
        <translation>(pick a person or type a login name)</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>登录名</source>
        <translation>Login name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>该账号已停用，请找本机管理员</source>
        <translation>This account has been deactivated; please ask this PC&apos;s administrator</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>代办登记</source>
        <translation>New case</translation>
    </message>
    <message>
        <source>事项清单</source>
        <translation>Catalog</translation>
    </message>
    <message>
        <source>服务记录</source>
        <translation>Service log</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>Appointments</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>进展报送</source>
        <translation>Progress reports</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>星级考评</source>
        <translation>Star rating</translation>
    </message>
    <message>
        <source>报送市级</source>
        <translation>Report to the city</translation>
    </message>
    <message>
        <source>市级审批服务中心 %1</source>
        <translation>City center %1</translation>
    </message>
    <message>
        <source>代办员 %1</source>
        <translation>Agent %1</translation>
    </message>
    <message>
        <source>注销后这些内容将丢失。要保留, 请点「%1」, 然后点「%2」。</source>
        <translation>This input is lost when you log out. To keep it, click &quot;%1&quot;, then &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>关闭后这些内容将丢失。要保留, 请点「%1」, 然后点「%2」。</source>
        <translation>Closing loses it. To keep it, click &quot;%1&quot;, then &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>镇中心 %1</source>
        <translation>Town center %1</translation>
    </message>
    <message>
        <source>注销</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>退出当前账号, 回到登录 (程序不退出)</source>
        <translation>Leave this account and return to the login (the program stays open)</translation>
    </message>
    <message>
        <source>今天的自动备份没有完成: %1</source>
        <translation>Today&apos;s automatic backup was not made: %1</translation>
    </message>
    <message>
        <source>自动备份</source>
        <translation>Automatic backup</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>已注册到镇中心服务器 %1: 本机的办件将自动与镇中心同步</source>
        <translation>Enrolled with the town server %1: this PC&apos;s cases now sync with the town center automatically</translation>
    </message>
    <message>
        <source>到访登记</source>
        <translation>Register arrival</translation>
    </message>
    <message>
        <source>不保存, 登记到访</source>
        <translation>Discard and register arrival</translation>
    </message>
    <message>
        <source>登记表将换成「%1」的预约, 已填写的内容将丢失。要保留, 请点「取消」, 然后到「代办登记」保存。</source>
        <translation>The form will be replaced by the appointment of %1 and what was entered will be lost. To keep it, click Cancel, then save it on Intake.</translation>
    </message>
    <message>
        <source>不保存, 注销</source>
        <translation>Log out without saving</translation>
    </message>
    <message>
        <source>注销后这些内容将丢失。要保留, 请点「取消」, 然后点「保存登记」。</source>
        <translation type="vanished">This input is lost when you log out. To keep it, click Cancel, then Save case.</translation>
    </message>
    <message>
        <source>「%1」的代办登记尚未保存。</source>
        <translation>The registration of %1 is not saved yet.</translation>
    </message>
    <message>
        <source>代办登记表中有尚未保存的内容。</source>
        <translation>The registration form holds unsaved input.</translation>
    </message>
    <message>
        <source>关闭程序</source>
        <translation>Close the program</translation>
    </message>
    <message>
        <source>不保存, 关闭</source>
        <translation>Close without saving</translation>
    </message>
    <message>
        <source>关闭后这些内容将丢失。要保留, 请点「取消」, 然后点「保存登记」。</source>
        <translation type="vanished">Closing loses it. To keep it, click &quot;Cancel&quot;, then &quot;Save registration&quot;.</translation>
    </message>
    <message>
        <source>收件箱</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>镇级概览</source>
        <translation>Town overview</translation>
    </message>
    <message>
        <source>差评整改</source>
        <translation>Bad reviews</translation>
    </message>
    <message>
        <source>考评督查</source>
        <translation>Ratings and inspections</translation>
    </message>
    <message>
        <source>市级督查</source>
        <translation>City inspections</translation>
    </message>
    <message>
        <source>市级收件箱</source>
        <translation>City inbox</translation>
    </message>
    <message>
        <source>全市概览</source>
        <translation>City overview</translation>
    </message>
    <message>
        <source>留痕</source>
        <translation>Audit trail</translation>
    </message>
</context>
<context>
    <name>MetricHelpDialog</name>
    <message>
        <source>指标说明</source>
        <translation>Metric definitions</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <source>登记办件数</source>
        <translation>Cases registered</translation>
    </message>
    <message>
        <source>按时办结率</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <source>平均用时</source>
        <translation>Average working days used</translation>
    </message>
    <message>
        <source>平均承诺时限</source>
        <translation>Average promised limit</translation>
    </message>
    <message>
        <source>用时占承诺时限比</source>
        <translation>Time used vs. promised</translation>
    </message>
    <message>
        <source>3个工作日内报送率</source>
        <translation>Submitted within 3 working days</translation>
    </message>
    <message>
        <source>平均补正次数</source>
        <translation>Average corrections per case</translation>
    </message>
    <message>
        <source>退件率</source>
        <translation>Return rate</translation>
    </message>
    <message>
        <source>市级退件率</source>
        <translation>City return rate</translation>
    </message>
    <message>
        <source>结果送达平均用时</source>
        <translation>Average days to deliver a result</translation>
    </message>
    <message>
        <source>好评率</source>
        <translation>Good-review rate</translation>
    </message>
    <message>
        <source>分项评分</source>
        <translation>Sub-scores</translation>
    </message>
    <message>
        <source>差评整改率</source>
        <translation>Bad reviews fixed in time</translation>
    </message>
    <message>
        <source>差评整改中</source>
        <translation>Bad reviews being fixed</translation>
    </message>
    <message>
        <source>逾期在办件</source>
        <translation>Overdue open cases</translation>
    </message>
    <message>
        <source>预约履约率</source>
        <translation>Appointment show-up rate</translation>
    </message>
    <message>
        <source>调解成功率</source>
        <translation>Mediation agreement rate</translation>
    </message>
    <message>
        <source>效率</source>
        <translation>Efficiency</translation>
    </message>
    <message>
        <source>水平</source>
        <translation>Competence</translation>
    </message>
    <message>
        <source>态度</source>
        <translation>Attitude</translation>
    </message>
    <message>
        <source>登记办件数: 统计期内登记的办件(含村级直办), 按事项类别和统计截止日的状态分别计数。</source>
        <translation>Cases registered: cases registered in the period (village-completed ones included), counted by item category and by their state on the period&apos;s last day.</translation>
    </message>
    <message>
        <source>按时办结率: 统计期内作出决定(准予/不予)或村级办结的办件中, 在承诺时限内办结的比例。承诺时限从镇中心受理之日(村级直办事项从登记之日)起算, 按事项规定的工作日或自然日计算, 法定节假日和调休按国家安排, 补正、退回补正、特别程序期间不计入, 已批准的延期顺延。</source>
        <translation>On-time rate: of the cases decided (granted or refused) or completed in the village in the period, the share completed within the promised limit. The limit runs from the day the town centre accepted the case (items completed in the village: from registration), in the item&apos;s working or calendar days, with public holidays and swapped workdays as the State sets them; periods awaiting corrections, returned for correction or in a special procedure do not count, and an approved extension is added.</translation>
    </message>
    <message>
        <source>平均用时: 上述办结办件从起算日到办结日的实际用时(扣除暂停期间, 单位同事项时限)的平均值。</source>
        <translation>Average working days used: the mean of the time those completed cases actually took from the start day to completion (pauses taken out, in the item&apos;s own unit).</translation>
    </message>
    <message>
        <source>平均承诺时限: 上述办结办件承诺时限(含延期)的平均值。</source>
        <translation>Average promised limit: the mean promised limit (extensions included) of those completed cases.</translation>
    </message>
    <message>
        <source>用时占承诺时限比: 上述办件实际用时之和 ÷ 承诺时限之和; 小于 100% 说明整体提前办结。</source>
        <translation>Time used vs. promised: the sum of the time those cases took ÷ the sum of their promised limits; under 100% means they finished early overall.</translation>
    </message>
    <message>
        <source>3个工作日内报送率: 统计期内登记、须报镇办理的办件中, 自登记起 3 个工作日内(群众补交材料期间不计)报送镇中心的比例。尚未到 3 个工作日且未报送的不计入; 登记后报送前撤回的不计入。</source>
        <translation>Submitted within 3 working days: of the cases registered in the period that go to the town, the share submitted to the town centre within 3 working days of registration (time waiting for the villager&apos;s materials does not count). Cases not yet submitted and not yet 3 working days old do not count, nor cases withdrawn before submission.</translation>
    </message>
    <message>
        <source>平均补正次数: 统计期内登记并已报送的办件, 被镇中心退回补正或要求补正材料的次数之和 ÷ 办件数(市级中心的退回补正不计入)。</source>
        <translation>Average corrections per case: for the cases registered and submitted in the period, the number of times the town centre returned them for correction or asked for materials ÷ the number of cases (returns by the city centre do not count).</translation>
    </message>
    <message>
        <source>退件率: 统计期内登记并已报送的办件中, 至少被镇中心退回补正(含要求补正材料)一次的比例; 市级中心的退回补正不计入, 计入市级退件率。</source>
        <translation>Return rate: of the cases registered and submitted in the period, the share the town centre returned for correction (or asked for materials) at least once; returns by the city centre do not count here but in the city return rate.</translation>
    </message>
    <message>
        <source>市级退件率: 统计期内登记并已转报市级中心的办件中, 至少被市级中心退回补正一次的比例。</source>
        <translation>City return rate: of the cases registered in the period and passed on to the city centre, the share the city centre returned for correction at least once.</translation>
    </message>
    <message>
        <source>结果送达平均用时: 统计期内送达的办件, 从结果待领取到送达群众所用的工作日数的平均值。</source>
        <translation>Average days to deliver a result: for the cases delivered in the period, the mean number of working days from the result being ready for pickup to its delivery to the villager.</translation>
    </message>
    <message>
        <source>好评率: 统计期内的评价中, 非常满意、满意、基本满意(好评)所占比例; 不满意、非常不满意为差评。</source>
        <translation>Good-review rate: of the reviews in the period, the share that are very satisfied, satisfied or fairly satisfied (good reviews); dissatisfied and very dissatisfied are bad reviews.</translation>
    </message>
    <message>
        <source>分项评分: 统计期内评价的效率、水平、态度三项(1-5分)的平均分。</source>
        <translation>Sub-scores: the mean score (1-5) of the period&apos;s reviews for efficiency, competence and attitude.</translation>
    </message>
    <message>
        <source>差评整改率: 统计期内的差评中, 在差评后 15 个工作日内整改完成的比例; 尚未整改且未到期的差评不计入(另列为整改中)。</source>
        <translation>Bad reviews fixed in time: of the period&apos;s bad reviews, the share fixed within 15 working days of the review; bad reviews not yet fixed and not yet due do not count (they are listed as being fixed).</translation>
    </message>
    <message>
        <source>差评整改中: 截止日尚未整改完成的差评件数(其中已超过 15 个工作日的另计为逾期)。</source>
        <translation>Bad reviews being fixed: bad reviews not yet fixed on the period&apos;s last day (those past 15 working days are counted as overdue too).</translation>
    </message>
    <message>
        <source>逾期在办件: 截止日仍在办理中、时限正在计算(未办结、未暂停; 待补正、退回补正、特别程序期间不计)且已过承诺办结日的办件数, 与工作台、办件列表的「逾期」同一口径; 当天到期的不算逾期。已办结但超过承诺时限的不计入, 计为超期办结(按时办结率的分母减分子)。</source>
        <translation>Overdue open cases: cases still open on the last day whose limit is running (not completed, not paused; awaiting corrections, returned for correction and special procedures do not count) and whose promised completion day has passed; the same count as “overdue” on the dashboard and the case list; a case due today is not overdue. Cases completed after their limit do not count here: they are late completions (the on-time rate&apos;s denominator minus its numerator).</translation>
    </message>
    <message>
        <source>预约履约率: 统计期内的公休日预约中, 群众按约到场的比例(到场 ÷ (到场 + 爽约)); 取消的预约不计入。没有预约的中心不计此项。</source>
        <translation>Appointment show-up rate: of the period&apos;s rest-day appointments, the share where the villager came as booked (came ÷ (came + no-show)); cancelled appointments do not count. A centre without appointments has no such figure.</translation>
    </message>
    <message>
        <source>调解成功率: 统计期内村级办结的人民调解(JY022)中, 达成调解协议的比例。</source>
        <translation>Mediation agreement rate: of the people&apos;s mediations (JY022) completed in the village in the period, the share that reached a mediation agreement.</translation>
    </message>
    <message>
        <source>%1年%2月</source>
        <translation>%1-%2</translation>
    </message>
    <message>
        <source>%1 至 %2</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <source>%1 (逾期 %2)</source>
        <translation>%1 (%2 overdue)</translation>
    </message>
    <message>
        <source>— (无预约)</source>
        <translation>— (no appointments)</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <source>正常</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>临期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>待报送</source>
        <translation>To submit</translation>
    </message>
    <message>
        <source>报送临期</source>
        <translation>Submit soon</translation>
    </message>
    <message>
        <source>报送超期</source>
        <translation>Submission overdue</translation>
    </message>
    <message>
        <source>预计 %1，以镇中心公布的节假日安排为准</source>
        <translation>Expected %1, subject to the holiday schedule the town publishes</translation>
    </message>
    <message>
        <source>预计 %1</source>
        <translation>Expected %1</translation>
    </message>
    <message>
        <source>材料补齐之日起计算</source>
        <translation>Counted from the day the materials are complete</translation>
    </message>
    <message>
        <source>补齐后起算</source>
        <translation>Once complete</translation>
    </message>
    <message>
        <source>待同步</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <source>被拒收</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>到期日</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>即办</source>
        <translation>On the spot</translation>
    </message>
    <message>
        <source>%1个工作日</source>
        <translation>%1 working days</translation>
    </message>
    <message>
        <source>%1个自然日</source>
        <translation>%1 calendar days</translation>
    </message>
    <message>
        <source>%1天</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>事项名称</source>
        <translation>Item name</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>办结层级</source>
        <translation>Decided at</translation>
    </message>
    <message>
        <source>承诺时限</source>
        <translation>Promised time</translation>
    </message>
    <message>
        <source>村级职责</source>
        <translation>Village role</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <source>原件/复印件</source>
        <translation>Original/copy</translation>
    </message>
    <message>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
</context>
<context>
    <name>PdfChoice</name>
    <message>
        <source>保存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>全年</source>
        <translation>Whole year</translation>
    </message>
    <message>
        <source>%1 月</source>
        <translation>Month %1</translation>
    </message>
</context>
<context>
    <name>PreviewBar</name>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>保存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>适合页宽</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>本机没有安装打印机: 保存为 PDF, 到有打印机的电脑上打印</source>
        <translation>No printer is installed on this PC: save a PDF and print it on a PC that has one</translation>
    </message>
</context>
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
        <source>本机没有安装打印机: 可保存为 PDF, 到有打印机的电脑上打印</source>
        <translation>No printer is installed on this PC: you can save a PDF and print it on a PC that has one</translation>
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
        <source>本机没有安装打印机</source>
        <translation>No printer is installed on this PC</translation>
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
    <name>PrintHook</name>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>打印受理回执、一次性告知单或委托书</source>
        <translation>Print the receipt, the notice of missing materials or the letter of authorization</translation>
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
<context>
    <name>RatingPage</name>
    <message>
        <source>全部重新评分</source>
        <translation>Re-score all</translation>
    </message>
    <message>
        <source>评选十佳便民服务中心</source>
        <translation>Name the top 10 centers</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>导入考评细则…</source>
        <translation>Import rubric…</translation>
    </message>
    <message>
        <source>JSON 或 TOML 文件, 合计 100 分; 导入后按新细则重新评分</source>
        <translation>A JSON or TOML file totalling 100 points; every center is re-scored with it</translation>
    </message>
    <message>
        <source>恢复默认细则</source>
        <translation>Restore default rubric</translation>
    </message>
    <message>
        <source>星级考评</source>
        <translation>Star rating</translation>
    </message>
    <message>
        <source>考评年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>村(社区)</source>
        <translation>Village (community)</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>考评星级</source>
        <translation>Stars</translation>
    </message>
    <message>
        <source>降星情形</source>
        <translation>Downgrades</translation>
    </message>
    <message>
        <source>市级复核</source>
        <translation>City re-check</translation>
    </message>
    <message>
        <source>十佳</source>
        <translation>Top 10</translation>
    </message>
    <message>
        <source>评分表</source>
        <translation>Score sheet</translation>
    </message>
    <message>
        <source>督查</source>
        <translation>Inspections</translation>
    </message>
    <message>
        <source>十佳排名</source>
        <translation>Top 10 rankings</translation>
    </message>
    <message>
        <source>考评项目</source>
        <translation>Criterion</translation>
    </message>
    <message>
        <source>分值</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>实际值</source>
        <translation>Actual</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Awarded</translation>
    </message>
    <message>
        <source>乡镇人工评分</source>
        <translation>Town manual scores</translation>
    </message>
    <message>
        <source>保存人工评分并重新评分</source>
        <translation>Save manual scores and re-score</translation>
    </message>
    <message>
        <source>市级审查复评</source>
        <translation>City review</translation>
    </message>
    <message>
        <source> 星</source>
        <translation> stars</translation>
    </message>
    <message>
        <source>复核意见</source>
        <translation>Re-check note</translation>
    </message>
    <message>
        <source>保存复评结果</source>
        <translation>Save the review</translation>
    </message>
    <message>
        <source>复评由市级审批服务中心在其设备上进行, 结果随同步显示在这里</source>
        <translation>The city service center reviews on its own device; the result appears here after sync</translation>
    </message>
    <message>
        <source>督查记录随同步送达被督查的村, 村里在「考评督查」页填报整改情况, 同步后显示在上表</source>
        <translation>Inspections reach the inspected village by sync; the village reports its fix on its &quot;Ratings and inspections&quot; page, shown in the table above after sync</translation>
    </message>
    <message>
        <source>保存复核结果</source>
        <translation type="vanished">Save re-check</translation>
    </message>
    <message>
        <source>记录督查</source>
        <translation>Record inspection</translation>
    </message>
    <message>
        <source>发现的问题</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <source>限期整改</source>
        <translation>Fix by</translation>
    </message>
    <message>
        <source>发现信息泄露</source>
        <translation>Data leak found</translation>
    </message>
    <message>
        <source>被督查单位</source>
        <translation>Inspected center</translation>
    </message>
    <message>
        <source>督查方式</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>督查日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>发现问题</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>扣分</source>
        <translation>Deduction</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Fix deadline</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>整改结果</source>
        <translation>Fix result</translation>
    </message>
    <message>
        <source>登记整改完成</source>
        <translation type="vanished">Record fix done</translation>
    </message>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>星级</source>
        <translation>Stars</translation>
    </message>
    <message>
        <source>代办员</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>所在村</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>办件数</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>指标得分</source>
        <translation>Metric points</translation>
    </message>
    <message>
        <source>按时办结率</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <source>好评率</source>
        <translation>Good-review rate</translation>
    </message>
    <message>
        <source>十佳便民服务中心</source>
        <translation>Top 10 service centers</translation>
    </message>
    <message>
        <source>十佳代办员 (按考评细则中的计算指标)</source>
        <translation>Top 10 agents (by the rubric&apos;s computed criteria)</translation>
    </message>
    <message>
        <source>操作失败, 详情已写入日志</source>
        <translation>The operation failed; details are in the log</translation>
    </message>
    <message>
        <source>考评细则: %1 (计算项 %2 分, 人工评分 %3 分, 督查扣分上限 %4 分)</source>
        <translation>Rubric: %1 (computed %2 points, manual %3 points, inspection deductions capped at %4)</translation>
    </message>
    <message>
        <source>未评分</source>
        <translation>Not scored</translation>
    </message>
    <message>
        <source>数据不足</source>
        <translation>Not enough data</translation>
    </message>
    <message>
        <source>未复核</source>
        <translation>Not re-checked</translation>
    </message>
    <message>
        <source>年度评分表</source>
        <translation>score sheet</translation>
    </message>
    <message>
        <source>数据不足, 不评星级、不参加十佳排名: </source>
        <translation>Not enough data: no stars and no place in the top-10 lists: </translation>
    </message>
    <message>
        <source>本年度尚未评分: 填好人工评分后点「保存人工评分并重新评分」</source>
        <translation>Not scored this year: enter the manual scores, then click &quot;Save manual scores and re-score&quot;</translation>
    </message>
    <message>
        <source>总分 %1 (督查扣分 %2) → %3
降星情形: %4
考评细则: %5</source>
        <translation>Score %1 (inspection deductions %2) → %3
Downgrades: %4
Rubric: %5</translation>
    </message>
    <message>
        <source>市级复评: %1 (%2) 复评人: %3</source>
        <translation>City review: %1 (%2) by %3</translation>
    </message>
    <message>
        <source>尚未复评: 复评由市级审批服务中心进行, 结果随同步显示在这里</source>
        <translation>Not reviewed yet: the city service center reviews; the result appears here after sync</translation>
    </message>
    <message>
        <source>逾期未整改</source>
        <translation>Fix overdue</translation>
    </message>
    <message>
        <source>整改中</source>
        <translation>Being fixed</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>选择考评细则文件</source>
        <translation>Choose a rubric file</translation>
    </message>
    <message>
        <source>考评细则 (*.json *.toml);;所有文件 (*)</source>
        <translation>Rubric (*.json *.toml);;All files (*)</translation>
    </message>
    <message>
        <source>请先在左侧选择被督查的村(社区)</source>
        <translation>Select the inspected village on the left first</translation>
    </message>
    <message>
        <source>请先选择一条督查记录</source>
        <translation type="vanished">Select an inspection first</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>已导出: %1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <source>督查单位</source>
        <translation>Inspected by</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>发现问题</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>扣分</source>
        <translation>Deduction</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Fix by</translation>
    </message>
    <message>
        <source>整改情况</source>
        <translation>Fix report</translation>
    </message>
    <message>
        <source>整改情况: 做了什么、效果如何</source>
        <translation>Fix report: what was done, and with what effect</translation>
    </message>
    <message>
        <source>已整改完成, 完成日期</source>
        <translation>Fixed, on</translation>
    </message>
    <message>
        <source>报送整改情况</source>
        <translation>Send the fix report</translation>
    </message>
    <message>
        <source>考评督查</source>
        <translation>Ratings and inspections</translation>
    </message>
    <message>
        <source>市级督查</source>
        <translation>City inspections</translation>
    </message>
    <message>
        <source>考评年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>市级审批服务中心对本镇的督查 (选中一条, 填写整改情况后按回车报送)</source>
        <translation>The city centre&apos;s inspections of this town (select one, write what was fixed, press Enter to send)</translation>
    </message>
    <message>
        <source>督查记录 (选中一条填报整改情况)</source>
        <translation>Inspections (select one to report its fix)</translation>
    </message>
    <message>
        <source>操作失败, 详情已写入日志</source>
        <translation>The operation failed; details are in the log</translation>
    </message>
    <message>
        <source>%1 年度尚未考评</source>
        <translation>Not rated for %1 yet</translation>
    </message>
    <message>
        <source>数据不足, 不评星级、不参加十佳排名: </source>
        <translation>Not enough data: no stars and no place in the top-10 lists: </translation>
    </message>
    <message>
        <source>镇办考评: %1 分 %2 (考评人: %3)</source>
        <translation>Town rating: %1 points %2 (scored by %3)</translation>
    </message>
    <message>
        <source>市级复评: %1 (%2)</source>
        <translation>City review: %1 (%2)</translation>
    </message>
    <message>
        <source>十佳便民服务中心</source>
        <translation>Top 10 service centers</translation>
    </message>
    <message>
        <source>逾期未整改</source>
        <translation>Overdue, not fixed</translation>
    </message>
    <message>
        <source>整改中</source>
        <translation>Being fixed</translation>
    </message>
    <message>
        <source>市级中心</source>
        <translation>City center</translation>
    </message>
    <message>
        <source>乡镇中心</source>
        <translation>Town center</translation>
    </message>
    <message>
        <source>请先选择一条督查记录</source>
        <translation>Select an inspection first</translation>
    </message>
    <message>
        <source>已保存, 同步后送达督查单位</source>
        <translation>Saved; it reaches the inspector with the next sync</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <source>恢复码</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <source>只显示这一次: 请抄下或打印, 由 %1 本人保管。忘记密码时凭它在「人员账号」中重设, 用过一次即作废。</source>
        <translation>Shown this once only: write it down or print it, to be kept by %1. If the password is forgotten it resets it under “People accounts”; it works once.</translation>
    </message>
    <message>
        <source>打印恢复码</source>
        <translation>Print recovery code</translation>
    </message>
    <message>
        <source>已抄下, 继续</source>
        <translation>Noted, continue</translation>
    </message>
    <message>
        <source>%1 (%2) 的恢复码:</source>
        <translation>Recovery code of %1 (%2):</translation>
    </message>
    <message>
        <source>保存恢复码为 PDF(打印后请删除该文件)</source>
        <translation>Save the recovery code as PDF (delete the file once printed)</translation>
    </message>
    <message>
        <source>村级便民代办台 恢复码</source>
        <translation>VillageDesk recovery code</translation>
    </message>
    <message>
        <source>姓名: %1    登录名: %2</source>
        <translation>Name: %1    Login: %2</translation>
    </message>
    <message>
        <source>恢复码: %1</source>
        <translation>Recovery code: %1</translation>
    </message>
    <message>
        <source>忘记密码时凭此码重设密码; 用过一次即作废。请本人妥善保管, 不要与电脑放在一起。</source>
        <translation>Resets the password if it is forgotten; works once. Keep it yourself, not with the computer.</translation>
    </message>
    <message>
        <source>已保存到 %1</source>
        <translation>Saved to %1</translation>
    </message>
    <message>
        <source>已打印</source>
        <translation>Printed</translation>
    </message>
</context>
<context>
    <name>ReportReviewPage</name>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>报送日期</source>
        <translation>Submitted on</translation>
    </message>
    <message>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>审核意见 (退回时必须填写原因)</source>
        <translation>Review note (a reason is required to return)</translation>
    </message>
    <message>
        <source>通过</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>情况说明</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>操作失败, 详情已写入日志</source>
        <translation>The operation failed; details are in the log</translation>
    </message>
    <message>
        <source>请选择一份报告</source>
        <translation>Select a report</translation>
    </message>
    <message>
        <source>请根据意见修改情况说明(或重新生成)后再次报送。</source>
        <translation>Revise the remarks (or regenerate the report) and submit it again.</translation>
    </message>
    <message>
        <source>退回时请填写退回原因</source>
        <translation>Enter the reason for returning</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>根据数据生成所选月份报告</source>
        <translation>Generate the chosen month&apos;s report</translation>
    </message>
    <message>
        <source>工作进展报送</source>
        <translation>Progress report</translation>
    </message>
    <message>
        <source>工作进展报送审核</source>
        <translation>Progress report review</translation>
    </message>
    <message>
        <source>村(社区)</source>
        <translation>Village (community)</translation>
    </message>
    <message>
        <source>月份</source>
        <translation type="vanished">Month</translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="vanished">Status</translation>
    </message>
    <message>
        <source>报送日期</source>
        <translation type="vanished">Submitted on</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Metric</translation>
    </message>
    <message>
        <source>数值</source>
        <translation type="vanished">Value</translation>
    </message>
    <message>
        <source>情况说明: 本月工作亮点、存在问题和下月打算</source>
        <translation>Remarks: highlights, problems and plans for next month</translation>
    </message>
    <message>
        <source>审核意见 (退回时必须填写原因)</source>
        <translation type="vanished">Review note (a reason is required to return)</translation>
    </message>
    <message>
        <source>报送镇中心</source>
        <translation>Submit to the town</translation>
    </message>
    <message>
        <source>通过</source>
        <translation type="vanished">Accept</translation>
    </message>
    <message>
        <source>退回</source>
        <translation type="vanished">Return</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>情况说明</source>
        <translation type="vanished">Remarks</translation>
    </message>
    <message>
        <source>操作失败, 详情已写入日志</source>
        <translation type="vanished">The operation failed; details are in the log</translation>
    </message>
    <message>
        <source>请选择一份报告</source>
        <translation type="vanished">Select a report</translation>
    </message>
    <message>
        <source>所选月份的报告尚未生成, 请点「根据数据生成所选月份报告」</source>
        <translation>No report for the chosen month yet: click &quot;Generate the chosen month&apos;s report&quot;</translation>
    </message>
    <message>
        <source>镇中心 %1 退回: %2</source>
        <translation>Returned by the town on %1: %2</translation>
    </message>
    <message>
        <source>请根据意见修改情况说明(或重新生成)后再次报送。</source>
        <translation type="vanished">Revise the remarks (or regenerate the report) and submit it again.</translation>
    </message>
    <message>
        <source>镇中心 %1 已通过</source>
        <translation>Accepted by the town on %1</translation>
    </message>
    <message>
        <source>已于 %1 报送, 等待镇中心审核</source>
        <translation>Submitted on %1, waiting for the town</translation>
    </message>
    <message>
        <source>草稿: 尚未报送镇中心</source>
        <translation>Draft: not yet submitted to the town</translation>
    </message>
    <message>
        <source>把%1 %2的工作进展报送镇中心?</source>
        <translation>Submit the progress report of %1 for %2 to the town center?</translation>
    </message>
    <message>
        <source>情况说明还没有填写。镇中心会看到一份没有说明的报告。</source>
        <translation>The remarks are empty. The town center will get a report without remarks.</translation>
    </message>
    <message>
        <source>报送后, 镇中心退回之前不能再修改。</source>
        <translation>Once submitted it cannot be changed unless the town center returns it.</translation>
    </message>
    <message>
        <source>报送</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>退回时请填写退回原因</source>
        <translation type="vanished">Enter the reason for returning</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>已导出: %1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>SavedDialog</name>
    <message>
        <source>登记成功</source>
        <translation>Case registered</translation>
    </message>
    <message>
        <source>办件编号 %1</source>
        <translation>Case number %1</translation>
    </message>
    <message>
        <source>一次性告知: 尚缺以下材料, 请补齐后交来:</source>
        <translation>One-time notice: the following materials are missing, please bring them:</translation>
    </message>
    <message>
        <source>材料齐全。</source>
        <translation>All materials complete.</translation>
    </message>
</context>
<context>
    <name>ServiceLogPage</name>
    <message>
        <source>多人用、或逗号分隔</source>
        <translation>Separate several people with 、 or commas</translation>
    </message>
    <message>
        <source>请选择</source>
        <translation>Please choose</translation>
    </message>
    <message>
        <source>保存调解记录</source>
        <translation>Save mediation record</translation>
    </message>
    <message>
        <source>申请人(一方当事人)</source>
        <translation>Applicant (one party)</translation>
    </message>
    <message>
        <source>另一方</source>
        <translation>Other party</translation>
    </message>
    <message>
        <source>纠纷类型</source>
        <translation>Dispute type</translation>
    </message>
    <message>
        <source>调解结果</source>
        <translation>Mediation outcome</translation>
    </message>
    <message>
        <source>经过摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>可不填, 记为「匿名群众」</source>
        <translation>Optional: recorded as &quot;anonymous villager&quot;</translation>
    </message>
    <message>
        <source>咨询可不填</source>
        <translation>Optional for a consultation</translation>
    </message>
    <message>
        <source>已出具一次性告知</source>
        <translation>One-time notice given</translation>
    </message>
    <message>
        <source>保存咨询记录</source>
        <translation>Save consultation record</translation>
    </message>
    <message>
        <source>咨询事项</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>答复内容</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>人民调解</source>
        <translation>Mediation</translation>
    </message>
    <message>
        <source>政策咨询</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <source>已记录, 办件编号 %1</source>
        <translation>Recorded, case number %1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>保存设置</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <source>界面语言(下次启动生效)</source>
        <translation>Language (takes effect at next start)</translation>
    </message>
    <message>
        <source>无操作自动锁定</source>
        <translation>Lock after inactivity</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>服务热线(打印在回执上)</source>
        <translation>Hotline (printed on receipts)</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>注册到镇中心服务器…</source>
        <translation>Enroll with the town server…</translation>
    </message>
    <message>
        <source>本机尚未注册: 填写服务器地址和管理员给的一次性注册码</source>
        <translation>This PC is not enrolled: enter the server address and the one-time code from the administrator</translation>
    </message>
    <message>
        <source>人员账号(添加、停用、恢复、重设密码)…</source>
        <translation>People on this PC (add, deactivate, reactivate, reset a password)…</translation>
    </message>
    <message>
        <source>人员账号(添加、停用、重设密码)…</source>
        <translation type="vanished">People on this PC (add, deactivate, reset a password)…</translation>
    </message>
    <message>
        <source>加密本机数据(数据库、附件和备份)…</source>
        <translation>Encrypt this PC&apos;s data (database, attachments, backups)…</translation>
    </message>
    <message>
        <source>重新注册到镇中心服务器…</source>
        <translation>Enroll with the town server again…</translation>
    </message>
    <message>
        <source>镇中心服务器 %1 已不接受本机(本机已被吊销或令牌无效): 本机的办件不再同步, 都还保存在本机。请向镇中心管理员要一个新的注册码, 重新注册</source>
        <translation>The town server %1 no longer accepts this PC (it was revoked, or its token is not valid): its cases are no longer synced, and all of them are still kept on this PC. Ask the town administrator for a new enrollment code and enroll again</translation>
    </message>
    <message>
        <source>已注册到镇中心服务器 %1: 本机的办件将自动与镇中心同步</source>
        <translation>Enrolled with the town server %1: this PC&apos;s cases sync with the town center automatically</translation>
    </message>
    <message>
        <source>设置已保存</source>
        <translation>Settings saved</translation>
    </message>
</context>
<context>
    <name>States</name>
    <message>
        <source>已登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>待补正</source>
        <translation>Awaiting documents</translation>
    </message>
    <message>
        <source>村级办结</source>
        <translation>Completed in village</translation>
    </message>
    <message>
        <source>已报送</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>退回补正</source>
        <translation>Returned for correction</translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>已转报</source>
        <translation>Forwarded</translation>
    </message>
    <message>
        <source>市级已受理</source>
        <translation>Accepted by the city</translation>
    </message>
    <message>
        <source>特别程序</source>
        <translation>Special procedure</translation>
    </message>
    <message>
        <source>准予</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>不予</source>
        <translation>Denied</translation>
    </message>
    <message>
        <source>待送达</source>
        <translation>Awaiting delivery</translation>
    </message>
    <message>
        <source>已送达</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>办结归档</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>报告草稿</source>
        <translation>Report draft</translation>
    </message>
    <message>
        <source>报告已报送</source>
        <translation>Report submitted</translation>
    </message>
    <message>
        <source>报告已通过</source>
        <translation>Report accepted</translation>
    </message>
    <message>
        <source>报告已退回</source>
        <translation>Report returned</translation>
    </message>
    <message>
        <source>镇已考评</source>
        <translation>Rated by the town</translation>
    </message>
    <message>
        <source>市已复评</source>
        <translation>Reviewed by the city</translation>
    </message>
    <message>
        <source>待整改</source>
        <translation>Awaiting the fix</translation>
    </message>
    <message>
        <source>已报整改情况</source>
        <translation>Fix reported</translation>
    </message>
    <message>
        <source>已预约</source>
        <translation>Booked</translation>
    </message>
    <message>
        <source>已到访</source>
        <translation>Came</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>爽约</source>
        <translation>No-show</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <source>重新计算</source>
        <translation>Recompute</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>导出办件清单</source>
        <translation>Export case list</translation>
    </message>
    <message>
        <source>本期登记的办件, 身份证号已脱敏</source>
        <translation>Cases registered in the period, ID numbers masked</translation>
    </message>
    <message>
        <source>指标说明</source>
        <translation>Metric definitions</translation>
    </message>
    <message>
        <source>每个指标怎么算</source>
        <translation>How each figure is computed</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Metric</translation>
    </message>
    <message>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>指向指标名称可看口径说明</source>
        <translation>Hover a metric to read its definition</translation>
    </message>
    <message>
        <source>全市各镇</source>
        <translation>All towns of the city</translation>
    </message>
    <message>
        <source>选一个乡镇看其各村; 在表中某镇一行按回车或双击也可</source>
        <translation>Choose a town to see its villages; Enter or a double-click on a town&apos;s row does the same</translation>
    </message>
    <message>
        <source>乡镇</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>图表指标</source>
        <translation>Chart metric</translation>
    </message>
    <message>
        <source>这里的统计按村(社区)计算: 本机的地区不是村(社区)</source>
        <translation>These figures are counted per village (community): this PC&apos;s region is not a village</translation>
    </message>
    <message>
        <source>统计失败, 详情已写入日志</source>
        <translation>Statistics failed, details are in the log</translation>
    </message>
    <message>
        <source>%1, 数据截至 %2</source>
        <translation>%1, data as of %2</translation>
    </message>
    <message>
        <source>按事项类别的办件数</source>
        <translation>Cases by category</translation>
    </message>
    <message>
        <source>本期没有办件</source>
        <translation>No cases in this period</translation>
    </message>
    <message>
        <source>本期登记办件的当前状态</source>
        <translation>Where the period’s cases stand now</translation>
    </message>
    <message>
        <source>村(社区)</source>
        <translation>Village (community)</translation>
    </message>
    <message>
        <source>全镇合计</source>
        <translation>Whole town</translation>
    </message>
    <message>
        <source>全市合计</source>
        <translation>Whole city</translation>
    </message>
    <message>
        <source>各村对比: %1</source>
        <translation>Villages compared: %1</translation>
    </message>
    <message>
        <source>各镇对比: %1</source>
        <translation>Towns compared: %1</translation>
    </message>
    <message>
        <source>已导出: %1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>注册到镇中心服务器…</source>
        <translation>Enroll with the town server…</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>取消同步</source>
        <translation>Cancel sync</translation>
    </message>
    <message>
        <source>空闲</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>当前没有附件在传送</source>
        <translation>No attachment is being transferred</translation>
    </message>
    <message>
        <source>本次同步</source>
        <translation>Current sync</translation>
    </message>
    <message>
        <source>当前附件</source>
        <translation>Current attachment</translation>
    </message>
    <message>
        <source>上次同步结果</source>
        <translation>Last sync result</translation>
    </message>
    <message>
        <source>待发送与自动同步</source>
        <translation>Waiting records and automatic sync</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <source>有 %1 条从镇中心下载的记录无法应用, 已单独隔离, 其他数据不受影响。请告知镇中心:</source>
        <translation>%1 records downloaded from the town center could not be applied and were set aside; nothing else is affected. Please tell the town center:</translation>
    </message>
    <message>
        <source>本月附件流量 %1, 上限 %2</source>
        <translation>Attachments this month: %1 of %2</translation>
    </message>
    <message>
        <source>本月附件流量 %1, 不设上限</source>
        <translation>Attachments this month: %1, no cap</translation>
    </message>
    <message>
        <source>本机尚未注册到镇中心服务器: 办件只保存在本机。</source>
        <translation>This PC is not enrolled with the town server: cases are kept on this PC only.</translation>
    </message>
    <message>
        <source>本机尚未注册, 不会自动同步: 请点上面的「注册到镇中心服务器…」, 填入镇中心管理员给的服务器地址和注册码。没有网络的村, 在镇中心或有网络时注册一次, 以后用下面的「导出同步包…」拷到U盘带到镇中心导入</source>
        <translation>This PC is not enrolled and does not sync on its own: click “Enroll with the town server…” above and enter the server address and the enrollment code the town centre&apos;s administrator gave you. A village without a network enrolls once at the town centre (or wherever there is a network), then carries “Export sync bundle…” below on a USB stick to the town centre</translation>
    </message>
    <message>
        <source>镇中心服务器: %1</source>
        <translation>Town server: %1</translation>
    </message>
    <message>
        <source>正在连接服务器…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <source>上传</source>
        <translation type="vanished">Uploading</translation>
    </message>
    <message>
        <source>下载</source>
        <translation type="vanished">Downloading</translation>
    </message>
    <message>
        <source>%1中: 已传送 %2 条记录, %3</source>
        <translation type="vanished">%1: %2 records moved, %3</translation>
    </message>
    <message>
        <source>已传送 %1</source>
        <translation>%1 transferred</translation>
    </message>
    <message>
        <source>剩余时间: 正在估算…</source>
        <translation>Time left: estimating…</translation>
    </message>
    <message>
        <source>传送附件</source>
        <translation>Transferring attachments</translation>
    </message>
    <message>
        <source>上传记录</source>
        <translation>Uploading records</translation>
    </message>
    <message>
        <source>下载记录</source>
        <translation>Downloading records</translation>
    </message>
    <message>
        <source>%1中: 已传送 %2 条记录</source>
        <translation>%1: %2 records moved</translation>
    </message>
    <message>
        <source>, 速度 %1/秒</source>
        <translation>, %1/s</translation>
    </message>
    <message>
        <source>%v / %m 条</source>
        <translation>%v / %m records</translation>
    </message>
    <message>
        <source>剩余时间: 取决于镇中心待下载的数据</source>
        <translation>Time left: depends on what the town center has to send</translation>
    </message>
    <message>
        <source>剩余时间: %1</source>
        <translation>Time left: %1</translation>
    </message>
    <message>
        <source>正在估算…</source>
        <translation>estimating…</translation>
    </message>
    <message>
        <source>即将完成</source>
        <translation>almost done</translation>
    </message>
    <message>
        <source>约 %1 秒</source>
        <translation>about %1 s</translation>
    </message>
    <message>
        <source>约 %1 分钟</source>
        <translation>about %1 min</translation>
    </message>
    <message>
        <source>约 %1 小时</source>
        <translation>about %1 h</translation>
    </message>
    <message>
        <source>约 %1 小时 %2 分钟</source>
        <translation>about %1 h %2 min</translation>
    </message>
    <message>
        <source>附件: %1</source>
        <translation>Attachment: %1</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>, 剩余 %1</source>
        <translation>, %1 left</translation>
    </message>
    <message>
        <source>本次传送 %1, 用时 %2 秒</source>
        <translation>This run: %1 in %2 s</translation>
    </message>
    <message>
        <source>%1 同步成功</source>
        <translation>%1 sync succeeded</translation>
    </message>
    <message>
        <source>%1 同步已取消, 已完成的部分已保存</source>
        <translation>%1 sync cancelled; what was done is saved</translation>
    </message>
    <message>
        <source>%1 同步未完成: %2</source>
        <translation>%1 sync not completed: %2</translation>
    </message>
    <message>
        <source>未知原因</source>
        <translation>unknown reason</translation>
    </message>
    <message>
        <source>上传 %1 条, 下载 %2 条, 被拒 %3 条, 请求 %4 次, 流量 %5</source>
        <translation>%1 sent, %2 received, %3 refused, %4 requests, %5 transferred</translation>
    </message>
    <message>
        <source>附件上传 %1 个, 下载 %2 个</source>
        <translation>Attachments: %1 uploaded, %2 downloaded</translation>
    </message>
    <message>
        <source>%1 条下载的记录无法应用, 已隔离</source>
        <translation>%1 downloaded records could not be applied and were set aside</translation>
    </message>
    <message>
        <source>%1 件办件的被拒步骤不再计入, 已恢复为服务器上的状态(被拒步骤及原因见办件详情)</source>
        <translation>%1 cases no longer count their refused steps and stand as the server has them (the refused steps and why: see the case)</translation>
    </message>
    <message>
        <source>服务器已有新版协议, 请升级本程序</source>
        <translation>The server speaks a newer protocol; please upgrade this program</translation>
    </message>
    <message>
        <source>本机自检发现 %1 处记录被绕过程序改动(已报告镇中心), 请找管理员运行 villagedesk check 查看处理办法</source>
        <translation>This PC&apos;s self-check found %1 record(s) changed outside the program (reported to the town); ask the administrator to run villagedesk check for what to do</translation>
    </message>
    <message>
        <source>快</source>
        <translation type="vanished">ahead</translation>
    </message>
    <message>
        <source>慢</source>
        <translation type="vanished">behind</translation>
    </message>
    <message>
        <source>本机时钟比服务器%1 %2 分钟, 请校准系统时间(办件日期以服务器时间为准)</source>
        <translation type="vanished">This PC&apos;s clock is %2 minutes %1 of the server; please correct the system time (case dates follow the server)</translation>
    </message>
    <message>
        <source>待同步记录 %1 条</source>
        <translation>%1 records waiting to sync</translation>
    </message>
    <message>
        <source>被服务器拒收 %1 条(原因见办件详情)</source>
        <translation>%1 refused by the server (see the case for the reason)</translation>
    </message>
    <message>
        <source>注册后将自动同步</source>
        <translation>Syncs automatically once enrolled</translation>
    </message>
    <message>
        <source>正在同步</source>
        <translation>Syncing</translation>
    </message>
    <message>
        <source>自动同步已暂停</source>
        <translation>Automatic sync is paused</translation>
    </message>
    <message>
        <source>下次自动同步: %1 秒后</source>
        <translation>Next automatic sync in %1 s</translation>
    </message>
    <message>
        <source>连接失败 %1 次, 正在按退避间隔重试。</source>
        <translation>Connection failed %1 times; retrying with backoff. </translation>
    </message>
    <message>
        <source> (服务器恢复后将立即重试)</source>
        <translation> (retries at once when the server is back)</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>操作失败, 详情已写入日志</source>
        <translation>The operation failed; details are in the log</translation>
    </message>
</context>
<context>
    <name>TextLimit</name>
    <message>
        <source>还可输入 %1 字(最多 %2 字)</source>
        <translation>%1 characters left (at most %2)</translation>
    </message>
</context>
<context>
    <name>TownActions</name>
    <message>
        <source>需补正的材料(一次性告知)</source>
        <translation>Materials to supply (complete list, told once)</translation>
    </message>
    <message>
        <source>退回原因</source>
        <translation>Reason for return</translation>
    </message>
    <message>
        <source>不予受理理由</source>
        <translation>Reason for refusal</translation>
    </message>
    <message>
        <source>转报至</source>
        <translation>Forward to</translation>
    </message>
    <message>
        <source>特别程序</source>
        <translation type="vanished">Special procedure</translation>
    </message>
    <message>
        <source>特别程序期间不计入承诺时限。</source>
        <translation>Time in a special procedure does not count against the promised limit.</translation>
    </message>
    <message>
        <source>延期天数</source>
        <translation>Extension (days)</translation>
    </message>
    <message>
        <source>延期理由</source>
        <translation>Reason for extension</translation>
    </message>
    <message>
        <source>准予</source>
        <translation type="vanished">Approved</translation>
    </message>
    <message>
        <source>不予</source>
        <translation type="vanished">Denied</translation>
    </message>
    <message>
        <source>特别程序类型</source>
        <translation>Special procedure</translation>
    </message>
    <message>
        <source>— 请选择 —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <source>决定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>证照/文书编号</source>
        <translation>Certificate / document no.</translation>
    </message>
    <message>
        <source>理由(不予时必填)</source>
        <translation>Reason (required for a denial)</translation>
    </message>
    <message>
        <source>如不服本决定, 可在收到之日起60日内申请行政复议, 或6个月内提起行政诉讼。</source>
        <translation>If you disagree with this decision, you may apply for administrative reconsideration within 60 days of receiving it, or file an administrative lawsuit within 6 months.</translation>
    </message>
    <message>
        <source>领取地点</source>
        <translation>Pick-up place</translation>
    </message>
    <message>
        <source>村便民服务中心</source>
        <translation type="vanished">Village service center</translation>
    </message>
</context>
<context>
    <name>TownInboxPage</name>
    <message>
        <source>待镇中心办理</source>
        <translation type="vanished">Awaiting the town</translation>
    </message>
    <message>
        <source>全部待办</source>
        <translation>Everything the town has to do</translation>
    </message>
    <message>
        <source>待镇中心办理 (未作决定)</source>
        <translation>Awaiting the town (not decided)</translation>
    </message>
    <message>
        <source>已作决定, 待出结果</source>
        <translation>Decided, result to be made ready</translation>
    </message>
    <message>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>镇中心收件箱</source>
        <translation>Town center inbox</translation>
    </message>
    <message>
        <source>各村报送的办件: 逾期的排在最前, 其余按报送先后</source>
        <translation>Cases submitted by the villages: overdue first, then in order of submission</translation>
    </message>
    <message>
        <source>共 %1 件, 其中逾期 %2 件</source>
        <translation>%1 cases, %2 overdue</translation>
    </message>
    <message>
        <source>各村报送的办件: 超期的排在最前, 其余按报送先后</source>
        <translation type="vanished">Cases submitted by the villages: overdue first, then in order of submission</translation>
    </message>
    <message>
        <source>全部村</source>
        <translation>All villages</translation>
    </message>
    <message>
        <source>全部事项</source>
        <translation>All items</translation>
    </message>
    <message>
        <source>共 %1 件, 其中超期 %2 件</source>
        <translation type="vanished">%1 cases, %2 overdue</translation>
    </message>
</context>
<context>
    <name>TownOverviewPage</name>
    <message>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>超期</source>
        <translation type="vanished">Overdue</translation>
    </message>
    <message>
        <source>逾期未报送</source>
        <translation>Submitted late</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>镇级概览</source>
        <translation>Town overview</translation>
    </message>
    <message>
        <source>逾期未报送: 需报送镇中心的办件, 登记后3个工作日内未报送</source>
        <translation>Submitted late: cases for the town not submitted within 3 working days of registration</translation>
    </message>
    <message>
        <source>全镇 %1 件, 逾期 %2 件, 逾期未报送 %3 件</source>
        <translation>Whole town: %1 cases, %2 overdue, %3 submitted late</translation>
    </message>
    <message>
        <source>全镇 %1 件, 超期 %2 件, 逾期未报送 %3 件</source>
        <translation type="vanished">Whole town: %1 cases, %2 overdue, %3 submitted late</translation>
    </message>
</context>
<context>
    <name>TownReportsPage</name>
    <message>
        <source>根据本镇各村数据生成所选月份报告</source>
        <translation>Generate the chosen month&apos;s report from the town&apos;s villages</translation>
    </message>
    <message>
        <source>乡镇进展报送审核</source>
        <translation>Review the towns&apos; progress reports</translation>
    </message>
    <message>
        <source>全部月份</source>
        <translation>All months</translation>
    </message>
    <message>
        <source>全部乡镇</source>
        <translation>All towns</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>筛选</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>把列表中的报告(按所选筛选)导出为 Excel</source>
        <translation>Export the listed reports (as filtered) to Excel</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>已导出: %1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <source>报送市级</source>
        <translation>Report to the city</translation>
    </message>
    <message>
        <source>乡镇</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>月份</source>
        <translation type="vanished">Month</translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="vanished">State</translation>
    </message>
    <message>
        <source>报送日期</source>
        <translation type="vanished">Submitted on</translation>
    </message>
    <message>
        <source>全镇指标</source>
        <translation>Whole-town figure</translation>
    </message>
    <message>
        <source>数值</source>
        <translation type="vanished">Value</translation>
    </message>
    <message>
        <source>村(社区)</source>
        <translation>Village (community)</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>按时办结率</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <source>退件率</source>
        <translation>Return rate</translation>
    </message>
    <message>
        <source>超期在办</source>
        <translation>Overdue open</translation>
    </message>
    <message>
        <source>情况说明(必填): 本月全镇工作亮点、存在问题和下月打算</source>
        <translation>Remarks (required): the town&apos;s highlights, problems and next month&apos;s plans</translation>
    </message>
    <message>
        <source>审核意见 (退回时必须填写原因)</source>
        <translation type="vanished">Review note (a reason is required to return)</translation>
    </message>
    <message>
        <source>通过</source>
        <translation type="vanished">Accept</translation>
    </message>
    <message>
        <source>退回</source>
        <translation type="vanished">Return</translation>
    </message>
    <message>
        <source>情况说明</source>
        <translation type="vanished">Remarks</translation>
    </message>
    <message>
        <source>操作失败, 详情已写入日志</source>
        <translation type="vanished">The operation failed; details are in the log</translation>
    </message>
    <message>
        <source>请选择一份报告</source>
        <translation type="vanished">Select a report</translation>
    </message>
    <message>
        <source>所选月份的报告尚未生成, 请点「根据本镇各村数据生成所选月份报告」</source>
        <translation>The chosen month&apos;s report has not been generated yet: click “Generate the chosen month&apos;s report from the town&apos;s villages”</translation>
    </message>
    <message>
        <source>市级审批服务中心 %1 退回: %2</source>
        <translation>Returned by the city center on %1: %2</translation>
    </message>
    <message>
        <source>请根据意见修改情况说明(或重新生成)后再次报送。</source>
        <translation type="vanished">Revise the remarks (or regenerate the report) and submit it again.</translation>
    </message>
    <message>
        <source>市级审批服务中心 %1 已通过</source>
        <translation>Accepted by the city center on %1</translation>
    </message>
    <message>
        <source>已于 %1 报送, 等待市级审核</source>
        <translation>Submitted on %1, waiting for the city to review it</translation>
    </message>
    <message>
        <source>草稿: 尚未报送市级</source>
        <translation>Draft: not yet submitted to the city</translation>
    </message>
    <message>
        <source>请先填写情况说明, 再报送市级</source>
        <translation>Write the remarks first, then submit to the city</translation>
    </message>
    <message>
        <source>把%1 %2的工作进展报送市级审批服务中心?</source>
        <translation>Submit %1&apos;s progress report for %2 to the city center?</translation>
    </message>
    <message>
        <source>报送</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>报送后, 市级退回之前不能再修改。</source>
        <translation>Once submitted, it cannot be changed unless the city returns it.</translation>
    </message>
    <message>
        <source>退回时请填写退回原因</source>
        <translation type="vanished">Enter the reason for returning</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>登录 - %1</source>
        <translation>Log in - %1</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>登录名</source>
        <translation>Login name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>本机数据已加密: 请用本机代办员的账号登录</source>
        <translation>This PC&apos;s data is encrypted: log in with an agent account of this PC</translation>
    </message>
    <message>
        <source>忘记密码: 用恢复码在命令行运行 villagedesk accounts reset 登录名 --code 恢复码</source>
        <translation>Forgot the password: with the recovery code, run villagedesk accounts reset LOGIN --code CODE on the command line</translation>
    </message>
    <message>
        <source>该账号已停用，请找本机管理员</source>
        <translation>This account has been deactivated; please ask this PC&apos;s administrator</translation>
    </message>
    <message>
        <source>数据库文件已损坏，请用 villagedesk restore 从备份恢复</source>
        <translation>The database file is damaged; restore it from a backup with villagedesk restore</translation>
    </message>
    <message>
        <source>登录名或密码错误</source>
        <translation>Wrong login name or password</translation>
    </message>
    <message>
        <source>档案文件夹 %1 所在的磁盘已满, 无法打开数据库: 请清理该磁盘后再登录; 数据未丢失</source>
        <translation>The disk holding the profile folder %1 is full, so the database cannot be opened: free space on that disk, then log in again; no saved data was lost</translation>
    </message>
    <message>
        <source>无法打开档案文件夹 %1 中的数据库(磁盘、权限或被其他程序占用): 详情已写入日志</source>
        <translation>Cannot open the database in the profile folder %1 (the disk, permissions, or another program holding it): details were written to the log</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>打印</source>
        <translation type="vanished">Print</translation>
    </message>
    <message>
        <source>打印受理回执、一次性告知单或委托书</source>
        <translation type="vanished">Print the receipt, the missing-materials notice or the mandate</translation>
    </message>
    <message>
        <source>打印模块未安装</source>
        <translation type="vanished">Printing module not installed</translation>
    </message>
</context>
</TS>
