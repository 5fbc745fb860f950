# 메일 (templates/mail/*): 제목, 본문, 레이아웃의 바닥글.
# 텍스트 메일은 줄바꿈을 그대로 두고, HTML 메일은 한 문단이에요.

## 모든 메일

mail-hello = { $username }님, 안녕하세요.
mail-footer-because-before = { "" }
mail-footer-because-after = { " " }계정이 있어서 이 메일을 받았어요.
mail-footer-stop = 이런 메일 그만 받기
mail-footer-settings = 메일 설정
mail-button-copy = 또는 이 주소를 브라우저에 복사해 붙여 넣으세요:
mail-choose-link = 받을 메일과 시기 고르기
mail-actor-after = 님이

## 새 계정의 주소 확인

mail-verify-subject = Fixloop 이메일 주소를 확인해 주세요
mail-verify-text-intro = Fixloop에 오신 것을 환영해요. 이 주소가 회원님의 것인지 아래 링크를 열어 확인해 주세요:
mail-verify-text-expiry =
    링크는 한 번만 쓸 수 있고 { $hours }시간 뒤에 만료돼요. 확인하기 전에도 모든 글을 읽을 수 있고,
    새 회원의 제한 안에서 글을 쓸 수 있어요.
mail-verify-ignore = 계정을 만든 적이 없다면 이 메일은 무시하세요. 링크를 열지 않으면 아무 일도 일어나지 않아요.
mail-verify-html-intro = Fixloop에 오신 것을 환영해요. 이 주소가 회원님의 것인지 확인해 주세요.
mail-verify-button = 이메일 확인하기
mail-verify-html-expiry = 링크는 한 번만 쓸 수 있고 { $hours }시간 뒤에 만료돼요. 확인하기 전에도 모든 글을 읽을 수 있고, 새 회원의 제한 안에서 글을 쓸 수 있어요.

## 이미 계정이 있는 주소로 가입하려 할 때

mail-account-exists-subject = 누군가 회원님의 주소로 가입하려고 했어요
mail-account-exists-text-intro =
    누군가(회원님일 수도 있어요) 이 이메일 주소로 새 Fixloop 계정을 만들려고 했어요.
    이 주소에는 이미 사용자 이름 "{ $username }"(으)로 된 계정이 있어요.
mail-account-exists-text-login = 로그인: { $url }
mail-account-exists-text-forgot = 비밀번호를 잊으셨나요? { $url }
mail-account-exists-ignore = 회원님이 아니라면 이 메일은 무시하세요. 새 계정은 만들어지지 않았어요.
mail-account-exists-html-intro = 누군가(회원님일 수도 있어요) 이 이메일 주소로 새 Fixloop 계정을 만들려고 했어요.
mail-account-exists-html-before = 이 주소에는 이미 계정이 있어요. 사용자 이름:
mail-account-exists-html-after = { "" }
mail-account-exists-button = 로그인
mail-account-exists-html-forgot = 비밀번호를 잊으셨나요?
mail-account-exists-html-forgot-link = 새 비밀번호 정하기

## 비밀번호 재설정

mail-reset-subject = 새 Fixloop 비밀번호를 정해 주세요
mail-reset-text-intro =
    누군가 회원님의 Fixloop 계정 비밀번호를 재설정해 달라고 요청했어요.
    새 비밀번호를 정하려면 아래 링크를 여세요:
mail-reset-text-expiry =
    링크는 한 번만 쓸 수 있고 1시간 뒤에 만료돼요. 새 비밀번호를 정하면
    모든 기기에서 로그아웃돼요.
mail-reset-ignore = 요청한 적이 없다면 이 메일은 무시하세요. 비밀번호는 그대로예요.
mail-reset-html-intro = 누군가 회원님의 Fixloop 계정 비밀번호를 재설정해 달라고 요청했어요.
mail-reset-button = 새 비밀번호 정하기
mail-reset-html-expiry = 링크는 한 번만 쓸 수 있고 1시간 뒤에 만료돼요. 새 비밀번호를 정하면 모든 기기에서 로그아웃돼요.

## 새 주소 확인

mail-confirm-email-subject = Fixloop의 새 이메일 주소를 확인해 주세요
mail-confirm-email-text-intro = Fixloop 계정에 { $email } 주소를 쓰겠다고 하셨어요. 확인하려면 아래 링크를 여세요:
mail-confirm-email-text-expiry =
    링크는 한 번만 쓸 수 있고 { $hours }시간 뒤에 만료돼요. 그때까지 메일은
    예전 주소로 계속 가요.
mail-confirm-email-html-before = Fixloop 계정에 이 주소를 쓰겠다고 하셨어요:
mail-confirm-email-html-after = { "" }
mail-confirm-email-button = 이 주소 확인하기
mail-confirm-email-html-expiry = 링크는 한 번만 쓸 수 있고 { $hours }시간 뒤에 만료돼요. 그때까지 메일은 예전 주소로 계속 가요.

## 주소가 바뀌었을 때 (예전 주소로)

mail-email-changed-subject = Fixloop 이메일 주소가 바뀌었어요
mail-email-changed-text-intro =
    회원님의 Fixloop 계정 이메일 주소가 { $email }(으)로 바뀌었어요.
    이제 메일은 이 주소가 아니라 새 주소로 가요.
mail-email-changed-text-undo =
    직접 바꾼 게 아니라면 { $days }일 안에 이 주소로 되돌리세요
    (새 비밀번호도 정하게 돼요):
mail-email-changed-logout = 되돌리면 이 계정에 로그인한 모든 사람이 로그아웃돼요.
mail-email-changed-html-before = 회원님의 Fixloop 계정 이메일 주소가 바뀌었어요:
mail-email-changed-html-after = . 이제 메일은 이 주소가 아니라 새 주소로 가요.
mail-email-changed-html-undo = 직접 바꾼 게 아니라면 { $days }일 안에 이 주소로 되돌리세요(새 비밀번호도 정하게 돼요):
mail-email-changed-button = 제가 바꾼 게 아니에요: 되돌리기

## 비밀번호가 바뀌었을 때

mail-password-changed-subject = Fixloop 비밀번호가 바뀌었어요
mail-password-changed-text-intro =
    회원님의 Fixloop 계정 비밀번호가 방금 바뀌었고, 다른 모든 세션은
    로그아웃됐어요.
mail-password-changed-text-undo =
    직접 바꾼 게 아니라면 { $url } 에서 비밀번호를 재설정하고
    포럼 직원에게 알려 주세요.
mail-password-changed-html-intro = 회원님의 Fixloop 계정 비밀번호가 방금 바뀌었고, 다른 모든 세션은 로그아웃됐어요.
mail-password-changed-html-before = 직접 바꾼 게 아니라면
mail-password-changed-html-link = 비밀번호를 재설정하고
mail-password-changed-html-after = 포럼 직원에게 알려 주세요.

## 알림 메일: 제목은 무슨 일인지, 그다음 글 제목

mail-subject-new-answer = 내 질문에 새 답변: { $title }
mail-subject-new-reply = 새 댓글: { $title }
mail-subject-solution-accepted = 내 답변이 채택됐어요: { $title }
mail-subject-verified = 직원이 내 글을 확인했어요: { $title }
mail-subject-escalation-claimed = 직원이 내 질문을 맡았어요: { $title }
mail-subject-solution-marked = 직원이 내 질문에 해결 방법을 표시했어요: { $title }
mail-subject-maintenance-due = 점검할 때예요: { $title }
mail-subject-escalation-opened = 회원이 직원에게 도움을 요청했어요: { $title }
mail-subject-private-message = 새 1:1 문의 메시지: { $title }
mail-subject-other = { $title }
mail-notification-read = 읽으러 가기
mail-notification-maintenance-button = 완료로 표시하거나 미루기
mail-notification-whole-thread = 글 전체: { $url }
mail-notification-why = “{ $kind }” 항목을 바로 받도록 골라서 이 메일을 받았어요.
mail-notification-why-text = "{ $kind }" 항목을 바로 받도록 골라서 이 메일을 받았어요.
mail-notification-stop = 이런 메일 그만 받기: { $url }

## 무슨 일이 있었는지 (행동한 사람 이름 뒤에, 또는 단독으로)

mail-what-answered = 회원님의 질문에 답변했어요
mail-what-replied = 알림 받는 글에 댓글을 남겼어요
mail-what-solution-accepted = 회원님의 답변을 해결 방법으로 채택했어요
mail-what-verified = 직원으로서 회원님의 글을 확인했어요
mail-what-escalation-claimed = 직원으로서 회원님의 도움 요청을 맡았어요
mail-what-escalation-opened = 자기 질문에 대해 직원에게 도움을 요청했어요
mail-what-solution-marked = 직원으로서 회원님의 질문에 해결 방법을 대신 표시했어요
mail-what-private-message = 이 질문에 대해 1:1 문의 메시지를 보냈어요
mail-what-firmware-broken = 현재 펌웨어에서는 답변이 더 이상 통하지 않는다고 했어요
mail-what-firmware-reopened = 직원으로서 현재 펌웨어에서 해결 방법이 더 이상 통하지 않는다는 회원들의 신고를 확인해서, 질문이 다시 열렸어요
mail-what-firmware-in-question = 다른 신뢰받는 회원들과 함께 현재 펌웨어에서 해결 방법이 더 이상 통하지 않는다고 해요: 확인한 뒤 확정하거나 유지해 주세요
mail-what-known-issue-status = 직원으로서 회원님이 겪는 알려진 문제의 상태를 바꿨어요
mail-what-known-issue-new = 직원으로서 회원님이 가진 기기에 알려진 문제를 새로 등록했어요
mail-what-idea-status = 직원으로서 회원님이 투표한 아이디어의 상태를 바꿨어요
mail-what-solved-reminder = 답변 중에 해결된 게 있나요? 표시해 주시거나, 아직 안 되는 점을 알려 주세요.
mail-what-maintenance-due = 회원님 기기의 점검 시기가 됐어요
mail-what-updated = 글을 업데이트했어요

## 메일 종류 (메일에서 부르는 이름)

mail-kind-answers = 내 질문에 달린 답변
mail-kind-solved-reminder = “해결됐나요?” 알림
mail-kind-followed-replies = 알림 받는 글의 댓글
mail-kind-my-answers = 내 답변의 채택과 직원 확인
mail-kind-escalations = 직원이 내 도움 요청을 맡았을 때
mail-kind-staff-actions = 직원이 나 대신 처리했을 때
mail-kind-private-messages = 내 도움 요청의 1:1 문의 메시지
mail-kind-firmware-reports = 펌웨어 업데이트 뒤 통하지 않게 된 해결 방법
mail-kind-maintenance-due = 내 기기의 점검 알림
mail-kind-known-issue-status = 나와 관련된 알려진 문제
mail-kind-idea-status = 내가 제안하거나 투표한 아이디어
mail-kind-staff-queue = 직원에게 도움을 요청한 회원
mail-kind-other = 알림

## 알려진 문제의 상태 (상태 변경 메일의 맨 앞)

mail-known-issue-status-now = 현재 상태:
mail-known-issue-status-investigating = 조사 중
mail-known-issue-status-workaround_available = 임시 해결 방법 있음
mail-known-issue-status-fixed = 해결됨
mail-known-issue-status-closed = 닫힘
mail-known-issue-fixed-in = ({ $version })
mail-known-issue-fixed-html = { $version }에서 해결됐어요.
mail-known-issue-fixed-html-after = 이 버전으로 업데이트하면 문제가 다시 생기지 않을 거예요.
mail-known-issue-fixed-text = { $version }에서 해결됐어요: 이 버전으로 업데이트하면 문제가 다시 생기지 않을 거예요.
mail-known-issue-until-update = 업데이트하기 전까지
mail-known-issue-workaround = 임시 해결 방법
mail-known-issue-best-fix = 가장 좋은 해결 방법:
mail-known-issue-best-fix-answer-html = 직원이 확인한 답변,
mail-known-issue-best-fix-guide-html = 수리 가이드,
mail-known-issue-best-fix-answer-text = 가장 좋은 해결 방법, 직원이 확인한 답변 "{ $title }": { $url }
mail-known-issue-best-fix-guide-text = 가장 좋은 해결 방법, 수리 가이드 "{ $title }": { $url }

## 하루 요약

mail-digest-subject = Fixloop 요약: 새 소식 { $count }개
mail-digest-intro = 지난 요약 이후 있었던 일이에요.
mail-digest-more-text = ... 그리고 { $more }개 더: { $url }
mail-digest-more-html-before = … 그리고
mail-digest-more-html-link = { $more }개 더
mail-digest-more-html-after = { "" }
mail-digest-why = 요약은 하루에 한 번까지만, 요약으로 받겠다고 고른 것만 담겨요.
mail-digest-stop = 요약 그만 받기: { $url }

## 해결 확인 알림

mail-solved-subject = 답변 중에 해결된 게 있나요? { $title }
mail-solved-asked = 얼마 전에 이렇게 질문하셨어요:
mail-solved-text-others =
    다른 회원들이 답변했어요. 답변 중에 해결된 게 있나요? 표시해 주시거나,
    아직 안 되는 점을 알려 주세요:
mail-solved-text-why =
    효과가 있었던 답변을 표시하면 같은 문제를 겪는 다음 사람이 쉽게 찾을 수 있어요.
    해결되지 않았다면 무엇을 해 봤는지 댓글로 남겨 주세요. 대화가 이어져요.
mail-solved-html-others = 다른 회원들이 답변했어요.
mail-solved-html-question = 답변 중에 해결된 게 있나요? 표시해 주시거나, 아직 안 되는 점을 알려 주세요.
mail-solved-button = 질문 열기
mail-solved-html-why = 효과가 있었던 답변을 표시하면 같은 문제를 겪는 다음 사람이 쉽게 찾을 수 있어요. 해결되지 않았다면 무엇을 해 봤는지 댓글로 남겨 주세요. 대화가 이어져요.
mail-solved-only-one = 이 질문에 대한 알림은 이번 한 번뿐이에요.
mail-solved-stop = 이런 알림 그만 받기: { $url }

## 회원의 언어 (설정, 가입)

language-setting-heading = 언어
language-setting-label = 언어
language-setting-automatic = 자동 (브라우저 언어)
language-setting-hint = 브라우저 설정과 상관없이 페이지와 보내 드리는 메일이 이 언어로 나와요.
language-setting-register-hint = 페이지와 보내 드리는 메일의 언어예요. 설정에서 바꿀 수 있어요.
language-setting-save = 언어 저장
language-setting-saved = 언어를 저장했어요.
