// godwit_bench_copy_transform: the transform step of the data-migration case's COPY floor (bench/run, case
// 4).
//
//   psql -c "COPY (SELECT id, email, created_at FROM users) TO STDOUT" | godwit_bench_copy_transform |
//     (COPY users_new FROM STDIN)
//
// Reads PostgreSQL COPY text rows "id<TAB>email<TAB>created_at" on stdin and writes "id<TAB>email<TAB>domain
// <TAB>created_at" on stdout, with the email lower-cased and the domain derived from it exactly as
// bench/revisions/users_rewrite.cpp does (split_part(lower(email), '@', 2)). It is the least a client-side
// rewrite can do: no database API, no per-row allocation, one large buffer each way.
//
// Escapes: COPY text escapes a backslash and control characters with a backslash; the byte after a
// backslash is copied unchanged (never lower-cased), so escapes survive. "\N" (NULL) is not expected: the
// columns are NOT NULL.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

constexpr std::size_t kBlock = 1 << 20;

void write_all(const std::string& out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::fprintf(stderr, "godwit_bench_copy_transform: write: %s\n", std::strerror(errno));
      std::exit(1);
    }
    done += static_cast<std::size_t>(n);
  }
}

// One line without its '\n'.
void transform_line(std::string_view line, std::string& out, std::string& lowered) {
  const std::size_t tab1 = line.find('\t');
  const std::size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
  if (tab2 == std::string_view::npos) {
    std::fprintf(stderr, "godwit_bench_copy_transform: expected 3 fields in '%.*s'\n",
                 static_cast<int>(line.size()), line.data());
    std::exit(1);
  }
  const std::string_view email = line.substr(tab1 + 1, tab2 - tab1 - 1);
  lowered.assign(email);
  for (std::size_t i = 0; i < lowered.size(); ++i) {
    if (lowered[i] == '\\') {
      ++i;  // the escaped byte stays as it is
      continue;
    }
    if (lowered[i] >= 'A' && lowered[i] <= 'Z') lowered[i] = static_cast<char>(lowered[i] - 'A' + 'a');
  }
  std::string_view domain;
  if (const std::size_t at = lowered.find('@'); at != std::string::npos) {
    domain = std::string_view(lowered).substr(at + 1);
    domain = domain.substr(0, domain.find('@'));
  }
  out.append(line.substr(0, tab1 + 1));
  out.append(lowered);
  out += '\t';
  out.append(domain);
  out.append(line.substr(tab2));
  out += '\n';
}

}  // namespace

int main() {
  std::string in, out, lowered;
  in.reserve(2 * kBlock);
  out.reserve(2 * kBlock);
  std::size_t start = 0;  // first unprocessed byte of `in`
  for (;;) {
    const std::size_t before = in.size();
    in.resize(before + kBlock);
    ssize_t n;
    do n = ::read(STDIN_FILENO, in.data() + before, kBlock);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
      std::fprintf(stderr, "godwit_bench_copy_transform: read: %s\n", std::strerror(errno));
      return 1;
    }
    in.resize(before + static_cast<std::size_t>(n));
    for (;;) {
      const std::size_t end = in.find('\n', start);
      if (end == std::string::npos) break;
      transform_line(std::string_view(in).substr(start, end - start), out, lowered);
      start = end + 1;
    }
    if (out.size() >= kBlock || n == 0) {
      write_all(out);
      out.clear();
    }
    in.erase(0, start);
    start = 0;
    if (n == 0) break;
  }
  if (!in.empty()) {
    std::fprintf(stderr, "godwit_bench_copy_transform: the input ends inside a line\n");
    return 1;
  }
  return 0;
}
