# 알림 페이지 (templates/notifications.html): 행동한 사람 이름 뒤, 글 제목 앞.

notification-actor-after = 님이
notification-solution-accepted = 회원님의 답변을 해결 방법으로 채택했어요:
notification-solution-marked = 직원으로서 회원님 대신 해결 방법을 표시했어요:
notification-verified = 직원으로서 회원님의 글을 확인했어요:
notification-escalation-claimed = 직원으로서 회원님의 도움 요청을 맡았어요:
notification-escalation-opened = 직원에게 도움을 요청했어요:
notification-new-reply = 댓글을 남겼어요:
notification-private-message = 1:1 문의 메시지를 보냈어요:
notification-firmware-broken = 현재 펌웨어에서는 답변이 더 이상 통하지 않는다고 했어요:
notification-firmware-in-question = 다른 신뢰받는 회원들과 함께 현재 펌웨어에서 해결 방법이 더 이상 통하지 않는다고 해요. 확인한 뒤 확정하거나 유지해 주세요:
notification-firmware-reopened = 직원으로서 현재 펌웨어에서 해결 방법이 더 이상 통하지 않는다고 확인해서, 질문이 다시 열렸어요:
notification-known-issue-status = 직원으로서 알려진 문제의 상태를 바꿨어요:
notification-idea-status = 직원으로서 아이디어의 상태를 바꿨어요:
notification-known-issue-new = 직원으로서 회원님이 가진 기기에 알려진 문제를 새로 등록했어요:
notification-solved-reminder = 답변 중에 해결된 게 있나요? 표시해 주시거나, 아직 안 되는 점을 알려 주세요:
notification-maintenance-due = 회원님 기기를 점검할 때가 됐어요:
notification-maintenance-due-since-before = 회원님 기기를 점검할 때가 됐어요(
notification-maintenance-due-since-after = 부터):
notification-updated = 업데이트했어요:
notification-fixed-in = { $version }에서 해결됐어요.
notification-until-update = 업데이트하기 전까지:
notification-workaround = 임시 해결 방법:
