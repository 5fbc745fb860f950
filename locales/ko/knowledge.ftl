# 지식과 사전 관리 페이지: 수리 가이드, 기기, 부품, 부품 교체 후기,
# 알려진 문제, 아이디어, 점검, 펌웨어, 내 기기.

## 수리 가이드: 글 안의 가이드, 세부 정보, 단계, 기록.

guide-label = 수리 가이드
guide-label-hidden = 수리 가이드(숨겨짐, 직원에게만 보여요)
guide-withdrawn = 첫 글이 숨겨져서 가이드 전체가 숨겨졌어요. 회원과 방문자에게는 전혀 보이지 않아요. 직원에게만 보여요.
guide-difficulty = 난이도
guide-difficulty-easy = 쉬움
guide-difficulty-moderate = 보통
guide-difficulty-difficult = 어려움
guide-difficulty-very_difficult = 매우 어려움
guide-difficulty-not-set = 정하지 않음
guide-time = 소요 시간
guide-time-range = { $min }–{ $max }분
guide-done-by = 따라 한 사람
# 숫자(따로 된 요소) 뒤에 붙는 말.
guide-done-worked = 명 성공
guide-done-failed = 명 실패
guide-prerequisites = 먼저 할 일:
guide-tools = 도구
guide-parts = 부품
guide-edit-details = 난이도, 시간, 도구, 부품, 마무리 수정
guide-step-history = 단계 기록
guide-step-number = { $position }단계
guide-step-hidden = 이 단계는 숨겨졌어요.
guide-step-hidden-why = 이 단계는 숨겨졌어요: { $reason }
guide-step-hidden-label = 숨겨진 단계, 직원에게만 보여요
guide-caution = ⚠ 주의:
guide-note = 참고:
guide-edit-step = 단계 수정
guide-move-up = { $position }단계를 위로 옮기기
guide-move-down = { $position }단계를 아래로 옮기기
guide-photo-for-step = { $position }단계 사진
guide-add-photo = 사진 추가
guide-delete-step = 삭제
guide-unhide-step = 단계 다시 보이기
guide-hide-step = 단계 숨기기
guide-hide-reason = 이유(단계 대신 보여요)
guide-hide-reason-placeholder = 예: 위험함, 커패시터 방전 단계를 건너뜀
guide-no-steps = 아직 단계가 없어요.
guide-add-step = 단계 추가하기
guide-step-title = 제목
guide-step-body = 할 일(마크다운)
guide-step-caution = 주의
guide-step-caution-hint = (경고로 보여요)
guide-step-caution-placeholder = 예: 보드를 만지기 전에 배터리를 분리하세요
guide-step-note = 참고
guide-optional = (선택)
guide-step-position = 위치
guide-step-position-hint = (비워 두면 맨 끝)
guide-add-step-button = 단계 추가
guide-conclusion = 마무리
guide-completions-mine = 기록된 수리
guide-completions-mine-hint = 가이드를 따라 한 사람들이 성공했는지 여기에 기록해요.
guide-completions-heading = 이 수리를 해 보셨나요?
guide-completion-recorded = 수리 결과를 기록했어요. 고마워요!
guide-completion-how = 결과가 어땠나요?
guide-completion-worked = 성공했어요
guide-completion-failed = 실패했어요
guide-completion-device = 어떤 기기에서 했나요
guide-completion-not-listed = — 목록에 없음 —
guide-completion-comment = 한마디
guide-completion-comment-hint = (잘 안 된 점, 팁)
guide-completion-submit = 이 수리를 했어요
# "로그인하면 수리 결과를 기록할 수 있어요.": 링크 앞의 말, 링크, 링크 뒤의 말.
guide-completion-login-before = {""}
guide-completion-login-link = 로그인
guide-completion-login-after = 하면 수리 결과를 기록할 수 있어요.
guide-failed-reports = “실패했어요” 기록
guide-failed-reports-hint = (작성자와 직원에게만 보여요)
guide-failed-on = ({ $device })
guide-failed-no-comment = 한마디 없음

guide-details-title = 가이드 세부 정보
guide-details-crumb = 세부 정보
guide-time-from = 소요 시간(분): 최소
guide-time-hint = (모르면 둘 다 비워 두세요)
guide-time-to = 최대
guide-one-per-line = (한 줄에 하나씩)
guide-prerequisites-label = 먼저 할 가이드
guide-prerequisites-hint = (가이드 번호, 예: 12, 15)
guide-markdown = (마크다운)
guide-save = 저장
guide-cancel = 취소

guide-the-guide = 가이드
guide-step-kept = 단계를 바꾸면 모두 가이드의 단계 기록에 남아요.
guide-save-step = 단계 저장

guide-history-title = “{ $title }”의 단계 기록
guide-history-intro = 가이드 단계의 모든 변경 내역이에요. 최신순이며, 바뀌기 전의 단계를 함께 보여 줘요.
guide-history-withdrawn = 가이드의 첫 글이 숨겨져서 이 기록은 직원에게만 보여요.
guide-history-empty = 아직 변경 내역이 없어요.
guide-history-hidden-version = 숨겨진 단계의 이전 버전이에요. 직원에게만 보여요.
guide-history-action-add = 추가
guide-history-action-edit = 수정
guide-history-action-move = 이동
guide-history-action-delete = 삭제
guide-history-step = { $position }단계 “{ $title }”
guide-history-by = · 작성:
guide-history-caution = 주의: { $caution }

## 기기 카탈로그와 기기 페이지.

device-breadcrumbs = 현재 위치
device-catalogue-title = 기기
device-add-maker = 제조사 추가
device-catalogue-intro = 내 기기를 찾아 관련 글, 수리 가이드, 부품 교체 후기를 확인하세요.
device-catalogue-empty = 카탈로그가 비어 있어요.
device-kind-maker = 제조사
device-kind-line = 제품군
device-kind-model = 모델
device-kind-revision = 개정판
# "<기기> 전체에 적용": 기기 링크 앞의 말과 뒤의 말.
device-from-above-before = {""}
device-from-above-after = {" "}전체에 적용
device-ask = 질문하기
device-edit = 수정
device-add-under = 하위 기기 추가
device-children-maker = 제품군
device-children-line = 모델
device-children-model = 개정판
device-guides = 수리 가이드
device-guide-verified = 직원 확인
device-guide-time = { $min }–{ $max }분
device-guide-done = 성공 { $worked }명, 실패 { $failed }명
device-parts = 부품
device-made-for = 이 기기용 부품:
device-swaps-heading = 회원들의 부품 교체 후기
device-threads = 글 목록

device-form-title-edit = 기기 수정
device-form-title-add = 기기 추가
device-form-edit = { $name } 수정
device-form-add-under = { $parent } 아래에 기기 추가
device-name = 이름
device-level = 단계
device-slug = URL 이름
device-optional = (선택)
device-slug-placeholder = 이름으로 만들어져요
device-description = 설명
device-description-hint = (마크다운, 선택)
device-save = 저장
device-add = 기기 추가

## 기기 페이지의 "내 기기예요"와 설정의 내 기기.

own-you-own = 내 기기
own-bought = { $date } 구입
own-firmware = 펌웨어 { $version }
own-shown = 프로필에 표시됨
own-private = 비공개(나만 볼 수 있어요)
own-edit-link = 내 기기에서 수정하거나 삭제하기
own-summary = 내 기기예요
own-summary-hint = — 점검 알림을 받고, 이 기기에 관한 글에 “내 기기” 표시가 붙어요
own-nickname = 별명
own-optional = (선택)
own-nickname-placeholder = 예: 주방 세탁기
own-bought-on = 구입일
own-bought-on-hint = (선택: 점검 일정을 이날부터 계산해요)
own-firmware-version = 펌웨어 버전
own-firmware-placeholder = 예: { $version }
own-show-on-profile = 내 프로필에 표시하기
own-submit = 내 기기예요
own-page-title = 내 기기
own-settings-title = 설정
own-notice-saved = 저장했어요.
own-notice-removed = 기기를 목록에서 뺐어요.
own-notice-done = 완료로 표시했어요.
own-notice-done-next = 완료로 표시했어요. 다음 점검: { $date }
own-notice-snoozed = { $date }까지 미뤘어요.
own-adding-heading = 내 기기 추가: { $device }
own-back-to = { $device } 페이지로 돌아가기
# 설정 페이지의 설명. 두 링크(메일 설정, 카탈로그)를 사이에 두고 나뉘어 있어요.
own-hint-start = 내가 가진 기기예요. “프로필에 표시”를 체크하지 않으면 나만 볼 수 있어요. 직원이 기기에 정한 점검 작업이 다음 날짜와 함께 여기에 보여요. 점검할 때가 되면 알려 드려요(알림으로, 그리고{" "}
own-hint-mail-link = 메일
own-hint-middle = {" "}설정의 “점검 알림” 선택에 따라 메일로도). 기기를 추가하려면 기기{" "}
own-hint-catalogue-link = 카탈로그
own-hint-end = 에서 기기 페이지를 열고 “내 기기예요”를 누르세요.
own-none = 아직 추가한 기기가 없어요.
own-on-profile = 프로필에 표시
own-private-badge = 비공개
own-added = { $date } 추가
own-no-tasks = 이 기기에는 점검 작업이 없어요.
own-task-guess-today-purchase = 완료 기록 없음: 구입일부터 계산하면 오늘이 점검일이에요
own-task-guess-today-added = 완료 기록 없음: 기기를 추가한 날부터 계산하면 오늘이 점검일이에요
own-task-guess-since-purchase = 완료 기록 없음: 구입일부터 계산하면 { $date }부터 점검할 때예요
own-task-guess-since-added = 완료 기록 없음: 기기를 추가한 날부터 계산하면 { $date }부터 점검할 때예요
own-task-overdue = { $date }부터 밀림
own-task-due-today = 오늘 점검
own-task-due = { $date } 점검
own-task-next = 다음: { $date }
own-task-by-use = 사용량 기준
own-task-last-done = 마지막 점검 { $date }
own-task-snoozed = { $date }까지 미룸
own-task-how = 방법: { $title }
own-task-done-on = 마지막 점검일
own-task-save-date = 날짜 저장
own-snooze-week = 1주 미루기
own-snooze-month = 1개월 미루기
own-edit-or-remove = 수정 또는 삭제
own-save = 저장
own-remove = 더 이상 내 기기가 아니에요

## 기기 페이지의 펌웨어와 직원용 릴리스 페이지.

firmware-datalist-current = { $version }(현재)
firmware-heading = 펌웨어
firmware-manage = 릴리스 관리
firmware-current = 현재 펌웨어:
firmware-released = ({ $date } 출시)
firmware-earlier = 이전:
firmware-per-model = 펌웨어는 모델마다 따로 나와요:
firmware-model-current = 현재
firmware-none = 이 기기에 기록된 펌웨어 릴리스가 아직 없어요.
firmware-fixes-heading = 해결 방법과 확인된 펌웨어
firmware-show-all = 모두 보기
firmware-confirmed-current = 현재 펌웨어에서 확인됨
firmware-only-current = 현재 펌웨어에서 확인된 것만
firmware-none-current = 현재 펌웨어에서 확인된 해결 방법이 아직 없어요.
firmware-confirmed-on = { $version }에서 확인됨
firmware-checked-on = { $version }에서 확인 — { $current }에서는 아직 확인 안 됨
firmware-checked-on-for = { $version }에서 확인 — { $current }에서는 아직 확인 안 됨({ $device }의 현재 버전)
firmware-page-title = { $device } 펌웨어
firmware-page-intro = 릴리스는 { $device } 및 그 아래 모든 기기에 적용돼요. 새 릴리스를 기록하면 이전 버전에서 확인된 해결 방법에 새 버전에서 “아직 확인 안 됨”이 표시되고, 회원들이 여전히 통하는지 알려 줄 수 있어요.
firmware-record-heading = 릴리스 기록하기
firmware-version = 버전
firmware-version-placeholder = 예: 3.06
firmware-release-date = 출시일
firmware-notes-label = 메모(선택)
firmware-notes-placeholder = 무엇이 바뀌었는지 한두 문장으로
firmware-record = 릴리스 기록
firmware-releases = 릴리스 { $count }개
firmware-releases-none = 아직 기록된 릴리스가 없어요.
firmware-col-released = 출시일
firmware-col-notes = 메모
firmware-current-badge = 현재

## 점검: 기기의 점검 계획, 직원용 계획 페이지, 사용자에게 다가온 점검.

maint-plan-heading = 점검 계획
maint-none = 아직 점검 작업이 없어요.
# 기기 페이지의 점검 주기(단위는 저장된 그대로: days 또는 months).
maint-every = { $count }{ $unit ->
    [days] 일
   *[months] 개월
}마다
maint-every-capital = { $count }{ $unit ->
    [days] 일
   *[months] 개월
}마다
# 사용자가 읽는 점검 주기.
maint-interval = { $unit ->
    [days] { $count ->
        [one] 매일
       *[other] { $count }일마다
    }
   *[months] { $count ->
        [one] 매달
       *[other] { $count }개월마다
    }
}
maint-or-hint = 또는 { $hint }
maint-guide-link = 가이드 #{ $id }: { $title }
maint-edit-plan = 점검 계획 수정
maint-card-heading = 점검
maint-card-guess-today-purchase = 구입일부터 계산하면 오늘이 점검일이에요. 마지막으로 언제 했나요?
maint-card-guess-today-added = 기기를 추가한 날부터 계산하면 오늘이 점검일이에요. 마지막으로 언제 했나요?
maint-card-guess-since-purchase = 구입일부터 계산하면 { $date }부터 점검할 때예요. 마지막으로 언제 했나요?
maint-card-guess-since-added = 기기를 추가한 날부터 계산하면 { $date }부터 점검할 때예요. 마지막으로 언제 했나요?
maint-card-overdue = { $date }부터 밀림
maint-card-due-today = 오늘 점검
maint-card-due = { $date } 점검
maint-card-my-devices = 내 기기 →
maint-page-title = 점검 계획 · { $device }
maint-page-heading = 점검 계획: { $device }
maint-back = 기기로 돌아가기
# 직원 페이지의 설명, 강조된 말을 사이에 두고 나뉘어 있어요.
maint-intro-start = 작업은 이 기기와 그 아래 모든 기기에 적용돼요. 사용자는 작업마다 다음 날짜를 보고(마지막으로 한 날, 없으면 구입일, 없으면 기기를 추가한 날부터 계산해요) 완료로 표시하거나 미룰 수 있어요.{" "}
maint-intro-em = 주기와 가이드가 모두 있는
maint-intro-end = {" "}작업은 점검일마다 한 번씩 알림과 메일로도 알려 드려요. 사용량 기준만 있는 작업(“세탁 200회마다”)에는 날짜가 없어요.
maint-guide = 가이드
maint-no-guide = 가이드 없음(알림 없음)
# "<기기>에 설정됨. 이 기기의 상위 기기라 거기서 수정하세요."
maint-set-on-before = {""}
maint-set-on-after = 에 설정된 작업이에요. 이 기기의 상위 기기이니 거기서 수정하세요.
maint-edit-or-remove = 수정 또는 삭제
maint-title = 제목
maint-why = 왜 중요한가요
maint-optional = (선택)
maint-every-label = 주기
maint-unit = 단위
maint-unit-days = 일
maint-unit-months = 개월
maint-by-use = 또는 사용량 기준
maint-by-use-hint = (예: 세탁 200회마다)
maint-guide-label = 가이드
maint-guide-hint = (가이드 번호나 주소, 선택)
maint-save = 저장
maint-remove = 이 작업 삭제
maint-add-heading = 작업 추가하기
maint-title-placeholder = 예: 배수 펌프 필터 청소
maint-why-placeholder = 예: 필터가 막히면 배수가 멈추고 E21 오류가 나요.
maint-by-use-new-hint = (예: 세탁 200회마다. 이 경우 날짜는 없어요)
maint-guide-new-label = 방법을 알려 주는 가이드
maint-guide-new-hint = (가이드 번호(예: 7)나 주소. 알림을 보내려면 필요해요)
maint-add = 작업 추가

## 부품 카탈로그, 부품 페이지와 양식.

part-list-title = 부품
part-add = 부품 추가
part-list-intro = 부품 카탈로그와 회원들이 알려 준 장착 후기예요.
part-list-empty = 카탈로그가 비어 있어요.
part-kind = 부품
part-report-swap = 이 부품으로 교체 후기 쓰기
part-edit = 수정
part-made-for = 맞는 기기
part-no-devices = 등록된 기기가 없어요.
part-compatibility = 회원 후기로 본 호환성
part-form-title-edit = 부품 수정
part-form-edit = { $name } 수정
part-name = 이름
part-number = 부품 번호 / 품목 코드
part-slug = URL 이름
part-optional = (선택)
part-fits-hint = (기기 URL 이름, 한 줄에 하나씩)
part-description = 설명
part-markdown = (마크다운)
part-save = 저장

## 부품 교체 후기: 글 안의 후기와 호환성 표.

swap-label = 부품 교체 후기
# "<부품> → <기기>: <결과>": 부품과 기기 사이의 말, 기기 뒤의 말.
swap-in = →
swap-in-after = :
swap-outcome-works = 잘 맞아요
swap-outcome-caveats = 손보면 맞아요
swap-outcome-no_fit = 맞지 않아요
swap-outcome-conflicting = 후기가 엇갈려요
swap-caveats = 손본 부분:
# 따로 된 요소의 숫자 뒤에 붙는 말.
swap-confirmed = 명 확인
swap-disputed = 명 반대
swap-added = 내 경험을 추가했어요.
swap-same = 저도 같아요
swap-not-same = 저는 달라요
swap-your-device = 내 기기
swap-my-device = — 내 기기 —
swap-comment-placeholder = 한마디(선택)
swap-comment = 한마디
swap-add-experience = 내 경험 추가
swap-matrix-empty = 아직 부품 교체 후기가 없어요.
swap-matrix-part = 부품
swap-matrix-device = 기기
swap-matrix-status = 상태
swap-matrix-works = 맞음
swap-matrix-caveats = 손봄
swap-matrix-no-fit = 안 맞음
swap-matrix-confirmed = 확인
swap-matrix-disputed = 반대
swap-matrix-evidence = 근거

## 알려진 문제: 목록, 알려진 문제 페이지, 새로 여는 양식.

ki-status-investigating = 조사 중
ki-status-workaround_available = 임시 해결 방법 있음
ki-status-fixed = 해결됨
ki-status-closed = 종료됨
ki-status-fixed-in = { $version }에서 해결됨
ki-your-device = 내 기기
ki-your-device-title = 내가 가진 기기에 관한 글이에요
ki-status-changed = 상태 변경
ki-affected-title = 겪고 있는 회원
# "<숫자>명 겪는 중": 숫자 앞의 말과 뒤의 말.
ki-affected-before = {""}
ki-affected-after = 명 겪는 중
ki-list-title = 알려진 문제
ki-open-button = 알려진 문제 등록하기
ki-list-intro = 많은 회원이 겪는 문제와 지금까지 알려진 내용이에요. 진행 중인 문제가 먼저 보여요.
ki-filters = 필터
ki-status = 상태
ki-filter-any = 전체
ki-device = 기기
ki-filter-show = 보기
ki-list-empty = 알려진 문제가 없어요.
ki-list-empty-filtered = 이 조건에 맞는 알려진 문제가 없어요.
ki-hub-all = { $device }의 알려진 문제 모두 보기
ki-hub-none = 알려진 문제가 없어요.
ki-hub-watching = 내 기기예요. 직원이 이 기기에 알려진 문제를 등록하면 알려 드려요.
ki-hub-stop = 그만 알려 주세요
ki-hub-own = 내 기기예요.
ki-hub-tell-me = 새 알려진 문제가 생기면 알려 주세요

ki-new-intro = 한 기기와 그 아래 모든 기기에서 많은 회원이 겪는 문제를 등록해요. 상태가 바뀔 때마다 회원들에게 알려 드려요.
# "<글>에서 시작했어요. 알려진 문제에 연결돼요."
ki-new-from-before = {""}
ki-new-from-thread = 글 #{ $id }
ki-new-from-after = 에서 시작했어요. 이 글은 알려진 문제에 연결돼요.
ki-title = 제목
ki-title-placeholder = 예: 펌웨어 3.05 이후 배수 펌프가 중간에 멈춤
ki-device-hint = (그 아래 모든 기기에 적용돼요)
ki-choose-device = — 기기 선택 —
ki-fixed-in = 해결된 버전
ki-fixed-in-hint = (펌웨어나 개정판. “해결됨”에는 필수)
ki-fixed-in-placeholder = 예: 펌웨어 3.06
ki-best-fix-current = 현재 가장 좋은 해결 방법
ki-best-fix-current-hint = (선택: 직원 확인 답변 /p/… 또는 가이드 /t/… 링크)
ki-workaround = 임시 해결 방법
ki-workaround-new-hint = (해결될 때까지 할 수 있는 일. 가장 좋은 해결 방법이 없으면 “임시 해결 방법 있음”에 필수)
ki-symptoms = 증상
ki-symptoms-placeholder = 회원들이 어떤 기기와 펌웨어에서, 언제부터 무엇을 겪는지 적어 주세요.
ki-new-submit = 알려진 문제 등록

ki-page-title = { $title } · 알려진 문제
# "작성: <회원> (직원)": 회원 이름 앞의 말과 뒤의 말.
ki-opened-by-before = 작성:{" "}
ki-opened-by-after = {" "}(직원)
# 따로 된 요소의 회원 수 뒤에 붙는 말.
ki-members-affected = 명이 겪는 중
ki-applies-to = { $device } 및 그 아래 모든 기기에 적용
ki-me-too-done = 같은 문제가 있다고 알렸어요
ki-me-too = 저도 같은 문제가 있어요
ki-following-title = 상태 변경과 댓글을 알려 드려요
ki-following = 알림 받는 중 ✓ — 알림 끄기
ki-follow = 알림 받기
ki-login-me-too = 로그인하고 같은 문제가 있다고 알리기
ki-discussion = 토론과 소식
ki-what-now = 지금 할 일
ki-change-advice = 임시 해결 방법이나 가장 좋은 해결 방법 바꾸기
ki-workaround-advice-hint = (해결될 때까지 할 수 있는 일. 없으면 비워 두세요)
ki-best-fix-label = 가장 좋은 해결 방법: 직원 확인 답변(/p/…)이나 가이드(/t/…) 링크. 없으면 비워 두세요
ki-save = 저장
ki-change-status = 상태 바꾸기
ki-closed-final = 종료됨: 상태가 더 이상 바뀌지 않아요.
ki-new-status = 새 상태
ki-workaround-status-hint = (해결될 때까지 할 수 있는 일. 가장 좋은 해결 방법이 없으면 “임시 해결 방법 있음”에 필수)
ki-note = 겪고 있는 모든 회원에게 남길 메모
ki-note-placeholder = 예: 업데이트가 나올 때까지 필터를 청소하면 멈추지 않아요
ki-told = 이 문제를 겪는 사람, 연결된 글에서 질문한 사람, 알림을 받는 사람 모두에게 해결 방법이나 임시 해결 방법을 먼저 담아 알려 드려요.
ki-history = 상태 기록
ki-history-staff = 직원
# 알려진 문제의 첫 상태에 포럼이 남기는 메모(저장된 값은 "Opened.").
ki-event-opened = 등록했어요.
ki-linked = 연결된 글 ({ $count })
ki-linked-empty = 아직 연결된 글이 없어요.
ki-merged-here = 여기로 합쳐짐
# "작성: <회원>": 회원 이름 앞의 말과 뒤의 말.
ki-linked-by-before = 작성:{" "}
ki-linked-by-after = {""}
ki-linked-me-too = “저도 같은 문제” { $count }명
ki-unlink = 연결 끊기
ki-link-label = 연결할 글(번호나 링크)
ki-link = 연결하기
ki-merge = 중복 질문 합치기
ki-merge-title = 중복 질문용: 연결하고 잠근 뒤 여기를 가리켜요
ki-devices = 문제가 있는 기기
ki-devices-none = 아직 등록된 기기가 없어요.
ki-device-threads = 글 { $count }개

## 알려진 문제가 지금 할 일로 알려 주는 것(문제 페이지와 글의 배너).

advice-fixed-in = { $version }에서 해결됐어요.
advice-fixed-in-after = 업데이트하면 문제가 다시 생기지 않을 거예요.
advice-until-update = 업데이트하기 전까지:
advice-workaround = 임시 해결 방법:
advice-best-fix = 가장 좋은 해결 방법:
# "<글>의 직원 확인 답변": 링크 앞의 말과 뒤의 말.
advice-best-answer-before = {""}
advice-best-answer-after = 의 직원 확인 답변
advice-best-guide-before = 수리 가이드{" "}
advice-best-guide-after = {""}
advice-closed = 해결 방법이나 임시 해결 방법 없이 종료됐어요.
advice-none = 아직 해결 방법이나 임시 해결 방법이 없어요. 알림을 받으면 생겼을 때 알려 드려요.
advice-none-investigating = 아직 해결 방법이나 임시 해결 방법이 없어요. 직원이 조사하고 있어요. 알림을 받으면 생겼을 때 알려 드려요.

## 글 위의 알려진 문제 배너.

banner-label = 알려진 문제
banner-is-self = 알려진 문제예요
banner-status = 상태:
banner-affected = 회원 { $count }명이 겪고 있어요.
banner-merged = 이 질문은 알려진 문제로 합쳐졌어요
banner-merged-after = . 여기에는 더 이상 답변을 달 수 없어요:
banner-linked = 알려진 문제예요:
banner-more = 상태 기록, 가장 좋은 해결 방법, 연결된 글 →
banner-me-too-hint = 여기서 누른 “저도 같은 문제가 있어요”는 알려진 문제에 더해지고, 상태가 바뀌면 알려 드려요.

## 아이디어: 목록, 아이디어 페이지, 제안 양식.

idea-status-proposed = 제안됨
idea-status-under_review = 검토 중
idea-status-planned = 계획됨
idea-status-shipped = 반영됨
idea-status-declined = 반려됨
idea-you-voted = 투표함
idea-proposed-by = 제안: { $name }
idea-replies = 댓글 { $count }개
idea-votes-title = 투표
# "투표 <숫자>": 숫자 앞의 말과 뒤의 말.
idea-votes-before = 투표{" "}
idea-votes-after = {""}
idea-list-title = 아이디어
idea-propose = 아이디어 제안하기
idea-list-intro = 회원들이 제품 팀에 바라는 개선 사항이에요. 원하는 아이디어에 투표하세요. 가장 많이 원하는 아이디어가 먼저 보이고, 투표한 모든 사람이 직원의 결정을 알림으로 받아요.
idea-list-empty = 아직 아이디어가 없어요.
idea-list-empty-filtered = 이 조건에 맞는 아이디어가 아직 없어요.
idea-hub-all = { $device }의 아이디어 모두 보기(진행 중 { $open }개)
idea-hub-empty = 아직 아이디어가 없어요.
# "아직 아이디어가 없어요. 로그인하고 제안해 보세요.": 링크 앞의 말, 링크, 링크 뒤의 말.
idea-hub-empty-login-before = 아직 아이디어가 없어요.{" "}
idea-hub-empty-login-link = 로그인
idea-hub-empty-login-after = 하고 제안해 보세요.
idea-new-intro = 기기에 바라는 개선 사항(“헐거워지지 않는 경첩”)을 제안하세요. 다른 회원들이 투표하고, 직원이 어떻게 할지 알려 주며, 단계마다 알림을 받아요. 내 투표도 한 표로 들어가요.
idea-title = 내 아이디어를 한 줄로
idea-title-placeholder = 예: 헐거워지지 않는 경첩
idea-body = 무엇이 바뀌면 좋은지, 왜 중요한지
idea-body-placeholder = 지금 무엇이 불편한지, 대신 어떻게 되면 좋은지, 기기를 어떻게 쓰는지 적어 주세요.
idea-submit = 제안하기
idea-page-title = { $title } · 아이디어
# "제안: <회원>"
idea-proposed-by-before = 제안:{" "}
idea-proposed-by-after = {""}
# "<기기>용"
idea-for-before = {""}
idea-for-after = 용
idea-voted-for-it = 투표했어요
idea-unvote = 투표 취소
idea-vote = 투표하기
idea-votes-closed = { $status }: 투표가 마감됐어요.
idea-login-vote = 로그인하고 투표하기
idea-discussion = 토론 ({ $count })
idea-the-idea = 아이디어
idea-status-final = { $status }: 상태가 더 이상 바뀌지 않아요.
idea-note = 제안한 사람과 투표한 모든 사람에게 남길 메모
idea-note-hint = (반려할 때 필수)
idea-note-placeholder = 예: 2027년 모델에 반영할 계획이에요
idea-former-member = 탈퇴한 회원
# 아이디어의 첫 상태에 포럼이 남기는 메모(저장된 값은 "Proposed." 또는 "Imported.").
idea-event-proposed = 제안했어요.
idea-event-imported = 가져왔어요.
idea-wanted-heading = 기기 제품군별로 가장 원하는 아이디어
idea-wanted-all = 아이디어 모두 보기
idea-wanted-none = 아직 진행 중인 아이디어가 없어요.
idea-no-device = 기기 없음
