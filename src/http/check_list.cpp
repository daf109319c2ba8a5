#include "http/check_list.h"

#include <memory>

#include "http/check_text.h"
#include "http/request_helpers.h"

namespace heartbeat::http {

namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;

struct ListCursor {
  std::vector<ApplicationRecord> snapshot;
  TimePoint now;
  std::size_t next = 0;
};

// The next piece of the array: "[" first, "]" last, objects comma-separated.
std::string NextPiece(ListCursor& cursor) {
  std::string piece = cursor.next == 0 ? "[" : "";
  while (cursor.next < cursor.snapshot.size() && piece.size() < kChunkBytes) {
    if (cursor.next > 0) piece += ',';
    // Stored text may predate validation: CheckText replaces, never emits, invalid UTF-8.
    piece += CheckText(*cursor.snapshot[cursor.next], cursor.now);
    ++cursor.next;
  }
  if (cursor.next == cursor.snapshot.size()) piece += ']';
  return piece;
}

}  // namespace

void ReplyCheckList(httplib::Response& res, std::vector<ApplicationRecord> snapshot,
                    TimePoint now) {
  auto cursor = std::make_shared<ListCursor>(ListCursor{std::move(snapshot), now, 0});
  res.status = 200;
  res.set_chunked_content_provider(kJsonContentType,
                                   [cursor](std::size_t, httplib::DataSink& sink) {
                                     const std::string piece = NextPiece(*cursor);
                                     if (!sink.write(piece.data(), piece.size())) return false;
                                     if (cursor->next == cursor->snapshot.size()) sink.done();
                                     return true;
                                   });
}

}  // namespace heartbeat::http
