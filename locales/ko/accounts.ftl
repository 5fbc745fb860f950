# 계정: 로그인, 가입, 계정 복구, 회원 설정(계정, 프로필, 메일, API 토큰,
# 내 데이터)과 메일 한 번에 받지 않기.

## 계정 양식에서 함께 쓰는 말

auth-username = 사용자 이름
auth-username-hint = 영문자, 숫자, _ 또는 - 3–30자.
auth-email = 이메일
auth-password = 비밀번호
auth-password-again = 비밀번호 확인
auth-password-hint = 10자 이상.
auth-new-password = 새 비밀번호
auth-new-password-again = 새 비밀번호 확인
auth-login-link = 로그인
auth-sentence-end = 하세요.

## 로그인

auth-login-title = 로그인
auth-login-with = { $provider } 계정으로 로그인
auth-login-or-password = 또는 Fixloop 비밀번호로 로그인:
auth-login-name = 사용자 이름 또는 이메일
auth-login-button = 로그인
auth-login-forgot = 비밀번호를 잊으셨나요?
auth-login-new = 처음이세요?
auth-login-create = 계정을 만들어 보세요
auth-login-or-sso = . 위의 { $provider } 계정으로 로그인해도 돼요
auth-login-new-end = .
auth-login-sso-creates = { $provider } 계정으로 로그인하면 계정이 만들어져요.

## 통합 로그인 마치기

auth-oidc-title = 로그인 마치기
auth-oidc-link-heading = 계정 연결하기
auth-oidc-logged-in-as = { $provider } 계정으로 로그인한 주소:
auth-oidc-link-same-before = . 같은 주소가 확인된 Fixloop 계정이 있어요:
auth-oidc-link-same-after = { "" }
auth-oidc-link-explain = 이 계정의 Fixloop 비밀번호를 한 번 입력하면 연결돼요. 그다음부터는 { $provider } 계정으로 로그인하면 돼요.
auth-oidc-password-of = { $username }의 비밀번호
auth-oidc-link-button = 연결하고 로그인
auth-oidc-forgot = 비밀번호를 잊으셨나요?
auth-oidc-username-heading = 사용자 이름 정하기
auth-oidc-username-explain = . 내가 쓰는 모든 글에 표시될 이름을 정해 주세요.
auth-oidc-create-button = 계정 만들기

## 가입하기

auth-register-title = 가입하기
auth-register-heading = Fixloop 가입하기
auth-register-intro = 도움을 요청하고, 다른 사람의 질문에 답하고, 내 기기에서 효과 있었던 방법을 나눠 주세요.
auth-register-with = { $provider } 계정으로 가입하기
auth-register-username-hint = 영문자, 숫자, _ 또는 - 3–30자. 내가 쓰는 모든 글에 표시돼요.
auth-register-button = 계정 만들기
auth-register-member = 이미 회원이세요?

## 주소 확인

auth-confirm-title = 주소 확인
auth-confirm-change-heading = 이 주소를 쓸까요?
auth-confirm-change-before = Fixloop 계정의 새 주소:
auth-confirm-change-after = — 이 주소가 맞으면 확인을 눌러 주세요.
auth-confirm-heading = 이메일 확인
auth-confirm-before = 이메일 주소:
auth-confirm-after = — 본인 주소가 맞으면 확인을 눌러 주세요. 그러면 준비가 끝나요.
auth-confirm-button = 확인

## 비밀번호 찾기

auth-forgot-title = 비밀번호를 잊으셨나요?
auth-forgot-intro = 계정의 이메일 주소를 입력하세요. 새 비밀번호를 정할 수 있는 링크를 보내 드려요.
auth-forgot-button = 링크 보내기
auth-forgot-remembered = 비밀번호가 생각나셨나요?

## 새 비밀번호 정하기

auth-reset-title = 새 비밀번호 정하기
auth-reset-for = 계정:
auth-reset-explain = . 이 계정에 로그인된 모든 기기에서 로그아웃되고, 계정의 API 토큰도 더 이상 작동하지 않아요.
auth-reset-sign-ins = 이 계정에 연결된 로그인
auth-reset-sign-ins-removed = 연결할 때 주소가 확인되지 않았으므로 이 로그인은 삭제돼요.
auth-reset-remove-sign-ins = 이 로그인도 삭제하기(직접 연결한 것이 아니라면)
auth-reset-button = 새 비밀번호 저장

## 주소 변경 되돌리기

auth-undo-title = 주소 변경 되돌리기
auth-undo-account = 계정
auth-undo-now-sends = — 이제 이 주소로 메일을 보내요:
auth-undo-if-not = . 직접 바꾼 것이 아니라면 여기서 원래 주소로 되돌리세요. 원래 주소:
auth-undo-back-here = { "" }
auth-undo-explain = 새 비밀번호도 정해 주세요. 이 계정에 로그인한 모든 사람이 로그아웃되고, API 토큰이 더 이상 작동하지 않으며, 주소를 바꾼 뒤에 연결된 로그인은 삭제돼요.
auth-undo-button = 원래 주소로 되돌리기

## 설정: 틀

settings-title = 설정
settings-nav-label = 설정
settings-nav-account = 계정
settings-nav-profile = 프로필
settings-nav-devices = 내 기기
settings-nav-mail = 메일
settings-nav-tokens = API 토큰
settings-nav-data = 내 데이터

## 설정: 계정

account-email-heading = 이메일 주소
account-mail-goes-to = 메일 받는 주소:
account-mail-goes-to-end = { "" }
account-confirmed = 확인됨
account-not-confirmed = 아직 확인 안 됨
account-resend-button = 확인 링크 다시 보내기
account-new-email = 새 이메일 주소
account-email-hint = 새 주소로 링크를 보내 드려요. 링크를 열기 전에는 아무것도 바뀌지 않아요. 주소가 바뀌면 지금 주소로 알려 드리고, { $days }일 동안 변경을 되돌릴 수 있는 링크도 함께 보내요. 그러면 다른 기기에서는 로그아웃{ $tokens ->
        [0] 돼요.
       *[other] 되고, API 토큰 { $tokens }개도 더 이상 작동하지 않아요.
    }
account-current-password = 현재 비밀번호
account-no-password-email = 이 계정에는 비밀번호가 없어요. 로그인한 지 { $minutes }분이 넘었다면 연결된 로그인 서비스로 다시 로그인하세요.
account-change-email = 이메일 바꾸기
account-password-heading = 비밀번호
account-no-password-yet = 이 계정에는 아직 비밀번호가 없어요. 비밀번호를 정하면 연결된 로그인 서비스 없이도 로그인할 수 있어요(로그인한 지 { $minutes }분이 넘었다면 먼저 그 서비스로 다시 로그인하세요).
account-password-hint = 10자 이상. 내 계정에 로그인된 다른 기기에서는 로그아웃{ $tokens ->
        [0] 돼요.
       *[other] 되고, API 토큰 { $tokens }개도 더 이상 작동하지 않아요.
    }
account-change-password = 비밀번호 바꾸기
account-sign-ins-heading = 연결된 로그인
account-sign-ins-explain = 이 서비스로는 비밀번호 없이 내 계정에 로그인할 수 있어요.
account-linked-on = { $date }에 연결
account-last-used = , 마지막 사용
account-sign-in-remove = 삭제
account-no-sign-ins = 내 계정에 연결된 로그인 서비스가 없어요.
account-role-member = 회원
account-role-staff = 직원
account-role-admin = 관리자

## 설정: 프로필

profile-title = 내 프로필
profile-intro-before = 모든 사람이
profile-intro-link = 내 프로필
profile-intro-after = 에서 보는 정보예요.
profile-avatar-heading = 프로필 사진
profile-avatar-alt = 내 프로필 사진
profile-avatar-new = 새 사진
profile-avatar-first = 내 사진이나 작업대 사진
profile-avatar-hint = JPEG, PNG, WebP, 최대 10MB. 촬영 장소와 카메라 정보는 지워져요.
profile-avatar-upload = 올리기
profile-avatar-remove = 프로필 사진 삭제
profile-bio-heading = 소개
profile-bio-label = 나를 소개하는 한마디
profile-bio-hint = 일반 텍스트로 { $max }자까지, 한 줄로 써 주세요(Markdown이나 링크는 쓸 수 없어요). 비워 두면 소개가 표시되지 않아요.
profile-bio-save = 소개 저장

## 설정: 메일

mailset-title = 메일 설정
mailset-unconfirmed-before = 메일은 확인된 주소로만 보내요. 메일을 받으려면
mailset-unconfirmed-link = 계정 설정
mailset-unconfirmed-after = 페이지에서 주소를 확인해 주세요.
mailset-all-off = 알림 메일을 모두 껐어요.
mailset-all-off-hint = 다시 받으려면 아래에서 “바로 받기” 또는 “매일 요약으로 받기”를 고르세요.
mailset-turn-off = 메일 모두 끄기
mailset-turn-off-hint = 아래의 모든 메일을 한 번에 꺼요. 계정에 관한 메일(비밀번호, 주소)은 계속 보내 드려요.
mailset-explain = 소식마다 메일을 바로 받을지, 하루 한 번 요약으로 받을지, 받지 않을지 고르세요. 사이트의 알림에는 모든 소식이 그대로 표시돼요.
mailset-default = (기본값)
mailset-time-zone = 내 시간대
mailset-time-zone-hint = 매일 요약은 내 시간으로 { $hour }시 무렵에 가요.
mailset-save = 메일 설정 저장
mailset-footer = 모든 알림 메일에는 그 종류의 메일을 한 번에 끌 수 있는 링크가 있어요.
mailset-mode-instant = 바로 받기
mailset-mode-digest = 매일 요약으로 받기
mailset-mode-never = 받지 않기
mailset-kind-answers = 내 질문에 달린 답변
mailset-kind-answers-hint = 내가 올린 글에 누군가 답변을 달았을 때.
mailset-kind-solved_reminder = “해결됐나요?” 알림
mailset-kind-solved_reminder-hint = 질문에 답변이 달렸지만 채택된 답변이 없으면, 일주일 뒤에 질문마다 한 번 알려 드려요.
mailset-kind-followed_replies = 알림 받는 글의 새 댓글
mailset-kind-followed_replies-hint = 알림 받기 중이거나 참여한 글에 누군가 답변을 달았을 때.
mailset-kind-my_answers = 내 답변 채택 또는 직원 확인
mailset-kind-my_answers-hint = 질문한 사람이 내 답변을 해결 방법으로 채택하거나, 직원이 내 답변이나 수리 가이드를 확인했을 때.
mailset-kind-escalations = 직원이 내 요청을 맡았을 때
mailset-kind-escalations-hint = 직원에게 요청한 질문을 직원이 맡았을 때.
mailset-kind-staff_actions = 직원이 대신 처리한 일
mailset-kind-staff_actions-hint = 직원이 내 질문에 해결 방법을 대신 표시했을 때.
mailset-kind-private_messages = 내 요청에 관한 1:1 문의
mailset-kind-private_messages-hint = 직원 확인 중인 질문의 1:1 문의에 새 메시지가 왔을 때(메일에는 누가 썼는지만 나오고 내용은 나오지 않아요).
mailset-kind-firmware_reports = 펌웨어 업데이트 후 통하지 않는 해결 방법
mailset-kind-firmware_reports-hint = 내 답변(직원이라면 모든 답변)이 현재 펌웨어에서 더 이상 통하지 않는다고 회원들이 알리거나, 그 때문에 내 질문의 해결 방법 표시가 해제되었을 때.
mailset-kind-maintenance_due = 내 기기의 점검 알림
mailset-kind-maintenance_due-hint = “내 기기”에 등록한 기기의 점검 날짜가 되었을 때(날짜마다 한 번).
mailset-kind-known_issue_status = 나와 관련된 알려진 문제
mailset-kind-known_issue_status-hint = 나도 겪고 있거나, 질문했거나, 알림 받기 중인 알려진 문제의 상태가 바뀌었을 때(임시 해결 방법, 수정). 그리고 기기 페이지에서 요청했다면 내 기기의 새 알려진 문제도 알려 드려요.
mailset-kind-idea_status = 내가 제안하거나 투표한 아이디어
mailset-kind-idea_status-hint = 내가 제안했거나 투표했거나 알림 받기 중인 아이디어의 상태를 직원이 바꿨을 때(검토 중, 계획됨, 출시됨, 거절됨). 직원의 메모도 함께 보내 드려요.
mailset-kind-staff_queue = 직원에게 요청한 회원
mailset-kind-staff_queue-hint = 회원이 자기 질문에 대해 직원에게 요청했을 때(직원 대기열에 들어가요).

## 설정: API 토큰

token-title = API 토큰
token-intro-before = 개인 액세스 토큰을 쓰면 내 스크립트와 도구가 나로서
token-intro-api = JSON API
token-intro-send = 기능을 쓸 수 있어요. 토큰은 이렇게 보내세요:
token-intro-scopes = . 읽기 토큰은 읽기만 할 수 있고, 쓰기 토큰은 글쓰기, 댓글, 해결 방법 채택, 알림 받기도 할 수 있어요
token-intro-staff = . 직원 업무도 할 수 있어요
token-intro-end = .
token-new-heading = 새 토큰 “{ $name }”
token-copy-now = 지금 복사하세요. 이 토큰은 이번 한 번만 보여 드려요.
token-copy-explain = 포럼에는 토큰의 지문만 남기 때문에 아무도 다시 보여 드릴 수 없어요. 잃어버렸다면 취소하고 새로 만드세요.
token-list-heading = 내 토큰
token-none = 토큰이 없어요.
token-name = 이름
token-scope = 권한
token-made = 만든 날
token-last-used = 마지막 사용
token-expires = 만료
token-revoke = 취소
token-never = 없음
token-scope-read = 읽기
token-scope-write = 쓰기
token-make-heading = 토큰 만들기
token-name-hint = 어디에 쓸지 적어 두면 나중에 어느 것을 취소할지 알 수 있어요(예: “티켓 시스템 동기화”).
token-scope-read-explain = 읽기: 글, 기기, 검색을 읽기만 해요
token-scope-write-explain = 쓰기: 글을 쓰고 나 대신 작업도 할 수 있어요
token-lifetime = 사용 기간
token-lifetime-30 = 30일
token-lifetime-90 = 90일
token-lifetime-365 = 1년
token-lifetime-never = 취소할 때까지
token-make-button = 토큰 만들기
token-notice-revoked = 토큰을 취소했어요. 이제 더 이상 작동하지 않아요.

## 설정: 내 데이터

data-title = 내 데이터
data-deleted-title = 계정이 삭제되었어요
data-deleted-explain = 이메일 주소, 비밀번호, 프로필, 설정이 삭제되었고, 계정에 로그인되어 있던 모든 기기에서 로그아웃되었어요. 내가 쓴 글은 도움이 되는 사람들을 위해 남아 있고, 탈퇴한 회원의 글로 표시돼요.
data-deleted-back = 포럼으로 돌아가기
data-intro = 포럼이 보관하는 내 개인 정보, 그 전체 사본, 그리고 탈퇴하는 방법이에요.
data-sentence-end = .
data-about-heading = 내 정보
data-member-since = 가입일
data-role = 역할
data-bio = 소개
data-reputation = 평판
data-contributions-heading = 내가 쓰고 표시한 것
data-count-threads = 시작한 글
data-count-posts = 쓴 글(질문, 답변, 댓글)
data-count-votes = 답변에 한 투표
data-count-me-too = “저도 같은 문제가 있어요”
data-count-follows = 알림 받는 글
data-sessions-heading = 로그인된 곳
data-sessions-explain = 브라우저 { $count }개에서 내 계정에 로그인되어 있어요. 포럼은 각 브라우저의 종류, 로그인한 네트워크(전체 주소는 보관하지 않아요), 마지막으로 사용한 때를 보관해요.
data-this-browser = 이 브라우저
data-network = 네트워크 { $network }에서
data-network-unknown = 네트워크 기록 없음
data-logged-in = 로그인
data-last-used = 마지막 사용
data-log-out = 로그아웃
data-log-out-label = { $browser } 로그아웃, 마지막 사용 { $ago }
data-log-out-others = 다른 곳에서 모두 로그아웃
data-browser-on = { $system }의 { $browser }
data-browser-unknown = 알 수 없는 브라우저
data-system-unknown = 알 수 없는 시스템
data-browser-before = 브라우저(포럼이 종류를 기록하기 전)
data-mail-heading = 메일
data-mail-default = 받을 메일을 바꾼 적이 없어요. 모든 메일이 포럼의 기본값을 따라요.
data-mail-choose = 받을 메일 고르기
data-mail-others-default = 여기 없는 메일은 포럼의 기본값을 따라요.
data-change-them = 바꾸기
data-mail-kind-answers = { mailset-kind-answers }
data-mail-kind-solved_reminder = { mailset-kind-solved_reminder }
data-mail-kind-followed_replies = { mailset-kind-followed_replies }
data-mail-kind-my_answers = { mailset-kind-my_answers }
data-mail-kind-escalations = { mailset-kind-escalations }
data-mail-kind-staff_actions = { mailset-kind-staff_actions }
data-mail-kind-private_messages = { mailset-kind-private_messages }
data-mail-kind-firmware_reports = { mailset-kind-firmware_reports }
data-mail-kind-maintenance_due = { mailset-kind-maintenance_due }
data-mail-kind-known_issue_status = { mailset-kind-known_issue_status }
data-mail-kind-idea_status = { mailset-kind-idea_status }
data-mail-kind-staff_queue = { mailset-kind-staff_queue }
data-mail-kind-digest = 매일 요약
data-mail-mode-instant = { mailset-mode-instant }
data-mail-mode-digest = { mailset-mode-digest }
data-mail-mode-never = { mailset-mode-never }
data-devices-heading = 내 기기
data-devices-none = 등록한 기기가 없어요.
data-devices-add = 내 기기를 추가하면
data-devices-add-why = 그 기기의 알려진 문제와 점검 소식을 받을 수 있어요. 추가한 기기는 여기와 내보낸 파일에 나와요.
data-device-on-profile = (프로필에 표시)
data-devices-in-export = 내보낸 파일에도 들어 있어요.
data-export-heading = 내 데이터 내보내기
data-export-explain = 프로필과 설정, 내가 쓴 글(쓴 그대로, 쓴 날짜와 함께), 투표, “저도 같은 문제가 있어요” 표시, 알림 받는 글, 메일 설정을 담은 JSON 파일이에요. 다른 회원에 관한 정보는 맥락을 위한 글 제목 말고는 들어 있지 않아요.
data-export-button = 내 데이터 받기
data-delete-heading = 계정 삭제
data-delete-explain = 이메일 주소, 비밀번호, 프로필, 설정, 알림 받기와 알림이 삭제되고, 계정에 로그인된 모든 기기에서 로그아웃돼요. 내가 쓴 글은 그 안의 해결 방법이 계속 도움이 되도록 남고, “탈퇴한 회원”의 글로 표시돼요. 직원은 그 글을 여전히 삭제할 수 있어요. 되돌릴 수 없어요.
data-delete-type-before = 확인을 위해 사용자 이름을 입력하세요:
data-delete-type-after = { "" }
data-delete-password = 현재 비밀번호
data-delete-button = 계정 삭제하기
data-delete-admin = 관리자는 바로 탈퇴할 수 없어요. 포럼에 항상 관리자가 있도록, 다른 관리자가 먼저 내 역할을 회원으로 바꿔야 해요.

## 메일 받지 않기

unsub-title = 메일 받지 않기
unsub-stopped-digest = 이제 매일 요약을 보내지 않아요.
unsub-stopped-kind = 이제 “{ $kind }” 메일을 보내지 않아요.
unsub-still-shows = 사이트의 알림에는 계속 표시돼요.
unsub-changed-mind = 생각이 바뀌셨나요? 받을 메일은
unsub-mail-settings = 메일 설정
unsub-changed-mind-end = 에서 고를 수 있어요.
unsub-ask-digest = 매일 요약을 그만 받을까요?
unsub-ask-kind = “{ $kind }” 메일을 그만 받을까요?
unsub-nothing-yet = 버튼을 누르기 전에는 아무것도 바뀌지 않아요.
unsub-button = 이 메일 그만 받기
unsub-also = 메일 종류마다 바로 받을지, 매일 요약으로 받을지도
unsub-also-end = 에서 고를 수 있어요.
