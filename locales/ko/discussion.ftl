# 토론: 첫 페이지, 검색, 글과 답변, 프로필, 알림 페이지, 공통 매크로(templates/macros.html).

## 매크로: 양식 오류, 이름, 배지

form-errors-title = 입력한 내용을 확인해 주세요.
author-former = 탈퇴한 회원
badge-admin = 관리자
badge-admin-title = Fixloop 관리자
badge-staff = 직원
badge-staff-title = Fixloop 직원

## 글의 종류: 짧은 배지, 이름, 목록 이름

kind-badge-troubleshooting = 질문
kind-badge-guide = 수리 가이드
kind-badge-part_swap = 부품 교체
kind-badge-known_issue = 알려진 문제
kind-badge-idea = 아이디어
kind-badge-discussion = 토론
kind-name-troubleshooting = 문제 해결 질문
kind-name-guide = 수리 가이드
kind-name-part_swap = 부품 교체 후기
kind-name-discussion = 토론
kind-name-known_issue = 알려진 문제
kind-name-idea = 아이디어
kind-list-troubleshooting = 문제 해결 질문
kind-list-guide = 수리 가이드
kind-list-part_swap = 부품 교체 후기
kind-list-discussion = 토론

## 기기 카탈로그의 단계

kind-device-maker = 제조사
kind-device-line = 제품군
kind-device-model = 모델
kind-device-revision = 리비전
kind-device = 기기

## 글의 상태

status-solved = 해결됨
status-escalated = 직원 확인 중
status-closed = 닫힘
status-open = 미해결
status-verified = 직원 확인
status-verified-by-staff = 직원 확인
status-pinned = 고정됨
status-locked = 잠김
status-mine = 내 기기
status-mine-title = 내가 가진 기기에 관한 글
# 해결된 질문이 어떻게 해결됐는지: 목록에서는 짧게, 다른 곳에서는 전부.
status-path-customer_led = 회원이 해결
status-path-joint = 함께 해결
status-path-staff_led = 직원이 해결
status-path-full-customer_led = 회원이 해결
status-path-full-joint = 함께 해결 (회원 + 직원)
status-path-full-staff_led = 직원이 해결

## 글 목록

list-empty = 아직 글이 없어요.
# "<이름> · <3일 전> 작성"
list-by = { "" }
list-started = { "" }
list-started-after = { " " }작성
list-replies-title = 댓글 { $count }개
list-replies-before = 댓글
list-replies = { "" }
# 마지막 댓글 시각 아래의 이름
list-last-by = 마지막 댓글:

## 목록의 페이지

pager-label = 페이지
pager-newer = ← 최근 글
pager-older = 이전 글 →
pager-page = { $page }페이지
pager-previous = ← 이전
pager-next = 다음 →
pager-page-of = { $page } / { $pages }페이지

## 입력 칸 아래의 서식 도움말(예시는 마크다운)

md-help-summary = 서식 도움말
md-help-bold = **굵게**
md-help-italic = *기울임*
md-help-heading = # 제목
md-help-list = - 목록
md-help-steps = 1. 단계
md-help-code = `코드`
md-help-fenced = 코드 블록
md-help-tables = 표
md-help-links = 링크
md-help-link-text = 텍스트
md-help-images = 그리고 이미지
md-help-photo = 사진
md-help-html = HTML은 글자 그대로 보여요.

## 걸린 시간

duration-minutes = { $n }분
duration-hours = { $n }시간
duration-days = { $n }일

## 어떤 부품이 어떤 기기에 맞는지

matrix-empty = 아직 부품 교체 후기가 없어요.
matrix-part = 부품
matrix-device = 기기
matrix-status = 상태
matrix-works = 잘 맞음
matrix-caveats = 조건부
matrix-no-fit = 안 맞음
matrix-confirmed = 확인
matrix-disputed = 이의
matrix-evidence = 근거
matrix-status-works = 잘 맞아요
matrix-status-caveats = 조건부로 맞아요
matrix-status-no_fit = 안 맞아요
matrix-status-conflicting = 후기가 엇갈려요

gallery-photo = 사진

## 첫 페이지

home-title = 수리 커뮤니티
home-feed-latest = Fixloop: 최근 글
home-feed-solved = Fixloop: 새로 해결된 글
home-hero = 함께 고쳐요.
home-lead = 사용자와 직원이 나란히 수리 문제를 풀어요. 내 기기에 관한 문제 해결 질문, 단계별 수리 가이드, 부품 교체 후기를 만나 보세요.
home-join = 커뮤니티 가입하기
home-browse-devices = 기기 둘러보기
home-recent = 최근 글
home-start-thread = 글 쓰기
home-tabs-kinds = 글 종류
home-tab-all = 전체
home-tabs-status = 상태
home-tab-unsolved = 미해결 질문
home-devices = 기기
home-catalogue-empty = 기기 카탈로그가 비어 있어요.
home-add-maker = 첫 제조사 추가하기
home-add-maker-after = { "" }
home-all-devices = 모든 기기 →

## 검색

search-title = 검색
search-title-query = { $q } — 검색
search-placeholder-long = 문제를 설명해 보세요. 예: 절전 후 팬 소리가 커요
search-sort = 정렬
search-sort-relevance = 정확도순
search-sort-newest = 최신순
search-button = 검색
search-words-only = 글자와 숫자로 된 단어를 검색해 주세요. 문장 부호와 연산자는 무시돼요.
search-fallback = 검색 엔진이 응답하지 않아요. 아래 결과는 기본 검색 색인에서 찾은 거예요.
search-give-words = 검색할 단어를 넣어 주세요(q=…).
search-too-common = 너무 흔한 단어라 검색할 수 없어요. 좀 더 구체적인 단어를 넣어 주세요.
# "<고친 단어>에 대한 결과예요." 그리고 입력한 그대로의 단어로 찾는 링크.
search-corrected-before = 다음 검색어로 찾은 결과예요:
search-corrected-after = { "" }
search-instead = 입력한 그대로 검색: { $words }
# "<기기> 및 그 아래 기기에서만 찾아볼까요?"
search-device-offer-before = { "" }
search-device-offer-after = 및 그 아래 기기에서만 찾아볼까요?
search-found = { $count ->
    [0] 찾은 글이 없어요
   *[other] 글 { $count }개를 찾았어요
}
search-no-more = 결과가 더 없어요.
search-first-page = 첫 페이지로 돌아가기
search-first-page-after = { "" }
search-nothing = 일치하는 글이 없어요.
search-nothing-filters = 이 필터로는 일치하는 글이 없어요.
search-wider = { $device } 전체에서 검색
search-without-filters = 필터 없이 검색
search-other-words = 다른 단어로 찾아보세요. 부품 이름이나 눈에 보이는 증상을 넣어 보세요.
search-ask = 커뮤니티에 질문하기
search-ask-explain = 입력한 검색어가 질문 제목이 되고, 직원과 사용자가 답변해요.
search-firmware-current = 현재 펌웨어에서 확인됨
search-last-active = 최근 활동
search-last-active-after = { "" }
search-not-what = 찾는 내용이 아닌가요?
search-not-what-after = { "" }
search-pages = 검색 결과 페이지
search-filters = 필터
search-filter = 필터
search-facet-device = 기기
search-all-devices = 모든 기기
search-facet-kind = 종류
search-all-kinds = 모든 종류
search-facet-solved = 해결 여부
search-solved-or-not = 해결 여부 상관없음
search-not-solved = 아직 해결되지 않은 질문
search-facet-verified = 직원 확인 여부
search-verified-or-not = 직원 확인 여부 상관없음
search-not-verified = 직원 확인 없음
search-facet-firmware = 펌웨어
search-any-firmware = 모든 펌웨어
search-any-way = 해결 방식 상관없음

## 글 쓰기와 수정

thread-new-title = 새 글 쓰기
form-preview = 미리 보기
form-new-rules-label = 새 회원 규칙
form-new-rules-welcome = 환영해요! 처음 얼마 동안은 몇 가지 제한이 있어요
form-new-rules-why = (스팸을 막기 위해서예요):
form-new-rules-links = 처음 쓰는 글 { $first }개에는 링크나 이미지를 넣을 수 없어요. 앞으로 { $left }개 남았어요. 웹 주소도 링크로 쳐요. 말로 설명하고, 사진은 아래에서 직접 올려 주세요.
form-new-rules-rate = 한 시간에 { $count }번까지 글을 쓸 수 있어요.
form-kind-legend = 어떤 글인가요?
form-title = 제목
form-title-placeholder = 예: 서멀 페이스트를 바꾼 뒤로 팬이 최고 속도로 돌아요
form-suggestions-heading = 이미 답이 있을 수도 있어요:
form-device = 기기
form-optional = (선택)
form-no-device = — 특정 기기와 관련 없음 —
form-swap-summary = 부품 교체 후기만 해당: 부품과 결과
form-swap-ignored = (다른 종류의 글에서는 무시돼요)
form-part = 부품
form-part-placeholder = 부품 이름을 입력해 보세요
# "<부품 카탈로그>에 있는 이름 그대로 써 주세요."
form-part-hint-before = { "" }
form-part-hint-link = 부품 카탈로그
form-part-hint-after = 에 있는 이름 그대로 써 주세요.
form-outcome = 결과
form-outcome-works = 잘 맞아요
form-outcome-caveats = 조건부로 맞아요
form-outcome-no_fit = 안 맞아요
form-caveats = 추가로 해야 했던 작업
form-details = 자세한 내용
form-details-placeholder = 어떤 증상이 있는지, 원래는 어떻게 되어야 하는지, 이미 해 본 것, 기기 리비전을 적어 주세요.
form-photos = 사진
form-photos-hint = (선택: 최대 { $count }장, JPEG·PNG·WebP, 장당 10메가바이트, 위치 정보는 지워져요)
form-photos-again = 양식이 다시 열리면 브라우저가 고른 사진을 기억하지 못해요. 올리기 전에 사진을 다시 골라 주세요.
form-post-thread = 글 올리기
form-body = 본문
form-save-changes = 변경 사항 저장
form-cancel = 취소

post-edit-title = 글 수정
post-edit-crumb = 수정
post-edit-thread = 글 수정
post-edit-reply = 답변 수정
post-edit-history-note = 바꾸기 전 내용은 글의 수정 기록에 남고, 누구나 볼 수 있어요.

## 글의 수정 기록

post-history-title = “{ $title }”에 있는 글의 수정 기록
post-history-crumb = 수정 기록
post-history-heading = 수정 기록
post-history-hidden = 숨겨진 글이에요. 수정 기록은 직원만 볼 수 있어요.
post-history-hidden-why = 숨겨진 글이에요: { $reason }. 수정 기록은 직원만 볼 수 있어요.
post-history-versions = 버전 { $count }개, 최신순이에요. 본문은 작성자가 쓴 그대로(마크다운) 보여요.
post-history-version = 버전 { $number }
# "버전 3 (현재) 작성자 <이름>, <날짜>"
post-history-current-by = (현재) 작성자
post-history-by = 작성자
post-history-by-after = { "" }
post-history-title-line = 제목: { $title }
post-history-verification = 직원 확인
# "<이름> 직원 확인, <날짜>"
post-history-verified-by = { "" }
post-history-verified-by-after = { " " }직원 확인
post-history-revoked = { $when }에 { $name } 님이 확인을 취소했어요
post-history-verification-current = 현재

## 글: 작성자 줄과 기능 버튼

post-rep = 평판 { $points }
post-accepted-solution = ✓ 채택된 답변
post-link-title = 이 글의 링크
post-last-edited = 마지막 수정: { $when }
post-edited = 수정됨
post-hidden = 숨겨진 글이에요.
post-hidden-why = 숨겨진 글이에요: { $reason }.
post-hidden-shown-to-staff = 숨겨진 내용, 직원에게만 보여요
post-mark-solution-for-asker = 해결 방법으로 채택하기 (질문자 대신)
post-solved-instead = 이 답변으로 해결 방법 바꾸기
post-solved-my-problem = 이 답변으로 해결됐어요
post-solution-firmware = 해결된 펌웨어 버전 (선택)
post-firmware-unknown = 펌웨어 모름
post-checked-on = { $version }에서 확인
post-firmware-current = (현재)
post-firmware-your-device = 내 기기
post-votes-title = 도움이 됐다고 한 회원 수
post-votes = 도움돼요 { $count }
post-unvote = 투표 취소
post-vote = 도움돼요
post-unverify = 직원 확인 취소
post-verify = 직원 확인
post-verify-note = 메모 (선택)
post-verify-note-placeholder = 예: 메인보드 B 리비전에서 확인함
post-verify-button = 직원으로 확인하기
post-flagged = 이 글을 신고했어요. 직원이 살펴볼 거예요.
post-flag = 신고
post-flag-legend = 이 글에 어떤 문제가 있나요?
post-flag-reason-spam = 스팸
post-flag-reason-unsafe = 위험한 수리 조언
post-flag-reason-abuse = 욕설·괴롭힘
post-flag-reason-other = 기타
post-flag-note = 직원에게 남길 메모 (선택)
post-flag-button = 직원에게 신고하기
post-open-flags = 처리 안 된 신고 { $count }건
post-unhide = 숨기기 해제
post-hide = 숨기기
post-hide-reason = 이유 (글 대신 보여요)
post-hide-reason-placeholder = 예: 위험한 배터리 조언
post-hide-button = 글 숨기기
post-edit = 수정
post-add-photo = 사진 추가
post-photo-hint = JPEG·PNG·WebP, 최대 10메가바이트 (위치 정보는 지워져요)
post-upload = 올리기
post-history = 수정 기록

## 답변이 기기의 현재 펌웨어에서도 통하는지

post-fw-checked-label = 확인한 펌웨어 (선택)
post-fw-select-title = 이 내용을 확인한 펌웨어 버전
post-fw-not-known = 어떤 펌웨어인가요? (모름)
post-fw-checked-on = 펌웨어 { $version }에서 확인됨
post-fw-current = — 현재 펌웨어예요.
post-fw-current-still-works = — 현재 펌웨어예요. 회원 { $count }명이 지금도 통한다고 확인했어요.
post-fw-not-confirmed = { $version }에서 확인됨 — { $current }에서는 아직 확인되지 않았어요
post-fw-released = ({ $date } 출시)
post-fw-broken = 회원 { $count }명이 { $current }에서는 더 이상 통하지 않는다고 해요.
post-fw-broken-reopen = 회원 { $count }명이 { $current }에서는 더 이상 통하지 않는다고 해요. { $at }명이 되면 직원에게 확인을 요청해요.
post-fw-in-question = 확인 필요:
post-fw-in-question-text = 회원 { $count }명이 이 해결 방법이 { $current }에서는 더 이상 통하지 않는다고 해요. 직원이 확인하고 있고, 확인될 때까지는 해결 방법으로 남아 있어요.
post-fw-unmark = 확인됨: 해결 방법 채택 취소
post-fw-keep = 해결 방법으로 유지
post-fw-may-not-report = 지금도 통하는지는 이메일 주소를 확인하고 평판이 { $reputation } 이상인 회원이 알려 줄 수 있어요. 그전까지는 댓글로 알려 주세요.
post-fw-still-works = { $current }에서도 통해요
post-fw-no-longer-works = { $current }에서는 안 통해요
post-fw-you-reported = { $current }에 대해 알려 주셨어요. 고마워요.

## 글 페이지

thread-feed-title = “{ $title }”의 답변 · Fixloop
thread-breadcrumbs = 현재 위치
thread-crumb-threads = 글 목록
thread-path-title = 해결 방식
# "<이름> 님의 <종류>"; $kind는 kind-name-… 메시지예요.
thread-byline-before = { "" }
thread-byline-after = { " " }님의 { $kind }
thread-replies = 댓글 { $count }개
thread-me-too-count = { $count }명이 같은 문제를 겪고 있어요
thread-following-title = 새 댓글이 달리면 알려 드려요
thread-following = 알림 받는 중 ✓ — 알림 끄기
thread-follow = 알림 받기
thread-lock = 잠그기
thread-unlock = 잠금 해제
thread-pin = 고정
thread-unpin = 고정 해제
thread-move = 옮기기…
thread-idea-banner = 제품팀에 제안하는 아이디어예요
thread-idea-status = 상태:
thread-idea-votes = 투표 { $count }개.
thread-idea-link = 투표하고 직원의 결정 지켜보기 →
thread-escalation-label = 직원 도움
# "내 답변을 기다리는 중: 직원이 <3시간 전> 1:1로 답했어요."
thread-waiting-your-reply = 내 답변을 기다리는 중
thread-waiting-asker = 질문자의 답변을 기다리는 중
thread-staff-answered = 직원이
thread-staff-answered-after = { " " }1:1로 답했어요.
# "직원을 기다리는 중 <3시간 전>부터"
thread-waiting-staff = 직원을 기다리는 중
thread-waiting-since = { "" }
thread-waiting-since-after = 부터
# 글을 맡은 직원의 이름 뒤에 붙어요.
thread-claimed-by = (직원) 님이 살펴보고 있어요.
thread-not-claimed = 아직 맡은 직원이 없어요.
thread-claim = 이 글 맡기
thread-release = 대기열로 돌려보내기
thread-swap-hidden-label = 숨겨진 부품 교체 후기, 직원에게만 보여요
thread-swap-hidden = 첫 글이 숨겨져서 후기 전체가 숨겨졌어요. 회원과 방문자에게는 보이지 않고 근거로도 세지 않아요. 직원에게만 보여요.
thread-me-too-yours = 같은 문제가 있다고 알렸어요
thread-me-too = 저도 같은 문제가 있어요
thread-escalate = 직원에게 요청하기
thread-solution = 해결 방법
thread-verified-answer = 직원이 확인한 답변
thread-solution-marked-by = { $name } (직원) 님이 질문자 대신 채택했어요
thread-solution-accepted = 질문자가 채택했어요
thread-verified-by = { $name } 님이 확인함
# "· <이름> 님의 답변"
thread-answer-by = { "" }
thread-answer-by-after = { " " }님의 답변
thread-jump = 글에서 보기 ↓
thread-you-marked = 이 답변을 해결 방법으로 채택했어요
thread-you-marked-firmware = (펌웨어 { $version }에서 해결)
thread-you-marked-after = . 이제 같은 문제를 겪는 모든 사람에게 질문 바로 아래에 먼저 보여요. 고마워요!
thread-worked-for = 회원 { $count }명이 해결됐어요
thread-worked-nobody = 아직 해결됐다고 알려 준 사람이 없어요.
thread-worked-you = 해결됐다고 알렸어요
thread-worked-on = 해결된 기기
thread-worked-other-device = 다른 기기
thread-worked-button = 저도 해결됐어요
thread-unsolve-summary = 결국 해결되지 않았나요?
thread-unsolve = 문제가 다시 생겼어요: 해결 방법 채택 취소
thread-pages = 이 글의 페이지
thread-your-reply = 댓글 쓰기
# "해결된 질문이에요 — <해결 방법 보기>. …"
thread-solved-notice-before = 해결된 질문이에요 —
thread-solved-notice-link = 해결 방법 보기
thread-solved-notice-after = . 해결 방법이 통하지 않았나요? 무엇을 해 봤는지, 어떤 기기 리비전인지 적어 주세요.
thread-new-rules = 새 회원 제한:
thread-new-rules-links = 처음 쓰는 글 { $first }개에는 링크나 이미지를 넣을 수 없어요(웹 주소 포함). { $left }개 남았어요.
thread-new-rules-rate = 한 시간에 { $count }개까지 쓸 수 있어요.
thread-reply-label = 댓글
thread-reply-placeholder = 알아낸 것, 통한 방법을 공유하거나 더 궁금한 점을 물어보세요.
thread-post-reply = 댓글 올리기
thread-locked-notice = 잠긴 글이에요. 새 댓글을 달 수 없어요.
thread-cannot-reply = 지금은 댓글을 달 수 없어요.
# "<로그인>하거나 <가입>하면 댓글을 달 수 있어요."
thread-login-before = { "" }
thread-login-link = 로그인
thread-login-or = 또는
thread-join-link = 가입
thread-login-after = 하면 댓글을 달 수 있어요.

## 직원에게 요청한 질문의 1:1 문의

thread-private-heading = 직원과 1:1 문의
thread-private-who-asker = 나와 Fixloop 직원만 읽을 수 있어요. 주문 번호, 시리얼 번호, 영수증은 공개 글이 아니라 여기에 남겨 주세요.
thread-private-who-staff = 질문자와 직원만 읽을 수 있어요. 회원과 방문자에게는 직원이 1:1로 처리 중이라는 것만 보여요.
thread-private-empty = 아직 1:1 메시지가 없어요.
thread-private-suspended = 계정이 정지되어 1:1 문의를 읽을 수만 있고 쓸 수는 없어요.
thread-private-not-sent = 1:1 메시지를 보내지 못했어요.
thread-private-to-staff = 직원에게 보낼 메시지
thread-private-to-asker = 질문자에게 보낼 메시지
thread-private-placeholder-asker = 예: 주문 4711-22, 시리얼 SN123456, 3월에 구매
thread-private-placeholder-staff = 예: 배터리 아래 라벨에 있는 시리얼 번호를 보내 주시겠어요?
thread-private-limit-unconfirmed = 이메일 주소를 확인하기 전까지는 1:1 메시지를 { $count }개까지 보낼 수 있어요(메일로 보내 드린 링크를 열어 주세요).
thread-private-limit-rate = 한 시간에 메시지를 { $count }개까지 보낼 수 있어요.
thread-private-limit-rate-no-links = 한 시간에 메시지를 { $count }개까지 보낼 수 있고, 지금은 링크나 이미지를 넣을 수 없어요.
thread-private-limit-told = 새 메시지가 오면 직원이 읽을 때까지 한 번만 알려요.
thread-private-send = 1:1로 보내기
# "결과가 나오면 <공개 댓글로 올려 주세요> (…)"
thread-private-outcome-before = 결과가 나오면
thread-private-outcome-link = 공개 댓글로 올려 주세요
thread-private-outcome-after = (개인 정보는 빼고요). 같은 문제를 겪는 다음 사람이 찾을 수 있어요.
thread-private-closed = 1:1 문의가 닫혔어요. 이 질문을 직원에게 요청한 동안에만 열려요.
thread-private-notice = 직원이 질문자와 1:1로 처리하고 있어요. 결과가 나오면 여기에 올라와요.

## 회원 프로필

user-former = 탈퇴한 회원
user-former-text = 포럼을 떠난 회원이에요. 쓴 글은 남아 있고, 탈퇴한 회원의 글로 보여요.
user-feed-title = { $name } 님의 글 · Fixloop
user-no-bio = 아직 소개가 없어요.
user-write-bio = 나를 소개하는 글 쓰기
user-write-bio-after = { "" }
user-member-since = 가입일: { $date }
# "평판 <15>"
user-reputation-before = 평판
user-reputation-after = { "" }
user-posts = 글 { $count }개
user-suspended-until = { $until }까지 정지
user-rep-heading = 평판을 얻은 곳
user-rep-for = 항목
user-rep-times = 횟수
user-rep-points = 점수
user-rep-solution_accepted = 채택된 답변
user-rep-answer_verified = 직원이 확인한 답변
user-rep-helpful_vote = 도움돼요 투표
user-rep-guide_worked = 수리 가이드로 해결된 수리
user-rep-other = 기타
user-staff = 직원
user-unsuspend = 정지 해제
user-suspend-for = 정지 기간
user-suspend-days = 일
user-suspend-reason = 이유
user-suspend-reason-placeholder = 이유 (회원에게 보여요)
user-suspend = 정지
user-devices = 기기
user-threads = 쓴 글
user-replies = 최근 댓글
user-no-replies = 아직 댓글이 없어요.

## 알림 페이지 (알림 문구는 다른 파일에 있어요)

notif-page-title = 알림
notif-page-mark-all = 모두 읽음으로 표시
notif-page-empty = 아직 알림이 없어요.

## 계정 관련 양식을 보낸 뒤의 안내 (templates/auth/notice.html)

