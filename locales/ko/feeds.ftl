# Atom 피드 (web::discovery::feeds): 피드와 항목의 제목.

feed-latest-title = Fixloop: 최신 글
feed-latest-subtitle = 새 질문, 수리 가이드, 부품 교체 후기
feed-solved-title = Fixloop: 새로 해결된 글
feed-solved-subtitle = 통하는 해결 방법을 막 찾은 질문
feed-device-title = { $device } · Fixloop
feed-device-subtitle = { $device }와(과) 그 아래 기기에 관한 새 글
feed-thread-title = “{ $title }”의 댓글 · Fixloop
feed-thread-subtitle = “{ $title }” 글의 새 댓글
feed-member-title = { $username }님의 글 · Fixloop
feed-member-subtitle = { $username }님이 올린 질문, 수리 가이드, 후기
feed-solved-entry = 해결됨: { $title }
feed-reply-entry = “{ $title }”에 { $author }님이 남긴 댓글 { $number }
feed-kind-troubleshooting = 문제 해결 질문
feed-kind-guide = 수리 가이드
feed-kind-part-swap = 부품 교체 후기
feed-kind-discussion = 토론
feed-kind-known-issue = 알려진 문제
feed-kind-idea = 아이디어
